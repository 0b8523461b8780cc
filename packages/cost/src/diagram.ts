import { Resvg } from '@resvg/resvg-js';
import { Assembly, TemplateResource } from './assembly';
import { OptionSettings, bool, num, refTarget, str } from './private/template-values';

/** A box of the architecture diagram. */
export interface DiagramNode {
  readonly id: string;
  /** users, dns, cdn, loadbalancer, environment, nat, database, backup, storage, pipeline, build, workflow */
  readonly kind: string;
  /**
   * What the resource is for: `edge` (Route 53 and the CloudFront distributions its records alias,
   * with their origin buckets), `app` (load balancers, environments, NAT gateways), `data`
   * (databases), `backup` (backup vaults, and the jobs that dump or restore a database with the
   * buckets they write), `storage` (any other bucket), `release` (pipelines, the CodeBuild projects
   * and state machines they run, their source buckets), `other` (a job none of these runs);
   * `users` for the users.
   */
  readonly group: string;
  readonly label: string;
  readonly detail?: string;
  /** For an environment of a blue/green pair: `live` (holds the production CNAME, takes the traffic) or `idle`. */
  readonly role?: string;
}

/** An arrow: traffic, data (backups) or deploy. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly flow: string;
}

export interface ArchitectureGraph {
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
  /** The VPCs the app runs in: availability zones and subnets. */
  readonly vpcs?: VpcSummary[];
}

/** A VPC of the templates, drawn as the frame around the app and the database. */
export interface VpcSummary {
  readonly id: string;
  readonly availabilityZones: number;
  readonly publicSubnets: number;
  readonly privateSubnets: number;
}

interface Found {
  readonly stack: string;
  readonly id: string;
  /** `stack/logicalId`, the id of its node */
  readonly key: string;
  readonly r: TemplateResource;
  readonly resources: Record<string, TemplateResource>;
}

const PIPELINE = 'AWS::CodePipeline::Pipeline';
const PROJECT = 'AWS::CodeBuild::Project';
const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';
const FUNCTION = 'AWS::Lambda::Function';
const BUCKET = 'AWS::S3::Bucket';
const DATABASE = 'AWS::RDS::DBInstance';
const DISTRIBUTION = 'AWS::CloudFront::Distribution';
const JOBS = new Set([PROJECT, STATE_MACHINE]);
/** What a job runs its work through: a reference through one of these is followed. */
const THROUGH_FUNCTIONS = new Set([FUNCTION]);
const THROUGH_JOBS = new Set([FUNCTION, PROJECT, STATE_MACHINE]);

/**
 * The resources of every stack, and what each references: `Ref`, `Fn::GetAtt`, `${X}` in
 * `Fn::Sub`, and `Fn::ImportValue` of an export of another stack (through that stack's outputs).
 */
class Templates {
  public readonly all: Found[] = [];
  private readonly byKey = new Map<string, Found>();
  private readonly exported = new Map<string, string>();
  private readonly cache = new Map<string, Set<string>>();

  public constructor(assembly: Assembly) {
    for (const s of assembly.stacks) {
      const resources = s.template.Resources ?? {};
      for (const [id, r] of Object.entries(resources)) {
        const f = { stack: s.name, id, key: `${s.name}/${id}`, r, resources };
        this.all.push(f);
        this.byKey.set(f.key, f);
      }
      const outputs = (s.template.Outputs ?? {}) as Record<string, { Value?: unknown; Export?: { Name?: unknown } } | undefined>;
      for (const o of Object.values(outputs)) {
        const name = str(o?.Export?.Name);
        const target = refTarget(o?.Value);
        if (name !== undefined && target !== undefined && resources[target]) this.exported.set(name, `${s.name}/${target}`);
      }
    }
  }

  public of(type: string): Found[] {
    return this.all.filter((f) => f.r.Type === type);
  }

  public get(key: string): Found | undefined {
    return this.byKey.get(key);
  }

  public typeOf(key: string): string | undefined {
    return this.get(key)?.r.Type;
  }

