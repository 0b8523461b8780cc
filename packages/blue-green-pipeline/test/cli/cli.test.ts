import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CodePipelineClient, GetPipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateApplicationVersionCommand, DescribeConfigurationSettingsCommand, DescribeEnvironmentsCommand, DescribeEventsCommand,
  ElasticBeanstalkClient, SwapEnvironmentCNAMEsCommand, UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { CliIO, EXIT, runCli } from '../../src/cli/cli';
import { deps, env, FakeClock, pair } from '../private/runtime/fixtures';

const eb = mockClient(ElasticBeanstalkClient);
const cw = mockClient(CloudWatchClient);
const cp = mockClient(CodePipelineClient);
const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBClient);
/** Local files the CLI can see: path to content. */
let files: Record<string, Uint8Array>;
let sleeps: number[];
let clock: FakeClock;
let out: string[];
let err: string[];
let regions: (string | undefined)[];

function io(envVars: Record<string, string> = {}): CliIO {
  return {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { EBKIT_APPLICATION: 'shop', EBKIT_PRODUCTION_CNAME_PREFIX: 'shop', EBKIT_LOCK_TABLE: 'shop-release-lock', ...envVars },
    engine: (region) => {
      regions.push(region);
      return deps(clock);
    },
    codepipeline: () => new CodePipelineClient({}),
    s3: () => new S3Client({}),
    fileSize: (path) => files[path]?.length,
    readFile: async (path) => files[path],
    sleep: async (seconds) => {
      sleeps.push(seconds);
      clock.advance(seconds);
    },
  };
}

const swapped = [env('shop-blue', 'shop-staging'), env('shop-green', 'shop', { VersionLabel: 'v2' })];

beforeEach(() => {
  eb.reset();
  cw.reset();
  cp.reset();
  s3.reset();
  ddb.reset();
  ddb.on(PutItemCommand).resolves({});
  ddb.on(DeleteItemCommand).resolves({});
  files = {};
  sleeps = [];
  clock = new FakeClock();
  out = [];
  err = [];
  regions = [];
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair() });
  eb.on(DescribeEventsCommand).resolves({ Events: [] });
  eb.on(UpdateEnvironmentCommand).resolves({});
  eb.on(SwapEnvironmentCNAMEsCommand).resolves({});
  eb.on(CreateApplicationVersionCommand).resolves({});
  cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
});

describe('status', () => {
  test('shows which environment is live, versions and health', async () => {
    const code = await runCli(['status'], io());
    expect(code).toBe(EXIT.OK);
    expect(out).toEqual([
      'application shop, production CNAME prefix shop',
      'live: shop-blue: Ready, health Green/Ok, version v1, shop.us-east-1.elasticbeanstalk.com',
      'idle: shop-green: Ready, health Green/Ok, version v1, shop-staging.us-east-1.elasticbeanstalk.com',
    ]);
  });

  test('finds the application\'s two environments when they are not named', async () => {
    await runCli(['status', '--application', 'shop'], io());
    expect(eb.commandCalls(DescribeEnvironmentsCommand)[0].args[0].input).toEqual({ ApplicationName: 'shop', IncludeDeleted: false });
  });

  test('uses the named environments and region', async () => {
    await runCli(['status', '--environments', 'shop-blue,shop-green', '--region', 'eu-west-1'], io());
    expect(eb.commandCalls(DescribeEnvironmentsCommand)[0].args[0].input).toMatchObject({ EnvironmentNames: ['shop-blue', 'shop-green'] });
    expect(regions).toEqual(['eu-west-1']);
  });

  test('exits 1 when both environments claim the production CNAME', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [env('shop-blue', 'shop'), env('shop-green', 'shop')] });
    expect(await runCli(['status'], io())).toBe(EXIT.FAILED);
    expect(err[0]).toMatch(/^error: both environments claim the production CNAME prefix 'shop'/);
  });

  test('exits 1 when the application has three environments', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [...pair(), env('shop-test', 'test')] });
    expect(await runCli(['status'], io())).toBe(EXIT.FAILED);
    expect(err[0]).toMatch(/has 3 environments .*needs exactly two; name them with --environments/);
  });
});

