import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** HTTP traffic of the application; other quantities are derived from it when not given. */
export interface RequestsUsage {
  /** Requests a month. */
  readonly perMonth?: number;
  /** Average request size in KB (counts as load balancer processed bytes). */
  readonly averageRequestKb?: number;
  /** Average response size in KB (processed bytes and data transfer out). */
  readonly averageResponseKb?: number;
  /** Requests sent over one connection (keep-alive); 1 when not given. */
  readonly requestsPerConnection?: number;
  /** How long a connection stays open, in seconds; 1 when not given. */
  readonly averageConnectionSeconds?: number;
}

/** Load balancer traffic, averaged over the month; each overrides the value derived from `requests`. */
export interface LoadBalancerUsage {
  readonly newConnectionsPerSecond?: number;
  readonly activeConnectionsPerMinute?: number;
  /** GB processed a month (requests + responses). */
  readonly processedGb?: number;
  /** Billable rule evaluations a second (request rate x (rules processed - 10 free rules)). */
  readonly ruleEvaluationsPerSecond?: number;
}

/** Instance counts; override the environments' MinSize/MaxSize (e.g. from `plan`). */
export interface CapacityUsage {
  readonly minInstances?: number;
  readonly maxInstances?: number;
  /** Average running instances a month; hours above the minimum are usage-driven. */
  readonly averageInstances?: number;
  /** Environments (EnvironmentName or logical id) this applies to; all when not given. */
  readonly environments?: string[];
  /** Instance type in place of the option settings' (to compare types under one assembly). */
  readonly instanceType?: string;
  /**
   * CPU milliseconds an app server spends on a request (from `loadtest --app` or CloudWatch):
   * with the requests it gives a burstable type's CPU utilization and surplus credits.
   */
  readonly cpuMsPerRequest?: number;
}

export interface DnsUsage {
  /** Standard (non-alias) queries, millions a month. */
  readonly queriesMillions?: number;
  /** Alias queries to AWS resources, millions a month (free). */
  readonly aliasQueriesMillions?: number;
}

export interface S3Usage {
  readonly standardGb?: number;
  readonly standardIaGb?: number;
  readonly glacierFlexibleGb?: number;
  readonly glacierDeepArchiveGb?: number;
  readonly putRequests?: number;
  readonly getRequests?: number;
}

export interface DataTransferUsage {
  /** GB out to the internet a month; derived from requests x averageResponseKb when not given. */
  readonly outGb?: number;
  /** GB between availability zones a month (each direction counted). */
  readonly interAzGb?: number;
}

export interface NatUsage { readonly processedGb?: number }
export interface BackupUsage {
  /** RDS snapshot storage in the backup vault(s). */
  readonly rdsSnapshotGb?: number;
  /** S3 backup storage in the backup vault(s). */
  readonly s3Gb?: number;
  /** GB copied to another region a month (cross-region copy); the copy's storage is billed there. */
  readonly crossRegionCopyGb?: number;
}
export interface RdsUsage {
  /** Total automated backup and snapshot storage in GB; what exceeds the provisioned storage is billed. */
  readonly backupStorageGb?: number;
}
export interface PipelineUsage {
  readonly runsPerMonth?: number;
  /** Minutes of action execution per run (V2 pipelines). */
  readonly actionMinutesPerRun?: number;
  /** CodeBuild minutes per run (all projects together). */
  readonly buildMinutesPerRun?: number;
}
export interface LambdaUsage {
  readonly invocations?: number;
  readonly averageDurationMs?: number;
}
export interface LogsUsage {
  readonly ingestedGb?: number;
  readonly storedGb?: number;
}
export interface SecretsManagerUsage { readonly apiCalls?: number }
export interface KmsUsage { readonly requests?: number }
/** CloudFront traffic a month, all distributions together (split evenly over them). */
export interface CloudFrontUsage {
  /** HTTPS requests to the distributions. */
  readonly requests?: number;
  /** GB out to viewers on the internet. */
  readonly outGb?: number;
  /** CloudFront Functions invocations; default: requests x the function associations of each distribution's default cache behaviour. */
  readonly functionInvocations?: number;
}
/** Step Functions Standard workflows, all state machines together. */
export interface StepFunctionsUsage { readonly stateTransitions?: number }
/** SNS standard topics, all topics together. */
export interface SnsUsage {
  readonly publishes?: number;
  /** Email notifications; default: each topic's share of the publishes x its email subscriptions. */
  readonly emailDeliveries?: number;
  /** HTTP/S notifications; default: each topic's share of the publishes x its HTTP/S subscriptions. */
  readonly httpDeliveries?: number;
}
/** VPC flow log records delivered a month, all flow logs together (vended logs). */
export interface FlowLogsUsage {
  /** GB; default: a flow log to CloudWatch Logs gets its log group's even share of `logs.ingestedGb`, one to S3 none. */
  readonly ingestedGb?: number;
}

/**
 * Figures for one resource, in the shape of the type-wide sections: they replace that resource's
 * share of the type-wide figure (which is then split over the other resources only).
 */
