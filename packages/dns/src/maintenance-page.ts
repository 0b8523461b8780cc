import * as fs from 'fs';
import * as path from 'path';
import { Acknowledgements, CheckovSkips, Concern, PropsErrors } from '@ebkit/core';
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeEdgeFindings, certificateRegion, CLOUDFRONT_CERTIFICATE_REGION } from './private/cloudfront';
import { domainNameProblems } from './private/domain-name';

/** The page shown when neither `html` nor `contentDirectory` is given. */
const DEFAULT_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
  + '<title>Down for maintenance</title></head><body style="font-family:sans-serif;max-width:36em;margin:4em auto;padding:0 1em">'
  + '<h1>We&rsquo;ll be right back</h1><p>The site is down for maintenance. Please try again in a few minutes.</p></body></html>';

/** Where the content goes in the bucket: under a prefix, so that no object sits at `/index.html`. */
const CONTENT_PREFIX = 'maintenance/';

/** The file of the content that is the page. */
const PAGE_FILE = 'index.html';

/**
 * Props of {@link MaintenancePage}.
 */
export interface MaintenancePageProps {
  /** The names the page answers for, e.g. `example.com` and `www.example.com`. */
  readonly domainNames: string[];

  /**
   * The certificate of the names. It must be in us-east-1: CloudFront uses no other region's
   * certificates (a stack elsewhere imports one made in us-east-1).
   */
  readonly certificate: acm.ICertificate;

  /**
   * The page, a complete HTML document. Give `html` or `contentDirectory`, not both.
   *
   * @default - a short "we'll be right back" page, unless `contentDirectory` is given
   */
  readonly html?: string;

  /**
   * A local directory to publish instead of `html`: its `index.html` is the page, and its other
   * files (styles, images) are served next to it under `/maintenance/`, so the page refers to
   * them by absolute paths such as `/maintenance/logo.png` (the page answers every path).
   *
   * @default - the `html` page alone
   */
  readonly contentDirectory?: string;

  /**
   * The `Retry-After` header of every answer, telling clients and crawlers when to come back.
   *
   * @default Duration.minutes(5)
   */
  readonly retryAfter?: Duration;

  /**
   * What happens to the buckets (content and access logs) when they leave the stack. `DESTROY`
   * also empties them, with aws-cdk-lib's auto-delete custom resource.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The bucket that receives the CloudFront access logs (prefix `cloudfront/`) and the content
   * bucket's S3 server access logs (prefix `s3/`). CloudFront's standard logs need a bucket with
   * ACLs enabled, outside the opt-in regions CloudFront does not deliver logs to.
   *
   * @default - a new bucket: SSE-S3, public access blocked, SSL only, versioned, ACLs for CloudFront's log delivery, logs kept 365 days
   */
  readonly logBucket?: s3.IBucket;
}

/**
 * A static maintenance page in a private S3 bucket, served over HTTPS by CloudFront through an
 * origin access control. Every path answers with the page and status 503 (with `Retry-After`), so
 * search engines keep their index while the app is down.
 *
 * How: the content is published under `/maintenance/` by a `BucketDeployment`; any other path,
 * `/` included (its default root object `index.html` is never uploaded), is missing from the
 * bucket, which CloudFront (allowed `s3:GetObject` only) sees as a 403; the distribution's error
 * responses turn 403 and 404 into the page with status 503.
 *
 * `AppDomain` points its failover records here when `maintenancePage` is on.
 *
 * @example
 * declare const certificate: acm.ICertificate; // in us-east-1
 * new MaintenancePage(this, 'Maintenance', {
 *   domainNames: ['example.com'],
 *   certificate,
 *   html: '<!doctype html><title>Back soon</title><p>Back in a few minutes.</p>',
 * });
 */
export class MaintenancePage extends Construct {
  /** The path of the page in the distribution, the target of its error responses. */
  public static readonly PAGE_PATH = `/${CONTENT_PREFIX}${PAGE_FILE}`;

  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.IDistribution;

  /** The private bucket that holds the content. */
  public readonly bucket: s3.IBucket;