describe('deploy', () => {
  test('deploys a version to the idle environment and shows progress until it is healthy', async () => {
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] })
      .resolvesOnce({ Environments: [env('shop-green', 'shop-staging', { Status: 'Updating', HealthStatus: 'Info' })] })
      .resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'v2' })] });
    eb.on(DescribeEventsCommand).resolvesOnce({ Events: [{ EnvironmentName: 'shop-green', Severity: 'INFO', Message: 'Environment update is starting.', EventDate: new Date(clock.time + 500) }] })
      .resolves({ Events: [] });
    const code = await runCli(['deploy', 'v2', '--environments', 'shop-blue,shop-green'], io());
    expect(code).toBe(EXIT.OK);
    expect(out).toEqual([
      '[12:00:00] live: shop-blue: Ready, health Green/Ok, version v1, shop.us-east-1.elasticbeanstalk.com',
      '[12:00:00] idle: shop-green: Ready, health Green/Ok, version v1, shop-staging.us-east-1.elasticbeanstalk.com',
      '[12:00:00] deploying version v2 to shop-green',
      '[12:00:30] shop-green: Updating, health Green/Info, version v1, shop-staging.us-east-1.elasticbeanstalk.com',
      '[12:00:30] shop-green: INFO Environment update is starting.',
      '[12:01:00] shop-green: Ready, health Green/Ok, version v2, shop-staging.us-east-1.elasticbeanstalk.com',
      '[12:01:00] shop-green is Ready with health Ok on version v2',
      '[12:01:00] version v2 is deployed and healthy on the idle environment shop-green: ready to swap',
    ]);
  });

  test('creates a version from an s3:// bundle first', async () => {
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] }).resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'r42' })] });
    const code = await runCli(['deploy', 's3://bundles/app/r42.zip', '--version-label', 'r42', '--environments', 'shop-blue,shop-green'], io());
    expect(code).toBe(EXIT.OK);
    expect(eb.commandCalls(CreateApplicationVersionCommand)[0].args[0].input).toMatchObject({
      ApplicationName: 'shop', VersionLabel: 'r42', SourceBundle: { S3Bucket: 'bundles', S3Key: 'app/r42.zip' },
    });
    expect(out[0]).toBe('created version r42 from s3://bundles/app/r42.zip');
  });

  test('names a version made from an s3:// bundle after the time', async () => {
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] }).resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'cli-20261125-120000' })] });
    await runCli(['deploy', 's3://bundles/app.zip', '--environments', 'shop-blue,shop-green'], io());
    expect(out[0]).toBe('created version cli-20261125-120000 from s3://bundles/app.zip');
  });

  test('--dry-run creates and deploys nothing', async () => {
    const code = await runCli(['deploy', 's3://bundles/app.zip', '--version-label', 'r1', '--dry-run', '--environments', 'shop-blue,shop-green'], io());
    expect(code).toBe(EXIT.OK);
    expect(out).toContain('dry run: would create version r1 from s3://bundles/app.zip');
    expect(out).toContain('[12:00:00] dry run: would deploy version r1 to the idle environment shop-green (live: shop-blue)');
    expect(eb.commandCalls(CreateApplicationVersionCommand)).toHaveLength(0);
    expect(eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(0);
  });

  test('exits 1 with the reason when the deployment times out', async () => {
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] })
      .resolves({ Environments: [env('shop-green', 'shop-staging', { Status: 'Updating', HealthStatus: 'Info' })] });
    const code = await runCli(['deploy', 'v2', '--timeout', '120', '--poll', '60', '--environments', 'shop-blue,shop-green'], io());
    expect(code).toBe(EXIT.FAILED);
    expect(err).toEqual([expect.stringMatching(/^\[12:02:00\] FAILED: timed out after 120s waiting for shop-green/)]);
  });

  test('exits 1 when the pipeline is running', async () => {
    cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ pipelineExecutionId: 'e-7', status: 'InProgress' }] });
    const code = await runCli(['deploy', 'v2', '--pipeline', 'release', '--environments', 'shop-blue,shop-green'], io());
    expect(code).toBe(EXIT.FAILED);
    expect(err[0]).toMatch(/pipeline release is running \(execution e-7\)/);
    expect(eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(0);
  });

  test('exits 2 when the local bundle does not exist', async () => {
    expect(await runCli(['deploy', './bundle.zip', '--bucket', 'bundles', '--environments', 'a1bc,d2ef'], io())).toBe(EXIT.USAGE);
    expect(err[0]).toBe("error: './bundle.zip' is not a file, a version label or an s3:// URL");
  });

  test('exits 2 without a bundle', async () => {
    expect(await runCli(['deploy'], io())).toBe(EXIT.USAGE);
    expect(err[0]).toBe('error: deploy needs exactly one <bundle>: a version label, s3://bucket/key.zip or a local .zip file');
  });

  describe('a local bundle', () => {
    const zip = new Uint8Array(1536).fill(7);
    beforeEach(() => {
      files['./dist/app.zip'] = zip;
      s3.on(PutObjectCommand).resolves({});
      eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] }).resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'r7' })] });
    });

    test('is uploaded to the given bucket, registered as a version and deployed, with progress', async () => {
      // WHEN
      const code = await runCli(['deploy', './dist/app.zip', '--bucket', 'bundles', '--version-label', 'r7', '--environments', 'shop-blue,shop-green'], io());
      // THEN
      expect(code).toBe(EXIT.OK);
      expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toEqual({
        Bucket: 'bundles', Key: 'ebkit-bluegreen/r7.zip', Body: zip, ContentType: 'application/zip',
      });
      expect(eb.commandCalls(CreateApplicationVersionCommand)[0].args[0].input).toMatchObject({
        ApplicationName: 'shop', VersionLabel: 'r7', SourceBundle: { S3Bucket: 'bundles', S3Key: 'ebkit-bluegreen/r7.zip' },
      });
      expect(out.slice(0, 3)).toEqual([
        'uploading ./dist/app.zip (1.5 KB) to s3://bundles/ebkit-bluegreen/r7.zip',
        'uploaded s3://bundles/ebkit-bluegreen/r7.zip',
        'created version r7 from s3://bundles/ebkit-bluegreen/r7.zip',
      ]);
      expect(out[out.length - 1]).toMatch(/version r7 is deployed and healthy on the idle environment shop-green: ready to swap$/);
      expect(eb.commandCalls(UpdateEnvironmentCommand)[0].args[0].input).toMatchObject({ EnvironmentName: 'shop-green', VersionLabel: 'r7' });
    });

    test('goes to the pipeline\'s artifact bucket when no bucket is given', async () => {
      cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ pipelineExecutionId: 'e-1', status: 'Succeeded' }] });
      cp.on(GetPipelineCommand).resolves({ pipeline: { name: 'release', roleArn: 'r', stages: [], artifactStore: { type: 'S3', location: 'release-artifacts' } } });
      const code = await runCli(['deploy', './dist/app.zip', '--pipeline', 'release', '--version-label', 'r7', '--environments', 'shop-blue,shop-green'], io());
      expect(code).toBe(EXIT.OK);
      expect(cp.commandCalls(GetPipelineCommand)[0].args[0].input).toEqual({ name: 'release' });
      expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ Bucket: 'release-artifacts', Key: 'ebkit-bluegreen/r7.zip' });
    });

    test('takes the bucket from EBKIT_BUNDLE_BUCKET and names the version after the time', async () => {
      eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] }).resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'cli-20261125-120000' })] });
      expect(await runCli(['deploy', './dist/app.zip', '--environments', 'shop-blue,shop-green'], io({ EBKIT_BUNDLE_BUCKET: 'env-bucket' }))).toBe(EXIT.OK);
      expect(out[0]).toBe('uploading ./dist/app.zip (1.5 KB) to s3://env-bucket/ebkit-bluegreen/cli-20261125-120000.zip');
    });

    test('--dry-run uploads, registers and deploys nothing', async () => {
      const code = await runCli(['deploy', './dist/app.zip', '--bucket', 'bundles', '--version-label', 'r7', '--dry-run', '--environments', 'shop-blue,shop-green'], io());
      expect(code).toBe(EXIT.OK);
      expect(out.slice(0, 2)).toEqual([
        'dry run: would upload ./dist/app.zip (1.5 KB) to s3://bundles/ebkit-bluegreen/r7.zip',
        'dry run: would create version r7 from s3://bundles/ebkit-bluegreen/r7.zip',
      ]);
      expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
      expect(eb.commandCalls(CreateApplicationVersionCommand)).toHaveLength(0);
      expect(eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(0);
    });

    test('exits 1 with the reason when the upload fails, registering nothing', async () => {
      s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
      expect(await runCli(['deploy', './dist/app.zip', '--bucket', 'bundles', '--version-label', 'r7', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.FAILED);
      expect(out).toEqual(['uploading ./dist/app.zip (1.5 KB) to s3://bundles/ebkit-bluegreen/r7.zip']);
      expect(err).toEqual(['error: uploading ./dist/app.zip to s3://bundles/ebkit-bluegreen/r7.zip failed: AccessDenied: Access Denied']);
      expect(eb.commandCalls(CreateApplicationVersionCommand)).toHaveLength(0);
    });

    test('exits 2 when there is no bucket to upload to', async () => {
      expect(await runCli(['deploy', './dist/app.zip', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.USAGE);
      expect(err[0]).toBe('error: a local bundle needs a bucket to upload to: pass --bucket <name> (or EBKIT_BUNDLE_BUCKET), '
        + 'or --pipeline <name> to use its artifact bucket');
      expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    });

    test('exits 1 when the pipeline has no artifact bucket', async () => {
      cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [] });
      cp.on(GetPipelineCommand).resolves({ pipeline: { name: 'release', roleArn: 'r', stages: [] } });
      expect(await runCli(['deploy', './dist/app.zip', '--pipeline', 'release', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.FAILED);
      expect(err[0]).toBe('error: pipeline release has no artifact bucket: pass --bucket <name>');
    });

    test('exits 2 when the file is not a source bundle', async () => {
      files['./notes.txt'] = new Uint8Array(10);
      expect(await runCli(['deploy', './notes.txt', '--bucket', 'bundles', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.USAGE);
      expect(err[0]).toBe("error: './notes.txt' is not a source bundle: Elastic Beanstalk takes a .zip (or .war, .jar) file");
    });

    test('exits 2 when the bundle is larger than Elastic Beanstalk takes', async () => {
      const io600 = { ...io(), fileSize: () => 600 * 1024 * 1024 };
      expect(await runCli(['deploy', './dist/app.zip', '--bucket', 'bundles', '--environments', 'shop-blue,shop-green'], io600)).toBe(EXIT.USAGE);
      expect(err[0]).toBe("error: './dist/app.zip' is 600.0 MB: a source bundle must hold something and be at most 500 MB");
    });
  });

  test('first gives a scaled-down idle environment the live one\'s size', async () => {
    eb.on(DescribeConfigurationSettingsCommand).callsFake((input) => ({
      ConfigurationSettings: [{
        OptionSettings: [
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: input.EnvironmentName === 'shop-green' ? '1' : '2' },
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: input.EnvironmentName === 'shop-green' ? '1' : '4' },
        ],
      }],
    }));
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] }).resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'v2' })] });
    expect(await runCli(['deploy', 'v2', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.OK);
    expect(out).toContain('[12:00:00] restoring the size of shop-green from 1 instance to 2-4 instances (the live environment\'s) before deploying to it');
    expect(eb.commandCalls(UpdateEnvironmentCommand).map((c) => c.args[0].input.OptionSettings ? 'size' : c.args[0].input.VersionLabel)).toEqual(['size', 'v2']);
  });
});