export interface ResourceUsage {
  readonly s3?: S3Usage;
  readonly loadBalancer?: LoadBalancerUsage;
  readonly nat?: NatUsage;
  readonly dns?: DnsUsage;
  readonly backup?: BackupUsage;
  readonly lambda?: LambdaUsage;
  readonly logs?: LogsUsage;
  readonly kms?: KmsUsage;
  readonly secretsManager?: SecretsManagerUsage;
}

/** Sections a `resources` entry may hold. */
export const RESOURCE_SECTIONS = ['s3', 'loadBalancer', 'nat', 'dns', 'backup', 'lambda', 'logs', 'kms', 'secretsManager'];

/** How the idle environment of a blue/green pair spends the month (see the estimate's release lifecycle). */
export interface LifecycleUsage {
  /**
   * `warm`: at full size all month; `scaled-down`: at `scaledDownInstances` after each release's
   * drain; `stopped`: exists only during releases. @default - `scaled-down` when the pipeline has a
   * ScaleDown stage, else `warm`
   */
  readonly idle?: string;
  /** EnvironmentName or logical id of the environment that holds the production CNAME. @default - the first of the pair */
  readonly liveEnvironment?: string;
  /** Minutes a release keeps the idle environment at full size before the drain (deploy, test, approve, swap, bake). @default - pipeline.actionMinutesPerRun, else 30 */
  readonly releaseMinutes?: number;
  /** Instances of the scaled-down environment. @default - the pipeline's scaledDownInstances, else 1 */
  readonly scaledDownInstances?: number;
  /** Minutes of the drain after the swap. @default - the pipeline's drainSeconds / 60, else 0 */
  readonly drainMinutes?: number;
}

/** Values of `lifecycle.idle`. */
export const IDLE_MODES = ['warm', 'scaled-down', 'stopped'];

/** What the templates cannot say: traffic and volumes a month. Every field is optional. */
export interface UsageProfile {
  readonly name?: string;
  readonly description?: string;
  /** Region of the price table when the estimate is not given one. */
  readonly region?: string;
  /** Apply the free allowances a price table lists per account (default true). */
  readonly freeAllowances?: boolean;
  readonly requests?: RequestsUsage;
  readonly loadBalancer?: LoadBalancerUsage;
  readonly capacity?: CapacityUsage;
  readonly dns?: DnsUsage;
  readonly s3?: S3Usage;
  readonly dataTransfer?: DataTransferUsage;
  readonly nat?: NatUsage;
  readonly backup?: BackupUsage;
  readonly rds?: RdsUsage;
  readonly pipeline?: PipelineUsage;
  readonly lambda?: LambdaUsage;
  readonly logs?: LogsUsage;
  readonly secretsManager?: SecretsManagerUsage;
  readonly kms?: KmsUsage;
  readonly cloudfront?: CloudFrontUsage;
  readonly stepFunctions?: StepFunctionsUsage;
  readonly sns?: SnsUsage;
  readonly flowLogs?: FlowLogsUsage;
  readonly lifecycle?: LifecycleUsage;
  /**
   * Per-resource figures, keyed by construct path (`Backups/BackupBucket`, with or without the
   * trailing `/Resource`) or `<stack>/<logical id>`; resources not named take the type-wide figures.
   */
  readonly resources?: Record<string, ResourceUsage>;
}

type FieldType = 'number' | 'integer' | 'string' | 'boolean' | 'string[]';

const SCHEMA: Record<string, FieldType | Record<string, FieldType>> = {
  name: 'string',
  description: 'string',
  region: 'string',
  freeAllowances: 'boolean',
  requests: { perMonth: 'number', averageRequestKb: 'number', averageResponseKb: 'number', requestsPerConnection: 'number', averageConnectionSeconds: 'number' },
  loadBalancer: { newConnectionsPerSecond: 'number', activeConnectionsPerMinute: 'number', processedGb: 'number', ruleEvaluationsPerSecond: 'number' },
  capacity: {
    minInstances: 'integer', maxInstances: 'integer', averageInstances: 'number', environments: 'string[]', instanceType: 'string', cpuMsPerRequest: 'number',
  },
  dns: { queriesMillions: 'number', aliasQueriesMillions: 'number' },
  s3: { standardGb: 'number', standardIaGb: 'number', glacierFlexibleGb: 'number', glacierDeepArchiveGb: 'number', putRequests: 'number', getRequests: 'number' },
  dataTransfer: { outGb: 'number', interAzGb: 'number' },
  nat: { processedGb: 'number' },
  backup: { rdsSnapshotGb: 'number', s3Gb: 'number', crossRegionCopyGb: 'number' },
  rds: { backupStorageGb: 'number' },
  pipeline: { runsPerMonth: 'number', actionMinutesPerRun: 'number', buildMinutesPerRun: 'number' },
  lambda: { invocations: 'number', averageDurationMs: 'number' },
  logs: { ingestedGb: 'number', storedGb: 'number' },
  secretsManager: { apiCalls: 'number' },
  kms: { requests: 'number' },
  cloudfront: { requests: 'number', outGb: 'number', functionInvocations: 'number' },
  stepFunctions: { stateTransitions: 'number' },
  sns: { publishes: 'number', emailDeliveries: 'number', httpDeliveries: 'number' },
  flowLogs: { ingestedGb: 'number' },
  lifecycle: { idle: 'string', liveEnvironment: 'string', releaseMinutes: 'number', scaledDownInstances: 'integer', drainMinutes: 'number' },
};

