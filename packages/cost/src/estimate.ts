import { Assembly, StackTemplate, TemplateResource } from './assembly';
import { creditUse, instanceFacts } from './burstable';
import { loadBalancerCapacityUnits } from './lcu';
import { loadPriceTable, Price, PriceTable } from './prices';
import { OptionSettings, bool, listCount, mappedString, num, refTarget, str } from './private/template-values';
import { UsageProfile } from './profile';

/** fixed: the same every month for the deployed templates; usage: grows with traffic and data. */
export type CostKind = 'fixed' | 'usage';

/** One priced line of the estimate: quantity x unit price (per `per` units) = amount. */
export interface CostLine {
  readonly stack: string;
  /** Logical id of the resource, or `-` for account-wide usage. */
  readonly resource: string;
  readonly type: string;
  readonly description: string;
  readonly kind: CostKind;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly per: number;
  readonly amount: number;
  /** Key of the figure in the price table. */
  readonly priceKey: string;
  readonly note?: string;
  /**
   * Where the quantity came from: `template` (the synthesized templates), `profile <field>` (the
   * usage profile's type-wide figure), `profile resources['<path>'].<field>` (the figure the profile
   * gives that one resource), `derived: ...` (computed from other figures), `plan`, `lifecycle`...
   */
  readonly source: string;
}

/** Something that costs money but has no price in the table: never counted as zero. */
export interface NotPricedItem {
  readonly stack: string;
  readonly resource: string;
  readonly type: string;
  readonly reason: string;
}

/** A resource with no charge of its own (IAM, security groups, routes...). */
export interface NoChargeItem {
  readonly stack: string;
  readonly resource: string;
  readonly type: string;
}

export interface Totals {
  readonly fixed: number;
  readonly usage: number;
  readonly total: number;
}

export interface StackEstimate {
  readonly name: string;
  readonly lines: CostLine[];
  readonly notPriced: NotPricedItem[];
  readonly totals: Totals;
}

/** The monthly estimate of an assembly under a usage profile. */
export interface Estimate {
  readonly region: string;
  readonly currency: string;
  /** "As of" date of the price table. */
  readonly asOf: string;
  readonly hoursPerMonth: number;
  readonly profile?: string;
  readonly stacks: StackEstimate[];
  readonly lines: CostLine[];
  readonly notPriced: NotPricedItem[];
  readonly noCharge: NoChargeItem[];
  /** Values the estimate had to assume because the templates do not say. */
  readonly assumptions: string[];
  readonly totals: Totals;
  /** The Elastic Beanstalk environments: which one takes the traffic, how the idle one spends the month, and what each costs. */
  readonly environments: EnvironmentSummary[];
}

/** One Elastic Beanstalk environment in the release lifecycle. */
export interface EnvironmentSummary {
  readonly stack: string;
  readonly resource: string;
  readonly name: string;
  /** live: takes the traffic; idle: the other one of a blue/green pair; single: no pair. */
  readonly role: 'live' | 'idle' | 'single';
  /** For an idle environment: warm, scaled-down or stopped. */
  readonly mode?: string;
  /** Hours a month the idle environment runs at full size (releases and drains). */
  readonly fullSizeHours?: number;
  readonly totals: Totals;
}

export interface EstimateOptions {
  /** Region of the price table. @default - the profile's region, else the stacks' region, else us-east-1 */
  readonly region?: string;
  /** Price table to use instead of the packaged one for the region. */
  readonly priceTable?: PriceTable;
}

/** Stack name used for usage that no resource of the templates carries (data transfer...). */
export const ACCOUNT = '(account)';

const KB_PER_GB = 1024 * 1024;

/**
 * The Secrets Manager rotation function of a rotation application: one invocation for each of
 * its four steps (createSecret, setSecret, testSecret, finishSecret) a rotation, at the Lambda
 * default memory and an assumed second a step (the function is not in the assembly).
 */
const ROTATION_STEPS = 4;
const ROTATION_MEMORY_GB = 128 / 1024;
const ROTATION_STEP_SECONDS = 1;

/** Resource types with no charge of their own (their cost, if any, is usage of another line). */
const NO_CHARGE = new Set([
  'AWS::CDK::Metadata', 'AWS::CloudFormation::WaitConditionHandle', 'AWS::CloudFormation::WaitCondition',
  'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::Route',
  'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry', 'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::LaunchTemplate', 'AWS::EC2::EgressOnlyInternetGateway', 'AWS::EC2::VPCCidrBlock',
  'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::InstanceProfile', 'AWS::IAM::ServiceLinkedRole',
  'AWS::ElasticBeanstalk::Application', 'AWS::ElasticBeanstalk::ApplicationVersion', 'AWS::ElasticBeanstalk::ConfigurationTemplate',
  'AWS::Route53::RecordSet', 'AWS::Route53::RecordSetGroup', 'AWS::CertificateManager::Certificate',
  'AWS::RDS::DBSubnetGroup', 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup', 'AWS::RDS::OptionGroup',
  'AWS::SecretsManager::SecretTargetAttachment', 'AWS::SecretsManager::ResourcePolicy',
  'AWS::S3::BucketPolicy', 'AWS::KMS::Alias', 'AWS::Logs::ResourcePolicy', 'AWS::Logs::MetricFilter', 'AWS::Logs::SubscriptionFilter',
  'AWS::Lambda::Permission', 'AWS::Lambda::LayerVersion', 'AWS::Lambda::Version', 'AWS::Lambda::Alias', 'AWS::Lambda::EventInvokeConfig',
  'AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection', 'AWS::Backup::BackupVault',
  'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule', 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription', 'AWS::SQS::QueuePolicy',
  'AWS::Events::Rule', 'AWS::CodeStarNotifications::NotificationRule', 'AWS::SSM::Parameter',
  'AWS::AutoScaling::ScalingPolicy', 'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy',
]);

interface Ref {
  readonly stack: string;
  readonly id: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly resource: TemplateResource;
  readonly resources: Record<string, TemplateResource>;
  /** The template's `Mappings` (for `Fn::FindInMap` values). */
  readonly mappings?: unknown;
  readonly path?: string;
}

interface SpreadOptions {
  readonly note?: string;
  /** Show a zero line on every carrier when the profile gives no quantity. */
  readonly showZero?: boolean;
  /** Never bill the account when no resource carries the quantity. */
  readonly carriersOnly?: boolean;
  /** The profile field of the quantity (e.g. `s3.standardGb`): a resource the profile gives its own figure for takes that one. */
  readonly field?: string;
  /** Profile units to the price's units (e.g. 1e6 for `dns.queriesMillions`). @default 1 */
  readonly scale?: number;
  /** Where the type-wide quantity came from. @default - `profile <field>` */
  readonly source?: string;
}

interface Carrier {
  readonly stack: string;
  readonly id: string;
  readonly type: string;
  /** Construct path (`aws:cdk:path` metadata, without the trailing `/Resource`), when the template has it. */
  readonly path?: string;
}

/**
 * Prices every stack of an assembly under a usage profile: fixed lines from the templates,
 * usage lines from the profile, and everything without a price listed as not priced.
 */
export function estimate(assembly: Assembly, profile: UsageProfile, options: EstimateOptions = {}): Estimate {
  const regions = [...new Set(assembly.stacks.map((s) => s.region).filter((r): r is string => r !== undefined))];
  const region = options.region ?? profile.region ?? (regions.length === 1 ? regions[0] : 'us-east-1');
  const table = options.priceTable ?? loadPriceTable(region);
  return new Estimator(table, profile).run(assembly);
}

