import { CodePipelineClient, ListPipelineExecutionsCommand, PutJobFailureResultCommand, PutJobSuccessResultCommand } from '@aws-sdk/client-codepipeline';
import { CreateApplicationVersionCommand, DescribeEnvironmentsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { mockClient } from 'aws-sdk-client-mock';
import { env, FakeClock, pair, TARGET, throttled } from './fixtures';
import { assertPipelineIdle } from '../../../src/private/runtime/pipeline-guard';
import { handlePrepareJob, versionLabel } from '../../../src/private/runtime/prepare';

const eb = mockClient(ElasticBeanstalkClient);
const cp = mockClient(CodePipelineClient);
const clock = new FakeClock();
const deps = () => ({ eb: new ElasticBeanstalkClient({}), codepipeline: new CodePipelineClient({}), now: clock.now });

function job(parameters: object | string = { ...TARGET, executionId: '1a2b3c4d-0000-1111-2222-333344445555', healthCheckPath: '/health' },
  artifacts: object[] = [{ location: { s3Location: { bucketName: 'artifacts', objectKey: 'pipe/Bundle/abc.zip' } } }]) {
  return {
    'CodePipeline.job': {
      id: 'job-1',
      data: {
        actionConfiguration: { configuration: { UserParameters: typeof parameters === 'string' ? parameters : JSON.stringify(parameters) } },
        inputArtifacts: artifacts,
      },
    },
  };
}

beforeEach(() => {
  eb.reset();
  cp.reset();
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair() });
  eb.on(CreateApplicationVersionCommand).resolves({});
  cp.on(PutJobSuccessResultCommand).resolves({});
  cp.on(PutJobFailureResultCommand).resolves({});
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

test('the version label sorts by time and names the execution', () => {
  expect(versionLabel('1a2b3c4d-0000', Date.UTC(2026, 10, 25, 17, 42, 5))).toBe('pipeline-20261125-174205-1a2b3c4d');
});

test('registers the build output as an application version', async () => {
  await handlePrepareJob(job(), deps());
  expect(eb.commandCalls(CreateApplicationVersionCommand)[0].args[0].input).toEqual({
    ApplicationName: 'shop',
    VersionLabel: 'pipeline-20261125-120000-1a2b3c4d',
    Description: 'Built by pipeline execution 1a2b3c4d-0000-1111-2222-333344445555',
    SourceBundle: { S3Bucket: 'artifacts', S3Key: 'pipe/Bundle/abc.zip' },
    Process: false,
  });
});

test('tells later actions the version and the idle environment', async () => {
  // GIVEN green holds the production CNAME (after a swap)
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [env('shop-blue', 'shop-staging'), env('shop-green', 'shop')] });
  // WHEN
  await handlePrepareJob(job(), deps());
  // THEN
  expect(cp.commandCalls(PutJobSuccessResultCommand)[0].args[0].input).toEqual({
    jobId: 'job-1',
    outputVariables: {
      VersionLabel: 'pipeline-20261125-120000-1a2b3c4d',
      IdleEnvironmentName: 'shop-blue',
      IdleCname: 'shop-staging.us-east-1.elasticbeanstalk.com',
      IdleUrl: 'http://shop-staging.us-east-1.elasticbeanstalk.com/health',
      LiveEnvironmentName: 'shop-green',
    },
  });
});

test('fails the job when an environment is busy (concurrent execution)', async () => {
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair({ Status: 'Updating' }) });
  await handlePrepareJob(job(), deps());
  expect(cp.commandCalls(PutJobFailureResultCommand)[0].args[0].input).toEqual({
    jobId: 'job-1',
    failureDetails: { type: 'JobFailed', message: expect.stringMatching(/'shop-blue' is Updating: another deployment or swap is in progress/) },
  });
  expect(eb.commandCalls(CreateApplicationVersionCommand)).toHaveLength(0);
});

test('fails the job when both environments claim the production CNAME', async () => {
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [env('shop-blue', 'shop'), env('shop-green', 'shop')] });
  expect(await handlePrepareJob(job(), deps())).toMatch(/failed: both environments claim/);
});

test('fails the job when the parameters are not JSON', async () => {
  expect(await handlePrepareJob(job('{nope'), deps())).toBe('failed: the action parameters (UserParameters) are not JSON');
});

test('fails the job when there is no input artifact', async () => {
  expect(await handlePrepareJob(job(undefined, []), deps())).toBe('failed: the action has no input artifact: give it the build output');
});

test('fails the job when the execution id is missing', async () => {
  expect(await handlePrepareJob(job({ ...TARGET }), deps())).toMatch(/execution id is missing/);
});

test('fails the job saying to run again when AWS throttles', async () => {
  eb.on(CreateApplicationVersionCommand).rejects(throttled());
  expect(await handlePrepareJob(job(), deps())).toBe('failed: throttled by AWS, run the pipeline again: Throttling: Rate exceeded');
});

test('fails when the event is not a CodePipeline job', async () => {
  await expect(handlePrepareJob({}, deps())).rejects.toThrow(/not a CodePipeline job event/);
});

describe('assertPipelineIdle', () => {
  test('fails when the pipeline has an execution in progress', async () => {
    cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ pipelineExecutionId: 'e-1', status: 'InProgress' }, { status: 'Succeeded' }] });
    await expect(assertPipelineIdle(new CodePipelineClient({}), 'release')).rejects.toThrow(/pipeline release is running \(execution e-1\)/);
  });

  test('passes when no execution is in progress', async () => {
    cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ status: 'Succeeded' }] });
    await expect(assertPipelineIdle(new CodePipelineClient({}), 'release')).resolves.toBeUndefined();
  });
});