/**
 * Reads a usage profile from a YAML (`.yaml`, `.yml`) or JSON file and validates it.
 *
 * @throws with every problem at once, each naming the field and the expected type
 */
export function loadUsageProfile(file: string): UsageProfile {
  if (!fs.existsSync(file)) {
    throw new Error(`${file}: usage profile not found`);
  }
  const text = fs.readFileSync(file, 'utf-8');
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    throw new Error(`${file}: malformed usage profile (${(e as Error).message.split('\n')[0]})`);
  }
  return parseUsageProfile(data ?? {}, path.basename(file));
}

/**
 * Validates a usage profile given as a plain object (parsed YAML or JSON).
 *
 * @param source named in error messages
 */
export function parseUsageProfile(data: unknown, source: string = 'usage profile'): UsageProfile {
  const errors: string[] = [];
  if (!isObject(data)) {
    throw new Error(`${source}: a usage profile must be a mapping of sections (got ${describe(data)})`);
  }
  for (const [key, value] of Object.entries(data)) {
    if (key === 'resources') {
      checkResources(value, errors);
      continue;
    }
    const spec = SCHEMA[key];
    if (spec === undefined) {
      errors.push(`${key}: unknown field (expected one of ${[...Object.keys(SCHEMA), 'resources'].join(', ')})`);
    } else if (typeof spec === 'string') {
      checkField(key, spec, value, errors);
    } else if (!isObject(value)) {
      errors.push(`${key}: must be a mapping (got ${describe(value)})`);
    } else {
      for (const [field, fieldValue] of Object.entries(value)) {
        const fieldSpec = spec[field];
        if (fieldSpec === undefined) {
          errors.push(`${key}.${field}: unknown field (expected one of ${Object.keys(spec).join(', ')})`);
        } else {
          checkField(`${key}.${field}`, fieldSpec, fieldValue, errors);
        }
      }
    }
  }
  const idle = (data as UsageProfile).lifecycle?.idle;
  if (typeof idle === 'string' && !IDLE_MODES.includes(idle)) {
    errors.push(`lifecycle.idle: must be one of ${IDLE_MODES.join(', ')} (got ${JSON.stringify(idle)})`);
  }
  const capacity = (data as UsageProfile).capacity;
  if (errors.length === 0 && capacity?.minInstances !== undefined && capacity.maxInstances !== undefined
    && capacity.minInstances > capacity.maxInstances) {
    errors.push(`capacity.minInstances (${capacity.minInstances}) must not exceed capacity.maxInstances (${capacity.maxInstances})`);
  }
  if (errors.length > 0) {
    throw new Error(`${source}: invalid usage profile:\n  ${errors.join('\n  ')}`);
  }
  return data as UsageProfile;
}

function checkResources(value: unknown, errors: string[]): void {
  if (!isObject(value)) {
    errors.push(`resources: must be a mapping of construct paths to usage sections (got ${describe(value)})`);
    return;
  }
  for (const [address, sections] of Object.entries(value)) {
    const where = `resources['${address}']`;
    if (!isObject(sections)) {
      errors.push(`${where}: must be a mapping of usage sections (got ${describe(sections)})`);
      continue;
    }
    for (const [section, fields] of Object.entries(sections)) {
      const spec = SCHEMA[section];
      if (!RESOURCE_SECTIONS.includes(section) || typeof spec !== 'object') {
        errors.push(`${where}.${section}: not a per-resource section (expected one of ${RESOURCE_SECTIONS.join(', ')})`);
      } else if (!isObject(fields)) {
        errors.push(`${where}.${section}: must be a mapping (got ${describe(fields)})`);
      } else {
        for (const [field, fieldValue] of Object.entries(fields)) {
          if (spec[field] === undefined) {
            errors.push(`${where}.${section}.${field}: unknown field (expected one of ${Object.keys(spec).join(', ')})`);
          } else {
            checkField(`${where}.${section}.${field}`, spec[field], fieldValue, errors);
          }
        }
      }
    }
  }
}

function checkField(name: string, type: FieldType, value: unknown, errors: string[]): void {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') errors.push(`${name}: must be a string (got ${describe(value)})`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${name}: must be true or false (got ${describe(value)})`);
      break;
    case 'string[]':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        errors.push(`${name}: must be a list of strings (got ${describe(value)})`);
      }
      break;
    default:
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        errors.push(`${name}: must be a number (got ${describe(value)})`);
      } else if (value < 0) {
        errors.push(`${name}: must not be negative (got ${value})`);
      } else if (type === 'integer' && !Number.isInteger(value)) {
        errors.push(`${name}: must be a whole number (got ${value})`);
      }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
