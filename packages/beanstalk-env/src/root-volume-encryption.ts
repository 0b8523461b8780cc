import { Acknowledgements, Concern } from '@ebkit/core';
import { CfnResource, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EbsEncryptionFunction } from './private/handlers/ebs-encryption-function';

/**
 * How the root volumes of an environment's instances are encrypted.
 *
 * Elastic Beanstalk has no option setting for root volume encryption
 * (`aws:autoscaling:launchconfiguration` sets the type, size, IOPS and
 * throughput only). What encrypts them is EBS encryption by default, a
 * setting of the account in each region.
 */
export class RootVolumeEncryption {
  /**
   * Turn on EBS encryption by default in the account and region with a
   * custom resource (`EbsEncryptionByDefault`) that the environment depends
   * on. It never turns it off. Without a key, volumes use the AWS managed key
   * `aws/ebs`; with a key, it becomes the default EBS key of the region (for
   * every new volume of the account there, not only this environment's).
   *
   * @param key a customer managed key to make the region's default EBS key
   */
  public static enableAccountDefault(key?: kms.IKey): RootVolumeEncryption {
    return new RootVolumeEncryption(true, key);
  }

  /**
   * Leave the account's EBS encryption setting alone, for accounts where an
   * organization baseline already turns it on (or where the deploying role may
   * not change it). The root volumes are encrypted only if the account
   * encrypts new volumes by default.
   */
  public static unmanaged(): RootVolumeEncryption {
    return new RootVolumeEncryption(false, undefined);
  }

  /** Whether the construct turns on EBS encryption by default. */
  public readonly managed: boolean;
  /** The key made the default EBS key of the region, if any. */
  public readonly key?: kms.IKey;

  private constructor(managed: boolean, key?: kms.IKey) {
    this.managed = managed;
    this.key = key;
  }
}

/** Props of {@link EbsEncryptionByDefault}. */
export interface EbsEncryptionByDefaultProps {
  /**
   * A VPC whose private subnets (with egress) run the custom resource's
   * function.
   *
   * @default - the function runs outside any VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * A customer managed key to make the region's default EBS key. A key
   * defined in this app also lets the Auto Scaling service-linked role use it
   * (instances launched by an auto scaling group need that); a key imported
   * from elsewhere needs that statement in its own policy.
   *
   * @default - the AWS managed key aws/ebs
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * Turns on EBS encryption by default in the account and region of its stack
 * (`ec2:EnableEbsEncryptionByDefault`), and optionally sets the region's
 * default EBS key. Every new EBS volume of the account in that region is then
 * encrypted, including the root volumes that Elastic Beanstalk's auto scaling
 * groups create.
 *
 * Deleting it never turns encryption off. A default key it set is put back to
 * the AWS managed key on delete (when it is still the default), so that
 * deleting the key later cannot break volume creation in the region.
 */
export class EbsEncryptionByDefault extends Construct {
  /**
   * The one `EbsEncryptionByDefault` of a stack, created on first use. A
   * second request with a different key is an error.
   */
  public static ofStack(scope: Construct, props: EbsEncryptionByDefaultProps = {}): EbsEncryptionByDefault {
    const stack = Stack.of(scope);
    const id = 'EbkitEbsEncryptionByDefault';
    const existing = stack.node.tryFindChild(id) as EbsEncryptionByDefault | undefined;
    if (!existing) {
      return new EbsEncryptionByDefault(stack, id, props);
    }
    if (existing.encryptionKey !== props.encryptionKey) {
      const describe = (key?: kms.IKey) => key ? key.node.path : 'the AWS managed key aws/ebs';
      throw new Error(`${scope.node.path}: rootVolumeEncryption (${describe(props.encryptionKey)}) must use the same key as the `
        + `other environments of stack ${stack.node.path} (${describe(existing.encryptionKey)}): a region has one default EBS key`);
    }
    return existing;
  }

  /** The key made the region's default EBS key, if any. */
  public readonly encryptionKey?: kms.IKey;
  /** The custom resource; depend on it to start instances only once it is done. */
  public readonly resource: CustomResource;
  /** The function behind the custom resource. */
  public readonly function: lambda.IFunction;

  public constructor(scope: Construct, id: string, props: EbsEncryptionByDefaultProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.encryptionKey = props.encryptionKey;

    const fn = new EbsEncryptionFunction(this, 'Function', {
      description: 'Turns on EBS encryption by default in this account and region (never off)',
      timeout: Duration.minutes(1),
      memorySize: 256,
      reservedConcurrentExecutions: 1,
      tracing: lambda.Tracing.ACTIVE,
      ...(props.vpc ? {
        vpc: props.vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [new ec2.SecurityGroup(this, 'SecurityGroup', {
          vpc: props.vpc,
          description: `${this.node.path}: calls the EC2 API and the CloudFormation response URL`,
          allowAllOutbound: true,
        })],
      } : {}),
    });
    this.function = fn;
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['ec2:GetEbsEncryptionByDefault', 'ec2:EnableEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId',
        'ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId'],
      resources: ['*'],
    }));
    if (props.encryptionKey) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:DescribeKey'], resources: [props.encryptionKey.keyArn] }));
      // Instances of an auto scaling group are launched by its service-linked role: it must use the key.
      // The principal is the account, narrowed by a condition: a key policy may not name a role that does not exist yet.
      const serviceLinkedRole = `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
      props.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AutoScalingUsesTheDefaultEbsKey',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:PrincipalArn': serviceLinkedRole } },
      }));
      props.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AutoScalingGrantsTheDefaultEbsKeyToEbs',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          ArnEquals: { 'aws:PrincipalArn': serviceLinkedRole },
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
        },
      }));
    }

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::EbsEncryptionByDefault',
      properties: { KmsKeyId: props.encryptionKey?.keyArn },
    });

    Acknowledgements.iamWildcards(fn.role!, { resources: ['*'] },
      'EBS encryption by default is an account attribute: its EC2 actions (and X-Ray tracing) have no resource-level permissions');
    Acknowledgements.awsManagedPolicies(fn.role!, props.vpc
      ? ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole']
      : ['service-role/AWSLambdaBasicExecutionRole'],
    'The service-maintained policies that let the EBS-encryption function write its own logs (and manage its network interfaces in a VPC)');
    if (!props.vpc) {
      const reason = 'Calls only the EC2 account-attribute API and the CloudFormation response URL, no data: give a vpc to run it in one';
      Acknowledgements.add(fn, Concern.of('FunctionOutsideVpc', ['HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC']), reason);
      (fn.node.defaultChild as CfnResource).addMetadata('checkov', { skip: [{ id: 'CKV_AWS_117', comment: reason }] });
    }
    Acknowledgements.add(fn, Concern.PINNED_LAMBDA_RUNTIME, 'The runtime is fixed by the build that bundles the EBS-encryption handler (Node.js 22, supported)');
    Acknowledgements.add(fn, Concern.SYNCHRONOUS_FUNCTION_WITHOUT_DLQ, 'Invoked synchronously by CloudFormation, which reports a failure as a failed deployment');
    Acknowledgements.add(fn.role!.node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY,
      'CDK writes the EBS-encryption function\'s least-privilege statements as its role\'s own inline policy');
  }
}
