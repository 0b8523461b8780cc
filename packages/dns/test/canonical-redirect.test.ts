import * as vm from 'vm';
import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CanonicalRedirect, CanonicalRedirectProps } from '../src';

function setUp() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
  return { stack, certificate };
}

function redirect(props: Partial<CanonicalRedirectProps> = {}) {
  const { stack, certificate } = setUp();
  const construct = new CanonicalRedirect(stack, 'Redirect', { domainNames: ['www.example.com'], targetDomainName: 'example.com', certificate, ...props });
  return { stack, redirect: construct, template: Template.fromStack(stack) };
}

/** The function code as deployed, from the template. */
function functionCode(template: Template): string {
  const fn = Object.values(template.findResources('AWS::CloudFront::Function'))[0] as any;
  return fn.Properties.FunctionCode;
}

/** Runs the deployed function code in node on a CloudFront Functions viewer-request event. */
function run(code: string, request: Record<string, any>): any {
  const handler = vm.runInNewContext(`${code}\nhandler;`, {});
  return handler({ version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '192.0.2.1' }, request: { method: 'GET', headers: {}, cookies: {}, querystring: {}, ...request } });
}

describe('CanonicalRedirect', () => {
  test('answers for the names over HTTPS, TLS 1.2 or later, with the certificate', () => {
    const { template } = redirect();
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['www.example.com'],
        ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
      },
    });
  });

  test('answers every request with a CloudFront Function that redirects to the target', () => {
    const { template, redirect: construct } = redirect();
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
      FunctionCode: Match.stringLikeRegexp('var TARGET = "https://example.com";'),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: {
          AllowedMethods: Match.arrayWith(['GET', 'HEAD', 'POST']),
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RedirectFunction'), 'FunctionARN'] } }],
        },
      },
    });
    expect(construct.targetOrigin).toBe('https://example.com');
  });

  test('redirects to http when https is false', () => {
    const { template } = redirect({ https: false, targetDomainName: 'Example.com.' });
    expect(functionCode(template)).toContain('var TARGET = "http://example.com";');
  });

  test('keeps no access logs by default, and logs to the bucket given', () => {
    expect(JSON.stringify(redirect().template.toJSON())).not.toContain('"Logging"');
    const { stack, certificate } = setUp();
    const logBucket = s3.Bucket.fromBucketAttributes(stack, 'Logs', { bucketName: 'my-logs', region: 'us-east-1' });
    new CanonicalRedirect(stack, 'Redirect', { domainNames: ['www.example.com'], targetDomainName: 'example.com', certificate, logBucket });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Logging: { Bucket: 'my-logs.s3.us-east-1.amazonaws.com', Prefix: 'redirect/' } },
    });
  });

  test('without a log bucket, the missing access log is skipped for checkov with the reason; with one, nothing is skipped', () => {
    const skips = (template: Template) => {
      const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as any;
      return (distribution.Metadata?.checkov?.skip ?? []) as Array<{ id: string; comment: string }>;
    };
    const unlogged = skips(redirect().template).find((s) => s.id === 'CKV_AWS_86');
    expect(unlogged?.comment).toMatch(/same 301 from a CloudFront Function.*pass logBucket/);
    const { stack, certificate } = setUp();
    const logBucket = s3.Bucket.fromBucketAttributes(stack, 'Logs', { bucketName: 'my-logs', region: 'us-east-1' });
    new CanonicalRedirect(stack, 'Redirect', { domainNames: ['www.example.com'], targetDomainName: 'example.com', certificate, logBucket });
    expect(skips(Template.fromStack(stack)).map((s) => s.id)).not.toContain('CKV_AWS_86');
  });

  test('has no cdk-nag findings', () => {
    expect(formatNagFindings(nagFindings(redirect().stack))).toBe('');
  });

  test('fails when there is no valid name', () => {
    const { stack, certificate } = setUp();
    expect(() => new CanonicalRedirect(stack, 'Redirect', { domainNames: [], targetDomainName: 'example.com', certificate }))
      .toThrow(/^Stack\/Redirect: domainNames \(\[\]\) must name at least one domain/);
    expect(() => new CanonicalRedirect(stack, 'Redirect2', { domainNames: ['-www.example.com'], targetDomainName: 'example.com', certificate }))
      .toThrow(/domainNames \('-www.example.com'\) must not have a label that starts or ends with a hyphen/);
  });

  test('fails when the target is invalid', () => {
    const { stack, certificate } = setUp();
    expect(() => new CanonicalRedirect(stack, 'Redirect', { domainNames: ['www.example.com'], targetDomainName: 'exa mple.com', certificate }))
      .toThrow(/targetDomainName \('exa mple.com'\) must only contain letters, digits and hyphens/);
  });

  test('fails when the target is a token', () => {
    const { stack, certificate } = setUp();
    expect(() => new CanonicalRedirect(stack, 'Redirect', { domainNames: ['www.example.com'], targetDomainName: Lazy.string({ produce: () => 'example.com' }), certificate }))
      .toThrow(/targetDomainName \('\$\{Token\[.*\]\}'\) must be a concrete name, not a token/);
  });

  test('fails when the target is one of the names', () => {
    const { stack, certificate } = setUp();
    expect(() => new CanonicalRedirect(stack, 'Redirect', { domainNames: ['www.example.com', 'example.com'], targetDomainName: 'Example.com', certificate }))
      .toThrow(/targetDomainName \('Example.com'\) must not be one of domainNames \(it would redirect to itself\)/);
  });

  test('fails when the certificate is not in us-east-1', () => {
    const { stack } = setUp();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Other', 'arn:aws:acm:eu-central-1:123456789012:certificate/abc');
    expect(() => new CanonicalRedirect(stack, 'Redirect', { domainNames: ['www.example.com'], targetDomainName: 'example.com', certificate }))
      .toThrow(/certificate \('a certificate in eu-central-1'\) must be in us-east-1/);
  });
});

