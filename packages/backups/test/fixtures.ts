import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** A stack in a fixed account and region (no lookups). */
export function testStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

const FIXTURE_REASON = 'test fixture VPC, not part of the construct under test';

/** The VPC of the tests, with the findings that belong to the fixture (not the construct) acknowledged. */
export function testVpc(stack: Stack, props: ec2.VpcProps = {}): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 1, ...props });
  Validations.of(vpc).acknowledge(
    ...['AwsSolutions-VPC7',
      'HIPAA.Security-VPCDefaultSecurityGroupClosed', 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      'HIPAA.Security-VPCFlowLogsEnabled', 'NIST.800.53.R5-VPCFlowLogsEnabled',
      'HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled', 'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled',
      'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW'].map((id) => ({ id, reason: FIXTURE_REASON })),
  );
  return vpc;
}
