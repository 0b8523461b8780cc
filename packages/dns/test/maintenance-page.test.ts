import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { MaintenancePage } from '../src';

function setUp() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
  return { stack, certificate };
}

describe('MaintenancePage', () => {
  test('serves the names over HTTPS with the certificate', () => {
    const { stack, certificate } = setUp();
    new MaintenancePage(stack, 'Page', { domainNames: ['example.com', 'www.example.com'], certificate, originDomainName: 'myapp-prod.us-east-1.elasticbeanstalk.com' });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['example.com', 'www.example.com'],
        ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
      },
    });
  });

  test('answers every request with the page, status 503 and Retry-After', () => {
    const { stack, certificate } = setUp();
    new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate, originDomainName: 'x.example.net', html: '<p>soon</p>', retryAfter: Duration.minutes(10) });
    const fn = Object.values(Template.fromStack(stack).findResources('AWS::CloudFront::Function'))[0] as any;
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const response = JSON.parse(/return (.*); \}$/.exec(fn.Properties.FunctionCode)![1]);
    expect(response).toEqual({
      statusCode: 503,
      statusDescription: 'Service Unavailable',
      headers: { 'content-type': { value: 'text/html; charset=utf-8' }, 'cache-control': { value: 'no-store' }, 'retry-after': { value: '600' } },
      body: { encoding: 'text', data: '<p>soon</p>' },
    });
  });

  test('has no cdk-nag findings', () => {
    const { stack, certificate } = setUp();
    new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate, originDomainName: 'x.example.net' });
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('fails when the page is too large', () => {
    const { stack, certificate } = setUp();
    expect(() => new MaintenancePage(stack, 'Page', { domainNames: ['example.com'], certificate, originDomainName: 'x.example.net', html: 'x'.repeat(9001) }))
      .toThrow(/html \('9001 bytes'\) must be at most 9000 bytes/);
  });

  test('fails when there is no valid name', () => {
    const { stack, certificate } = setUp();
    expect(() => new MaintenancePage(stack, 'Page', { domainNames: [], certificate, originDomainName: 'x.example.net' })).toThrow(/domainNames \(\[\]\) must name at least one domain/);
    expect(() => new MaintenancePage(stack, 'Page2', { domainNames: ['bad..com'], certificate, originDomainName: 'x.example.net' })).toThrow(/domainNames \('bad..com'\) must not contain an empty label/);
  });
});
