import { PropsErrors } from '@ebkit/core';
import { Duration, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { domainNameProblems } from './private/domain-name';

/** The page shown when no `html` is given. */
const DEFAULT_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
  + '<title>Down for maintenance</title></head><body style="font-family:sans-serif;max-width:36em;margin:4em auto;padding:0 1em">'
  + '<h1>We&rsquo;ll be right back</h1><p>The site is down for maintenance. Please try again in a few minutes.</p></body></html>';

/** CloudFront Functions code must stay under 10 KB; leave room for the handler around the page. */
const MAX_HTML_BYTES = 9000;

/**
 * Props of {@link MaintenancePage}.
 */
export interface MaintenancePageProps {
  /** The names the page answers for, e.g. `example.com` and `www.example.com`. */
  readonly domainNames: string[];

  /** A certificate in us-east-1 (CloudFront's requirement) that covers every name. */
  readonly certificate: acm.ICertificate;

  /**
   * An origin host name CloudFront requires but never contacts (the page function answers every
   * request), for example the environment's CNAME.
   */
  readonly originDomainName: string;

  /**
   * The page, a complete HTML document of at most 9000 bytes.
   *
   * @default - a short "we'll be right back" page
   */
  readonly html?: string;

  /**
   * The `Retry-After` header, telling clients and crawlers when to come back.
   *
   * @default Duration.minutes(5)
   */
  readonly retryAfter?: Duration;
}

/**
 * A static maintenance page served over HTTPS by CloudFront: every request gets the page with
 * status 503 and `Retry-After`, so search engines keep their index. A CloudFront Function
 * answers at the edge: there is no bucket, server or Lambda function to secure or keep running.
 *
 * `AppDomain` points its failover records here when `maintenancePage` is on.
 */
export class MaintenancePage extends Construct {
  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.IDistribution;

  public constructor(scope: Construct, id: string, props: MaintenancePageProps) {
    super(scope, id);
    const html = props.html ?? DEFAULT_HTML;
    const retryAfter = props.retryAfter ?? Duration.minutes(5);

    const errors = new PropsErrors(this);
    errors.check(props.domainNames.length > 0, 'domainNames', props.domainNames, 'must name at least one domain');
    for (const name of props.domainNames) {
      domainNameProblems(name).forEach((p) => errors.add('domainNames', name, p));
    }
    const bytes = Buffer.byteLength(html, 'utf8');
    errors.check(Token.isUnresolved(html) || bytes <= MAX_HTML_BYTES, 'html', `${bytes} bytes`, `must be at most ${MAX_HTML_BYTES} bytes (a CloudFront Function's limit)`);
    errors.throwIfAny();

    const response = {
      statusCode: 503,
      statusDescription: 'Service Unavailable',
      headers: {
        'content-type': { value: 'text/html; charset=utf-8' },
        'cache-control': { value: 'no-store' },
        'retry-after': { value: String(retryAfter.toSeconds()) },
      },
      body: { encoding: 'text', data: html },
    };
    const page = new cloudfront.Function(this, 'PageFunction', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Answers every request with the maintenance page',
      code: cloudfront.FunctionCode.fromInline(`function handler(event) { return ${JSON.stringify(response)}; }`),
    });

    const distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: `Maintenance page of ${props.domainNames.join(', ')}`,
      domainNames: props.domainNames,
      certificate: props.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new origins.HttpOrigin(props.originDomainName, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        functionAssociations: [{ function: page, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
    });
    const reason = 'the distribution only returns a fixed maintenance page from a CloudFront Function: no origin is reached and no user data is handled';
    Validations.of(distribution).acknowledge({ id: 'AwsSolutions-CFR1', reason: `${reason}, so there is nothing to restrict by country` });
    Validations.of(distribution).acknowledge({ id: 'AwsSolutions-CFR2', reason: `${reason}, so there is nothing for a WAF to protect` });
    Validations.of(distribution).acknowledge({ id: 'AwsSolutions-CFR3', reason: `${reason}; it only serves while the app is down, and Route 53 health check metrics record when` });
    this.distribution = distribution;
  }
}
