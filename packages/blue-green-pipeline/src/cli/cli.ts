/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import { parseArgs } from 'node:util';
import { CodePipelineClient, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { CreateApplicationVersionCommand, DescribeEnvironmentsCommand } from '@aws-sdk/client-elastic-beanstalk';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { advance, EngineDeps, Operation, ReleaseSettings, ReleaseState, startRelease } from '../private/runtime/engine';
import {
  classify, describeEnvironment, discoverEnvironmentNames, ReleaseError, ReleaseTarget,
} from '../private/runtime/environments';
import { assertPipelineIdle } from '../private/runtime/pipeline-guard';

/** Exit codes of `ebkit-bluegreen`. */
export const EXIT = {
  OK: 0,
  /** The release failed or was refused: unhealthy, timed out, swapped back, both/neither live, busy. */
  FAILED: 1,
  /** The command line is wrong. */
  USAGE: 2,
} as const;

/** The outside world of the CLI (tests replace it). */
export interface CliIO {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Record<string, string | undefined>;
  readonly engine: (region?: string) => EngineDeps;
  readonly codepipeline: (region?: string) => CodePipelineClient;
  readonly s3: (region?: string) => S3Client;
  /** The size in bytes of a local file, undefined when there is no such file. */
  readonly fileSize: (path: string) => number | undefined;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly sleep: (seconds: number) => Promise<void>;
}

/** Elastic Beanstalk's limit on a source bundle. */
export const MAX_BUNDLE_BYTES = 500 * 1024 * 1024;

export const USAGE = `Usage: ebkit-bluegreen <command> [options]

Blue/green releases on Elastic Beanstalk by hand, with the same checks as the pipeline.

Commands:
  status                 which environment is live, their versions and health
  deploy <bundle>        deploy to the idle environment and wait until it is Ready and Ok;
                         <bundle> is an existing version label, s3://bucket/key.zip, or a local
                         .zip file (uploaded to --bucket, or to the --pipeline's artifact bucket)
  swap                   move the production CNAME to the idle environment (health gate unless --force)
  rollback               move the production CNAME back to the other environment
  scale-down             reduce the idle environment's Auto Scaling size (--instances, after --drain)

deploy, swap and rollback first give the idle environment the live environment's Auto Scaling
size when it was scaled down.

Options:
  --application <name>             Elastic Beanstalk application ($EBKIT_APPLICATION)
  --production-cname-prefix <p>    the CNAME prefix users reach ($EBKIT_PRODUCTION_CNAME_PREFIX)
  --environments <a,b>             the two environments (default: the application's two environments)
  --region <region>                AWS region (default: $AWS_REGION)
  --lock-table <name>              the release lock's DynamoDB table, shared with the pipeline
                                   ($EBKIT_LOCK_TABLE; required to change the environments)
  --pipeline <name>                also refuse while this pipeline has an execution in progress
  --version-label <label>          label of the version created from an s3:// or local bundle (default: cli-<time>)
  --bucket <name>                  deploy: the bucket a local bundle is uploaded to ($EBKIT_BUNDLE_BUCKET)
  --verify-path <path>             deploy: request this path on the idle environment after the deployment
  --alarms <a,b>                   swap: alarms of the environment that becomes live, watched during --bake
  --bake <seconds>                 swap: how long to watch the alarms, swapping back if one fires
                                   (--bake and --alarms go together)
  --timeout <seconds>              how long a deployment or swap may take (default 1800)
  --poll <seconds>                 seconds between two looks (default 30)
  --instances <n>                  scale-down: MinSize and MaxSize afterwards (default 1)
  --drain <seconds>                scale-down: wait this long first (default 0)
  --force                          swap or roll back even if the target environment is not healthy;
                                   rollback --force also breaks the release lock and swaps before
                                   restoring the size (an emergency)
  --dry-run                        show what would happen, change nothing
  -h, --help                       this help

Exit codes: 0 done, 1 the release failed or was refused, 2 wrong usage.`;

class UsageError extends Error {}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`--${name} must be a whole number of seconds, got '${value}'`);
  }
  return Number(value);
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Runs `ebkit-bluegreen` with its arguments (without `node` and the script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'application': { type: 'string' },
        'production-cname-prefix': { type: 'string' },
        'environments': { type: 'string' },
        'region': { type: 'string' },
        'pipeline': { type: 'string' },
        'lock-table': { type: 'string' },
        'version-label': { type: 'string' },
        'verify-path': { type: 'string' },
        'alarms': { type: 'string' },
        'bake': { type: 'string' },
        'timeout': { type: 'string' },
        'poll': { type: 'string' },
        'bucket': { type: 'string' },
        'instances': { type: 'string' },
        'drain': { type: 'string' },
        'force': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'help': { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error: any) {
    io.err(`error: ${error.message}`);
    io.err('run ebkit-bluegreen --help for the usage');
    return EXIT.USAGE;
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    io.out(USAGE);
    return EXIT.OK;
  }
  const [command, ...rest] = positionals;
  try {
    if (!command) {
      throw new UsageError('a command is required: status, deploy, swap, rollback or scale-down');
    }
    if (!['status', 'deploy', 'swap', 'rollback', 'scale-down'].includes(command)) {
      throw new UsageError(`unknown command '${command}': expected status, deploy, swap, rollback or scale-down`);
    }
    const expectedArgs = command === 'deploy' ? 1 : 0;
    if (rest.length !== expectedArgs) {
      throw new UsageError(command === 'deploy' ? 'deploy needs exactly one <bundle>: a version label, s3://bucket/key.zip or a local .zip file'
        : `${command} takes no argument, got ${rest.join(' ')}`);
    }
    const applicationName = o.application ?? io.env.EBKIT_APPLICATION;
    const productionCnamePrefix = o['production-cname-prefix'] ?? io.env.EBKIT_PRODUCTION_CNAME_PREFIX;
    if (!applicationName) {
      throw new UsageError('--application (or EBKIT_APPLICATION) is required');
    }
    if (!productionCnamePrefix) {
      throw new UsageError('--production-cname-prefix (or EBKIT_PRODUCTION_CNAME_PREFIX) is required');
    }
    const settings: ReleaseSettings = {
      timeoutSeconds: integer('timeout', o.timeout),
      pollSeconds: integer('poll', o.poll),
      bakeSeconds: integer('bake', o.bake),
      verifyPath: o['verify-path'],
      drainSeconds: integer('drain', o.drain),
      scaleDownInstances: integer('instances', o.instances),
      force: o.force,
      dryRun: o['dry-run'],
    };
    if ((o.bake !== undefined || o.alarms !== undefined) && command !== 'swap') {
      throw new UsageError('--bake and --alarms only apply to swap');
    }
    if (settings.bakeSeconds && !o.alarms) {
      throw new UsageError('--bake needs --alarms: without alarms the bake would watch nothing');
    }
    if (o.alarms !== undefined && !settings.bakeSeconds) {
      throw new UsageError('--alarms needs --bake <seconds>: without a bake time the alarms would never be watched');
    }
    if ((o.drain !== undefined || o.instances !== undefined) && command !== 'scale-down') {
      throw new UsageError('--instances and --drain only apply to scale-down');
    }
    if (o.bucket !== undefined && command !== 'deploy') {
      throw new UsageError('--bucket only applies to deploy');
    }
    const region = o.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
    const deps = io.engine(region);
    const environmentNames = list(o.environments) ?? await discoverEnvironmentNames(deps.eb, applicationName);
    const target: ReleaseTarget = { applicationName, environmentNames, productionCnamePrefix };

    if (command === 'status') {
      return await status(target, deps, io);
    }
    const lockTable = o['lock-table'] ?? io.env.EBKIT_LOCK_TABLE;
    if (!lockTable && !settings.dryRun) {
      throw new UsageError(`${command} changes the environments: --lock-table (or EBKIT_LOCK_TABLE) is required, `
        + 'the release lock the pipeline shares (the BlueGreenPipeline\'s lockTable)');
    }
    const emergency = command === 'rollback' && settings.force === true;
    if (o.pipeline) {
      try {
        await assertPipelineIdle(io.codepipeline(region), o.pipeline);
      } catch (error: any) {
        if (!emergency) {
          throw error;
        }
        io.err(`warning: ${error.message}; rolling back anyway (--force), the release lock decides`);
      }
    }
    let versionLabel: string | undefined;
    let alarmNames: Record<string, string[]> | undefined;
    if (command === 'deploy') {
      versionLabel = await resolveVersion(rest[0], {
        label: o['version-label'],
        bucket: o.bucket ?? io.env.EBKIT_BUNDLE_BUCKET,
        pipeline: o.pipeline,
        region,
      }, target, settings, deps, io);
    }
    if (command === 'swap' && o.alarms) {
      const pair = classify(target, (await deps.eb.send(new DescribeEnvironmentsCommand({
        ApplicationName: applicationName, EnvironmentNames: environmentNames,
      }))).Environments ?? []);
      alarmNames = { [pair.idle.EnvironmentName!]: list(o.alarms)! };
    }
    const state = startRelease(command as Operation, target, { ...settings, alarmNames, lockTable }, versionLabel);
    return await drive(state, deps, io);
  } catch (error: any) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      io.err('run ebkit-bluegreen --help for the usage');
      return EXIT.USAGE;
    }
    io.err(`error: ${error instanceof ReleaseError ? error.message : `${error?.name ?? 'Error'}: ${error?.message ?? error}`}`);
    return EXIT.FAILED;
  }
}