class Estimator {
  private readonly lines: CostLine[] = [];
  private readonly notPriced: NotPricedItem[] = [];
  private readonly noCharge: NoChargeItem[] = [];
  private readonly assumptions: string[] = [];
  private readonly hours: number;
  private readonly carriers = new Map<string, Carrier[]>();
  private readonly lambdas: Array<{ carrier: Carrier; arch: string; memoryGb: number }> = [];
  /** CloudFront distributions and how many functions run on each request of their default behaviour. */
  private readonly distributions: Array<{ carrier: Carrier; functions: number }> = [];
  /** SNS topics with their email and HTTP/S subscriptions. */
  private readonly topics: Array<{ carrier: Carrier; email: number; http: number }> = [];
  /** VPC flow logs, their destination and (CloudWatch Logs) log group. */
  private readonly flowLogs: Array<{ carrier: Carrier; destination: 'cloudwatch' | 's3'; logGroup?: string }> = [];
  private rdsProvisionedGb = 0;
  /** Load-balanced environments that take traffic (all but the idle ones). */
  private liveEnvironments = 0;
  /** Every Elastic Beanstalk environment, and whether it is one of a blue/green pair. */
  private environments: Array<{ stack: string; id: string; name: string; paired: boolean }> = [];
  /** How each idle environment spends the month. */
  private readonly idleSettings = new Map<string, { mode: string; scaledDownInstances: number; fullHours: number; how: string; from: string }>();
  /** Environments (stack, logical id) that are the idle side of a blue/green pair. */
  private readonly idle = new Set<string>();
  /** `resources` entries of the profile that addressed a resource. */
  private readonly addressed = new Set<string>();
  /** Every resource of the assembly, for the `resources` entries that address none. */
  private readonly known: Carrier[] = [];
  private v1Pipelines = 0;
  private standardAlarmMetrics = 0;

  constructor(private readonly table: PriceTable, private readonly profile: UsageProfile) {
    this.hours = table.hoursPerMonth;
  }