  /** The bucket that receives the access logs. */
  public readonly logBucket: s3.IBucket;

  public constructor(scope: Construct, id: string, props: MaintenancePageProps) {
    super(scope, id);
    const retryAfter = props.retryAfter ?? Duration.minutes(5);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const errors = new PropsErrors(this);
    errors.check(props.domainNames.length > 0, 'domainNames', props.domainNames, 'must name at least one domain');
    for (const name of props.domainNames) {
      if (!Token.isUnresolved(name)) {
        domainNameProblems(name).forEach((p) => errors.add('domainNames', name, p));
      }
    }
    const region = certificateRegion(props.certificate);
    errors.check(region === undefined || region === CLOUDFRONT_CERTIFICATE_REGION, 'certificate', `a certificate in ${region}`,
      `must be in ${CLOUDFRONT_CERTIFICATE_REGION}: CloudFront uses no other region's certificates`);
    errors.check(props.html === undefined || props.contentDirectory === undefined, 'html', 'a page',
      'must not be set together with contentDirectory: give one of them');
    if (props.contentDirectory !== undefined) {
      const page = path.join(props.contentDirectory, PAGE_FILE);
      errors.check(fs.existsSync(page) && fs.statSync(page).isFile(), 'contentDirectory', props.contentDirectory,
        `must be a directory with an ${PAGE_FILE} (the page)`);
    }
    errors.check(removalPolicy !== RemovalPolicy.SNAPSHOT, 'removalPolicy', 'snapshot', 'must be RETAIN or DESTROY for buckets');
    errors.check(Number.isInteger(retryAfter.toSeconds({ integral: false })) && retryAfter.toSeconds() >= 0, 'retryAfter',
      `${retryAfter.toSeconds({ integral: false })} seconds`, 'must be a whole number of seconds');
    errors.throwIfAny();

    const destroy = removalPolicy === RemovalPolicy.DESTROY;
    this.logBucket = props.logBucket ?? this.newLogBucket(destroy);

    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      autoDeleteObjects: destroy,
    });
    if (destroy) {
      skipAutoDeleteChecks(this);
    }
    const contentReason = 'the bucket holds only the public maintenance page, published from the CDK app on every deployment';
    Acknowledgements.add(bucket, Concern.BUCKET_WITH_S3_MANAGED_KEY, `${contentReason}; SSE-S3 encrypts it at rest without a key policy for CloudFront`);
    Acknowledgements.add(bucket, Concern.BUCKET_WITHOUT_REPLICATION, `${contentReason}, so the app's source is its copy`);
    this.bucket = bucket;

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'ResponseHeaders', {
      comment: 'Maintenance page: Retry-After, and no caching by browsers',
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Retry-After', value: String(retryAfter.toSeconds()), override: true },
          { header: 'Cache-Control', value: 'no-store', override: true },
        ],
      },
      securityHeadersBehavior: { contentTypeOptions: { override: true } },
    });

    const errorResponses = [403, 404].map((httpStatus) => ({
      httpStatus,
      responseHttpStatus: 503,
      responsePagePath: MaintenancePage.PAGE_PATH,
      ttl: Duration.seconds(10),
    }));
    const distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: `Maintenance page of ${props.domainNames.join(', ')}`.slice(0, 128),
      domainNames: props.domainNames,
      certificate: props.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // never uploaded: `/` falls through to the error responses (503) like every other path
      defaultRootObject: 'index.html',
      errorResponses,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
    });
    acknowledgeEdgeFindings(distribution, 'serves a static maintenance page from a private bucket');
    this.distribution = distribution;

    const source = props.contentDirectory !== undefined
      ? s3deploy.Source.asset(props.contentDirectory)
      : s3deploy.Source.data(PAGE_FILE, props.html ?? DEFAULT_HTML);
    const deployment = new s3deploy.BucketDeployment(this, 'Content', {
      sources: [source],
      destinationBucket: bucket,
      destinationKeyPrefix: CONTENT_PREFIX,
      distribution,
      distributionPaths: ['/*'],
    });
    acknowledgeDeploymentFindings(deployment);
  }

  /** The default log bucket: CloudFront's standard logs need ACLs, and SSE-S3. */
  private newLogBucket(destroy: boolean): s3.IBucket {
    const logBucket = new s3.Bucket(this, 'Logs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      autoDeleteObjects: destroy,
    });
    const reason = 'this bucket only receives the access logs of the maintenance page (CloudFront and S3)';
    Acknowledgements.add(logBucket, Concern.LOG_BUCKET_WITHOUT_ACCESS_LOG, `${reason}; logging it would recurse`);
    Acknowledgements.add(logBucket, Concern.BUCKET_WITH_S3_MANAGED_KEY, `${reason}; CloudFront standard log delivery writes with SSE-S3`);
    Acknowledgements.add(logBucket, Concern.BUCKET_WITHOUT_REPLICATION, `${reason}; access logs are not data to restore`);
    return logBucket;
  }
}

