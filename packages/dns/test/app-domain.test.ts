import * as path from 'path';
import { formatNagFindings, nagFindings, normalizedTemplate } from '@ebkit/testing';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AppDomain, CanonicalHost, ZoneFile } from '../src';

function newStack(region: string = 'us-east-1'): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region } });
}

function importedZone(stack: Stack, zoneName: string = 'example.com'): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName });
}

describe('AppDomain', () => {
  test('synthesizes its defaults', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' });
    // THEN
    expect(normalizedTemplate(stack)).toMatchSnapshot();
  });

  test('creates a public hosted zone for the domain, retained on deletion', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' });
    Template.fromStack(stack).hasResource('AWS::Route53::HostedZone', {
      Properties: { Name: 'example.com.' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('outputs the name servers of the zone it creates', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' });
    const outputs = Template.fromStack(stack).findOutputs('*', {
      Value: { 'Fn::Join': [',', { 'Fn::GetAtt': [Match.stringLikeRegexp('^DomainHostedZone'), 'NameServers'] }] },
    });
    expect(Object.keys(outputs)).toEqual([expect.stringMatching(/^DomainNameServers/)]);
  });

  test.each(['A', 'AAAA'])('aliases the apex with an %s record to the environment CNAME in the region\'s Elastic Beanstalk zone', (type) => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com.',
      Type: type,
      AliasTarget: { DNSName: 'myapp-prod.us-east-1.elasticbeanstalk.com', HostedZoneId: 'Z117KPS5GTRQ2G' },
    });
  });

  test.each(['A', 'AAAA'])('aliases www with an %s record too when it does not redirect', (type) => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', redirectToCanonical: false });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'www.example.com.',
      Type: type,
      AliasTarget: { DNSName: 'myapp-prod.us-east-1.elasticbeanstalk.com', HostedZoneId: 'Z117KPS5GTRQ2G' },
    });
  });

  test('uses the region given for the environment', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', region: 'eu-west-1', certificate: false, redirectToCanonical: false });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', {
      AliasTarget: { DNSName: 'myapp-prod.eu-west-1.elasticbeanstalk.com', HostedZoneId: 'Z2NYPWQ7DFZAZH' },
    });
  });

  test('skips www when www is false', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', www: false });
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: 'www.example.com.' }, 0);
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'example.com',
      SubjectAlternativeNames: Match.absent(),
    });
    expect(domain.aliasNames).toEqual(['example.com']);
  });

  test('skips AAAA records when ipv6 is false', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', ipv6: false });
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'AAAA' }, 0);
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'A' }, 2);
  });

  test('puts the records in an imported zone without creating one or an output', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', hostedZone: importedZone(stack) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53::HostedZone', 0);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'example.com.', HostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    expect(Object.keys(template.findOutputs('*'))).toEqual([]);
    expect(domain.hostedZone.hostedZoneId).toBe('Z0123456789ABCDEFGHIJ');
  });

  test('accepts a subdomain of the imported zone', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'app.example.com', cnamePrefix: 'myapp-prod', hostedZone: importedZone(stack) });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', { Name: 'www.app.example.com.', Type: 'A' });
  });

  test('creates a certificate for the apex and www validated through the zone', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', hostedZone: importedZone(stack) });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'example.com',
      SubjectAlternativeNames: ['www.example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        { DomainName: 'example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
        { DomainName: 'www.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
      ],
    });
    expect(domain.certificate).toBeDefined();
  });

  test('adds certificateSubdomains to the certificate once each', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', {
      domainName: 'example.com',
      cnamePrefix: 'myapp-prod',
      certificateSubdomains: ['api.example.com', 'www.example.com', '*.example.com'],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      SubjectAlternativeNames: ['www.example.com', 'api.example.com', '*.example.com'],
    });
  });

  test('creates no certificate when certificate is false', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', certificate: false, redirectToCanonical: false });
    Template.fromStack(stack).resourceCountIs('AWS::CertificateManager::Certificate', 0);
    expect(domain.certificate).toBeUndefined();
  });

  test('warns when the certificate is made outside the environment\'s region', () => {
    const stack = newStack('us-east-1');
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', region: 'eu-west-1' });
    Annotations.fromStack(stack).hasWarning('/Stack/Domain', Match.stringLikeRegexp('made in us-east-1 but the environment runs in eu-west-1'));
  });

  test('normalizes the domain name', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'Example.com.', cnamePrefix: 'myapp-prod' });
    expect(domain.domainName).toBe('example.com');
  });

  test('carries the zone file\'s records but replaces the apex and www address records with the aliases', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', {
      domainName: 'example.com',
      cnamePrefix: 'myapp-prod',
      zoneFile: ZoneFile.fromFile(path.join(__dirname, 'fixtures', 'registrar-export.zone')),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'example.com.', Type: 'MX' });
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: 'www.example.com.', Type: 'CNAME' }, 0);
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: 'example.com.', Type: 'A', ResourceRecords: Match.anyValue() }, 0);
    expect(domain.zoneRecords?.replaced.map((r) => r.line)).toEqual([22, 26]);
  });

  test('caps the zone file\'s TTLs with zoneFileMaxTtl', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', {
      domainName: 'example.com',
      cnamePrefix: 'myapp-prod',
      zoneFileMaxTtl: Duration.minutes(1),
      zoneFile: ZoneFile.fromString('@ 3600 MX 10 mail', { origin: 'example.com' }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', { Type: 'MX', TTL: '60' });
  });

  test('fails when the zone file\'s CAA records do not let Amazon issue the certificate', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', {
      domainName: 'example.com',
      cnamePrefix: 'myapp-prod',
      zoneFile: ZoneFile.fromString('@ 60 CAA 0 issue "letsencrypt.org"\n@ 60 CAA 0 iodef "mailto:a@example.com"', { origin: 'example.com' }),
    })).toThrow(/zoneFile \('CAA records of example.com on lines 1, 2'\) must allow Amazon to issue certificates/);
  });

  test('accepts CAA records that name Amazon', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', {
      domainName: 'example.com',
      cnamePrefix: 'myapp-prod',
      zoneFile: ZoneFile.fromString('@ 60 CAA 0 issue "letsencrypt.org"\n@ 60 CAA 0 issue "amazontrust.com"', { origin: 'example.com' }),
    })).not.toThrow();
  });

  test('has no cdk-nag findings', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' });
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('fails when the domain name is invalid', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'exa_mple.com', cnamePrefix: 'myapp-prod' }))
      .toThrow(/^Stack\/Domain: domainName \('exa_mple.com'\) must only contain letters, digits and hyphens/);
  });

  test('fails when the domain name is outside the imported zone', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.org', cnamePrefix: 'myapp-prod', hostedZone: importedZone(stack) }))
      .toThrow(/domainName \('example.org'\) must be the hosted zone's name or below it \(example.com\)/);
  });

  test('fails when the stack has no region and none is given', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' }))
      .toThrow(/region \('\$\{Token\[AWS.Region.\d+\]\}'\) must be given when the stack has no explicit env.region/);
  });

  test('fails when the region has no Elastic Beanstalk hosted zone id', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', region: 'cn-north-1' }))
      .toThrow(/region \('cn-north-1'\) has no known Elastic Beanstalk hosted zone id/);
  });

  test('fails when the CNAME prefix is invalid', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: '-bad' }))
      .toThrow(/cnamePrefix \('-bad'\) must be 4 to 63 letters, digits and hyphens/);
  });

  test('fails when a certificate subdomain is outside the domain', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', certificateSubdomains: ['api.example.org'] }))
      .toThrow(/certificateSubdomains \('api.example.org'\) must be example.com or below it/);
  });

  test('fails when a certificate subdomain is invalid', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', certificateSubdomains: ['a..example.com'] }))
      .toThrow(/certificateSubdomains \('a..example.com'\) must not contain an empty label/);
  });

  test('fails when certificate subdomains are given without a certificate', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', {
      domainName: 'example.com', cnamePrefix: 'myapp-prod', certificate: false, certificateSubdomains: ['api.example.com'],
    })).toThrow(/certificateSubdomains \(\["api.example.com"\]\) must be empty when certificate is false/);
  });

  test('fails with every problem at once', () => {
    const stack = newStack();
    expect(() => new AppDomain(stack, 'Domain', { domainName: '-x.com', cnamePrefix: 'ab', region: 'nowhere-1' }))
      .toThrow(/Stack\/Domain: 3 invalid props:\n {2}.*domainName.*\n {2}.*region.*\n {2}.*cnamePrefix/);
  });
});

