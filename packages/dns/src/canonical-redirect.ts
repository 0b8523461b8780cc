import { CheckovSkips, PropsErrors } from '@ebkit/core';
import { Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeEdgeFindings, certificateRegion, CLOUDFRONT_CERTIFICATE_REGION } from './private/cloudfront';
import { domainNameProblems, normalizeName } from './private/domain-name';
import { redirectFunctionCode } from './private/redirect-function';

/**
 * Props of {@link CanonicalRedirect}.
 */
export interface CanonicalRedirectProps {
  /** The names that redirect, e.g. `www.example.com`. */
  readonly domainNames: string[];

  /** The name they redirect to, e.g. `example.com`. */
  readonly targetDomainName: string;

  /**
   * The certificate of `domainNames`. It must be in us-east-1: CloudFront uses no other region's
   * certificates (a stack elsewhere imports one made in us-east-1).
   */
  readonly certificate: acm.ICertificate;

  /**
   * Whether the redirect goes to `https://<targetDomainName>` (else `http://`, for a target
   * without a certificate).
   *
   * @default true
   */
  readonly https?: boolean;

  /**
   * The bucket that receives the distribution's access logs (prefix `redirect/`); it needs ACLs
   * enabled, as CloudFront's standard logs do.
   *
   * @default - no access logs: every request gets the same redirect, and CloudFront's request metrics count them
   */
  readonly logBucket?: s3.IBucket;
}

/**
 * Redirects every request for some names to one canonical name with a 301, keeping the path and
 * the query string: `http(s)://www.example.com/a/b?c=d` goes to `https://example.com/a/b?c=d`.
 *
 * A CloudFront distribution for the names (HTTPS with the certificate, HTTP first redirected to
 * HTTPS on the same name, as HSTS preloading asks) whose CloudFront Function answers each viewer
 * request with the redirect: no origin is ever contacted, nothing runs in the app. Point the
 * names' A and AAAA alias records at `distribution`; `AppDomain` does this for the non-canonical
 * one of the apex and `www` (`redirectToCanonical`).
 *
 * @example
 * declare const certificate: acm.ICertificate; // in us-east-1, covering www.example.com
 * new CanonicalRedirect(this, 'WwwRedirect', {
 *   domainNames: ['www.example.com'],
 *   targetDomainName: 'example.com',
 *   certificate,
 * });
 */
export class CanonicalRedirect extends Construct {
  /** The CloudFront distribution that answers for `domainNames`. */
  public readonly distribution: cloudfront.IDistribution;

  /** The scheme and host requests go to, e.g. `https://example.com`. */
  public readonly targetOrigin: string;

  public constructor(scope: Construct, id: string, props: CanonicalRedirectProps) {
    super(scope, id);
    const https = props.https ?? true;

    const errors = new PropsErrors(this);
    errors.check(props.domainNames.length > 0, 'domainNames', props.domainNames, 'must name at least one domain');
    for (const name of props.domainNames) {
      if (!Token.isUnresolved(name)) {
        domainNameProblems(name).forEach((p) => errors.add('domainNames', name, p));
      }
    }
    if (Token.isUnresolved(props.targetDomainName)) {
      errors.add('targetDomainName', props.targetDomainName, 'must be a concrete name, not a token (it is written into the function code)');
    } else {
      domainNameProblems(props.targetDomainName).forEach((p) => errors.add('targetDomainName', props.targetDomainName, p));
      errors.check(!props.domainNames.map(normalizeName).includes(normalizeName(props.targetDomainName)), 'targetDomainName', props.targetDomainName,
        'must not be one of domainNames (it would redirect to itself)');
    }
    const region = certificateRegion(props.certificate);
    errors.check(region === undefined || region === CLOUDFRONT_CERTIFICATE_REGION, 'certificate', `a certificate in ${region}`,
      `must be in ${CLOUDFRONT_CERTIFICATE_REGION}: CloudFront uses no other region's certificates`);
    errors.throwIfAny();

    const target = normalizeName(props.targetDomainName);
    this.targetOrigin = `${https ? 'https' : 'http'}://${target}`;

    const fn = new cloudfront.Function(this, 'Function', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: `301 to ${this.targetOrigin}, keeping the path and query`.slice(0, 128),
      code: cloudfront.FunctionCode.fromInline(redirectFunctionCode(this.targetOrigin)),
    });

    const distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: `Redirects ${props.domainNames.join(', ')} to ${target}`.slice(0, 128),
      domainNames: props.domainNames,
      certificate: props.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: props.logBucket !== undefined,
      logBucket: props.logBucket,
      logFilePrefix: props.logBucket ? 'redirect/' : undefined,
      defaultBehavior: {
        // required by CloudFront, never contacted: the function answers every request
        origin: new origins.HttpOrigin(target, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // every method gets the redirect (browsers follow a 301 to a POST with a GET)
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        functionAssociations: [{ function: fn, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
    });
    acknowledgeEdgeFindings(distribution, `redirects to ${target} from a CloudFront Function`);
    if (!props.logBucket) {
      const reason = 'every request gets the same 301 from a CloudFront Function and no origin is reached; CloudFront request metrics count them (pass logBucket to keep logs)';
      Validations.of(distribution).acknowledge({ id: 'AwsSolutions-CFR3', reason });
      CheckovSkips.add(distribution, [{ id: 'CKV_AWS_86', comment: reason }]);
    }
    this.distribution = distribution;
  }
}