/** Skips the checkov checks of aws-cdk-lib's handler that empties buckets on deletion (RemovalPolicy.DESTROY). */
function skipAutoDeleteChecks(scope: Construct): void {
  const provider = Stack.of(scope).node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
  const handler = provider?.node.tryFindChild('Handler');
  /* istanbul ignore if: aws-cdk-lib always adds it with autoDeleteObjects */
  if (!handler) {
    return;
  }
  const reason = 'aws-cdk-lib\'s handler that empties the buckets when the stack deletes them (RemovalPolicy.DESTROY)';
  CheckovSkips.add(handler, [
    { id: 'CKV_AWS_117', comment: `${reason}; it only calls the S3 API and needs no VPC` },
    { id: 'CKV_AWS_115', comment: `${reason}; it runs on deletion only, a concurrency limit would only fail it` },
  ]);
}

/**
 * Acknowledges the findings on aws-cdk-lib's BucketDeployment handler: a Lambda function that the
 * stack's deployments share, with its role and policy.
 */
function acknowledgeDeploymentFindings(deployment: s3deploy.BucketDeployment): void {
  const reason = 'aws-cdk-lib\'s BucketDeployment handler copies the maintenance page into its bucket during deployments only';
  const stack = Stack.of(deployment);
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  /* istanbul ignore if: aws-cdk-lib always adds it */
  if (!handler) {
    return;
  }
  CheckovSkips.add(handler, [
    { id: 'CKV_AWS_117', comment: `${reason}; it only calls the S3 and CloudFront APIs and needs no VPC` },
    { id: 'CKV_AWS_115', comment: `${reason}; CloudFormation calls it once per change, a concurrency limit would only fail deployments` },
  ]);
  const policy = handler.node.tryFindChild('ServiceRole')?.node.tryFindChild('DefaultPolicy');
  if (policy) {
    CheckovSkips.add(policy, [{ id: 'CKV_AWS_111', comment: `${reason}; aws-cdk-lib scopes its writes to the page bucket, and CloudFront invalidations have no resource-level scope` }]);
  }
  const role = handler.node.tryFindChild('ServiceRole');
  if (role) {
    Acknowledgements.policyWildcardsNow(role, `${reason}; aws-cdk-lib grants it these object and bucket actions on the asset and page buckets, and invalidations`);
    Acknowledgements.add(role.node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY, `${reason}; aws-cdk-lib writes its grants as the handler role's own policy`);
    Acknowledgements.awsManagedPolicies(role, ['service-role/AWSLambdaBasicExecutionRole'], `${reason}; AWSLambdaBasicExecutionRole only lets it write its own logs`);
  }
  Acknowledgements.add(handler, Concern.PINNED_LAMBDA_RUNTIME, `${reason}; its runtime is the one aws-cdk-lib builds the handler for, and moves with aws-cdk-lib`);
  Acknowledgements.add(handler, Concern.DEPLOYMENT_HANDLER, `${reason}: CloudFormation calls it once per change of the page, reports a failure itself, and it only calls the S3 and CloudFront APIs`);
}