describe('the redirect function', () => {
  const code = functionCode(redirect().template);

  test('answers with a 301 to the target, keeping the path', () => {
    expect(run(code, { uri: '/shop/cart' })).toEqual({
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { 'location': { value: 'https://example.com/shop/cart' }, 'cache-control': { value: 'max-age=3600' } },
    });
  });

  test('keeps the root path and adds no empty query', () => {
    expect(run(code, { uri: '/' }).headers.location.value).toBe('https://example.com/');
  });

  test('keeps the query string from the parsed parameters', () => {
    const response = run(code, {
      uri: '/search',
      querystring: { q: { value: 'red%20shoes' }, page: { value: '2' } },
    });
    expect(response.headers.location.value).toBe('https://example.com/search?q=red%20shoes&page=2');
  });

  test('keeps every value of a repeated parameter, and parameters without a value', () => {
    const response = run(code, {
      uri: '/list',
      querystring: { tag: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] }, debug: { value: '' } },
    });
    expect(response.headers.location.value).toBe('https://example.com/list?tag=a&tag=b&debug');
  });

  test('prefers the raw query string when the runtime has it', () => {
    const response = run(code, {
      uri: '/a/b',
      querystring: { x: { value: 'ignored' } },
      rawQueryString: () => 'utm_source=mail&x=1&x=2&empty=',
    });
    expect(response.headers.location.value).toBe('https://example.com/a/b?utm_source=mail&x=1&x=2&empty=');
  });

  test('falls back to the parsed parameters when the raw query string is empty', () => {
    const response = run(code, { uri: '/a', querystring: { x: { value: '1' } }, rawQueryString: () => '' });
    expect(response.headers.location.value).toBe('https://example.com/a?x=1');
  });

  test('has no query when there is none', () => {
    expect(run(code, { uri: '/a', rawQueryString: () => undefined }).headers.location.value).toBe('https://example.com/a');
  });
});
