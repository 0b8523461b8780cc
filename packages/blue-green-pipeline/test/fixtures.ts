import { BeanstalkApplication, Platform } from '@ebkit/beanstalk-env';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { BlueGreenEnvironments, BlueGreenEnvironmentsProps } from '../src';

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

/** Blue/green environments of the application `shop` behind the production prefix `shop-prod`. */
export function testEnvironments(props: Partial<BlueGreenEnvironmentsProps> = {}, stack: Stack = testStack()) {
  const vpc = props.vpc ?? testVpc(stack);
  const application = new BeanstalkApplication(stack, 'App', { applicationName: 'shop' });
  const environments = new BlueGreenEnvironments(stack, 'Envs', {
    application,
    vpc,
    platform: Platform.NODEJS_22,
    productionCnamePrefix: 'shop-prod',
    blueEnvironmentName: 'shop-blue',
    greenEnvironmentName: 'shop-green',
    ...props,
  });
  return { stack, vpc, application, environments };
}
