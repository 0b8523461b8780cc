import { DescribeEnvironmentsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { mockClient } from 'aws-sdk-client-mock';
import { env } from './fixtures';
import { handleGuardEvent } from '../../../src/private/runtime/swap-guard';

const eb = mockClient(ElasticBeanstalkClient);
const old = { ApplicationName: 'shop', ProductionCnamePrefix: 'shop', StagingCnamePrefix: 'shop-staging' };
const event = (requestType: string) => ({
  RequestType: requestType,
  ResponseURL: 'https://cfn-response.example/r',
  StackId: 'stack-1',
  RequestId: 'req-1',
  LogicalResourceId: 'EnvsSwapGuard',
  PhysicalResourceId: 'guard-1',
  ResourceProperties: { ...old, StagingCnamePrefix: 'shop-next' },
  OldResourceProperties: requestType === 'Update' ? old : undefined,
});
const blue = (prefix: string) => env('shop-blue', prefix, { Description: 'ebkit blue/green: blue' });
const green = (prefix: string) => env('shop-green', prefix, { Description: 'ebkit blue/green: green' });
let put: jest.Mock;

beforeEach(() => {
  eb.reset();
  put = jest.fn(async () => ({}));
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

function response(): any {
  expect(put).toHaveBeenCalledTimes(1);
  expect(put.mock.calls[0][0]).toBe('https://cfn-response.example/r');
  return JSON.parse(put.mock.calls[0][1]);
}

test('lets an update through while blue holds the production CNAME', async () => {
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [blue('shop'), green('shop-staging')] });
  await handleGuardEvent(event('Update'), new ElasticBeanstalkClient({}), put);
  expect(response()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'guard-1', StackId: 'stack-1', RequestId: 'req-1' });
});

test('fails an update that would replace an environment while the environments are swapped', async () => {
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [blue('shop-staging'), green('shop')] });
  await handleGuardEvent(event('Update'), new ElasticBeanstalkClient({}), put);
  expect(response()).toMatchObject({
    Status: 'FAILED',
    Reason: expect.stringMatching(/the environments are swapped: shop-green \(green in this stack\) holds the production CNAME shop.*Swap back first/),
  });
});

test('fails an update closed when Elastic Beanstalk cannot be asked', async () => {
  eb.on(DescribeEnvironmentsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
  await handleGuardEvent(event('Update'), new ElasticBeanstalkClient({}), put);
  expect(response()).toMatchObject({ Status: 'FAILED', Reason: 'could not check which environment is live: AccessDenied: denied' });
});

test('lets an update through when no environment holds the production CNAME (nothing to protect)', async () => {
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [] });
  await handleGuardEvent(event('Update'), new ElasticBeanstalkClient({}), put);
  expect(response()).toMatchObject({ Status: 'SUCCESS', Reason: 'no environment holds shop: nothing to protect' });
});

test.each(['Create', 'Delete'])('answers %s without checking', async (requestType) => {
  await handleGuardEvent(event(requestType), new ElasticBeanstalkClient({}), put);
  expect(response()).toMatchObject({ Status: 'SUCCESS', Reason: `${requestType}: nothing to check` });
  expect(eb.commandCalls(DescribeEnvironmentsCommand)).toHaveLength(0);
});

test('names a physical id on create', async () => {
  await handleGuardEvent({ ...event('Create'), PhysicalResourceId: undefined }, new ElasticBeanstalkClient({}), put);
  expect(response().PhysicalResourceId).toBe('EnvsSwapGuard-swap-guard');
});
