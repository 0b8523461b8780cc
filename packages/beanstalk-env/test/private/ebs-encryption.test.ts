import {
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  ModifyEbsDefaultKmsKeyIdCommand,
  ResetEbsDefaultKmsKeyIdCommand,
  DisableEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { handleEbsEncryptionEvent } from '../../src/private/runtime/ebs-encryption';

const ec2 = mockClient(EC2Client);
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1111';
const OTHER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/2222';
const AWS_MANAGED = 'alias/aws/ebs';
let put: jest.Mock;

function event(requestType: string, properties: any = {}, oldProperties?: any) {
  return {
    RequestType: requestType,
    ResponseURL: 'https://cfn-response.example/r',
    StackId: 'stack-1',
    RequestId: 'req-1',
    LogicalResourceId: 'EbsEncryption',
    PhysicalResourceId: requestType === 'Create' ? undefined : 'EbsEncryption-ebs-encryption-by-default',
    ResourceProperties: { ServiceToken: 'arn:fn', ...properties },
    OldResourceProperties: oldProperties,
  };
}

function response(): any {
  expect(put).toHaveBeenCalledTimes(1);
  expect(put.mock.calls[0][0]).toBe('https://cfn-response.example/r');
  return JSON.parse(put.mock.calls[0][1]);
}

async function run(e: any) {
  return handleEbsEncryptionEvent(e, new EC2Client({}), put);
}

beforeEach(() => {
  ec2.reset();
  put = jest.fn(async () => ({}));
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('EBS encryption by default (custom resource handler)', () => {
  test('turns encryption by default on when it is off', async () => {
    // GIVEN
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    // WHEN
    await run(event('Create'));
    // THEN
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(1);
    expect(ec2.commandCalls(ModifyEbsDefaultKmsKeyIdCommand)).toHaveLength(0);
    expect(response()).toMatchObject({
      Status: 'SUCCESS',
      Reason: 'turned EBS encryption by default on',
      PhysicalResourceId: 'EbsEncryption-ebs-encryption-by-default',
      StackId: 'stack-1',
      RequestId: 'req-1',
      LogicalResourceId: 'EbsEncryption',
    });
  });

  test('leaves encryption by default alone when it is already on', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    await run(event('Create'));
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(0);
    expect(response()).toMatchObject({ Status: 'SUCCESS', Reason: 'EBS encryption by default was already on' });
  });

  test('sets the default key of the region when a key is given', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: AWS_MANAGED });
    await run(event('Create', { KmsKeyId: KEY }));
    expect(ec2.commandCalls(ModifyEbsDefaultKmsKeyIdCommand)[0].args[0].input).toEqual({ KmsKeyId: KEY });
    expect(response().Reason).toBe(`EBS encryption by default was already on; set the default key to ${KEY} (was ${AWS_MANAGED})`);
  });

  test('does not set the default key again when it is already the given key', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: KEY });
    await run(event('Update', { KmsKeyId: KEY }, { KmsKeyId: KEY }));
    expect(ec2.commandCalls(ModifyEbsDefaultKmsKeyIdCommand)).toHaveLength(0);
    expect(response().Reason).toMatch(/the default key is already/);
  });

  test('puts the default key back to the AWS managed key when an update stops naming our key', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: KEY });
    await run(event('Update', {}, { KmsKeyId: KEY }));
    expect(ec2.commandCalls(ResetEbsDefaultKmsKeyIdCommand)).toHaveLength(1);
    expect(response().Reason).toMatch(/reset the default key from .* to the AWS managed key/);
  });

  test('leaves a default key set by someone else when an update stops naming our key', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: OTHER_KEY });
    await run(event('Update', {}, { KmsKeyId: KEY }));
    expect(ec2.commandCalls(ResetEbsDefaultKmsKeyIdCommand)).toHaveLength(0);
    expect(response().Reason).toMatch(/not arn:aws:kms:us-east-1:123456789012:key\/1111: left as it is/);
  });

  test('never turns encryption by default off on delete', async () => {
    await run(event('Delete'));
    expect(ec2.commandCalls(DisableEbsEncryptionByDefaultCommand)).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
    expect(response()).toMatchObject({ Status: 'SUCCESS', Reason: 'EBS encryption by default is left on' });
  });

  test('resets our default key on delete, so deleting the key cannot break volume creation', async () => {
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: KEY });
    await run(event('Delete', { KmsKeyId: KEY }));
    expect(ec2.commandCalls(ResetEbsDefaultKmsKeyIdCommand)).toHaveLength(1);
    expect(ec2.commandCalls(DisableEbsEncryptionByDefaultCommand)).toHaveLength(0);
    expect(response().Status).toBe('SUCCESS');
  });

  test('fails a create when encryption cannot be turned on', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).rejects(Object.assign(new Error('not allowed'), { name: 'UnauthorizedOperation' }));
    const result = await run(event('Create'));
    expect(result.status).toBe('FAILED');
    expect(response()).toMatchObject({
      Status: 'FAILED',
      Reason: 'could not turn EBS encryption by default on: UnauthorizedOperation: not allowed',
    });
  });

  test('fails when EC2 answers that encryption by default is still off', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    await run(event('Update', {}, {}));
    expect(response()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/did not turn EBS encryption by default on/) });
  });

  test('fails an update when the default key cannot be set', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({});
    ec2.on(ModifyEbsDefaultKmsKeyIdCommand).rejects(Object.assign(new Error('bad key'), { name: 'InvalidParameterValue' }));
    await run(event('Update', { KmsKeyId: KEY }, {}));
    expect(response()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/InvalidParameterValue: bad key/) });
  });

  test('lets a delete go when the default key cannot be read', async () => {
    ec2.on(GetEbsDefaultKmsKeyIdCommand).rejects(Object.assign(new Error('throttled'), { name: 'Throttling' }));
    await run(event('Delete', { KmsKeyId: KEY }));
    expect(response()).toMatchObject({
      Status: 'SUCCESS',
      Reason: 'Delete: could not check the default key (Throttling: throttled); EBS encryption by default is left on',
    });
  });

  test('keeps the physical id of an existing resource', async () => {
    await run({ ...event('Delete'), PhysicalResourceId: 'existing-id' });
    expect(response().PhysicalResourceId).toBe('existing-id');
  });
});