  /** The resources a value of `f`'s template references. */
  public refsIn(f: Found, value: unknown): Set<string> {
    const out = new Set<string>();
    const add = (id: string | undefined) => {
      if (id !== undefined && f.resources[id]) out.add(`${f.stack}/${id}`);
    };
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) {
        v.forEach(walk);
      } else if (typeof v === 'object' && v !== null) {
        const o = v as Record<string, unknown>;
        if (typeof o.Ref === 'string') add(o.Ref);
        const getAtt = o['Fn::GetAtt'];
        if (typeof getAtt === 'string') add(getAtt.split('.')[0]);
        add(refTarget({ 'Fn::GetAtt': getAtt }));
        const imported = this.exported.get(str(o['Fn::ImportValue']) ?? '');
        if (imported !== undefined) out.add(imported);
        const sub = o['Fn::Sub'];
        const text = Array.isArray(sub) ? sub[0] : sub;
        for (const m of (typeof text === 'string' ? text : '').matchAll(/\$\{([^}!.]+)[^}]*\}/g)) add(m[1]);
        Object.values(o).forEach(walk);
      }
    };
    walk(value);
    return out;
  }

  /** What a resource's properties reference; a pipeline also names CodeBuild projects by `ProjectName`. */
  public refs(f: Found): Set<string> {
    let out = this.cache.get(f.key);
    if (out === undefined) {
      out = this.refsIn(f, f.r.Properties);
      if (f.r.Type === PIPELINE) {
        const stages = f.r.Properties?.Stages;
        const actions = list(stages).flatMap((s) => list(s.Actions));
        const names = new Set(actions.map((a) => str((a.Configuration as Record<string, unknown> | undefined)?.ProjectName)));
        names.delete(undefined);
        this.of(PROJECT).filter((p) => names.has(str(p.r.Properties?.Name))).forEach((p) => out!.add(p.key));
      }
      this.cache.set(f.key, out);
    }
    return out;
  }

  /** What a resource references, directly or through the resources of the `through` types it references. */
  public reach(f: Found, through: Set<string>): Set<string> {
    const seen = new Set<string>();
    const queue = [...this.refs(f)];
    while (queue.length > 0) {
      const key = queue.shift()!;
      if (seen.has(key) || key === f.key) continue;
      seen.add(key);
      if (through.has(this.typeOf(key) ?? '')) queue.push(...this.refs(this.get(key)!));
    }
    return seen;
  }
}