describe('AppDomain canonical host', () => {
  test('makes the apex canonical by default', () => {
    const domain = new AppDomain(newStack(), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' });
    expect(domain.canonicalDomainName).toBe('example.com');
    expect(domain.canonicalUrl).toBe('https://example.com/');
    expect(domain.redirectDomainNames).toEqual(['www.example.com']);
  });

  test('makes www canonical', () => {
    const domain = new AppDomain(newStack(), 'Domain', {
      domainName: 'example.com', cnamePrefix: 'myapp-prod', canonicalHost: CanonicalHost.WWW, certificate: false, redirectToCanonical: false,
    });
    expect(domain.canonicalUrl).toBe('http://www.example.com/');
    expect(domain.redirectDomainNames).toEqual(['example.com']);
  });

  test.each(['A', 'AAAA'])('aliases www with an %s record to a redirect to the apex by default', (type) => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'www.example.com.',
      Type: type,
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DomainCanonicalRedirect'), 'DomainName'] },
        HostedZoneId: { 'Fn::FindInMap': ['AWSCloudFrontPartitionHostedZoneIdMap', { Ref: 'AWS::Partition' }, 'zoneId'] },
      },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'example.com.', Type: type, AliasTarget: { DNSName: 'myapp-prod.us-east-1.elasticbeanstalk.com' } });
    expect(domain.appDomainNames).toEqual(['example.com']);
    expect(domain.canonicalRedirect).toBeDefined();
  });

  test('redirects www to the apex with the domain certificate', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: Match.stringLikeRegexp('var TARGET = "https://example.com";') });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['www.example.com'],
        ViewerCertificate: { AcmCertificateArn: { Ref: Match.stringLikeRegexp('^DomainCertificate') } },
      },
    });
  });

  test.each(['A', 'AAAA'])('aliases the apex with an %s record to a redirect to www when www is canonical', (type) => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', canonicalHost: CanonicalHost.WWW });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: Match.stringLikeRegexp('var TARGET = "https://www.example.com";') });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: { Aliases: ['example.com'] } });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com.',
      Type: type,
      AliasTarget: { DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DomainCanonicalRedirect'), 'DomainName'] } },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'www.example.com.', Type: type, AliasTarget: { DNSName: 'myapp-prod.us-east-1.elasticbeanstalk.com' } });
    expect(domain.appDomainNames).toEqual(['www.example.com']);
  });

  test('uses the CloudFront certificate given outside us-east-1', () => {
    const stack = newStack('eu-west-1');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/edge');
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', cloudFrontCertificate: certificate });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Aliases: ['www.example.com'], ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/edge' } },
    });
  });

  test('redirects to http when the app has no certificate', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/edge');
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', certificate: false, cloudFrontCertificate: certificate });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: Match.stringLikeRegexp('var TARGET = "http://example.com";') });
  });

  test('leaves the redirect to the app when redirectToCanonical is false', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', redirectToCanonical: false });
    Template.fromStack(stack).resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(domain.canonicalRedirect).toBeUndefined();
    expect(domain.appDomainNames).toEqual(['example.com', 'www.example.com']);
    expect(domain.redirectDomainNames).toEqual(['www.example.com']);
  });

  test('has nothing to redirect without www', () => {
    const stack = newStack('eu-west-1');
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', www: false });
    Template.fromStack(stack).resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(domain.canonicalRedirect).toBeUndefined();
  });

  test('fails when the redirect has no certificate outside us-east-1', () => {
    expect(() => new AppDomain(newStack('eu-west-1'), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' }))
      .toThrow(/^Stack\/Domain: redirectToCanonical \(true\) needs cloudFrontCertificate \(a certificate in us-east-1 for CloudFront\) because the stack is in eu-west-1; or set redirectToCanonical: false/);
  });

  test('fails when the redirect has no certificate because certificate is false', () => {
    expect(() => new AppDomain(newStack(), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', certificate: false }))
      .toThrow(/redirectToCanonical \(true\) needs cloudFrontCertificate \(a certificate in us-east-1 for CloudFront\) because certificate is false/);
  });

  test('fails when the CloudFront certificate is not in us-east-1', () => {
    const stack = newStack('eu-west-1');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/edge');
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', cloudFrontCertificate: certificate }))
      .toThrow(/cloudFrontCertificate \('a certificate in eu-west-1'\) must be in us-east-1/);
  });

  test('fails when a CloudFront certificate is given with nothing to serve', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/edge');
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', redirectToCanonical: false, cloudFrontCertificate: certificate }))
      .toThrow(/cloudFrontCertificate \('a certificate'\) must only be set when maintenancePage or redirectToCanonical \(with www\) is on/);
  });

  test('fails when www is canonical but off', () => {
    expect(() => new AppDomain(newStack(), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', canonicalHost: CanonicalHost.WWW, www: false }))
      .toThrow(/canonicalHost \('WWW'\) must be APEX when www is false/);
  });
});

describe('AppDomain health check', () => {
  test('checks the environment CNAME over HTTPS', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', healthCheck: true });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'myapp-prod.us-east-1.elasticbeanstalk.com',
        Port: 443,
        ResourcePath: '/health',
        RequestInterval: 30,
        FailureThreshold: 3,
      },
    });
  });

  test('checks over HTTP at a given path', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', healthCheck: true, healthCheckHttps: false, healthCheckPath: '/up' });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'HTTP', Port: 80, ResourcePath: '/up' } });
  });

  test('creates no health check by default', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod' });
    Template.fromStack(stack).resourceCountIs('AWS::Route53::HealthCheck', 0);
  });

  test('fails when the path is invalid', () => {
    expect(() => new AppDomain(newStack(), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', healthCheck: true, healthCheckPath: 'health' }))
      .toThrow(/healthCheckPath \('health'\) must start with \//);
  });

  test('fails when a path is given without a health check', () => {
    expect(() => new AppDomain(newStack(), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', healthCheckPath: '/health' }))
      .toThrow(/healthCheckPath \('\/health'\) must not be set when healthCheck is false/);
  });
});

describe('AppDomain DNSSEC', () => {
  test('signs the zone with a key-signing key on a new us-east-1 ECC key, retained', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', dnssec: true });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::KMS::Key', {
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::Route53::KeySigningKey', { Status: 'ACTIVE', Name: 'ebkit' });
    template.hasResource('AWS::Route53::DNSSEC', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('^DomainKeySigningKey')]) });
    expect(domain.keySigningKey).toBeDefined();
  });

  test('outputs the DS record for the registrar', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', dnssec: true });
    const template = Template.fromStack(stack);
    expect(JSON.stringify(template.findResources('Custom::AWS'))).toContain('\\"action\\":\\"getDNSSEC\\"');
    const outputs = template.findOutputs('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DomainDsRecordLookup'), 'KeySigningKeys.0.DSRecord'] } });
    expect(Object.keys(outputs)).toEqual([expect.stringMatching(/^DomainDsRecord/)]);
  });

  test('uses the key given', () => {
    const stack = newStack('eu-west-1');
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', dnssec: true, dnssecKey: key, certificate: false, redirectToCanonical: false });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::KeySigningKey', {
      KeyManagementServiceArn: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    });
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 0);
  });

  test('has no cdk-nag findings', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', dnssec: true, healthCheck: true });
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('fails when the stack is outside us-east-1 and no key is given', () => {
    expect(() => new AppDomain(newStack('eu-west-1'), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', dnssec: true }))
      .toThrow(/dnssec \(true\) needs dnssecKey \(a KMS key in us-east-1\) because the stack is in eu-west-1/);
  });

  test('fails when a key is given without dnssec', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', dnssecKey: key }))
      .toThrow(/dnssecKey \('a key'\) must not be set when dnssec is false/);
  });
});