describe('swap', () => {
  test('swaps to the healthy idle environment', async () => {
    eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: pair() }).resolves({ Environments: swapped });
    const code = await runCli(['swap', '--environments', 'shop-blue,shop-green'], io());
    expect(code).toBe(EXIT.OK);
    expect(out[out.length - 1]).toMatch(/shop-green \(version v2\) is live at shop; shop-blue stays ready to take traffic back$/);
  });

  test('exits 1 without swapping when the idle environment is unhealthy', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair({}, { HealthStatus: 'Severe', Health: 'Red' }) });
    expect(await runCli(['swap', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.FAILED);
    expect(err[0]).toMatch(/FAILED: refusing to swap: the idle environment is not healthy/);
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)).toHaveLength(0);
  });

  test('--force swaps an unhealthy idle environment', async () => {
    eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: pair({}, { HealthStatus: 'Severe' }) }).resolves({ Environments: swapped });
    expect(await runCli(['swap', '--force', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.OK);
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)).toHaveLength(1);
  });

  test('watches the given alarms during the bake and swaps back when one fires', async () => {
    eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: pair() }).resolvesOnce({ Environments: pair() })
      .resolves({ Environments: swapped });
    eb.on(SwapEnvironmentCNAMEsCommand).resolvesOnce({}).callsFake(() => {
      eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair() });
      return {};
    });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'green-5xx' }] });
    const code = await runCli(['swap', '--bake', '300', '--alarms', 'green-5xx,green-latency', '--environments', 'shop-blue,shop-green'], io());
    expect(code).toBe(EXIT.FAILED);
    expect(cw.commandCalls(DescribeAlarmsCommand)[0].args[0].input.AlarmNames).toEqual(['green-5xx', 'green-latency']);
    expect(out.join('\n')).toMatch(/alarm green-5xx fired on shop-green: swapping back to shop-blue/);
    expect(err[0]).toMatch(/FAILED: alarm green-5xx fired while watching shop-green after the swap: swapped back, shop-blue \(version v1\) is live again/);
  });

  test('--dry-run does not swap', async () => {
    expect(await runCli(['swap', '--dry-run', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.OK);
    expect(out[out.length - 1]).toMatch(/dry run: would swap the production CNAME from shop-blue to shop-green/);
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)).toHaveLength(0);
  });
});