/** The objects of a list value (none when it is not a list). */
function list(value: unknown): Array<Record<string, unknown>> {
  return (Array.isArray(value) ? value : []).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

/** A logical id without the hash CDK appends (`EnvironmentsBlue97EACA00` -> `EnvironmentsBlue`). */
function displayName(id: string): string {
  return id.replace(/(?<=.)[0-9A-F]{8}$/, '');
}

/** The status of the redirect a viewer-request CloudFront Function answers every request with, if it does. */
function redirectStatus(t: Templates, distribution: Found, behavior: Record<string, unknown>): string | undefined {
  for (const a of list(behavior.FunctionAssociations).filter((x) => x.EventType === 'viewer-request')) {
    for (const key of t.refsIn(distribution, a.FunctionARN)) {
      const code = str(t.get(key)?.r.Properties?.FunctionCode) ?? '';
      const status = /statusCode\s*:\s*(30[1278])\b/.exec(code)?.[1];
      if (status !== undefined && !/return\s+(event\.)?request\b/.test(code)) return status;
    }
  }
  return undefined;
}

/** The boxes and arrows of the architecture the assembly deploys, each box in the group of what it is for. */
export function architectureGraph(assembly: Assembly): ArchitectureGraph {
  const t = new Templates(assembly);
  const of = (type: string) => t.of(type);
  const nodes: DiagramNode[] = [{ id: 'users', kind: 'users', group: 'users', label: 'Users' }];
  const edges: DiagramEdge[] = [];
  const edge = (from: string, to: string, flow: string) => edges.push({ from, to, flow });

  // what each job and bucket is for
  const pipelines = of(PIPELINE);
  const released = new Map<string, Found[]>();
  for (const p of pipelines) {
    for (const key of t.reach(p, THROUGH_JOBS)) {
      if (JOBS.has(t.typeOf(key) ?? '')) released.set(key, [...released.get(key) ?? [], p]);
    }
  }
  const jobs = t.all.filter((f) => JOBS.has(f.r.Type));
  const databaseJobs = jobs.filter((j) => !released.has(j.key) && [...t.reach(j, THROUGH_JOBS)].some((k) => t.typeOf(k) === DATABASE));
  const buckets = of(BUCKET);
  const logBuckets = new Set<string>();
  for (const b of buckets) {
    if (str(b.r.Properties?.AccessControl) === 'LogDeliveryWrite') logBuckets.add(b.key);
    const logging = b.r.Properties?.LoggingConfiguration as Record<string, unknown> | undefined;
    t.refsIn(b, logging?.DestinationBucketName).forEach((k) => logBuckets.add(k));
  }
  for (const d of of(DISTRIBUTION)) {
    const config = d.r.Properties?.DistributionConfig as Record<string, unknown> | undefined;
    t.refsIn(d, (config?.Logging as Record<string, unknown> | undefined)?.Bucket).forEach((k) => logBuckets.add(k));
  }
  for (const f of of('AWS::EC2::FlowLog')) t.refsIn(f, f.r.Properties?.LogDestination).forEach((k) => logBuckets.add(k));
  const artifactStores = new Set<string>();
  for (const p of pipelines) {
    const stores = [p.r.Properties?.ArtifactStore, ...list(p.r.Properties?.ArtifactStores).map((s) => s.ArtifactStore)];
    stores.forEach((s) => t.refsIn(p, (s as Record<string, unknown> | undefined)?.Location).forEach((k) => artifactStores.add(k)));
  }
  const releaseBuckets = new Map<string, string[]>();
  for (const p of pipelines) {
    for (const k of t.refs(p)) {
      if (t.typeOf(k) === BUCKET) releaseBuckets.set(k, [...releaseBuckets.get(k) ?? [], p.key]);
    }
  }
  /** Buckets that only hold access logs or pipeline artifacts are not drawn, like log groups and keys. */
  const hidden = (b: Found) => logBuckets.has(b.key) || artifactStores.has(b.key);

  // edge: Route 53, the distributions its records alias, their origins
  const zones = of('AWS::Route53::HostedZone');
  for (const z of zones) {
    nodes.push({ id: z.key, kind: 'dns', group: 'edge', label: 'Route 53', detail: str(z.r.Properties?.Name)?.replace(/\.$/, '') ?? z.id });
    edge('users', z.key, 'traffic');
  }
  const entry = zones.length > 0 ? zones.map((z) => z.key) : ['users'];
  const aliases = new Map<string, { names: string[]; zones: Set<string>; failover: boolean[] }>();
  const records: Array<{ f: Found; zone: unknown; record: Record<string, unknown> }> = [
    ...of('AWS::Route53::RecordSet').map((f) => ({ f, zone: f.r.Properties?.HostedZoneId, record: f.r.Properties ?? {} })),
    ...of('AWS::Route53::RecordSetGroup').flatMap((f) => list(f.r.Properties?.RecordSets).map((record) => ({ f, zone: f.r.Properties?.HostedZoneId, record }))),
  ];
  for (const { f, zone, record } of records) {
    for (const d of t.refsIn(f, (record.AliasTarget as Record<string, unknown> | undefined)?.DNSName)) {
      if (t.typeOf(d) !== DISTRIBUTION) continue;
      const a = aliases.get(d) ?? { names: [], zones: new Set<string>(), failover: [] };
      const name = str(record.Name)?.replace(/\.$/, '');
      if (name !== undefined && !a.names.includes(name)) a.names.push(name);
      t.refsIn(f, zone).forEach((k) => a.zones.add(k));
      a.failover.push(str(record.Failover) === 'SECONDARY');
      aliases.set(d, a);
    }
  }
  // origin buckets right below their distribution, so that the arrow to one crosses no other box
  const origins = new Map<string, Found[]>();
  for (const d of of(DISTRIBUTION)) {
    const config = (d.r.Properties?.DistributionConfig ?? {}) as Record<string, unknown>;
    origins.set(d.key, [...t.refsIn(d, config.Origins)].map((k) => t.get(k)!).filter((o) => o.r.Type === BUCKET && !hidden(o)));
  }
  const distributions = of(DISTRIBUTION).sort((x, y) => origins.get(x.key)!.length - origins.get(y.key)!.length);
  const originBuckets = new Set<string>();
  for (const d of distributions) {
    const config = (d.r.Properties?.DistributionConfig ?? {}) as Record<string, unknown>;
    const a = aliases.get(d.key);
    const status = redirectStatus(t, d, (config.DefaultCacheBehavior ?? {}) as Record<string, unknown>);
    const aliased = (Array.isArray(config.Aliases) ? config.Aliases : []).map(str).filter((x): x is string => x !== undefined);
    const names = a?.names.length ? a.names : aliased;
    const label = status !== undefined ? `CloudFront ${status} redirect` : a && a.failover.every((x) => x) ? 'CloudFront (failover)' : 'CloudFront';
    nodes.push({ id: d.key, kind: 'cdn', group: 'edge', label, detail: names.length > 0 ? names.join(', ') : displayName(d.id) });
    (a && a.zones.size > 0 ? [...a.zones] : ['users']).forEach((z) => edge(z, d.key, 'traffic'));
    // an origin that is a load balancer of the assembly
    t.refsIn(d, config.Origins).forEach((o) => edge(d.key, o, 'traffic'));
    for (const b of origins.get(d.key)!.filter((x) => !originBuckets.has(x.key))) {
      nodes.push({ id: b.key, kind: 'storage', group: 'edge', label: 'S3 bucket', detail: displayName(b.id) });
      originBuckets.add(b.key);
    }
  }

  // app: load balancers, environments, NAT gateways
  const sharedLbs = of('AWS::ElasticLoadBalancingV2::LoadBalancer');
  for (const lb of sharedLbs) {
    nodes.push({ id: lb.key, kind: 'loadbalancer', group: 'app', label: 'Load balancer', detail: `${str(lb.r.Properties?.Type) ?? 'application'} (shared)` });
    entry.forEach((e) => edge(e, lb.key, 'traffic'));
  }
  const dbs = of(DATABASE);
  const primaries = dbs.filter((d) => d.r.Properties?.SourceDBInstanceIdentifier === undefined);
  const envs = of('AWS::ElasticBeanstalk::Environment');
  // a blue/green pair: two load-balanced environments of one application; the first is drawn live
  // (as the estimate takes it), the other idle: it takes no traffic until the next swap
  const pairs = new Map<string, Found[]>();
  for (const env of envs) {
    if (OptionSettings.of(env.r, env.resources).get('aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance') continue;
    const k = `${env.stack}\u0000${JSON.stringify(env.r.Properties?.ApplicationName ?? null)}`;
    pairs.set(k, [...pairs.get(k) ?? [], env]);
  }
  const roles = new Map<string, string>();
  for (const pair of pairs.values()) {
    if (pair.length === 2) {
      roles.set(pair[0].key, 'live');
      roles.set(pair[1].key, 'idle');
    }
  }
  for (const env of envs) {
    const o = OptionSettings.of(env.r, env.resources);
    // without an EnvironmentName, the logical id without the hash CDK appends (EnvironmentsBlue97EACA00)
    const name = str(env.r.Properties?.EnvironmentName) ?? displayName(env.id);
    const type = (o.get('aws:ec2:instances', 'InstanceTypes') ?? o.get('aws:autoscaling:launchconfiguration', 'InstanceType') ?? 'default type').split(',')[0];
    const single = o.get('aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance';
    const size = single ? '1' : `${num(o.raw('aws:autoscaling:asg', 'MinSize')) ?? 1}-${num(o.raw('aws:autoscaling:asg', 'MaxSize')) ?? 4}`;
    const role = roles.get(env.key);
    const tag = role === 'live' ? 'live: ' : role === 'idle' ? 'idle, no traffic: ' : '';
    const node: DiagramNode = `Elastic Beanstalk ${name}`.length <= LABEL_CHARS
      ? { id: env.key, kind: 'environment', group: 'app', label: `Elastic Beanstalk ${name}`, detail: `${tag}${type} x ${size}${tag ? '' : ' instances'}` }
      : { id: env.key, kind: 'environment', group: 'app', label: 'Elastic Beanstalk', detail: `${tag}${name}: ${type} x ${size}` };
    nodes.push(role ? { ...node, role } : node);
    if (single) {
      entry.forEach((e) => edge(e, env.key, 'traffic'));
    } else if (bool(o.raw('aws:elasticbeanstalk:environment', 'LoadBalancerIsShared'))) {
      sharedLbs.forEach((lb) => edge(lb.key, env.key, 'traffic'));
    } else {
      const lbId = `${env.key}#lb`;
      nodes.push({
        id: lbId,
        kind: 'loadbalancer',
        group: 'app',
        label: 'Load balancer',
        detail: `${o.get('aws:elasticbeanstalk:environment', 'LoadBalancerType') ?? 'classic'} (${name})`,
        ...(role ? { role } : {}),
      });
      // the idle environment's load balancer gets no production traffic (only the release's tests)
      if (role !== 'idle') entry.forEach((e) => edge(e, lbId, 'traffic'));
      edge(lbId, env.key, 'traffic');
    }
    if (role !== 'idle') primaries.forEach((d) => edge(env.key, d.key, 'traffic'));
  }
  for (const n of of('AWS::EC2::NatGateway')) {
    nodes.push({ id: n.key, kind: 'nat', group: 'app', label: 'NAT gateway', detail: `outbound internet (${n.stack})` });
  }

  // data
  for (const d of dbs) {
    const p = d.r.Properties ?? {};
    const replica = p.SourceDBInstanceIdentifier !== undefined;
    nodes.push({
      id: d.key,
      kind: 'database',
      group: 'data',
      label: replica ? 'RDS read replica' : `RDS ${str(p.Engine) ?? 'database'}`,
      detail: `${str(p.DBInstanceClass) ?? ''}${bool(p.MultiAZ) ? ' Multi-AZ' : ''}`.trim(),
    });
    const source = refTarget(p.SourceDBInstanceIdentifier);
    if (source) edge(`${d.stack}/${source}`, d.key, 'data');
    if (bool(p.MultiAZ)) {
      // the standby RDS keeps in another availability zone: no endpoint of its own, it takes over on a failover
      nodes.push({ id: `${d.key}#standby`, kind: 'database', group: 'data', label: 'RDS standby (Multi-AZ)', detail: 'synchronous copy, other AZ' });
      edge(d.key, `${d.key}#standby`, 'data');
    }
  }

  // backups: vaults and what their plans select, the jobs that dump or restore a database and the buckets they write
  const vaults = of('AWS::Backup::BackupVault');
  const selected = new Map<string, Set<string>>();
  const plans = of('AWS::Backup::BackupPlan');
  for (const s of of('AWS::Backup::BackupSelection')) {
    const plan = plans.filter((p) => t.refsIn(s, s.r.Properties?.BackupPlanId).has(p.key));
    const planVaults = plan.flatMap((p) => [...t.refsIn(p, p.r.Properties?.BackupPlan)].filter((k) => t.typeOf(k) === 'AWS::Backup::BackupVault'));
    const selection = (s.r.Properties?.BackupSelection ?? {}) as Record<string, unknown>;
    const resources = t.refsIn(s, selection.Resources);
    for (const v of planVaults.length > 0 ? planVaults : vaults.map((x) => x.key)) {
      selected.set(v, new Set([...selected.get(v) ?? [], ...resources]));
    }
  }
  for (const v of vaults) {
    nodes.push({ id: v.key, kind: 'backup', group: 'backup', label: 'AWS Backup vault', detail: displayName(v.id) });
    // a vault whose selections name no resource of the assembly (tags, ARNs): the primary databases
    const from = selected.get(v.key)?.size ? [...selected.get(v.key)!] : primaries.map((d) => d.key);
    from.forEach((k) => edge(k, v.key, 'data'));
  }
  const written = new Map<string, string[]>();
  for (const j of databaseJobs) {
    for (const k of t.reach(j, THROUGH_FUNCTIONS)) {
      if (t.typeOf(k) === BUCKET) written.set(k, [...written.get(k) ?? [], j.key]);
    }
  }
  const drawnBuckets = buckets.filter((b) => !hidden(b) && !originBuckets.has(b.key));
  for (const b of drawnBuckets.filter((x) => written.has(x.key))) {
    nodes.push({ id: b.key, kind: 'storage', group: 'backup', label: 'S3 bucket', detail: displayName(b.id) });
    written.get(b.key)!.forEach((j) => edge(j, b.key, 'data'));
  }
  const jobNode = (j: Found, group: string): DiagramNode => (j.r.Type === PROJECT
    ? { id: j.key, kind: 'build', group, label: 'CodeBuild', detail: displayName(j.id) }
    : { id: j.key, kind: 'workflow', group, label: 'Step Functions', detail: displayName(j.id) });
  for (const j of [...databaseJobs.filter((x) => x.r.Type === PROJECT), ...databaseJobs.filter((x) => x.r.Type !== PROJECT)]) {
    nodes.push(jobNode(j, 'backup'));
    [...t.reach(j, THROUGH_FUNCTIONS)].filter((k) => t.typeOf(k) === DATABASE).forEach((d) => edge(d, j.key, 'data'));
  }

  // other buckets, other jobs
  const storage = drawnBuckets.filter((b) => !written.has(b.key) && !releaseBuckets.has(b.key));
  for (const b of storage) {
    nodes.push({ id: b.key, kind: 'storage', group: 'storage', label: 'S3 bucket', detail: displayName(b.id) });
  }
  for (const j of jobs.filter((x) => !released.has(x.key) && !databaseJobs.includes(x))) {
    nodes.push(jobNode(j, 'other'));
  }
  // releases: pipelines, what they run, their source buckets
  for (const p of pipelines) {
    nodes.push({ id: p.key, kind: 'pipeline', group: 'release', label: 'CodePipeline', detail: str(p.r.Properties?.PipelineType) ?? 'V1' });
    const named = [...t.refs(p)].filter((k) => t.typeOf(k) === 'AWS::ElasticBeanstalk::Environment');
    // a pipeline that names no environment of the assembly (literal names) deploys to all of them
    (named.length > 0 ? named : envs.map((e) => e.key)).forEach((e) => edge(p.key, e, 'deploy'));
  }
  const releaseJobs = jobs.filter((j) => released.has(j.key));
  for (const j of [...releaseJobs.filter((x) => x.r.Type === PROJECT), ...releaseJobs.filter((x) => x.r.Type !== PROJECT)]) {
    nodes.push(jobNode(j, 'release'));
    released.get(j.key)!.forEach((p) => edge(p.key, j.key, 'deploy'));
  }
  for (const b of drawnBuckets.filter((x) => releaseBuckets.has(x.key) && !written.has(x.key))) {
    nodes.push({ id: b.key, kind: 'storage', group: 'release', label: 'S3 source bucket', detail: displayName(b.id) });
    releaseBuckets.get(b.key)!.forEach((p) => edge(b.key, p, 'deploy'));
  }

  const ids = new Set(nodes.map((n) => n.id));
  const seen = new Set<string>();
  const vpcs = of('AWS::EC2::VPC').map((v) => {
    const subnets = of('AWS::EC2::Subnet').filter((sn) => t.refsIn(sn, sn.r.Properties?.VpcId).has(v.key));
    const azs = new Set(subnets.map((sn) => JSON.stringify(sn.r.Properties?.AvailabilityZone ?? sn.key)));
    const pub = subnets.filter((sn) => bool(sn.r.Properties?.MapPublicIpOnLaunch) === true).length;
    return { id: v.key, availabilityZones: azs.size, publicSubnets: pub, privateSubnets: subnets.length - pub };
  });
  return {
    vpcs,
    nodes,
    edges: edges.filter((e) => {
      const k = `${e.from}\u0000${e.to}\u0000${e.flow}`;
      const keep = ids.has(e.from) && ids.has(e.to) && !seen.has(k);
      seen.add(k);
      return keep;
    }),
  };
}

const COLORS: Record<string, string> = {
  users: '#eeeeee',
  dns: '#d6e4f5',
  cdn: '#cde0f7',
  loadbalancer: '#e3d7f2',
  environment: '#fde2c8',
  nat: '#e8e8e8',
  database: '#d3ecd6',
  backup: '#f6d3d3',
  storage: '#f9efc7',
  pipeline: '#d7eef0',
  build: '#d7eef0',
  workflow: '#f8dcea',
};
/** The groups drawn in a labelled frame, when they hold two boxes or more. */
const FRAMES: Record<string, string> = { edge: 'Edge', backup: 'Backups', release: 'Releases' };
const W = 220;
/** Characters of a bold node label that fit in a box. */
const LABEL_CHARS = 30;
const H = 56;
const GAP_X = 60;
const GAP_Y = 24;
const COLUMNS = 6;
/** The top of the first row: room for the title, the legend and a frame's caption. */
const TOP = 76;

/** The column of a box: traffic from left to right, backups and other storage on the right. */
function columnOf(n: DiagramNode): number {
  switch (n.kind) {
    case 'users': return 0;
    case 'dns': case 'cdn': return 1;
    case 'loadbalancer': case 'pipeline': return 2;
    case 'environment': case 'nat': return 3;
    case 'database': return 4;
    case 'build': case 'workflow': return n.group === 'release' ? 1 : 5;
    case 'storage': return n.group === 'edge' ? 1 : n.group === 'release' ? 2 : 5;
    default: return 5;
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The architecture as an SVG document (and the same rendered to PNG). */
export function renderDiagram(assembly: Assembly): { svg: string; png: Buffer } {
  const svg = renderDiagramSvg(architectureGraph(assembly));
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
  return { svg, png: Buffer.from(png) };
}

/** An SVG of a graph: traffic left to right, releases in the bottom rows, groups in labelled frames. */
export function renderDiagramSvg(graph: ArchitectureGraph): string {
  const pos = new Map<string, { x: number; y: number }>();
  const rowsUsed: number[] = [];
  const lower = (n: DiagramNode) => n.group === 'release';
  // traffic, data and backups first, then the release rows below the tallest column
  for (const n of graph.nodes.filter((x) => !lower(x))) {
    const col = columnOf(n);
    const row = rowsUsed[col] ?? 0;
    rowsUsed[col] = row + 1;
    pos.set(n.id, { x: 20 + col * (W + GAP_X), y: TOP + row * (H + GAP_Y) });
  }
  const base = Math.max(1, ...rowsUsed.filter((x) => x !== undefined));
  const lowerRows: number[] = [];
  for (const n of graph.nodes.filter(lower)) {
    const col = columnOf(n);
    const row = lowerRows[col] ?? 0;
    lowerRows[col] = row + 1;
    pos.set(n.id, { x: 20 + col * (W + GAP_X), y: TOP + (base + row + 0.5) * (H + GAP_Y) });
  }
  const width = 20 + COLUMNS * (W + GAP_X);
  const height = Math.max(...[...pos.values()].map((p) => p.y)) + H + 60;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    '<defs>',
    ...['traffic', 'data', 'deploy'].map((f) => `<marker id="arrow-${f}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${edgeColor(f)}"/></marker>`),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    '<text x="20" y="30" font-size="16" font-weight="bold">Architecture (from the synthesized templates)</text>',
    `<text x="${width - 20}" y="30" font-size="11" text-anchor="end"><tspan fill="${edgeColor('traffic')}">— traffic</tspan>  <tspan fill="${edgeColor('data')}">- - data / backups</tspan>  <tspan fill="${edgeColor('deploy')}">··· deploy</tspan></text>`,
  ];
  for (const [group, caption] of Object.entries(FRAMES)) {
    const members = graph.nodes.filter((n) => n.group === group).map((n) => pos.get(n.id)!);
    if (members.length < 2) continue;
    const [x1, y1] = [Math.min(...members.map((p) => p.x)) - 10, Math.min(...members.map((p) => p.y)) - 24];
    const [x2, y2] = [Math.max(...members.map((p) => p.x)) + W + 10, Math.max(...members.map((p) => p.y)) + H + 10];
    // only around boxes that are the group's alone
    const inside = graph.nodes.filter((n) => n.group !== group).map((n) => pos.get(n.id)!)
      .some((p) => p.x < x2 && p.x + W > x1 && p.y < y2 && p.y + H > y1);
    if (inside) continue;
    out.push(`<g data-group="${group}">`,
      `<rect x="${x1}" y="${y1}" width="${x2 - x1}" height="${y2 - y1}" rx="12" fill="#fafafa" stroke="#9e9e9e" stroke-dasharray="4 3"/>`,
      `<text x="${x1 + 8}" y="${y1 + 15}" font-size="11" fill="#555555">${esc(caption)}</text>`,
      '</g>');
  }
  for (const v of graph.vpcs ?? []) {
    const members = graph.nodes.filter((n) => n.group === 'app' || n.group === 'data').map((n) => pos.get(n.id)!);
    if (members.length === 0) continue;
    const [x1, y1] = [Math.min(...members.map((p) => p.x)) - 16, Math.min(...members.map((p) => p.y)) - 40];
    const [x2, y2] = [Math.max(...members.map((p) => p.x)) + W + 16, Math.max(...members.map((p) => p.y)) + H + 16];
    out.push(`<g data-vpc="${esc(v.id)}">`,
      `<rect x="${x1}" y="${y1}" width="${x2 - x1}" height="${y2 - y1}" rx="14" fill="none" stroke="#2e7d32" stroke-width="1.5"/>`,
      `<text x="${x1 + 10}" y="${y1 + 16}" font-size="11" fill="#2e7d32">VPC · ${v.availabilityZones} availability zones · ${v.publicSubnets} public subnets`
        + ` (load balancers, NAT gateways) · ${v.privateSubnets} private subnets (app servers, database)</text>`,
      '</g>');
    break; // one frame: the app's VPC
  }
  const boxes = [...pos.values()];
  for (const e of graph.edges) {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    const dash = e.flow === 'data' ? ' stroke-dasharray="6 4"' : e.flow === 'deploy' ? ' stroke-dasharray="2 3"' : '';
    const attrs = `data-edge="${esc(e.from)}->${esc(e.to)}" data-flow="${e.flow}" stroke="${edgeColor(e.flow)}" stroke-width="1.5" fill="none"${dash} marker-end="url(#arrow-${e.flow})"`;
    if (e.flow === 'deploy' && b.x > a.x && b.y < a.y) {
      // releases come from below: along the gap left of the target, into its lower part
      const bus = b.x - GAP_X / 3;
      out.push(`<path ${attrs} d="M${a.x + W},${a.y + H / 2} H${bus} V${b.y + H * 0.8} H${b.x}"/>`);
      continue;
    }
    if (b.x === a.x && boxes.some((p) => p.x === a.x && p.y > Math.min(a.y, b.y) && p.y < Math.max(a.y, b.y))) {
      // around the boxes in between: along the gap beside the column (right of the last column, else
      // left), leaving and entering off the middle, where the arrows between columns are
      const right = a.x + W + GAP_X >= width;
      const side = right ? a.x + W : a.x;
      const lane = right ? side + GAP_X / 4 : side - GAP_X / 4;
      const [leave, enter] = b.y > a.y ? [0.75, 0.25] : [0.25, 0.75];
      out.push(`<path ${attrs} d="M${side},${a.y + H * leave} H${lane} V${b.y + H * enter} H${side}"/>`);
      continue;
    }
    const [x1, y1, x2, y2] = b.x > a.x ? [a.x + W, a.y + H / 2, b.x, b.y + H / 2]
      : b.x < a.x ? [a.x, a.y + H / 2, b.x + W, b.y + H / 2]
        : [a.x + W / 2, a.y + (b.y > a.y ? H : 0), b.x + W / 2, b.y + (b.y > a.y ? 0 : H)];
    out.push(`<line ${attrs} x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`);
  }
  for (const n of graph.nodes) {
    const p = pos.get(n.id)!;
    const idle = n.role === 'idle';
    out.push(`<g data-node="${n.kind}" data-group="${n.group}" data-id="${esc(n.id)}"${n.role ? ` data-role="${n.role}"` : ''}>`,
      `<rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="8" fill="${idle ? '#f4f4f4' : COLORS[n.kind] ?? '#ffffff'}" stroke="${idle ? '#9e9e9e' : '#555555'}"`
        + `${idle ? ' stroke-dasharray="5 3"' : ''}${n.role === 'live' ? ' stroke-width="2.5"' : ''}/>`,
      `<text x="${p.x + W / 2}" y="${p.y + (n.detail ? 23 : 33)}" font-size="12" font-weight="bold" text-anchor="middle">${esc(truncate(n.label, LABEL_CHARS))}</text>`,
      ...(n.detail ? [`<text x="${p.x + W / 2}" y="${p.y + 42}" font-size="11" fill="#333333" text-anchor="middle">${esc(truncate(n.detail, 34))}</text>`] : []),
      '</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function edgeColor(flow: string): string {
  return flow === 'traffic' ? '#1f5fbf' : flow === 'data' ? '#b03030' : '#2e7d32';
}
