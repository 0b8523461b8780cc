import { App, CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/** The account and region every test stack uses (no lookups: the VPC states its zones). */
export const TEST_ENV = { account: '123456789012', region: 'us-east-1' } as const;

/** A stack named `Stack` in {@link TEST_ENV}, in a new app. */
export function testStack(id = 'Stack'): Stack {
  return new Stack(new App(), id, { env: { ...TEST_ENV } });
}

const FIXTURE_REASON = 'Test fixture VPC: a production VPC (flow logs, closed default security group, no auto-assigned '
  + 'public addresses) is the caller\'s, not part of the construct under test';

/** The findings of the fixture VPC itself: they belong to whoever provides the VPC, not to the construct under test. */
const FIXTURE_FINDINGS = [
  'AwsSolutions-VPC7',
  'HIPAA.Security-VPCDefaultSecurityGroupClosed', 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
  'HIPAA.Security-VPCFlowLogsEnabled', 'NIST.800.53.R5-VPCFlowLogsEnabled',
  'HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled', 'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled',
  'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
];

/**
 * The VPC of the tests, `Vpc`: two availability zones of us-east-1, one NAT
 * gateway, public, private and (with `props.subnetConfiguration`) any other
 * subnets; the findings of the VPC itself are acknowledged on it alone.
 */
export function testVpc(stack: Stack, props: ec2.VpcProps = {}): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 1, ...props });
  Validations.of(vpc).acknowledge(...FIXTURE_FINDINGS.map((id) => ({ id, reason: FIXTURE_REASON })));
  return vpc;
}

/** The logical ids of the CloudFormation elements defined under `scope` (itself included). */
export function logicalIdsOf(scope: IConstruct): string[] {
  const stack = Stack.of(scope);
  return scope.node.findAll()
    .filter((c): c is CfnElement => CfnElement.isCfnElement(c) && Stack.of(c) === stack)
    .map((c) => stack.resolve(c.logicalId) as string);
}

/**
 * The part of a stack's template that `scope` defines: its resources, and the
 * outputs, conditions and parameters it adds, without the fixture around it
 * (the VPC, the application, ...). Asset hashes are replaced by a placeholder,
 * so a snapshot of it changes only when the construct's own behaviour does.
 */
export function constructTemplate(scope: IConstruct): Record<string, any> {
  const ids = new Set(logicalIdsOf(scope));
  const template = Template.fromStack(Stack.of(scope)).toJSON();
  const slice: Record<string, any> = {};
  for (const section of ['Parameters', 'Conditions', 'Resources', 'Outputs']) {
    const entries = Object.entries(template[section] ?? {}).filter(([id]) => ids.has(id));
    if (entries.length > 0) {
      slice[section] = Object.fromEntries(entries);
    }
  }
  return JSON.parse(JSON.stringify(slice).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}
