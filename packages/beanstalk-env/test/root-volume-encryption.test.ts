import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  BeanstalkApplication, BeanstalkEnvironment, BeanstalkEnvironmentProps, EbsEncryptionByDefault, Platform, RootVolumeEncryption,
} from '../src';
import { expectValidOptionSettings, testStack, testVpc } from './fixtures';

function build(props: Partial<BeanstalkEnvironmentProps> = {}, stack: Stack = testStack()) {
  const vpc = testVpc(stack);
  const application = new BeanstalkApplication(stack, 'App', { applicationName: 'shop' });
  const environment = new BeanstalkEnvironment(stack, 'Web', { application, vpc, platform: Platform.NODEJS_22, ...props });
  return { stack, vpc, application, environment };
}

function encryptionResources(stack: Stack) {
  return Template.fromStack(stack).findResources('Custom::EbsEncryptionByDefault');
}

describe('BeanstalkEnvironment root volume encryption', () => {
  test('turns on EBS encryption by default before the environment starts instances', () => {
    // GIVEN / WHEN
    const { stack } = build();
    // THEN
    const template = Template.fromStack(stack);
    const [id, resource] = Object.entries(encryptionResources(stack))[0];
    expect(Object.keys(encryptionResources(stack))).toHaveLength(1);
    expect(resource.Properties.KmsKeyId).toBeUndefined();
    template.hasResource('AWS::ElasticBeanstalk::Environment', { DependsOn: Match.arrayWith([id]) });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['ec2:GetEbsEncryptionByDefault', 'ec2:EnableEbsEncryptionByDefault']),
          Resource: '*',
        })]),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/DisableEbsEncryptionByDefault/);
    expectValidOptionSettings(template);
  });

  test('runs the custom resource function in the private subnets of the VPC', () => {
    const { stack, vpc } = build();
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('EBS encryption by default'),
      VpcConfig: { SubnetIds: stack.resolve(vpc.privateSubnets.map((s) => s.subnetId)) },
    });
  });

  test('shares one custom resource between the environments of a stack', () => {
    const { stack, application, vpc } = build();
    new BeanstalkEnvironment(stack, 'Web2', { application, vpc, platform: Platform.NODEJS_22 });
    expect(Object.keys(encryptionResources(stack))).toHaveLength(1);
  });

  test('makes a key of ours the default EBS key and lets Auto Scaling use it', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    build({ rootVolumeEncryption: RootVolumeEncryption.enableAccountDefault(key) }, stack);
    const [, resource] = Object.entries(encryptionResources(stack))[0];
    expect(resource.Properties.KmsKeyId).toEqual(stack.resolve(key.keyArn));
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AutoScalingGrantsTheDefaultEbsKeyToEbs',
          Action: 'kms:CreateGrant',
          Condition: Match.objectLike({
            ArnEquals: { 'aws:PrincipalArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('AWSServiceRoleForAutoScaling')])] }) },
            Bool: { 'kms:GrantIsForAWSResource': 'true' },
          }),
        })]),
      },
    });
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('leaves the account setting alone when unmanaged', () => {
    const { stack } = build({ rootVolumeEncryption: RootVolumeEncryption.unmanaged() });
    expect(encryptionResources(stack)).toEqual({});
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('runs the function outside a VPC when used on its own', () => {
    const stack = testStack();
    new EbsEncryptionByDefault(stack, 'Ebs');
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { VpcConfig: Match.absent() });
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('fails when two environments of a stack want different default keys', () => {
    const { stack, application, vpc } = build();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    expect(() => new BeanstalkEnvironment(stack, 'Web2', {
      application, vpc, platform: Platform.NODEJS_22, rootVolumeEncryption: RootVolumeEncryption.enableAccountDefault(key),
    })).toThrow(/Stack\/Web2: rootVolumeEncryption \(Stack\/Key\) must use the same key as the other environments of stack Stack \(the AWS managed key aws\/ebs\)/);
  });
});

describe('BeanstalkEnvironment root volume', () => {
  test('is gp3 with the given size, IOPS and throughput', () => {
    const { stack } = build({ rootVolumeSize: 64, rootVolumeIops: 6000, rootVolumeThroughput: 250 });
    const template = Template.fromStack(stack);
    expectValidOptionSettings(template);
    for (const [option, value] of [['RootVolumeType', 'gp3'], ['RootVolumeSize', '64'], ['RootVolumeIOPS', '6000'], ['RootVolumeThroughput', '250']]) {
      template.hasResourceProperties('AWS::ElasticBeanstalk::Environment', {
        OptionSettings: Match.arrayWith([{ Namespace: 'aws:autoscaling:launchconfiguration', OptionName: option, Value: value }]),
      });
    }
  });

  test('fails when the root volume is smaller than gp3 allows', () => {
    expect(() => build({ rootVolumeSize: 8 })).toThrow(/Stack\/Web: rootVolumeSize \(8\) must be a whole number between 10 and 16384/);
  });

  test('fails when IOPS or throughput are outside the gp3 range', () => {
    expect(() => build({ rootVolumeIops: 100, rootVolumeThroughput: 2000 }))
      .toThrow(/rootVolumeIops \(100\) must be a whole number between 3000 and 16000[\s\S]*rootVolumeThroughput \(2000\) must be a whole number between 125 and 1000/);
  });
});
