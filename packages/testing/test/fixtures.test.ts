import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { constructTemplate, logicalIdsOf, nagFindings, testStack, testVpc } from '../src';

describe('fixtures', () => {
  test('the test stack has a fixed account and region, the VPC two stated zones', () => {
    const stack = testStack();
    const vpc = testVpc(stack);
    expect([stack.account, stack.region]).toEqual(['123456789012', 'us-east-1']);
    expect(vpc.availabilityZones).toEqual(['us-east-1a', 'us-east-1b']);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  test('the VPC\'s own findings are acknowledged on the VPC only', () => {
    const stack = testStack();
    testVpc(stack);
    const findings = nagFindings(stack).filter((f) => /VPC/.test(f.ruleName));
    expect(findings).toEqual([]);
  });

  test('constructTemplate holds the construct\'s resources and outputs, not the fixture\'s', () => {
    // GIVEN a fixture VPC and a construct with two resources
    const stack = testStack();
    testVpc(stack);
    const mine = new Construct(stack, 'Mine');
    new sns.Topic(mine, 'Topic');
    new sqs.Queue(mine, 'Queue', { enforceSSL: true });
    new sns.Topic(stack, 'Outside');
    // WHEN
    const slice = constructTemplate(mine);
    // THEN
    expect(Object.values(slice.Resources).map((r: any) => r.Type).sort())
      .toEqual(['AWS::SNS::Topic', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy']);
    expect(logicalIdsOf(mine)).toHaveLength(3);
    expect(slice.Outputs).toBeUndefined();
  });
});
