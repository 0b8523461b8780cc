import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { Acknowledgements, Concern } from '../src';

/** `<rule> <construct path>` of every unacknowledged finding of the three packs. */
function findings(scope: IConstruct): string[] {
  const found: string[] = [];
  for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()]) {
    for (const violation of pack.validateScope(scope).violations) {
      for (const resource of violation.violatingResources) {
        found.push(`${violation.ruleName} ${resource.constructPath}`);
      }
    }
  }
  return found;
}

function roleWithGrant() {
  const stack = new Stack(new App(), 'Stack');
  const bucket = new s3.Bucket(stack, 'Bucket');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const grant = bucket.grantRead(role);
  return { stack, bucket, role, grant };
}

describe('Acknowledgements.add', () => {
  test('acknowledges every rule of a concern on the resource, with one reason', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const bucket = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true });
    const before = findings(stack).filter((f) => /S3BucketLoggingEnabled|AwsSolutions-S1/.test(f));
    // WHEN
    Acknowledgements.add(bucket, Concern.LOG_BUCKET_WITHOUT_ACCESS_LOG, 'the access-log bucket itself cannot log into itself');
    // THEN
    expect(before).toEqual([
      'AwsSolutions-S1 Stack/Logs/Resource',
      'HIPAA.Security-S3BucketLoggingEnabled Stack/Logs/Resource',
      'NIST.800.53.R5-S3BucketLoggingEnabled Stack/Logs/Resource',
    ]);
    expect(findings(stack).filter((f) => /S3BucketLoggingEnabled|AwsSolutions-S1/.test(f))).toEqual([]);
    expect(Acknowledgements.of(bucket.node.defaultChild!)).toEqual([{
      name: 'LogBucketWithoutAccessLog',
      ruleIds: Concern.LOG_BUCKET_WITHOUT_ACCESS_LOG.ruleIds,
      reason: 'the access-log bucket itself cannot log into itself',
    }]);
  });

  test('does not cover a sibling resource of the same construct', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const bucket = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
    Acknowledgements.add(bucket, Concern.LOG_BUCKET_WITHOUT_ACCESS_LOG, 'the access-log bucket itself cannot log into itself');
    // WHEN
    const other = new s3.Bucket(bucket, 'Other', { enforceSSL: true });
    // THEN
    expect(findings(stack)).toContain(`AwsSolutions-S1 ${other.node.path}/Resource`);
  });

  test('fails when the construct has no resource of its own', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => Acknowledgements.add(stack, Concern.PINNED_LAMBDA_RUNTIME, 'a reason long enough to be read'))
      .toThrow(/Stack: PinnedLambdaRuntime must be acknowledged on a construct with a CloudFormation resource/);
  });

  test('fails when the reason is too short to tell a reviewer anything', () => {
    const { bucket } = roleWithGrant();
    expect(() => Acknowledgements.add(bucket, Concern.BUCKET_WITHOUT_REPLICATION, 'not needed'))
      .toThrow(/Stack\/Bucket\/Resource: acknowledgement BucketWithoutReplication needs a reason .*got 'not needed'/);
  });
});

describe('Acknowledgements.statementWildcards', () => {
  test('acknowledges exactly the wildcards of the grant the construct made', () => {
    // GIVEN
    const { stack, role, grant } = roleWithGrant();
    expect(findings(stack).filter((f) => f.startsWith('AwsSolutions-IAM5')).sort()).toEqual([
      'AwsSolutions-IAM5[Action::s3:GetBucket*] Stack/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Action::s3:GetObject*] Stack/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Action::s3:List*] Stack/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::<Bucket83908E77.Arn>/*] Stack/Role/DefaultPolicy/Resource',
    ]);
    // WHEN
    Acknowledgements.statementWildcards(role, grant.principalStatements, 'reads objects of its own bucket, as the CDK grant writes it');
    // THEN
    expect(findings(stack).filter((f) => f.startsWith('AwsSolutions-IAM5'))).toEqual([]);
  });

  test('a wildcard statement added afterwards is still reported', () => {
    // GIVEN
    const { stack, role, grant } = roleWithGrant();
    Acknowledgements.statementWildcards(role, grant.principalStatements, 'reads objects of its own bucket, as the CDK grant writes it');
    // WHEN
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    // THEN
    expect(findings(stack).filter((f) => f.startsWith('AwsSolutions-IAM5'))).toEqual([
      'AwsSolutions-IAM5[Action::s3:*] Stack/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::*] Stack/Role/DefaultPolicy/Resource',
    ]);
  });

  test('fails when the statements hold no wildcard', () => {
    const { role } = roleWithGrant();
    const exact = new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] });
    expect(() => Acknowledgements.statementWildcards(role, [exact], 'a reason long enough to be read'))
      .toThrow(/Stack\/Role: the statements have no wildcard to acknowledge/);
  });
});

describe('Acknowledgements.iamWildcards', () => {
  test('names the resource the way cdk-nag does, through Fn::Sub and Fn::Join', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(Acknowledgements.findingValue(stack, `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/x/*`))
      .toBe('arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/x/*');
    expect(Acknowledgements.findingValue(stack, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b/*' })).toBe('arn:<AWS::Partition>:s3:::b/*');
  });

  test('fails on an action without a wildcard', () => {
    const { role } = roleWithGrant();
    expect(() => Acknowledgements.iamWildcards(role, { actions: ['s3:GetObject'] }, 'a reason long enough to be read'))
      .toThrow(/Stack\/Role\/DefaultPolicy\/Resource: action s3:GetObject has no wildcard/);
  });

  test('fails on a construct that is not a policy', () => {
    const stack = new Stack(new App(), 'Stack');
    const topic = new s3.Bucket(stack, 'Bucket');
    expect(() => Acknowledgements.iamWildcards(topic, { actions: ['s3:*'] }, 'a reason long enough to be read'))
      .toThrow(/Stack\/Bucket: IamWildcards must be acknowledged on an IAM policy or a role/);
  });
});

describe('Acknowledgements.awsManagedPolicies', () => {
  test('acknowledges the named AWS-managed policies on the role only', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const role = new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'),
      ],
    });
    // WHEN
    Acknowledgements.awsManagedPolicies(role, ['service-role/AWSLambdaBasicExecutionRole'], 'the AWS-managed policy for a function writing its own logs');
    // THEN
    expect(findings(stack).filter((f) => f.startsWith('AwsSolutions-IAM4'))).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess] Stack/Role/Resource',
    ]);
  });
});

describe('the rule packs fail on planted defects', () => {
  test('a wildcard statement, an unencrypted bucket and an ingress from 0.0.0.0/0 are each named', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const { role, grant, bucket } = { ...roleWithGrantIn(stack) };
    Acknowledgements.statementWildcards(role, grant.principalStatements, 'reads objects of its own bucket, as the CDK grant writes it');
    // WHEN
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    new s3.CfnBucket(bucket, 'Unencrypted');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    new ec2.SecurityGroup(stack, 'Sg', { vpc }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    // THEN
    const found = findings(stack);
    expect(found).toContain('AwsSolutions-IAM5[Resource::*] Stack/Role/DefaultPolicy/Resource');
    expect(found).toContain('NIST.800.53.R5-S3DefaultEncryptionKMS Stack/Bucket/Unencrypted');
    expect(found).toContain('AwsSolutions-EC23 Stack/Sg/Resource');
  });
});

function roleWithGrantIn(stack: Stack) {
  const bucket = new s3.Bucket(stack, 'Bucket');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return { bucket, role, grant: bucket.grantRead(role) };
}
