import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CodePipelineClient, PutJobSuccessResultCommand } from '@aws-sdk/client-codepipeline';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeEnvironmentsCommand, DescribeEventsCommand, ElasticBeanstalkClient, SwapEnvironmentCNAMEsCommand, UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AwsSim, evaluate } from '../src';

async function envs(eb: ElasticBeanstalkClient) {
  const response = await eb.send(new DescribeEnvironmentsCommand({ ApplicationName: 'shop' }));
  return Object.fromEntries(response.Environments!.map((e) => [e.EnvironmentName, e]));
}

describe('Elastic Beanstalk', () => {
  test('a swap takes time, makes both environments Updating, then exchanges the CNAMEs', async () => {
    const sim = AwsSim.bluegreen();
    const eb = sim.client(ElasticBeanstalkClient);
    await eb.send(new SwapEnvironmentCNAMEsCommand({ SourceEnvironmentName: 'shop-blue', DestinationEnvironmentName: 'shop-green' }));
    let now = await envs(eb);
    expect([now['shop-blue'].Status, now['shop-green'].Status]).toEqual(['Updating', 'Updating']);
    expect(now['shop-blue'].CNAME).toBe('shop.us-east-1.elasticbeanstalk.com');
    await expect(eb.send(new UpdateEnvironmentCommand({ EnvironmentName: 'shop-green', VersionLabel: 'v1' })))
      .rejects.toMatchObject({ name: 'InvalidParameterValue', message: expect.stringMatching(/invalid state.*Must be Ready/) });
    sim.clock.advance(60_000);
    now = await envs(eb);
    expect(now['shop-green'].CNAME).toBe('shop.us-east-1.elasticbeanstalk.com');
    expect(now['shop-blue'].CNAME).toBe('shop-staging.us-east-1.elasticbeanstalk.com');
    expect(now['shop-blue'].Status).toBe('Ready');
  });

  test('a deployment that fails is rolled back: Ready on the old version, an ERROR event', async () => {
    const sim = AwsSim.bluegreen();
    sim.eb.addVersion({ label: 'v2', deploys: false });
    const eb = sim.client(ElasticBeanstalkClient);
    await eb.send(new UpdateEnvironmentCommand({ ApplicationName: 'shop', EnvironmentName: 'shop-green', VersionLabel: 'v2' }));
    expect((await envs(eb))['shop-green']).toMatchObject({ Status: 'Updating', Health: 'Grey' });
    sim.clock.advance(240_000);
    expect((await envs(eb))['shop-green']).toMatchObject({ Status: 'Ready', VersionLabel: 'v1' });
    const events = await eb.send(new DescribeEventsCommand({ ApplicationName: 'shop', EnvironmentName: 'shop-green' }));
    expect(events.Events![0]).toMatchObject({ Severity: 'ERROR', Message: expect.stringMatching(/Failed to deploy/) });
    expect(events.Events![0].EventDate).toBeInstanceOf(Date);
  });

  test('health warms up from Degraded to Ok after Ready; sizes change through option settings', async () => {
    const sim = AwsSim.bluegreen();
    sim.eb.addVersion({ label: 'v2', warmupSeconds: 120 });
    const eb = sim.client(ElasticBeanstalkClient);
    await eb.send(new UpdateEnvironmentCommand({ EnvironmentName: 'shop-green', VersionLabel: 'v2' }));
    sim.clock.advance(240_000);
    expect((await envs(eb))['shop-green']).toMatchObject({ Status: 'Ready', HealthStatus: 'Degraded', VersionLabel: 'v2' });
    sim.clock.advance(120_000);
    expect((await envs(eb))['shop-green']).toMatchObject({ HealthStatus: 'Ok', Health: 'Green' });
    await eb.send(new UpdateEnvironmentCommand({
      EnvironmentName: 'shop-green',
      OptionSettings: [{ Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '1' }, { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '1' }],
    }));
    sim.clock.advance(150_000);
    expect(sim.eb.env('shop-green')).toMatchObject({ minSize: 1, maxSize: 1, status: 'Ready' });
  });
});

describe('faults', () => {
  test.each([
    ['throttle', 'Throttling', 400],
    ['5xx', 'InternalFailure', 500],
    ['access-denied', 'AccessDenied', 403],
  ] as const)('%s reaches the caller as the service error %s', async (kind, name, status) => {
    const sim = AwsSim.bluegreen();
    sim.faults.add({ kind, service: 'elasticbeanstalk', command: 'DescribeEnvironmentsCommand' });
    const eb = sim.client(ElasticBeanstalkClient);
    await expect(envs(eb)).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
    await expect(envs(eb)).resolves.toBeDefined();
  });

  test('a timeout has no HTTP status; faults can target one actor', async () => {
    const sim = AwsSim.bluegreen();
    sim.faults.add({ kind: 'timeout', actor: 'cli', count: Infinity });
    await expect(envs(sim.client(ElasticBeanstalkClient, 'cli'))).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(envs(sim.client(ElasticBeanstalkClient, 'pipeline'))).resolves.toBeDefined();
    expect(sim.faults.raised).toHaveLength(1);
  });
});

