import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { BeanstalkEnvironmentTarget } from '../src';

describe('BeanstalkEnvironmentTarget', () => {
  test('targets the CNAME of the environment in its region', () => {
    // WHEN
    const target = BeanstalkEnvironmentTarget.fromCnamePrefix('myapp-prod', 'eu-west-1');
    // THEN
    expect(target.dnsName).toBe('myapp-prod.eu-west-1.elasticbeanstalk.com');
    expect(target.hostedZoneId).toBe('Z2NYPWQ7DFZAZH');
  });

  test('makes an alias record to the elasticbeanstalk.com name, not a load balancer', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    // WHEN
    new route53.ARecord(stack, 'Alias', {
      zone,
      target: route53.RecordTarget.fromAlias(BeanstalkEnvironmentTarget.fromCnamePrefix('myapp-prod', 'us-east-1')),
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'A',
      AliasTarget: { DNSName: 'myapp-prod.us-east-1.elasticbeanstalk.com', HostedZoneId: 'Z117KPS5GTRQ2G' },
    });
  });

  test('fails when the CNAME prefix is too short', () => {
    expect(() => BeanstalkEnvironmentTarget.fromCnamePrefix('abc', 'us-east-1'))
      .toThrow(/cnamePrefix \('abc'\) must be 4 to 63 letters, digits and hyphens/);
  });

  test('fails when the CNAME prefix ends with a hyphen', () => {
    expect(() => BeanstalkEnvironmentTarget.fromCnamePrefix('myapp-', 'us-east-1'))
      .toThrow(/cnamePrefix \('myapp-'\) must be 4 to 63/);
  });

  test('fails when the region has no known Elastic Beanstalk hosted zone id', () => {
    expect(() => BeanstalkEnvironmentTarget.fromCnamePrefix('myapp-prod', 'cn-north-1'))
      .toThrow(/region \('cn-north-1'\) has no known Elastic Beanstalk hosted zone id/);
  });
});