  public run(assembly: Assembly): Estimate {
    this.releaseLifecycle(assembly);
    for (const stack of assembly.stacks) {
      this.priceStack(stack);
    }
    this.priceUsage();
    this.checkAddresses();
    const stackNames = [...assembly.stacks.map((s) => s.name), ACCOUNT];
    const stacks = stackNames.map((name) => {
      const lines = this.lines.filter((l) => l.stack === name);
      return { name, lines, notPriced: this.notPriced.filter((n) => n.stack === name), totals: totals(lines) };
    }).filter((s) => s.name !== ACCOUNT || s.lines.length > 0 || s.notPriced.length > 0);
    return {
      region: this.table.region,
      currency: this.table.currency,
      asOf: this.table.asOf,
      hoursPerMonth: this.hours,
      profile: this.profile.name,
      stacks,
      lines: this.lines,
      notPriced: this.notPriced,
      noCharge: this.noCharge,
      assumptions: this.assumptions,
      totals: totals(this.lines),
      environments: this.environments.map((env) => {
        const k = `${env.stack}\u0000${env.id}`;
        const idle = this.idleSettings.get(k);
        const role: EnvironmentSummary['role'] = idle ? 'idle' : env.paired ? 'live' : 'single';
        return {
          stack: env.stack,
          resource: env.id,
          name: env.name,
          role,
          ...(idle ? { mode: idle.mode, fullSizeHours: idle.fullHours } : {}),
          totals: totals(this.lines.filter((l) => l.stack === env.stack && l.resource === env.id)),
        };
      }),
    };
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The release lifecycle: two load-balanced environments of one application are a blue/green
   * pair; one holds the production CNAME (live, takes the traffic), the other is idle. The idle one
   * runs at full size during a release (deploy, test, approval, swap, bake, then the drain), and
   * afterwards as the pipeline leaves it: warm (full size), scaled down (its ScaleDown stage), or
   * stopped (the profile's choice).
   */
  private releaseLifecycle(assembly: Assembly): void {
    const environments = assembly.stacks.flatMap((st) => Object.entries(st.template.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::ElasticBeanstalk::Environment')
      .map(([id, r]) => ({ stack: st.name, id, resource: r, resources: st.template.Resources ?? {} })));
    const scaleDown = pipelineScaleDown(assembly);
    const lc = this.profile.lifecycle ?? {};
    const groups = new Map<string, typeof environments>();
    for (const e of environments) {
      const o = OptionSettings.of(e.resource, e.resources);
      if (o.get('aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance') continue;
      const key = `${e.stack}\u0000${JSON.stringify(e.resource.Properties?.ApplicationName ?? null)}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    for (const pair of groups.values()) {
      if (pair.length !== 2) continue;
      const nameOf = (e: typeof pair[number]) => str(e.resource.Properties?.EnvironmentName) ?? e.id;
      const wanted = lc.liveEnvironment;
      const live = wanted !== undefined ? pair.find((e) => nameOf(e) === wanted || e.id === wanted) : pair[0];
      if (!live) continue;
      const idle = pair.find((e) => e !== live)!;
      if (wanted === undefined) {
        this.assume(`blue/green pair ${nameOf(pair[0])} / ${nameOf(pair[1])}: ${nameOf(live)} taken as live (it takes the traffic), ${nameOf(idle)} as idle; lifecycle.liveEnvironment chooses`);
      }
      this.idle.add(`${idle.stack}\u0000${idle.id}`);
      const mode = lc.idle ?? (scaleDown ? 'scaled-down' : 'warm');
      const releaseMinutes = lc.releaseMinutes ?? this.profile.pipeline?.actionMinutesPerRun ?? 30;
      const drainMinutes = lc.drainMinutes ?? (scaleDown ? scaleDown.drainSeconds / 60 : 0);
      const runs = this.profile.pipeline?.runsPerMonth ?? 0;
      const fullHours = Math.min(this.hours, runs * (releaseMinutes + drainMinutes) / 60);
      this.idleSettings.set(`${idle.stack}\u0000${idle.id}`, {
        mode,
        scaledDownInstances: lc.scaledDownInstances ?? scaleDown?.instances ?? 1,
        fullHours,
        how: `${fmt(runs)} releases x (${fmt(releaseMinutes)} min release + ${fmt(drainMinutes)} min drain)`,
        from: lc.idle !== undefined ? 'profile lifecycle.idle' : scaleDown ? 'the pipeline\'s ScaleDown stage' : 'no ScaleDown stage in the pipeline',
      });
    }
    this.liveEnvironments = environments.filter((e) => !this.idle.has(`${e.stack}\u0000${e.id}`)).length;
    const paired = new Set([...groups.values()].filter((g) => g.length === 2).flat());
    this.environments = environments.map((e) => ({
      // without an EnvironmentName, the logical id without the hash CDK appends (EnvironmentsBlue97EACA00)
      stack: e.stack, id: e.id, name: str(e.resource.Properties?.EnvironmentName) ?? e.id.replace(/[0-9A-F]{8}$/, ''), paired: paired.has(e),
    }));
  }

  /** Whether a load balancer carrier is an idle environment of a blue/green pair (it takes no traffic). */
  private idleEnvironment(c: Carrier): boolean {
    return this.idle.has(`${c.stack}\u0000${c.id}`);
  }

  /** A `resources` entry that addresses no resource, or gives figures nothing used, is an error: its figures would be lost silently. */
  private checkAddresses(): void {
    const problems: string[] = [];
    for (const address of Object.keys(this.profile.resources ?? {})) {
      if (this.addressed.has(address)) continue;
      const target = this.known.find((c) => addresses(c).includes(address));
      problems.push(target
        ? `resources['${address}'] (${target.type}): none of its figures applies to this resource (${Object.keys(this.profile.resources![address]).join(', ')})`
        : `resources['${address}']: no resource has this construct path or <stack>/<logical id> (e.g. ${this.known.slice(0, 3).map((c) => addresses(c)[0]).join(', ')})`);
    }
    if (problems.length > 0) {
      throw new Error(`usage profile${this.profile.name ? ` ${this.profile.name}` : ''}: ${problems.join('; ')}`);
    }
  }

  private price(key: string): Price | undefined {
    return this.table.prices[key];
  }

  /** Adds a line, or a not-priced item when the table has no such figure. */
  private add(c: Carrier, kind: CostKind, key: string, quantity: number, description?: string, note?: string, factor: number = 1,
    source?: string): void {
    const p = this.price(key);
    if (!p) {
      this.notPriced.push({ stack: c.stack, resource: c.id, type: c.type, reason: `no price for ${key} in ${this.table.region}${description ? ` (${description})` : ''}` });
      return;
    }
    const per = p.per ?? 1;
    const unitPrice = p.price * factor;
    this.lines.push({
      stack: c.stack,
      resource: c.id,
      type: c.type,
      description: description ?? p.description,
      kind,
      quantity,
      unit: p.unit,
      unitPrice,
      per,
      amount: (quantity / per) * unitPrice,
      priceKey: key,
      note,
      source: source ?? (kind === 'fixed' ? 'template' : 'profile'),
    });
  }

  private notPricedItem(c: Carrier, reason: string): void {
    this.notPriced.push({ stack: c.stack, resource: c.id, type: c.type, reason });
  }

  private carry(group: string, c: Carrier): void {
    const list = this.carriers.get(group) ?? [];
    list.push(c);
    this.carriers.set(group, list);
  }

  private assume(text: string): void {
    if (!this.assumptions.includes(text)) this.assumptions.push(text);
  }

  // ---------------------------------------------------------------- fixed, per resource

  private priceStack(stack: StackTemplate): void {
    const resources = stack.template.Resources ?? {};
    const mappings = stack.template.Mappings;
    for (const [id, resource] of Object.entries(resources)) {
      const cdkPath = (resource.Metadata as Record<string, unknown> | undefined)?.['aws:cdk:path'];
      const constructPath = typeof cdkPath === 'string' ? cdkPath.replace(/\/(Resource|Default)$/, '') : undefined;
      const ref: Ref = {
        stack: stack.name, id, type: resource.Type, props: resource.Properties ?? {}, resource, resources, mappings, path: constructPath,
      };
      this.known.push(ref);
      this.priceResource(ref);
    }
  }

  private priceResource(r: Ref): void {
    const p = r.props;
    switch (r.type) {
      case 'AWS::ElasticBeanstalk::Environment': return this.beanstalkEnvironment(r);
      case 'AWS::RDS::DBInstance': return this.rdsInstance(r);
      case 'AWS::EC2::NatGateway':
        this.add(r, 'fixed', 'nat.hour', this.hours);
        return this.carry('nat', r);
      case 'AWS::EC2::EIP':
        return this.add(r, 'fixed', 'ipv4.hour', this.hours, 'Public IPv4 address (Elastic IP)');
      case 'AWS::EC2::Instance':
        return this.add(r, 'fixed', `ec2.instance.${str(p.InstanceType) ?? 'm1.small'}`, this.hours, `EC2 instance ${str(p.InstanceType) ?? 'm1.small'}`);
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer': return this.loadBalancerV2(r);
      case 'AWS::ElasticLoadBalancing::LoadBalancer':
        this.add(r, 'fixed', 'elb.classic.hour', this.hours, 'Classic Load Balancer hour');
        return this.carry('lb.classic', r);
      case 'AWS::Route53::HostedZone':
        this.add(r, 'fixed', 'route53.zone', 1, 'Route 53 hosted zone');
        return this.carry('zone', r);
      case 'AWS::Route53::HealthCheck': return this.healthCheck(r);
      case 'AWS::S3::Bucket': return this.carry('s3', r);
      case 'AWS::Backup::BackupVault':
        this.noCharge.push({ stack: r.stack, resource: r.id, type: r.type });
        return this.carry('backup', r);
      case 'AWS::KMS::Key':
        this.add(r, 'fixed', 'kms.key', 1, 'KMS customer managed key');
        return this.carry('kms', r);
      case 'AWS::SecretsManager::Secret':
        this.add(r, 'fixed', 'secretsmanager.secret', 1, 'Secrets Manager secret');
        return this.carry('secrets', r);
      case 'AWS::CodePipeline::Pipeline': return this.pipeline(r);
      case 'AWS::CodeBuild::Project': return this.codeBuild(r);
      case 'AWS::Lambda::Function': return this.lambdaFunction(r);
      case 'AWS::Logs::LogGroup':
        this.noCharge.push({ stack: r.stack, resource: r.id, type: r.type });
        return this.carry('logs', r);
      case 'AWS::CloudFront::Distribution': return this.distribution(r);
      case 'AWS::CloudFront::Function': return this.carry('cloudfront.function', r);
      case 'AWS::StepFunctions::StateMachine':
        if ((str(p.StateMachineType) ?? 'STANDARD').toUpperCase() === 'EXPRESS') {
          return this.notPricedItem(r, 'Step Functions Express workflows are not priced (billed per request and GB-second of duration)');
        }
        return this.carry('sfn', r);
      case 'AWS::SNS::Topic': return this.topic(r);
      case 'AWS::EC2::FlowLog': return this.flowLog(r);
      case 'AWS::Serverless::Application': return this.serverlessApplication(r);
      case 'AWS::SecretsManager::RotationSchedule': {
        const hosted = p.HostedRotationLambda as Record<string, unknown> | undefined;
        if (hosted === undefined) {
          this.noCharge.push({ stack: r.stack, resource: r.id, type: r.type });
          return;
        }
        return this.rotationFunction(r, `hosted ${str(hosted.RotationType) ?? 'rotation'} function`, [p.RotationRules]);
      }
      case 'AWS::CloudWatch::Alarm': {
        const metrics = Array.isArray(p.Metrics) ? (p.Metrics as Array<Record<string, unknown>>).filter((m) => m.MetricStat).length : 1;
        const highResolution = (num(p.Period) ?? 60) < 60;
        if (!highResolution) this.standardAlarmMetrics += Math.max(metrics, 1);
        return this.add(r, 'fixed', highResolution ? 'cloudwatch.alarm.highResolution' : 'cloudwatch.alarm.standard', Math.max(metrics, 1), 'CloudWatch alarm metric');
      }
      default:
        if (NO_CHARGE.has(r.type) || r.type.startsWith('Custom::') || r.type === 'AWS::CloudFormation::CustomResource') {
          this.noCharge.push({ stack: r.stack, resource: r.id, type: r.type });
        } else {
          this.notPricedItem(r, `resource type ${r.type} is not priced`);
        }
    }
  }

  private beanstalkEnvironment(r: Ref): void {
    const o = OptionSettings.of(r.resource, r.resources);
    const name = str(r.props.EnvironmentName) ?? r.id;
    const single = o.get('aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance';
    let min = single ? 1 : num(o.raw('aws:autoscaling:asg', 'MinSize')) ?? 1;
    let max = single ? 1 : num(o.raw('aws:autoscaling:asg', 'MaxSize')) ?? 4;
    for (const option of ['MinSize', 'MaxSize']) {
      if (o.has('aws:autoscaling:asg', option) && num(o.raw('aws:autoscaling:asg', option)) === undefined) {
        this.assume(`environment ${name}: ${option} is not a literal number: assumed the Elastic Beanstalk default (${option === 'MinSize' ? 1 : 4})`);
      }
    }
    const capacity = this.profile.capacity;
    const applies = capacity !== undefined
      && (capacity.environments === undefined || capacity.environments.includes(name) || capacity.environments.includes(r.id));
    let sizeNote = `MinSize ${min}, MaxSize ${max} from the option settings`;
    if (applies && !single && (capacity.minInstances !== undefined || capacity.maxInstances !== undefined)) {
      min = capacity.minInstances ?? min;
      max = Math.max(capacity.maxInstances ?? max, min);
      sizeNote = `min ${min}, max ${max} from the usage profile`;
    }
    const idle = this.idleSettings.get(`${r.stack}\u0000${r.id}`);
    // the idle environment takes no traffic: no instances above its minimum
    const average = !idle && applies && capacity.averageInstances !== undefined ? Math.min(Math.max(capacity.averageInstances, min), max) : min;
    const extra = average - min;

    const instanceTypes = o.get('aws:ec2:instances', 'InstanceTypes') ?? o.get('aws:autoscaling:launchconfiguration', 'InstanceType');
    const instanceType = (applies ? capacity.instanceType : undefined) ?? instanceTypes?.split(',')[0].trim();
    if (applies && capacity.instanceType !== undefined) sizeNote += `; instance type ${capacity.instanceType} from the usage profile`;
    if (!instanceType) {
      const token = o.has('aws:ec2:instances', 'InstanceTypes') || o.has('aws:autoscaling:launchconfiguration', 'InstanceType');
      this.notPricedItem(r, `environment ${name}: instance type ${token ? 'is not a literal string' : 'not set in the option settings (Elastic Beanstalk picks a default)'}`);
    } else if (idle) {
      this.idleInstances(r, name, idle, `ec2.instance.${instanceType}`, `EC2 ${instanceType}`, min, 1, sizeNote);
      this.creditLine(r, name, instanceType, min);
    } else {
      this.add(r, 'fixed', `ec2.instance.${instanceType}`, min * this.hours, `EC2 ${instanceType} x ${min} (${name})`, sizeNote);
      if (extra > 0) {
        this.add(r, 'usage', `ec2.instance.${instanceType}`, extra * this.hours, `EC2 ${instanceType} above minimum (${name})`, `average ${average} instances`,
          1, applies && capacity.averageInstances !== undefined ? 'profile capacity.averageInstances' : 'profile');
      }
      this.creditLine(r, name, instanceType, average);
    }

    let volumeSize = num(o.raw('aws:autoscaling:launchconfiguration', 'RootVolumeSize'));
    let volumeType = o.get('aws:autoscaling:launchconfiguration', 'RootVolumeType');
    if (volumeSize === undefined) {
      volumeSize = 8;
      this.assume('Elastic Beanstalk root volume size not set: assumed 8 GB (the AMI default)');
    }
    if (volumeType === undefined) {
      volumeType = 'gp2';
      this.assume('Elastic Beanstalk root volume type not set: assumed gp2');
    }
    if (idle) {
      this.idleInstances(r, name, idle, `ebs.${volumeType}`, `EBS ${volumeType} root volumes ${volumeSize} GB`, min, volumeSize / this.hours);
    } else {
      this.add(r, 'fixed', `ebs.${volumeType}`, min * volumeSize, `EBS ${volumeType} root volumes ${volumeSize} GB x ${min} (${name})`);
    }
    if (extra > 0 && !idle) {
      this.add(r, 'usage', `ebs.${volumeType}`, extra * volumeSize, `EBS ${volumeType} root volumes above minimum (${name})`);
    }

    if (single) {
      this.add(r, 'fixed', 'ipv4.hour', this.hours, `Public IPv4 of the single instance (${name})`, 'single-instance environments get an Elastic IP');
      return;
    }
    if (bool(o.raw('aws:ec2:vpc', 'AssociatePublicIpAddress'))) {
      if (idle) this.idleInstances(r, name, idle, 'ipv4.hour', 'Public IPv4 of instances', min, 1);
      else this.add(r, 'fixed', 'ipv4.hour', min * this.hours, `Public IPv4 of instances x ${min} (${name})`);
      if (extra > 0) this.add(r, 'usage', 'ipv4.hour', extra * this.hours, `Public IPv4 of instances above minimum (${name})`);
    }

    if (bool(o.raw('aws:elasticbeanstalk:environment', 'LoadBalancerIsShared'))) {
      return; // the shared load balancer is its own resource
    }
    const lbType = (o.get('aws:elasticbeanstalk:environment', 'LoadBalancerType') ?? 'classic').toLowerCase();
    // a stopped idle environment has its load balancer (and its addresses) only during releases
    const stopped = idle?.mode === 'stopped';
    const lbHours = stopped ? idle!.fullHours : this.hours;
    const lbKind: CostKind = stopped ? 'usage' : 'fixed';
    const lbSource = stopped ? `lifecycle: stopped idle environment, ${idle!.how}` : undefined;
    this.add(r, lbKind, `elb.${lbType}.hour`, lbHours, `${lbType} load balancer hour (${name})`, undefined, 1, lbSource);
    this.carry(`lb.${lbType}`, r);
    if (o.get('aws:ec2:vpc', 'ELBScheme') !== 'internal') {
      let azs = listCount(o.raw('aws:ec2:vpc', 'ELBSubnets'));
      if (azs === undefined) {
        azs = 2;
        this.assume('load balancer subnets not set: assumed 2 availability zones (one public IPv4 each)');
      }
      this.add(r, lbKind, 'ipv4.hour', azs * lbHours, `Public IPv4 of the load balancer x ${azs} AZs (${name})`, undefined, 1, lbSource);
    }
  }

  /**
   * Instance hours (or volume GB-months, `perHour` = GB / hours) of an idle environment: warm, at
   * full size all month (fixed); scaled down, at its scaled-down size all month (fixed) and back at
   * full size during releases (usage: it grows with the releases); stopped, only during releases.
   */
  private idleInstances(r: Ref, name: string, idle: { mode: string; scaledDownInstances: number; fullHours: number; how: string; from: string },
    key: string, what: string, full: number, perHour: number, sizeNote?: string): void {
    const base = idle.mode === 'warm' ? full : idle.mode === 'scaled-down' ? Math.min(idle.scaledDownInstances, full) : 0;
    const source = `lifecycle: idle environment ${idle.mode} (${idle.from})`;
    if (base > 0) {
      this.add(r, 'fixed', key, base * this.hours * perHour, `${what} x ${base} (${name}, idle${idle.mode === 'warm' ? ', warm' : ', scaled down'})`,
        idle.mode === 'warm' ? sizeNote : `scaled down to ${base} after the drain`, 1, source);
    }
    if (full > base && idle.fullHours > 0) {
      this.add(r, 'usage', key, (full - base) * idle.fullHours * perHour, `${what} x ${full - base} during releases (${name}, idle)`,
        `full size for ${fmt(idle.fullHours)} h: ${idle.how}`, 1, `lifecycle: ${idle.how}`);
    }
  }

  /**
   * Surplus CPU credits of a burstable type (unlimited mode, the T3/T4g default): the environment's
   * share of the requests x `capacity.cpuMsPerRequest` gives each instance's CPU utilization; what
   * it spends beyond its earn rate is billed per vCPU-hour (usage: it grows with the traffic). An
   * idle environment takes no requests. Without a measured CPU figure the line is 0 and says so.
   */
  private creditLine(r: Ref, name: string, instanceType: string, averageInstances: number): void {
    const facts = instanceFacts(instanceType);
    if (!facts?.burstable) return;
    const key = `ec2.cpuCredits.${facts.burstable.family}`;
    const cpuMs = this.profile.capacity?.cpuMsPerRequest;
    const idle = this.idleEnvironment(r);
    if (cpuMs === undefined || idle) {
      if (!this.price(key)) return;
      this.add(r, 'usage', key, 0, `CPU credits beyond the ${instanceType} baseline (${name})`,
        idle ? 'idle environment: no traffic' : 'CPU per request not measured: assumed within the baseline', 1,
        idle ? 'lifecycle: the idle environment takes no traffic' : 'assumed');
      if (!idle) this.assume(`environment ${name}: ${instanceType} is burstable and capacity.cpuMsPerRequest is not given: its CPU credits are assumed within the baseline (ebkit-cost loadtest --app, then plan, measures it)`);
      return;
    }
    const takers = Math.max(1, this.liveEnvironments);
    const rps = (this.profile.requests?.perMonth ?? 0) / (this.hours * 3600) / takers;
    const utilization = Math.min(1, (rps / Math.max(averageInstances, 1e-9)) * cpuMs / 1000 / facts.vcpus);
    const use = creditUse(instanceType, utilization)!;
    this.add(r, 'usage', key, use.surplusVcpuHoursPerHour * averageInstances * this.hours, `CPU credits beyond the ${instanceType} baseline (${name})`,
      `${(utilization * 100).toFixed(1)}% of ${facts.vcpus} vCPUs vs a ${(use.baselinePerVcpu * 100).toFixed(0)}% baseline; unlimited mode`, 1,
      'plan: requests.perMonth x capacity.cpuMsPerRequest');
    if (use.aboveBaseline) {
      this.assume(`environment ${name}: sustained CPU ${(utilization * 100).toFixed(1)}% is above the ${instanceType} baseline: a non-burstable type (m7g, m6i) fits better (see ebkit-cost plan)`);
    }
  }

  private loadBalancerV2(r: Ref): void {
    const lbType = str(r.props.Type) ?? 'application';
    this.add(r, 'fixed', `elb.${lbType}.hour`, this.hours, `${lbType} load balancer hour`);
    this.carry(`lb.${lbType}`, r);
    if (str(r.props.Scheme) !== 'internal') {
      const azs = listCount(r.props.Subnets) ?? listCount(r.props.SubnetMappings) ?? 2;
      this.add(r, 'fixed', 'ipv4.hour', azs * this.hours, `Public IPv4 of the load balancer x ${azs} AZs`);
    }
  }

  private rdsInstance(r: Ref): void {
    const p = r.props;
    if (p.DBClusterIdentifier !== undefined) {
      return this.notPricedItem(r, 'Aurora cluster instances are not priced');
    }
    const sourceId = refTarget(p.SourceDBInstanceIdentifier);
    const source = sourceId ? r.resources[sourceId]?.Properties : undefined;
    const replica = p.SourceDBInstanceIdentifier !== undefined;
    const engine = (str(p.Engine) ?? str(source?.Engine) ?? (replica ? 'postgres' : '')).toLowerCase();
    const cls = str(p.DBInstanceClass) ?? 'unset';
    if (engine !== 'postgres') {
      return this.notPricedItem(r, `RDS engine '${engine || 'unset'}' is not priced (only postgres)`);
    }
    const multiAz = bool(p.MultiAZ) ?? false;
    const az = multiAz ? 'Multi-AZ' : 'single-AZ';
    const role = replica ? 'read replica' : 'instance';
    if (multiAz && this.price(`rds.postgres.multiAz.${cls}`)) {
      this.add(r, 'fixed', `rds.postgres.multiAz.${cls}`, this.hours, `RDS PostgreSQL ${cls} ${az} ${role}`);
    } else {
      const factor = multiAz ? this.price('rds.multiAzFactor')?.price : 1;
      if (factor === undefined) {
        this.notPricedItem(r, `no price for rds.multiAzFactor in ${this.table.region}`);
      } else {
        this.add(r, 'fixed', `rds.postgres.${cls}`, this.hours, `RDS PostgreSQL ${cls} ${az} ${role}`, multiAz ? `x${factor} for the standby` : undefined, factor);
      }
    }
    let storage = num(p.AllocatedStorage ?? source?.AllocatedStorage);
    if (storage === undefined) {
      storage = 20;
      this.assume(`RDS instance ${r.id}: AllocatedStorage not a literal number: assumed 20 GB`);
    }
    const storageType = (str(p.StorageType ?? source?.StorageType) ?? 'gp2').toLowerCase();
    const suffix = multiAz ? '.multiAz' : '';
    this.add(r, 'fixed', `rds.storage.${storageType}${suffix}`, storage, `RDS ${storageType} storage ${storage} GB ${az}`);
    const iops = num(p.Iops);
    if (storageType === 'gp3' && iops !== undefined) {
      const baseline = storage < 400 ? 3000 : 12000;
      if (iops > baseline) {
        this.add(r, 'fixed', `rds.iops.gp3${suffix}`, iops - baseline, `RDS gp3 IOPS above the ${baseline} baseline ${az}`);
      }
    }
    if (bool(p.ManageMasterUserPassword)) {
      this.add(r, 'fixed', 'secretsmanager.secret', 1, 'Secrets Manager secret managed by RDS');
      this.carry('secrets', r);
    }
    if (!replica) {
      this.rdsProvisionedGb += storage;
      this.carry('rds', r);
    }
  }

  private healthCheck(r: Ref): void {
    const config = (r.props.HealthCheckConfig ?? {}) as Record<string, unknown>;
    const type = str(config.Type) ?? 'HTTP';
    const fqdn = str(config.FullyQualifiedDomainName);
    const aws = fqdn === undefined || /\.(amazonaws\.com|elasticbeanstalk\.com)\.?$/.test(fqdn);
    this.add(r, 'fixed', aws ? 'route53.healthCheck.aws' : 'route53.healthCheck.other', 1,
      `Route 53 health check, ${aws ? 'AWS' : 'non-AWS'} endpoint`);
    const features: string[] = [];
    if (type.startsWith('HTTPS')) features.push('HTTPS');
    if (type.endsWith('STR_MATCH')) features.push('string matching');
    if ((num(config.RequestInterval) ?? 30) < 30) features.push('fast interval');
    if (bool(config.MeasureLatency)) features.push('latency measurement');
    for (const f of features) {
      this.add(r, 'fixed', `route53.healthCheck.${aws ? 'aws' : 'other'}.${f.replace(/ /g, '')}`, 1, `Route 53 health check option: ${f}`);
    }
  }

  private pipeline(r: Ref): void {
    const version = str(r.props.PipelineType) ?? 'V1';
    if (version === 'V2') {
      return this.carry('pipeline.v2', r);
    }
    this.add(r, 'fixed', 'codepipeline.v1', 1, 'CodePipeline V1 active pipeline');
    this.v1Pipelines += 1;
  }

  private codeBuild(r: Ref): void {
    const env = (r.props.Environment ?? {}) as Record<string, unknown>;
    const compute = (str(env.ComputeType) ?? 'BUILD_GENERAL1_SMALL').replace(/^BUILD_GENERAL1_/, '').toLowerCase();
    const os = str(env.Type) ?? 'LINUX_CONTAINER';
    const key = `codebuild.${os === 'LINUX_CONTAINER' ? 'linux' : os.toLowerCase()}.${compute}`;
    if (!this.price(key)) {
      return this.notPricedItem(r, `no price for ${key} in ${this.table.region}`);
    }
    this.carry(`codebuild|${key}`, r);
  }

  private lambdaFunction(r: Ref): void {
    const arch = Array.isArray(r.props.Architectures) ? str(r.props.Architectures[0]) ?? 'x86_64' : 'x86_64';
    if (!this.price(`lambda.gbSecond.${arch}`)) {
      return this.notPricedItem(r, `no price for lambda.gbSecond.${arch} in ${this.table.region}`);
    }
    this.lambdas.push({ carrier: r, arch, memoryGb: (num(r.props.MemorySize) ?? 128) / 1024 });
  }

  private distribution(r: Ref): void {
    const config = (r.props.DistributionConfig ?? {}) as Record<string, unknown>;
    const main = (config.DefaultCacheBehavior ?? {}) as Record<string, unknown>;
    const behaviors = [main, ...(Array.isArray(config.CacheBehaviors) ? config.CacheBehaviors as Array<Record<string, unknown>> : [])];
    if (behaviors.some((b) => Array.isArray(b.LambdaFunctionAssociations) && b.LambdaFunctionAssociations.length > 0)) {
      this.notPricedItem(r, 'Lambda@Edge functions of the distribution are not priced (requests and duration at edge prices)');
    }
    const functions = Array.isArray(main.FunctionAssociations) ? main.FunctionAssociations.length : 0;
    this.distributions.push({ carrier: r, functions });
    this.carry('cloudfront', r);
  }

  private topic(r: Ref): void {
    if (bool(r.props.FifoTopic)) {
      return this.notPricedItem(r, 'SNS FIFO topics are not priced (billed per publish and payload)');
    }
    const protocols: string[] = [];
    for (const s of Array.isArray(r.props.Subscription) ? r.props.Subscription as Array<Record<string, unknown>> : []) {
      protocols.push(str(s.Protocol) ?? '');
    }
    for (const s of Object.values(r.resources)) {
      if (s.Type === 'AWS::SNS::Subscription' && refTarget(s.Properties?.TopicArn) === r.id) protocols.push(str(s.Properties?.Protocol) ?? '');
    }
    const count = (names: string[]) => protocols.filter((x) => names.includes(x.toLowerCase())).length;
    this.topics.push({ carrier: r, email: count(['email', 'email-json']), http: count(['http', 'https']) });
    this.carry('sns', r);
  }

  private flowLog(r: Ref): void {
    const type = str(r.props.LogDestinationType) ?? 'cloud-watch-logs';
    if (type !== 'cloud-watch-logs' && type !== 's3') {
      return this.notPricedItem(r, `flow logs delivered to ${type} are not priced`);
    }
    const logGroup = type === 's3' ? undefined : refTarget(r.props.LogGroupName) ?? refTarget(r.props.LogDestination);
    this.flowLogs.push({ carrier: r, destination: type === 's3' ? 's3' : 'cloudwatch', logGroup });
  }

  /**
   * A Serverless Application Repository application is a nested stack whose resources are not in
   * the assembly. The Secrets Manager rotation applications are one Lambda function run by the
   * secret's rotation schedule, so that function is priced from the schedule; any other
   * application is not priced.
   */
  private serverlessApplication(r: Ref): void {
    const location = (r.props.Location ?? {}) as Record<string, unknown>;
    const applicationId = mappedString(location.ApplicationId, r.mappings);
    const name = /applications\/(SecretsManager\w*Rotation\w*)$/.exec(applicationId ?? '')?.[1];
    if (name === undefined) {
      return this.notPricedItem(r, `serverless application ${applicationId ?? '(application id not a literal)'} is not priced: its resources are not in the assembly (only Secrets Manager rotation applications are)`);
    }
    const schedules = Object.values(r.resources)
      .filter((s) => s.Type === 'AWS::SecretsManager::RotationSchedule' && refTarget(s.Properties?.RotationLambdaARN) === r.id);
    this.rotationFunction(r, name, schedules.map((s) => s.Properties?.RotationRules));
  }

  /** Lambda requests and duration of a rotation function, fixed by its rotation schedules. */
  private rotationFunction(r: Ref, name: string, rules: unknown[]): void {
    if (!this.price('lambda.requests') || !this.price('lambda.gbSecond.x86_64')) {
      return this.notPricedItem(r, `no price for Lambda in ${this.table.region} (the Secrets Manager rotation function)`);
    }
    const rotations = rules.reduce((sum: number, rule) => sum + this.rotationsPerMonth(r, rule), 0);
    const invocations = rotations * ROTATION_STEPS;
    const note = `${fmt(rotations)} rotations a month x ${ROTATION_STEPS} steps`;
    this.add(r, 'fixed', 'lambda.requests', invocations, `Rotation function requests (${name})`, note);
    this.add(r, 'fixed', 'lambda.gbSecond.x86_64', invocations * ROTATION_STEP_SECONDS * ROTATION_MEMORY_GB,
      `Rotation function duration (${name}, assumed ${ROTATION_MEMORY_GB * 1024} MB and ${ROTATION_STEP_SECONDS} s a step)`);
  }

  private rotationsPerMonth(r: Ref, rule: unknown): number {
    const rules = (rule ?? {}) as Record<string, unknown>;
    const days = num(rules.AutomaticallyAfterDays);
    if (days !== undefined && days > 0) return this.hours / 24 / days;
    const rate = /^rate\((\d+) (day|days|hour|hours)\)$/.exec(str(rules.ScheduleExpression) ?? '');
    if (rate && Number(rate[1]) > 0) return this.hours / (Number(rate[1]) * (rate[2].startsWith('day') ? 24 : 1));
    this.assume(`rotation of ${r.id}: schedule ${str(rules.ScheduleExpression) ?? 'not a literal rate'}: assumed one rotation a month`);
    return 1;
  }

  // ---------------------------------------------------------------- usage, spread over carriers

  /**
   * Spreads a monthly quantity evenly over the resources that carry it (or the account when
   * none does), and subtracts the per-account free allowance once.
   */
  private spread(group: string, key: string, total: number, description: string, o: SpreadOptions = {}): void {
    const carriers = this.carriers.get(group) ?? [];
    const scale = o.scale ?? 1;
    const own = carriers.map((c) => (o.field ? this.resourceFigure(c, o.field) : undefined));
    if (total === 0 && !o.showZero && own.every((x) => x === undefined)) {
      return;
    }
    const typeWide = o.source ?? (o.field ? `profile ${o.field}` : 'profile');
    let billed = 0;
    if (carriers.length === 0) {
      if (total > 0 && !o.carriersOnly) {
        this.add({ stack: ACCOUNT, id: '-', type: '-' }, 'usage', key, total, description,
          group === '-' ? o.note : [o.note, 'no resource in the templates carries it'].filter((x) => x).join('; '), 1, typeWide);
        billed = total;
      }
    } else {
      const rest = carriers.filter((_, i) => own[i] === undefined);
      const share = rest.length > 1 ? `split evenly over ${rest.length} resources` : undefined;
      carriers.forEach((c, i) => {
        const figure = own[i];
        if (figure !== undefined) {
          this.add(c, 'usage', key, figure.value * scale, description, [o.note, 'the profile\'s figure for this resource'].filter((x) => x).join('; '), 1, figure.source);
          billed += figure.value * scale;
        } else {
          const quantity = total / rest.length;
          this.add(c, 'usage', key, quantity, description, [o.note, share].filter((x) => x).join('; ') || undefined, 1, typeWide);
          billed += quantity;
        }
      });
    }
    if (carriers.length > 0 || !o.carriersOnly) {
      this.allowance('usage', key, billed);
    }
  }

  /**
   * The figure the profile's `resources` section gives one resource for a field (`s3.standardGb`),
   * addressed by construct path (with or without `/Resource`) or `<stack>/<logical id>`.
   */
  private resourceFigure(c: Carrier, field: string): { value: number; source: string } | undefined {
    const [section, name] = field.split('.');
    for (const address of addresses(c)) {
      const entry = this.profile.resources?.[address] as Record<string, Record<string, unknown> | undefined> | undefined;
      const value = entry?.[section]?.[name];
      if (typeof value === 'number') {
        this.addressed.add(address);
        return { value, source: `profile resources['${address}'].${field}` };
      }
    }
    return undefined;
  }

  private allowance(kind: CostKind, key: string, total: number): void {
    const p = this.price(key);
    if (p?.freeQuantity && total > 0 && this.profile.freeAllowances !== false) {
      this.add({ stack: ACCOUNT, id: '-', type: '-' }, kind, key, -Math.min(total, p.freeQuantity), `Free allowance: ${p.freeNote ?? p.description}`,
        undefined, 1, `price table: ${p.freeQuantity} ${p.unit} free a month per account`);
    }
  }

  private priceUsage(): void {
    const u = this.profile;
    const h = this.hours;
    const req = u.requests ?? {};
    const perMonth = req.perMonth ?? 0;
    const averageRps = perMonth / (h * 3600);

    // load balancers: the type-wide traffic is split over the load balancers that take traffic and
    // have no figures of their own (an idle environment takes none)
    const lb = u.loadBalancer ?? {};
    const derived = (name: string) => `derived: requests ${name}`;
    const typeWide = {
      newConnectionsPerSecond: lb.newConnectionsPerSecond ?? averageRps / (req.requestsPerConnection ?? 1),
      activeConnectionsPerMinute: lb.activeConnectionsPerMinute,
      processedGb: lb.processedGb ?? perMonth * ((req.averageRequestKb ?? 0) + (req.averageResponseKb ?? 0)) / KB_PER_GB,
      ruleEvaluationsPerSecond: lb.ruleEvaluationsPerSecond ?? 0,
    };
    const typeWideSource = [
      lb.newConnectionsPerSecond !== undefined ? 'loadBalancer.newConnectionsPerSecond' : derived('perMonth / requestsPerConnection'),
      lb.processedGb !== undefined ? 'loadBalancer.processedGb' : derived('perMonth x (averageRequestKb + averageResponseKb)'),
    ].join(', ');
    for (const [group, key, description] of [
      ['lb.application', 'elb.application.lcu', 'ALB capacity units'],
      ['lb.classic', 'elb.classic.gb', 'Classic Load Balancer data processed'],
      ['lb.network', 'elb.network.nlcu', 'Network Load Balancer capacity units'],
    ]) {
      const carriers = this.carriers.get(group) ?? [];
      const fields = ['newConnectionsPerSecond', 'activeConnectionsPerMinute', 'processedGb', 'ruleEvaluationsPerSecond'] as const;
      const own = carriers.map((c) => Object.fromEntries(fields.map((f) => [f, this.resourceFigure(c, `loadBalancer.${f}`)]).filter(([, v]) => v !== undefined)) as
        Partial<Record<typeof fields[number], { value: number; source: string }>>);
      const takers = carriers.filter((c, i) => !this.idleEnvironment(c) && Object.keys(own[i]).length === 0).length;
      carriers.forEach((c, i) => {
        const mine = own[i];
        const idle = this.idleEnvironment(c) && Object.keys(mine).length === 0;
        const share = idle || takers === 0 ? 0 : 1 / takers;
        const value = (f: typeof fields[number], fallback: number) => mine[f]?.value ?? (Object.keys(mine).length > 0 ? 0 : fallback * share);
        const newConnections = value('newConnectionsPerSecond', typeWide.newConnectionsPerSecond);
        const processed = value('processedGb', typeWide.processedGb);
        const units = loadBalancerCapacityUnits({
          newConnectionsPerSecond: newConnections,
          activeConnectionsPerMinute: mine.activeConnectionsPerMinute?.value
            ?? (typeWide.activeConnectionsPerMinute !== undefined
              ? typeWide.activeConnectionsPerMinute * share : newConnections * (req.averageConnectionSeconds ?? 1)),
          processedGbPerHour: processed / h,
          ruleEvaluationsPerSecond: value('ruleEvaluationsPerSecond', typeWide.ruleEvaluationsPerSecond),
        });
        const source = idle ? 'lifecycle: the idle environment takes no traffic'
          : Object.keys(mine).length > 0 ? Object.values(mine).map((f) => f!.source).join(', ')
            : `profile ${typeWideSource}${takers > 1 ? `, split evenly over ${takers} load balancers taking traffic` : ''}`;
        const quantity = key === 'elb.classic.gb' ? processed : units.lcu * h;
        if (key === 'elb.application.lcu' || quantity > 0) {
          this.add(c, 'usage', key, quantity, description, key === 'elb.classic.gb' ? undefined : `${fmt(units.lcu)} LCU/h set by ${units.dimension} (monthly average)`, 1, source);
        }
      });
    }

    // network
    const outGb = u.dataTransfer?.outGb ?? perMonth * (req.averageResponseKb ?? 0) / KB_PER_GB;
    this.spread('-', 'dataTransfer.out', outGb, 'Data transfer out to the internet',
      { source: u.dataTransfer?.outGb !== undefined ? 'profile dataTransfer.outGb' : 'derived: requests.perMonth x averageResponseKb' });
    this.spread('-', 'dataTransfer.interAz', u.dataTransfer?.interAzGb ?? 0, 'Data transfer between AZs', { source: 'profile dataTransfer.interAzGb' });
    this.spread('nat', 'nat.gb', u.nat?.processedGb ?? 0, 'NAT gateway data processed', { showZero: true, field: 'nat.processedGb' });

    // dns
    this.spread('zone', 'route53.queries', (u.dns?.queriesMillions ?? 0) * 1e6, 'Route 53 standard queries', { showZero: true, field: 'dns.queriesMillions', scale: 1e6 });
    this.spread('zone', 'route53.aliasQueries', (u.dns?.aliasQueriesMillions ?? 0) * 1e6, 'Route 53 alias queries (free)', { field: 'dns.aliasQueriesMillions', scale: 1e6 });

    // storage
    const s3 = u.s3 ?? {};
    this.spread('s3', 's3.standard', s3.standardGb ?? 0, 'S3 Standard storage', { showZero: true, field: 's3.standardGb' });
    this.spread('s3', 's3.standardIa', s3.standardIaGb ?? 0, 'S3 Standard-IA storage', { field: 's3.standardIaGb' });
    this.spread('s3', 's3.glacierFlexible', s3.glacierFlexibleGb ?? 0, 'S3 Glacier Flexible Retrieval storage', { field: 's3.glacierFlexibleGb' });
    this.spread('s3', 's3.glacierDeepArchive', s3.glacierDeepArchiveGb ?? 0, 'S3 Glacier Deep Archive storage', { field: 's3.glacierDeepArchiveGb' });
    this.spread('s3', 's3.put', s3.putRequests ?? 0, 'S3 PUT/COPY/POST/LIST requests', { field: 's3.putRequests' });
    this.spread('s3', 's3.get', s3.getRequests ?? 0, 'S3 GET requests', { field: 's3.getRequests' });
    this.spread('backup', 'backup.rds', u.backup?.rdsSnapshotGb ?? 0, 'AWS Backup RDS snapshot storage', { showZero: true, field: 'backup.rdsSnapshotGb' });
    this.spread('backup', 'backup.s3', u.backup?.s3Gb ?? 0, 'AWS Backup S3 backup storage', { field: 'backup.s3Gb' });
    this.spread('backup', 'dataTransfer.interRegion', u.backup?.crossRegionCopyGb ?? 0, 'AWS Backup cross-region copy transfer',
      { note: 'the copies are stored (and billed) in the destination region', field: 'backup.crossRegionCopyGb' });
    const backupGb = u.rds?.backupStorageGb ?? 0;
    const extraBackup = Math.max(0, backupGb - this.rdsProvisionedGb);
    this.spread('rds', 'rds.backup', extraBackup, 'RDS backup storage beyond the free allowance',
      { note: `${fmt(backupGb)} GB backups - ${fmt(this.rdsProvisionedGb)} GB provisioned (free)`, source: 'derived: profile rds.backupStorageGb - the provisioned storage' });

    // releases
    const runs = u.pipeline?.runsPerMonth ?? 0;
    if (this.v1Pipelines > 0) this.allowance('fixed', 'codepipeline.v1', this.v1Pipelines);
    if (this.standardAlarmMetrics > 0) this.allowance('fixed', 'cloudwatch.alarm.standard', this.standardAlarmMetrics);
    this.spread('pipeline.v2', 'codepipeline.v2.actionMinute', runs * (u.pipeline?.actionMinutesPerRun ?? 0),
      'CodePipeline V2 action minutes', { showZero: true, source: 'derived: profile pipeline.runsPerMonth x actionMinutesPerRun' });
    for (const [group] of this.carriers) {
      if (group.startsWith('codebuild|')) {
        this.spread(group, group.split('|')[1], runs * (u.pipeline?.buildMinutesPerRun ?? 0), 'CodeBuild build minutes', { showZero: true, source: 'derived: profile pipeline.runsPerMonth x buildMinutesPerRun' });
      }
    }

    // compute and operations
    const invocations = u.lambda?.invocations ?? 0;
    const n = this.lambdas.length;
    const ownInvocations = this.lambdas.map((f) => this.resourceFigure(f.carrier, 'lambda.invocations'));
    const rest = ownInvocations.filter((x) => x === undefined).length;
    this.lambdas.forEach((f, i) => {
      const own = ownInvocations[i];
      const count = own ? own.value : invocations / rest;
      const split = !own && rest > 1 ? `split evenly over ${rest} functions` : undefined;
      this.add(f.carrier, 'usage', 'lambda.requests', count, 'Lambda requests', own ? 'the profile\'s figure for this resource' : split, 1,
        own ? own.source : 'profile lambda.invocations');
      const ownDuration = this.resourceFigure(f.carrier, 'lambda.averageDurationMs');
      if (count > 0) {
        const durationMs = ownDuration?.value ?? u.lambda?.averageDurationMs ?? 0;
        const gbSeconds = count * (durationMs / 1000) * f.memoryGb;
        this.add(f.carrier, 'usage', `lambda.gbSecond.${f.arch}`, gbSeconds, `Lambda duration (${f.arch}, ${f.memoryGb * 1024} MB)`, undefined, 1,
          `derived: requests x ${ownDuration ? ownDuration.source : 'profile lambda.averageDurationMs'} x the function's memory`);
      }
    });
    if (n === 0) {
      this.spread('-', 'lambda.requests', invocations, 'Lambda requests', { note: 'no function in the templates' });
    }
    this.logsAndFlowLogs();
    this.spread('logs', 'logs.storage', u.logs?.storedGb ?? 0, 'CloudWatch Logs storage', { field: 'logs.storedGb' });
    this.spread('secrets', 'secretsmanager.apiCalls', u.secretsManager?.apiCalls ?? 0, 'Secrets Manager API calls', { field: 'secretsManager.apiCalls' });
    this.spread('kms', 'kms.requests', u.kms?.requests ?? 0, 'KMS requests', { field: 'kms.requests' });

    // edge, workflows and notifications
    const cf = u.cloudfront ?? {};
    const cfRequests = cf.requests ?? 0;
    this.spread('cloudfront', 'cloudfront.requests.https', cfRequests, 'CloudFront HTTPS requests', { showZero: true, carriersOnly: true, source: 'profile cloudfront.requests' });
    this.spread('cloudfront', 'cloudfront.dataTransfer.out', cf.outGb ?? 0, 'CloudFront data transfer out to the internet', { showZero: true, carriersOnly: true, source: 'profile cloudfront.outGb' });
    const perDistribution = this.distributions.length > 0 ? cfRequests / this.distributions.length : 0;
    const derivedInvocations = this.distributions.reduce((sum, d) => sum + perDistribution * d.functions, 0);
    this.spread('cloudfront.function', 'cloudfront.functions', cf.functionInvocations ?? derivedInvocations, 'CloudFront Functions invocations',
      { showZero: true, carriersOnly: true, note: cf.functionInvocations === undefined ? 'requests x function associations of the default cache behaviour' : undefined });
    this.spread('sfn', 'stepfunctions.transitions', u.stepFunctions?.stateTransitions ?? 0, 'Step Functions state transitions (Standard)', { showZero: true, carriersOnly: true, source: 'profile stepFunctions.stateTransitions' });
    this.spread('sns', 'sns.publish', u.sns?.publishes ?? 0, 'SNS publishes', { showZero: true, carriersOnly: true, source: 'profile sns.publishes' });
    this.deliveries('email', 'sns.email', u.sns?.emailDeliveries, 'SNS email notifications');
    this.deliveries('http', 'sns.http', u.sns?.httpDeliveries, 'SNS HTTP/S notifications');
  }

  /**
   * CloudWatch Logs ingestion, split evenly over the log groups. A log group that receives a VPC
   * flow log gets vended logs: its share is billed on the flow log at the vended-logs price, unless
   * the profile gives the flow logs' volume (`flowLogs.ingestedGb`), which then replaces it.
   */
  private logsAndFlowLogs(): void {
    const ingested = this.profile.logs?.ingestedGb ?? 0;
    const given = this.profile.flowLogs?.ingestedGb;
    const groups = this.carriers.get('logs') ?? [];
    const key = (stack: string, id: string) => `${stack}\u0000${id}`;
    const groupKeys = new Set(groups.map((g) => key(g.stack, g.id)));
    const destinations = new Map<string, number>();
    for (const f of this.flowLogs) {
      const k = f.logGroup === undefined ? undefined : key(f.carrier.stack, f.logGroup);
      if (k !== undefined && groupKeys.has(k)) destinations.set(k, (destinations.get(k) ?? 0) + 1);
    }
    const perGroup = groups.length > 0 ? ingested / groups.length : 0;
    this.carriers.set('logs.standard', groups.filter((g) => !destinations.has(key(g.stack, g.id))));
    const standard = given === undefined ? ingested - perGroup * destinations.size : ingested;
    this.spread('logs.standard', 'logs.ingestion', standard, 'CloudWatch Logs ingestion', { showZero: true, field: 'logs.ingestedGb' });
    for (const f of this.flowLogs) {
      const k = f.logGroup === undefined ? undefined : key(f.carrier.stack, f.logGroup);
      let quantity = 0;
      let note: string | undefined;
      if (given !== undefined) {
        quantity = given / this.flowLogs.length;
        note = this.flowLogs.length > 1 ? `split evenly over ${this.flowLogs.length} resources` : undefined;
      } else if (k !== undefined && destinations.has(k)) {
        quantity = perGroup / (destinations.get(k) ?? 1);
        note = 'the log group\'s share of logs.ingestedGb';
      }
      const s3 = f.destination === 's3';
      this.add(f.carrier, 'usage', s3 ? 'logs.vended.s3' : 'logs.vended.cloudwatch', quantity,
        `VPC flow logs to ${s3 ? 'S3' : 'CloudWatch Logs'} (vended logs)`, note);
    }
  }

  /**
   * SNS notifications of one protocol: the profile's quantity split evenly over the topics with
   * such subscriptions (all topics when none has), or else each topic's share of the publishes
   * times its subscriptions of the protocol.
   */
  private deliveries(protocol: 'email' | 'http', key: string, given: number | undefined, description: string): void {
    const subscribed = this.topics.filter((t) => t[protocol] > 0);
    const targets = given === undefined ? subscribed : (subscribed.length > 0 ? subscribed : this.topics);
    const perTopic = this.topics.length > 0 ? (this.profile.sns?.publishes ?? 0) / this.topics.length : 0;
    let total = 0;
    for (const t of targets) {
      const quantity = given === undefined ? perTopic * t[protocol] : given / targets.length;
      const note = given === undefined ? `publishes x ${t[protocol]} subscription(s)` : (targets.length > 1 ? `split evenly over ${targets.length} resources` : undefined);
      this.add(t.carrier, 'usage', key, quantity, description, note);
      total += quantity;
    }
    this.allowance('usage', key, total);
  }

}

/** The ways a profile may address a resource: its construct path, and `<stack>/<logical id>`. */
function addresses(c: Carrier): string[] {
  return [...(c.path ? [c.path] : []), `${c.stack}/${c.id}`];
}

/** The drain and scaled-down size of a blue/green pipeline's ScaleDown stage, if it has one. */
function pipelineScaleDown(assembly: Assembly): { drainSeconds: number; instances: number } | undefined {
  for (const stack of assembly.stacks) {
    for (const r of Object.values(stack.template.Resources ?? {})) {
      if (r.Type !== 'AWS::CodePipeline::Pipeline') continue;
      const text = JSON.stringify(r.Properties?.Stages ?? []);
      if (!/\\"operation\\":\\"scale-down\\"/.test(text)) continue;
      const drain = /\\"drainSeconds\\":(\d+)/.exec(text);
      const instances = /\\"scaleDownInstances\\":(\d+)/.exec(text);
      return { drainSeconds: drain ? Number(drain[1]) : 0, instances: instances ? Number(instances[1]) : 1 };
    }
  }
  return undefined;
}

function totals(lines: CostLine[]): Totals {
  const fixed = lines.filter((l) => l.kind === 'fixed').reduce((s, l) => s + l.amount, 0);
  const usage = lines.filter((l) => l.kind === 'usage').reduce((s, l) => s + l.amount, 0);
  return { fixed, usage, total: fixed + usage };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '');
}