async function status(target: ReleaseTarget, deps: EngineDeps, io: CliIO): Promise<number> {
  const response = await deps.eb.send(new DescribeEnvironmentsCommand({
    ApplicationName: target.applicationName, EnvironmentNames: target.environmentNames, IncludeDeleted: false,
  }));
  const pair = classify(target, response.Environments ?? []);
  io.out(`application ${target.applicationName}, production CNAME prefix ${target.productionCnamePrefix}`);
  io.out(`live: ${describeEnvironment(pair.live)}`);
  io.out(`idle: ${describeEnvironment(pair.idle)}`);
  return EXIT.OK;
}

interface BundleOptions {
  readonly label?: string;
  readonly bucket?: string;
  readonly pipeline?: string;
  readonly region?: string;
}

/**
 * A version label as given, or a new version made from an s3:// bundle, or
 * from a local bundle uploaded to S3 first.
 */
async function resolveVersion(bundle: string, options: BundleOptions, target: ReleaseTarget, settings: ReleaseSettings,
  deps: EngineDeps, io: CliIO): Promise<string> {
  const s3Url = /^s3:\/\/([^/]+)\/(.+)$/.exec(bundle);
  const size = s3Url ? undefined : io.fileSize(bundle);
  if (!s3Url && size === undefined) {
    if (/\.(zip|war|jar)$/i.test(bundle) || bundle.includes('/')) {
      throw new UsageError(`'${bundle}' is not a file, a version label or an s3:// URL`);
    }
    return bundle;
  }
  const versionLabel = options.label ?? `cli-${new Date(deps.now()).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
  let source: { bucket: string; key: string };
  if (s3Url) {
    source = { bucket: s3Url[1], key: s3Url[2] };
  } else {
    source = await upload(bundle, size!, versionLabel, options, settings, io);
  }
  const url = `s3://${source.bucket}/${source.key}`;
  if (settings.dryRun) {
    io.out(`dry run: would create version ${versionLabel} from ${url}`);
    return versionLabel;
  }
  await deps.eb.send(new CreateApplicationVersionCommand({
    ApplicationName: target.applicationName,
    VersionLabel: versionLabel,
    SourceBundle: { S3Bucket: source.bucket, S3Key: source.key },
    Description: 'Created by ebkit-bluegreen deploy',
  }));
  io.out(`created version ${versionLabel} from ${url}`);
  return versionLabel;
}

