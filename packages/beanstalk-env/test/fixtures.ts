import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { OptionCatalog } from '../src';

/** A stack in a fixed account and region, as every test uses. */
export function testStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** The test VPC: 2 AZs, one NAT gateway; its own nag findings are the fixture's, not the construct's. */
export function testVpc(stack: Stack): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 1 });
  const reason = 'Test fixture VPC: a production VPC (flow logs, no auto-assigned public IPs) is the caller\'s';
  for (const id of ['AwsSolutions-VPC7', 'HIPAA.Security-VPCFlowLogsEnabled', 'NIST.800.53.R5-VPCFlowLogsEnabled',
    'HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled', 'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled',
    'HIPAA.Security-VPCDefaultSecurityGroupClosed', 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
    'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW']) {
    Validations.of(vpc).acknowledge({ id, reason });
  }
  return vpc;
}

/**
 * Checks every option setting of every Elastic Beanstalk environment of a
 * synthesized template against the package's option catalog.
 */
export function expectValidOptionSettings(template: Template): void {
  const problems: string[] = [];
  const environments = template.findResources('AWS::ElasticBeanstalk::Environment');
  for (const [id, resource] of Object.entries(environments)) {
    for (const s of (resource as any).Properties.OptionSettings ?? []) {
      const value = typeof s.Value === 'string' ? s.Value : '${Token[resolved]}';
      const problem = OptionCatalog.check(s.Namespace, s.OptionName, value);
      if (problem) {
        problems.push(`${id}: ${s.Namespace} ${s.OptionName}: ${problem}`);
      }
    }
  }
  expect(problems).toEqual([]);
  expect(Object.keys(environments).length).toBeGreaterThan(0);
}