describe('AppDomain maintenance page', () => {
  test('fails over from the environment to the maintenance page with the health check', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53::HealthCheck', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com.',
      Type: 'AAAA',
      Failover: 'PRIMARY',
      SetIdentifier: 'app',
      HealthCheckId: { Ref: Match.stringLikeRegexp('^DomainHealthCheck') },
      AliasTarget: { DNSName: 'myapp-prod.us-east-1.elasticbeanstalk.com', HostedZoneId: 'Z117KPS5GTRQ2G', EvaluateTargetHealth: true },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com.',
      Type: 'A',
      Failover: 'SECONDARY',
      SetIdentifier: 'maintenance',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DomainMaintenancePage'), 'DomainName'] }, HostedZoneId: { 'Fn::FindInMap': ['AWSCloudFrontPartitionHostedZoneIdMap', { Ref: 'AWS::Partition' }, 'zoneId'] }, EvaluateTargetHealth: false },
    });
    // www redirects to the apex whatever the app's health: only the apex fails over
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Failover: Match.anyValue() }, 4);
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: 'www.example.com.', Failover: Match.anyValue() }, 0);
    expect(domain.maintenancePage).toBeDefined();
  });

  test('fails over both names when they do not redirect', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true, redirectToCanonical: false });
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Failover: Match.anyValue() }, 8);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'www.example.com.', Type: 'AAAA', Failover: 'SECONDARY', SetIdentifier: 'maintenance' });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: { Aliases: ['example.com', 'www.example.com'] } });
  });

  test('logs the redirect to the maintenance page\'s log bucket', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['www.example.com'],
        Logging: { Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DomainMaintenancePageLogs'), 'RegionalDomainName'] }, Prefix: 'redirect/' },
      },
    });
  });

  test('retains the maintenance page\'s buckets by default and deletes them with the zone\'s removal policy', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true });
    Template.fromStack(stack).allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    const other = newStack();
    new AppDomain(other, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true, removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(other).allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  });

  test('publishes the maintenance directory given', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true, maintenanceDirectory: path.join(__dirname, 'fixtures', 'maintenance') });
    Template.fromStack(stack).hasResourceProperties('Custom::CDKBucketDeployment', { DestinationBucketKeyPrefix: 'maintenance/' });
  });

  test('serves the page for the canonical name with the domain certificate in us-east-1', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['example.com'],
        DefaultRootObject: 'index.html',
        ViewerCertificate: { AcmCertificateArn: { Ref: Match.stringLikeRegexp('^DomainCertificate') } },
      },
    });
  });

  test('uses the CloudFront certificate given outside us-east-1', () => {
    const stack = newStack('eu-west-1');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true, cloudFrontCertificate: certificate, maintenanceHtml: '<p>back soon</p>' });
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::CloudFront::Distribution', {
      DistributionConfig: { ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } },
    }, 2);
  });

  test('has no cdk-nag findings', () => {
    const stack = newStack();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true, removalPolicy: RemovalPolicy.DESTROY });
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('fails when the stack is outside us-east-1 and no maintenance certificate is given', () => {
    expect(() => new AppDomain(newStack('eu-west-1'), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true }))
      .toThrow(/maintenancePage \(true\) needs cloudFrontCertificate \(a certificate in us-east-1 for CloudFront\) because the stack is in eu-west-1/);
  });

  test('fails when the health check is turned off', () => {
    expect(() => new AppDomain(newStack(), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true, healthCheck: false }))
      .toThrow(/healthCheck \(false\) must be on for maintenancePage/);
  });

  test('fails when maintenance settings are given without the page', () => {
    expect(() => new AppDomain(newStack(), 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenanceHtml: '<p>x</p>' }))
      .toThrow(/maintenancePage \(false\) must be on when maintenanceHtml or maintenanceDirectory is set/);
  });
});
