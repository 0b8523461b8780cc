import { CfnResource, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * A recurring security concern that one or more cdk-nag rule packs (AwsSolutions, HIPAA Security,
 * NIST 800-53 rev 5) report, acknowledged once with one reason for all of them.
 *
 * @example
 * Acknowledgements.add(logsBucket, Concern.LOG_BUCKET_WITHOUT_ACCESS_LOG, 'why this bucket needs no log of its own');
 */
export class Concern {
  /** A bucket that receives access logs, which cannot log to itself. */
  public static readonly LOG_BUCKET_WITHOUT_ACCESS_LOG = new Concern('LogBucketWithoutAccessLog', [
    'AwsSolutions-S1', 'HIPAA.Security-S3BucketLoggingEnabled', 'NIST.800.53.R5-S3BucketLoggingEnabled',
  ]);
  /** A bucket encrypted with S3-managed keys, because the service writing to it requires them. */
  public static readonly BUCKET_WITH_S3_MANAGED_KEY = new Concern('BucketWithS3ManagedKey', [
    'HIPAA.Security-S3DefaultEncryptionKMS', 'NIST.800.53.R5-S3DefaultEncryptionKMS',
  ]);
  /** A bucket whose objects are not replicated to another region. */
  public static readonly BUCKET_WITHOUT_REPLICATION = new Concern('BucketWithoutReplication', [
    'HIPAA.Security-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled',
  ]);
  /** The inline policy CDK writes for a role's grants (`DefaultPolicy`). */
  public static readonly CDK_INLINE_POLICY = new Concern('CdkInlinePolicy', [
    'HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy',
  ]);
  /** A function invoked synchronously, whose caller sees every failure, so a DLQ would stay empty. */
  public static readonly SYNCHRONOUS_FUNCTION_WITHOUT_DLQ = new Concern('SynchronousFunctionWithoutDlq', [
    'HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ',
  ]);
  /**
   * A function CloudFormation calls during deployments (a custom resource or a deployment handler):
   * no reserved concurrency, no DLQ, no VPC.
   */
  public static readonly DEPLOYMENT_HANDLER = new Concern('DeploymentHandler', [
    'HIPAA.Security-LambdaConcurrency', 'NIST.800.53.R5-LambdaConcurrency',
    'HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ',
    'HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC',
  ]);
  /** A function whose runtime is pinned by the code it runs rather than the latest one. */
  public static readonly PINNED_LAMBDA_RUNTIME = new Concern('PinnedLambdaRuntime', ['AwsSolutions-L1']);
  /** An alarm that only some of its states notify (for example no OK action). */
  public static readonly ALARM_WITHOUT_EVERY_ACTION = new Concern('AlarmWithoutEveryAction', [
    'HIPAA.Security-CloudWatchAlarmAction', 'NIST.800.53.R5-CloudWatchAlarmAction',
  ]);
  /** A public subnet's default route to the internet gateway. */
  public static readonly PUBLIC_SUBNET_ROUTE_TO_INTERNET = new Concern('PublicSubnetRouteToInternet', [
    'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
  ]);
  /** A CodeBuild project whose source is a pipeline artifact, not a repository URL. */
  public static readonly CODEBUILD_SOURCE_FROM_PIPELINE = new Concern('CodeBuildSourceFromPipeline', [
    'HIPAA.Security-CodeBuildProjectSourceRepoUrl', 'NIST.800.53.R5-CodeBuildProjectSourceRepoUrl',
  ]);
  /** A database protected by another mechanism than an AWS Backup plan. */
  public static readonly DATABASE_OUTSIDE_BACKUP_PLAN = new Concern('DatabaseOutsideBackupPlan', [
    'HIPAA.Security-RDSInBackupPlan', 'NIST.800.53.R5-RDSInBackupPlan',
  ]);

  /**
   * A concern of your own: a name a reviewer reads and the rule ids it covers.
   *
   * @param name a PascalCase name, e.g. `RedirectOnlyDistribution`
   * @param ruleIds the cdk-nag rule ids, e.g. `AwsSolutions-CFR1`; granular rules take the finding
   *   in brackets, e.g. `AwsSolutions-IAM5[Action::s3:*]`
   */
  public static of(name: string, ruleIds: string[]): Concern {
    return new Concern(name, ruleIds);
  }

  /** The name of the concern, shown in docs/security-acknowledgements.md. */
  public readonly name: string;
  /** The rule ids it acknowledges. */
  public readonly ruleIds: string[];

  private constructor(name: string, ruleIds: string[]) {
    if (ruleIds.length === 0) {
      throw new Error(`concern ${name}: ruleIds must name at least one rule`);
    }
    this.name = name;
    this.ruleIds = [...ruleIds];
  }
}

/** Wildcards of IAM statements a construct created, as cdk-nag AwsSolutions-IAM5 names them. */
export interface IamWildcards {
  /**
   * Actions with a `*`, e.g. `s3:GetObject*`, exactly as written in the statement.
   *
   * @default - none
   */
  readonly actions?: string[];
  /**
   * Resources with a `*`, as given to the statement (tokens allowed): they are resolved in the
   * policy's stack and flattened the way cdk-nag names them (`<Logical.Arn>/*`).
   *
   * @default - none
   */
  readonly resources?: string[];
}

/** One acknowledgement recorded by {@link Acknowledgements}. */
export interface AcknowledgementRecord {
  /** The concern's name (`IamWildcards` and `AwsManagedPolicy` for the IAM helpers). */
  readonly name: string;
  /** The rule ids acknowledged, findings included (`AwsSolutions-IAM5[Action::s3:Abort*]`). */
  readonly ruleIds: string[];
  /** Why the construct needs it. */
  readonly reason: string;
}

/**
 * Acknowledges cdk-nag findings at construction time on exactly the CloudFormation resource that
 * causes them: one named acknowledgement, one reason, every rule pack it concerns.
 *
 * Nothing is read from the construct tree later: an IAM wildcard, a bucket or an ingress added
 * after the construct is built is reported by cdk-nag.
 */
export class Acknowledgements {
  /** The construct-metadata key under which each acknowledgement is recorded for reports. */
  public static readonly METADATA_KEY = 'ebkit:acknowledgement';

  /**
   * Acknowledges `concern` on `scope`'s CloudFormation resource (`scope` itself, or its default child).
   *
   * @throws if `scope` has no CloudFormation resource of its own, or `reason` is shorter than six words
   */
  public static add(scope: IConstruct, concern: Concern, reason: string): void {
    Acknowledgements.record(resourceOf(scope, concern.name), concern.name, concern.ruleIds, reason);
  }

  /**
   * Acknowledges (AwsSolutions-IAM5, appliesTo) the given wildcard actions and resources in the
   * IAM policy of `policy`: an `iam.Policy`, a role (its `DefaultPolicy`) or a `CfnPolicy`.
   * Only these findings are acknowledged: another wildcard in the same policy is still reported.
   */
  public static iamWildcards(policy: IConstruct, wildcards: IamWildcards, reason: string): void {
    const resource = policyResourceOf(policy);
    const stack = Stack.of(resource);
    const ids = [
      ...(wildcards.actions ?? []).map((action) => {
        if (!action.includes('*')) {
          throw new Error(`${resource.node.path}: action ${action} has no wildcard to acknowledge`);
        }
        return `AwsSolutions-IAM5[Action::${action}]`;
      }),
      ...(wildcards.resources ?? []).map((value) => {
        const flat = Acknowledgements.findingValue(stack, value);
        if (!flat.includes('*')) {
          throw new Error(`${resource.node.path}: resource ${flat} has no wildcard to acknowledge`);
        }
        return `AwsSolutions-IAM5[Resource::${flat}]`;
      }),
    ];
    Acknowledgements.record(resource, 'IamWildcards', ids, reason);
  }

  /**
   * Acknowledges the wildcards of statements the construct itself created and added to `policy`
   * (for example `grant.principalStatements` of a CDK grant), read from the statement objects now.
   */
  public static statementWildcards(policy: IConstruct, statements: iam.PolicyStatement[], reason: string): void {
    const stack = Stack.of(policy);
    const actions = new Set<string>();
    const resources = new Set<string>();
    for (const statement of statements) {
      if (statement.effect !== iam.Effect.ALLOW) {
        continue;
      }
      statement.actions.filter((a) => a.includes('*')).forEach((a) => actions.add(a));
      statement.resources.filter((r) => Acknowledgements.findingValue(stack, r).includes('*')).forEach((r) => resources.add(r));
    }
    if (actions.size + resources.size === 0) {
      throw new Error(`${policy.node.path}: the statements have no wildcard to acknowledge`);
    }
    Acknowledgements.iamWildcards(policy, { actions: [...actions], resources: [...resources] }, reason);
  }

  /**
   * Acknowledges the wildcards one policy holds at this moment, for a policy aws-cdk-lib writes on its
   * own behind an L2 (a pipeline action's role, a CodeBuild project's role, a singleton handler), whose
   * statements the construct cannot hold one by one. Call it at the end of the constructor that made
   * them: the set is fixed then, so a wildcard added to the policy later is still reported.
   *
   * @returns false (and records nothing) when the policy holds no wildcard
   */
  public static policyWildcardsNow(policy: IConstruct, reason: string): boolean {
    const resource = policyResourceOf(policy);
    const stack = Stack.of(resource);
    const documents = resource instanceof iam.CfnRole
      ? (stack.resolve(resource.policies) ?? []).map((p: any) => stack.resolve(p.policyDocument))
      : [stack.resolve((resource as iam.CfnPolicy).policyDocument)];
    const actions = new Set<string>();
    const resources = new Set<string>();
    for (const document of documents) {
      for (const statement of [document?.Statement ?? []].flat()) {
        if (statement.Effect !== 'Allow') {
          continue;
        }
        [statement.Action ?? []].flat().filter((a: any) => typeof a === 'string' && a.includes('*')).forEach((a: string) => actions.add(a));
        [statement.Resource ?? []].flat().map(flatten).filter((r: string) => r.includes('*')).forEach((r: string) => resources.add(r));
      }
    }
    if (actions.size + resources.size === 0) {
      return false;
    }
    const ids = [...[...actions].map((a) => `AwsSolutions-IAM5[Action::${a}]`), ...[...resources].map((r) => `AwsSolutions-IAM5[Resource::${r}]`)];
    Acknowledgements.record(resource, 'IamWildcards', ids, reason);
    return true;
  }

  /**
   * Acknowledges (AwsSolutions-IAM4, appliesTo) AWS-managed policies attached to `role`,
   * by name (`service-role/AWSLambdaBasicExecutionRole`).
   */
  public static awsManagedPolicies(role: IConstruct, policyNames: string[], reason: string): void {
    const resource = resourceOf(role, 'AwsManagedPolicy');
    const ids = policyNames.map((name) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`);
    Acknowledgements.record(resource, 'AwsManagedPolicy', ids, reason);
  }

  /** The acknowledgements recorded on one construct (not its children). */
  public static of(scope: IConstruct): AcknowledgementRecord[] {
    return scope.node.metadata
      .filter((entry) => entry.type === Acknowledgements.METADATA_KEY)
      .map((entry) => entry.data as AcknowledgementRecord);
  }

  /**
   * Renders a value (a string with tokens, or a resolved CloudFormation expression) the way
   * cdk-nag names it in a finding: `${X}` becomes `<X>`, `Ref` `<X>`, `Fn::GetAtt` `<X.Attr>`.
   */
  public static findingValue(stack: Stack, value: any): string {
    return flatten(Token.isUnresolved(value) || typeof value === 'object' ? stack.resolve(value) : value);
  }

  private static record(resource: CfnResource, name: string, ruleIds: string[], reason: string): void {
    if (reason.trim().split(/\s+/).length < 6) {
      throw new Error(`${resource.node.path}: acknowledgement ${name} needs a reason a reviewer can read (six words or more), got '${reason}'`);
    }
    if (ruleIds.length === 0) {
      throw new Error(`${resource.node.path}: acknowledgement ${name} names no rule`);
    }
    Validations.of(resource).acknowledge(...ruleIds.map((id) => ({ id, reason })));
    resource.node.addMetadata(Acknowledgements.METADATA_KEY, { name, ruleIds, reason });
  }

  private constructor() {}
}

function resourceOf(scope: IConstruct, what: string): CfnResource {
  const resource = CfnResource.isCfnResource(scope) ? scope : scope.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new Error(`${scope.node.path}: ${what} must be acknowledged on a construct with a CloudFormation resource of its own`);
  }
  return resource;
}

function policyResourceOf(scope: IConstruct): CfnResource {
  if (scope instanceof iam.CfnPolicy || scope instanceof iam.CfnManagedPolicy || scope instanceof iam.CfnRole) {
    return scope;
  }
  const defaultPolicy = scope.node.tryFindChild('DefaultPolicy');
  if (defaultPolicy) {
    return resourceOf(defaultPolicy, 'IamWildcards');
  }
  const resource = scope.node.defaultChild;
  if (resource instanceof iam.CfnPolicy || resource instanceof iam.CfnManagedPolicy) {
    return resource;
  }
  throw new Error(`${scope.node.path}: IamWildcards must be acknowledged on an IAM policy or a role with a DefaultPolicy`);
}

function flatten(node: any): string {
  if (node === undefined || node === null) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\${/g, '<').replace(/}/g, '>');
  }
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'];
    return items.map(flatten).join(delimiter);
  }
  if (node['Fn::Sub']) {
    return flatten(node['Fn::Sub']);
  }
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (node['Fn::ImportValue']) {
    return flatten(node['Fn::ImportValue']);
  }
  if (node.Ref) {
    return `<${flatten(node.Ref)}>`;
  }
  return JSON.stringify(node);
}