describe('rollback', () => {
  test('moves the production CNAME back to the other environment', async () => {
    eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: swapped }).resolves({ Environments: pair() });
    expect(await runCli(['rollback', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.OK);
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)[0].args[0].input).toEqual({ SourceEnvironmentName: 'shop-green', DestinationEnvironmentName: 'shop-blue' });
  });

  test('restores the size of a scaled-down previous environment, waits until it is healthy, then swaps', async () => {
    // GIVEN green live, blue (previous) scaled down to one instance
    eb.on(DescribeConfigurationSettingsCommand).callsFake((input) => ({
      ConfigurationSettings: [{
        OptionSettings: [
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: input.EnvironmentName === 'shop-blue' ? '1' : '2' },
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: input.EnvironmentName === 'shop-blue' ? '1' : '4' },
        ],
      }],
    }));
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: swapped });
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-blue'] })
      .resolvesOnce({ Environments: [env('shop-blue', 'shop-staging', { Status: 'Updating', HealthStatus: 'Info' })] })
      .resolves({ Environments: [env('shop-blue', 'shop-staging')] });
    eb.on(SwapEnvironmentCNAMEsCommand).callsFake(() => {
      eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair() });
      return {};
    });
    // WHEN
    const code = await runCli(['rollback', '--environments', 'shop-blue,shop-green'], io());
    // THEN
    expect(code).toBe(EXIT.OK);
    const lines = out.join('\n');
    expect(lines).toMatch(/restoring the size of shop-blue from 1 instance to 2-4 instances \(the live environment's\) before letting it take the production CNAME/);
    expect(lines).toMatch(/shop-blue is back to its size, Ready with health Ok/);
    expect(lines.indexOf('back to its size')).toBeLessThan(lines.indexOf('swapping CNAMEs'));
    expect(eb.commandCalls(UpdateEnvironmentCommand)[0].args[0].input).toMatchObject({ EnvironmentName: 'shop-blue' });
  });
});