describe('CloudWatch', () => {
  test('alarms go to ALARM after a bad version takes production traffic, and OK once it lost it', async () => {
    const sim = AwsSim.bluegreen();
    sim.eb.addVersion({ label: 'v2', alarmsAfterSeconds: 180 });
    const eb = sim.client(ElasticBeanstalkClient);
    const cw = sim.client(CloudWatchClient);
    await eb.send(new UpdateEnvironmentCommand({ EnvironmentName: 'shop-green', VersionLabel: 'v2' }));
    sim.clock.advance(240_000);
    await eb.send(new SwapEnvironmentCNAMEsCommand({ SourceEnvironmentName: 'shop-blue', DestinationEnvironmentName: 'shop-green' }));
    sim.clock.advance(60_000 + 179_000);
    const firing = async () => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['shop-green-health', 'shop-blue-health'], StateValue: 'ALARM' }))).MetricAlarms!.map((a) => a.AlarmName);
    expect(await firing()).toEqual([]);
    sim.clock.advance(1_000);
    expect(await firing()).toEqual(['shop-green-health']);
    await eb.send(new SwapEnvironmentCNAMEsCommand({ SourceEnvironmentName: 'shop-green', DestinationEnvironmentName: 'shop-blue' }));
    sim.clock.advance(60_000 + 60_000);
    expect(await firing()).toEqual([]);
  });
});

describe('DynamoDB and CodePipeline', () => {
  test('conditional puts and deletes', async () => {
    const sim = AwsSim.bluegreen();
    const db = sim.client(DynamoDBClient);
    const put = (owner: string, now: number) => db.send(new PutItemCommand({
      TableName: 'shop-release-lock',
      Item: { lockId: { S: 'shop' }, owner: { S: owner }, expiresAt: { N: String(now + 600) } },
      ConditionExpression: 'attribute_not_exists(lockId) OR expiresAt < :now OR #owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':now': { N: String(now) }, ':owner': { S: owner } },
    }));
    await put('a', 1000);
    await expect(put('b', 1500)).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    await put('a', 1500);
    await put('b', 2101);
    await expect(db.send(new DeleteItemCommand({
      TableName: 'shop-release-lock',
      Key: { lockId: { S: 'shop' } },
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':owner': { S: 'a' } },
    })))
      .rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(sim.dynamodb.item('shop-release-lock', 'shop')?.owner).toEqual({ S: 'b' });
    expect(() => evaluate('a = :missing', {}, {}, {})).toThrow(/not defined/);
  });

  test('a job takes one result', async () => {
    const sim = AwsSim.bluegreen();
    const cp = sim.client(CodePipelineClient);
    await cp.send(new PutJobSuccessResultCommand({ jobId: 'job-1' }));
    await expect(cp.send(new PutJobSuccessResultCommand({ jobId: 'job-1' }))).rejects.toMatchObject({ name: 'InvalidJobStateException' });
  });
});

describe('SNS', () => {
  test('publishes to an existing topic through the real client; refuses unknown topics and bad subjects', async () => {
    const sim = AwsSim.bluegreen();
    const sns = sim.client(SNSClient, 'pipeline');
    const topic = 'arn:aws:sns:us-east-1:123456789012:shop-alarms';
    await expect(sns.send(new PublishCommand({ TopicArn: topic, Subject: 'release stranded', Message: 'roll back by hand' })))
      .resolves.toMatchObject({ MessageId: 'sim-1' });
    expect(sim.sns.published).toEqual([{ topicArn: topic, subject: 'release stranded', message: 'roll back by hand', at: sim.clock.now() }]);
    await expect(sns.send(new PublishCommand({ TopicArn: `${topic}-gone`, Message: 'x' }))).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(sns.send(new PublishCommand({ TopicArn: topic, Subject: 'two\nlines', Message: 'x' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(sns.send(new PublishCommand({ TopicArn: topic, Subject: 'x'.repeat(100), Message: 'x' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    sim.faults.add({ kind: 'throttle', service: 'sns' });
    await expect(sns.send(new PublishCommand({ TopicArn: topic, Message: 'x' }))).rejects.toMatchObject({ name: 'Throttling' });
    expect(sim.sns.published).toHaveLength(1);
  });
});
