import * as fs from 'fs';
import * as path from 'path';
import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MaintenancePage, MaintenancePageProps } from '../src';

const FIXTURES = path.join(__dirname, 'fixtures');

function setUp(region: string = 'us-east-1') {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region } });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
  return { app, stack, certificate };
}

function page(props: Partial<MaintenancePageProps> = {}) {
  const { app, stack, certificate } = setUp();
  const construct = new MaintenancePage(stack, 'Page', { domainNames: ['example.com', 'www.example.com'], certificate, ...props });
  return { app, stack, page: construct, template: Template.fromStack(stack) };
}

/** The files the page's BucketDeployment publishes, read from the synthesized asset. */
function publishedFiles(app: App, template: Template): Record<string, string> {
  const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0] as any;
  const hash = (deployment.Properties.SourceObjectKeys[0] as string).replace(/\.zip$/, '');
  const dir = path.join(app.synth().directory, `asset.${hash}`);
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

describe('MaintenancePage', () => {
  test('serves the names over HTTPS only, TLS 1.2 or later, with the certificate', () => {
    const { template } = page();
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['example.com', 'www.example.com'],
        ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
      },
    });
  });

  test('reads a private bucket through an origin access control', () => {
    const { template } = page();
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: [{
          DomainName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PageBucket'), 'RegionalDomainName'] },
          OriginAccessControlId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PageOrigin1S3OriginAccessControl'), 'Id'] },
        }],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^PageBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:GetObject',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('keeps the content bucket private, encrypted, SSL-only and versioned', () => {
    const { template } = page();
    const buckets = template.findResources('AWS::S3::Bucket', { Properties: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } } });
    expect(Object.keys(buckets)).toEqual([expect.stringMatching(/^PageBucket/)]);
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^PageBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test('retains its buckets by default', () => {
    const { template } = page();
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('deletes and empties its buckets with RemovalPolicy.DESTROY', () => {
    const { template } = page({ removalPolicy: RemovalPolicy.DESTROY });
    template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
  });

  test('answers every path, the root included, with the page and status 503', () => {
    const { template } = page();
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultRootObject: 'index.html',
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 503, ResponsePagePath: '/maintenance/index.html', ErrorCachingMinTTL: 10 },
          { ErrorCode: 404, ResponseCode: 503, ResponsePagePath: '/maintenance/index.html', ErrorCachingMinTTL: 10 },
        ],
      },
    });
    // the root object is never published: the content sits under maintenance/ only
    template.hasResourceProperties('Custom::CDKBucketDeployment', { DestinationBucketKeyPrefix: 'maintenance/', Prune: true });
    expect(MaintenancePage.PAGE_PATH).toBe('/maintenance/index.html');
  });

  test('adds Retry-After and no-store to every answer', () => {
    const { template } = page({ retryAfter: Duration.minutes(10) });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        CustomHeadersConfig: {
          Items: [
            { Header: 'Retry-After', Value: '600', Override: true },
            { Header: 'Cache-Control', Value: 'no-store', Override: true },
          ],
        },
      },
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { DefaultCacheBehavior: { ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^PageResponseHeaders') } } },
    });
  });

  test('publishes the default page and invalidates the distribution', () => {
    const { app, template } = page();
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^PageBucket') },
      DistributionId: { Ref: Match.stringLikeRegexp('^Page') },
      DistributionPaths: ['/*'],
    });
    const files = publishedFiles(app, template);
    expect(Object.keys(files)).toEqual(['index.html']);
    expect(files['index.html']).toMatch(/<title>Down for maintenance<\/title>/);
  });

  test('publishes the html given', () => {
    const { app, template } = page({ html: '<p>back soon</p>' });
    expect(publishedFiles(app, template)).toEqual({ 'index.html': '<p>back soon</p>' });
  });

  test('publishes a local directory', () => {
    const { app, template } = page({ contentDirectory: path.join(FIXTURES, 'maintenance') });
    const files = publishedFiles(app, template);
    expect(Object.keys(files).sort()).toEqual(['index.html', 'style.css']);
    expect(files['index.html']).toMatch(/href="\/maintenance\/style.css"/);
  });

  test('logs CloudFront and S3 access to a new log bucket with ACLs for CloudFront', () => {
    const { template } = page();
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Logging: { Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PageLogs'), 'RegionalDomainName'] }, Prefix: 'cloudfront/' } },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^PageLogs') }, LogFilePrefix: 's3/' },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
    });
  });

  test('logs to the bucket given', () => {
    const { stack, certificate } = setUp();
    const logBucket = s3.Bucket.fromBucketAttributes(stack, 'Logs', { bucketName: 'my-logs', region: 'us-east-1' });
    const construct = new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate, logBucket });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Logging: { Bucket: 'my-logs.s3.us-east-1.amazonaws.com', Prefix: 'cloudfront/' } },
    });
    expect(construct.logBucket).toBe(logBucket);
  });

  test('has no cdk-nag findings', () => {
    const { stack } = page();
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('has no cdk-nag findings with RemovalPolicy.DESTROY', () => {
    const { stack } = page({ removalPolicy: RemovalPolicy.DESTROY });
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('skips the checkov checks it answers for, with reasons, in the resources\' metadata', () => {
    const { template } = page({ removalPolicy: RemovalPolicy.DESTROY });
    const skip = (...ids: string[]) => ({ checkov: { skip: ids.map((id) => ({ id, comment: Match.stringLikeRegexp('.{40,}') })) } });
    template.hasResource('AWS::CloudFront::Distribution', { Metadata: skip('CKV_AWS_68') });
    template.hasResource('AWS::Lambda::Function', { Metadata: skip('CKV_AWS_117', 'CKV_AWS_115') });
    template.hasResource('AWS::IAM::Policy', { Metadata: skip('CKV_AWS_111') });
    expect(Object.keys(template.findResources('AWS::Lambda::Function', { Metadata: skip('CKV_AWS_117', 'CKV_AWS_115') }))).toEqual([
      expect.stringMatching(/^CustomS3AutoDeleteObjectsCustomResourceProviderHandler/),
      expect.stringMatching(/^CustomCDKBucketDeployment/),
    ]);
  });

  test('fails when there is no valid name', () => {
    const { stack, certificate } = setUp();
    expect(() => new MaintenancePage(stack, 'Page', { domainNames: [], certificate })).toThrow(/^Stack\/Page: domainNames \(\[\]\) must name at least one domain/);
    expect(() => new MaintenancePage(stack, 'Page2', { domainNames: ['bad..com'], certificate })).toThrow(/domainNames \('bad..com'\) must not contain an empty label/);
  });

  test('fails when the certificate is not in us-east-1', () => {
    const { stack } = setUp();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Other', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    expect(() => new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate }))
      .toThrow(/certificate \('a certificate in eu-west-1'\) must be in us-east-1: CloudFront uses no other region's certificates/);
  });

  test('fails when a certificate made in the stack is not in us-east-1', () => {
    const { stack } = setUp('eu-west-1');
    const certificate = new acm.Certificate(stack, 'Own', { domainName: 'example.com' });
    expect(() => new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate }))
      .toThrow(/certificate \('a certificate in eu-west-1'\) must be in us-east-1/);
  });

  test('fails when both html and a directory are given', () => {
    const { stack, certificate } = setUp();
    expect(() => new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate, html: '<p>x</p>', contentDirectory: path.join(FIXTURES, 'maintenance') }))
      .toThrow(/html \('a page'\) must not be set together with contentDirectory/);
  });

  test('fails when the directory has no index.html', () => {
    const { stack, certificate } = setUp();
    const dir = path.join(FIXTURES, 'no-page');
    expect(() => new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate, contentDirectory: dir }))
      .toThrow(new RegExp(`contentDirectory \\('${dir}'\\) must be a directory with an index.html`));
    expect(() => new MaintenancePage(stack, 'Page2', { domainNames: ['example.com'], certificate, contentDirectory: path.join(FIXTURES, 'missing') }))
      .toThrow(/contentDirectory \('.*missing'\) must be a directory with an index.html/);
  });

  test('fails when the removal policy is SNAPSHOT', () => {
    const { stack, certificate } = setUp();
    expect(() => new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate, removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(/removalPolicy \('snapshot'\) must be RETAIN or DESTROY for buckets/);
  });

  test('fails when Retry-After is not whole seconds', () => {
    const { stack, certificate } = setUp();
    expect(() => new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate, retryAfter: Duration.millis(1500) }))
      .toThrow(/retryAfter \('1.5 seconds'\) must be a whole number of seconds/);
  });
});