/** Uploads a local bundle to the given bucket, or to the pipeline's artifact bucket, as `ebkit-bluegreen/<label>.<ext>`. */
async function upload(file: string, size: number, versionLabel: string, options: BundleOptions, settings: ReleaseSettings,
  io: CliIO): Promise<{ bucket: string; key: string }> {
  const extension = /\.(zip|war|jar)$/i.exec(file)?.[1]?.toLowerCase();
  if (!extension) {
    throw new UsageError(`'${file}' is not a source bundle: Elastic Beanstalk takes a .zip (or .war, .jar) file`);
  }
  if (size === 0 || size > MAX_BUNDLE_BYTES) {
    throw new UsageError(`'${file}' is ${formatBytes(size)}: a source bundle must hold something and be at most 500 MB`);
  }
  const bucket = options.bucket ?? (options.pipeline ? await artifactBucketOf(io.codepipeline(options.region), options.pipeline) : undefined);
  if (!bucket) {
    throw new UsageError('a local bundle needs a bucket to upload to: pass --bucket <name> (or EBKIT_BUNDLE_BUCKET), '
      + 'or --pipeline <name> to use its artifact bucket');
  }
  const key = `ebkit-bluegreen/${versionLabel.replace(/[^a-zA-Z0-9._-]/g, '_')}.${extension}`;
  if (settings.dryRun) {
    io.out(`dry run: would upload ${file} (${formatBytes(size)}) to s3://${bucket}/${key}`);
    return { bucket, key };
  }
  io.out(`uploading ${file} (${formatBytes(size)}) to s3://${bucket}/${key}`);
  try {
    await io.s3(options.region).send(new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: await io.readFile(file),
      ContentType: extension === 'zip' ? 'application/zip' : 'application/java-archive',
    }));
  } catch (error: any) {
    throw new ReleaseError(`uploading ${file} to s3://${bucket}/${key} failed: ${error?.name ?? 'Error'}: ${error?.message ?? error}`);
  }
  io.out(`uploaded s3://${bucket}/${key}`);
  return { bucket, key };
}

/** The bucket where a pipeline keeps its artifacts (this package's pipeline registers versions from there). */
async function artifactBucketOf(codepipeline: CodePipelineClient, name: string): Promise<string> {
  const response = await codepipeline.send(new GetPipelineCommand({ name }));
  const store = response.pipeline?.artifactStore ?? Object.values(response.pipeline?.artifactStores ?? {})[0];
  if (!store?.location) {
    throw new ReleaseError(`pipeline ${name} has no artifact bucket: pass --bucket <name>`);
  }
  return store.location;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KB`;
  }
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Runs a release to its end, printing progress, sleeping between steps. */
export async function drive(initial: ReleaseState, deps: EngineDeps, io: CliIO): Promise<number> {
  let state = initial;
  for (;;) {
    state = await advance(state, deps);
    const stamp = new Date(deps.now()).toISOString().slice(11, 19);
    for (const line of state.log) {
      (line.startsWith('FAILED: ') ? io.err : io.out)(`[${stamp}] ${line}`);
    }
    if (state.next === 'done') {
      return EXIT.OK;
    }
    if (state.next === 'fail') {
      return EXIT.FAILED;
    }
    if (state.next === 'wait' || state.next === 'drain') {
      await io.sleep(state.waitSeconds);
    }
  }
}