describe('scale-down', () => {
  test('waits the drain period, then scales the idle environment down', async () => {
    eb.on(DescribeConfigurationSettingsCommand).resolves({
      ConfigurationSettings: [{
        OptionSettings: [
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '2' },
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '4' },
        ],
      }],
    });
    const code = await runCli(['scale-down', '--instances', '1', '--drain', '600', '--environments', 'shop-blue,shop-green'], io());
    expect(code).toBe(EXIT.OK);
    expect(sleeps[0]).toBe(600);
    expect(eb.commandCalls(UpdateEnvironmentCommand)[0].args[0].input).toEqual({
      ApplicationName: 'shop',
      EnvironmentName: 'shop-green',
      OptionSettings: [
        { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '1' },
        { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '1' },
      ],
    });
    expect(out[out.length - 1]).toMatch(/shop-green is scaled down to 1 instance and stays ready to take traffic back/);
  });

  test('--dry-run scales nothing', async () => {
    expect(await runCli(['scale-down', '--dry-run', '--environments', 'shop-blue,shop-green'], io())).toBe(EXIT.OK);
    expect(out[out.length - 1]).toMatch(/dry run: would scale shop-green down to 1 instance after a drain period of 0s/);
    expect(eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(0);
  });
});

describe('usage', () => {
  test('--help prints the usage and exits 0', async () => {
    expect(await runCli(['--help'], io())).toBe(EXIT.OK);
    expect(out[0]).toMatch(/^Usage: ebkit-bluegreen <command>/);
  });

  test.each([
    [[], /a command is required/],
    [['launch'], /unknown command 'launch'/],
    [['status', 'extra'], /status takes no argument, got extra/],
    [['status', '--colour'], /Unknown option '--colour'/],
    [['swap', '--timeout', 'soon'], /--timeout must be a whole number of seconds, got 'soon'/],
    [['deploy', 'v2', '--bake', '60'], /--bake and --alarms only apply to swap/],
    [['swap', '--bake', '60'], /--bake needs --alarms: without alarms the bake would watch nothing/],
    [['swap', '--alarms', 'a'], /--alarms needs --bake <seconds>/],
    [['swap', '--instances', '1'], /--instances and --drain only apply to scale-down/],
    [['scale-down', '--drain', 'later'], /--drain must be a whole number of seconds, got 'later'/],
    [['rollback', '--bucket', 'b'], /--bucket only applies to deploy/],
  ])('fails when the command line is %j: exits 2', async (argv, message) => {
    expect(await runCli(argv, io())).toBe(EXIT.USAGE);
    expect(err[0]).toMatch(message);
    expect(err[1]).toBe('run ebkit-bluegreen --help for the usage');
  });

  test('fails when the application is not given: exits 2', async () => {
    expect(await runCli(['status'], { ...io(), env: {} })).toBe(EXIT.USAGE);
    expect(err[0]).toBe('error: --application (or EBKIT_APPLICATION) is required');
  });

  test('fails when the production prefix is not given: exits 2', async () => {
    expect(await runCli(['status'], { ...io(), env: { EBKIT_APPLICATION: 'shop' } })).toBe(EXIT.USAGE);
    expect(err[0]).toBe('error: --production-cname-prefix (or EBKIT_PRODUCTION_CNAME_PREFIX) is required');
  });

  test('fails when the timeout is out of range: exits 1 with the limits', async () => {
    expect(await runCli(['swap', '--timeout', '5', '--environments', 'a1bc,d2ef'], io())).toBe(EXIT.FAILED);
    expect(err[0]).toBe('error: timeoutSeconds (5) must be a whole number between 60 and 10800');
  });

  test('reports an unexpected AWS error and exits 1', async () => {
    eb.on(DescribeEnvironmentsCommand).rejects(Object.assign(new Error('The security token included in the request is invalid'), { name: 'UnrecognizedClientException' }));
    expect(await runCli(['status'], io())).toBe(EXIT.FAILED);
    expect(err[0]).toBe('error: UnrecognizedClientException: The security token included in the request is invalid');
  });
});
