/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK client into the Lambda handler; the library (lib/index.js) never loads this file */
import {
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  ModifyEbsDefaultKmsKeyIdCommand,
  ResetEbsDefaultKmsKeyIdCommand,
} from '@aws-sdk/client-ec2';

/** The properties of the custom resource. */
export interface EbsEncryptionProperties {
  /** The ARN of the KMS key to make the default EBS key of the region; absent: the AWS managed key aws/ebs. */
  readonly KmsKeyId?: string;
}

/** The outcome of a custom resource request. */
export interface EbsEncryptionResult {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason: string;
}

/**
 * Turns on EBS encryption by default in this account and region (and sets the
 * default KMS key when one is given). It never turns encryption off: not on
 * delete, not on update. A default key it set is put back to the AWS managed
 * key when the resource is deleted or stops naming it, so that deleting that
 * key cannot break volume creation in the region.
 */
export async function applyEbsEncryption(ec2: EC2Client, requestType: string, properties: EbsEncryptionProperties = {},
  oldProperties: EbsEncryptionProperties = {}): Promise<string> {
  const done: string[] = [];
  if (requestType === 'Delete') {
    if (properties.KmsKeyId) {
      done.push(await resetKeyIfOurs(ec2, properties.KmsKeyId));
    }
    done.push('EBS encryption by default is left on');
    return done.join('; ');
  }

  const current = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
  if (current.EbsEncryptionByDefault === true) {
    done.push('EBS encryption by default was already on');
  } else {
    const enabled = await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
    if (enabled.EbsEncryptionByDefault !== true) {
      throw new Error('EnableEbsEncryptionByDefault did not turn EBS encryption by default on');
    }
    done.push('turned EBS encryption by default on');
  }

  if (properties.KmsKeyId) {
    const key = await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}));
    if (key.KmsKeyId === properties.KmsKeyId) {
      done.push(`the default key is already ${properties.KmsKeyId}`);
    } else {
      await ec2.send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: properties.KmsKeyId }));
      done.push(`set the default key to ${properties.KmsKeyId} (was ${key.KmsKeyId ?? 'unknown'})`);
    }
  } else if (requestType === 'Update' && oldProperties.KmsKeyId) {
    done.push(await resetKeyIfOurs(ec2, oldProperties.KmsKeyId));
  }
  return done.join('; ');
}

/** Puts the default key back to the AWS managed key when it is still `ours`. */
async function resetKeyIfOurs(ec2: EC2Client, ours: string): Promise<string> {
  const key = await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}));
  if (key.KmsKeyId !== ours) {
    return `the default key is ${key.KmsKeyId ?? 'unknown'}, not ${ours}: left as it is`;
  }
  await ec2.send(new ResetEbsDefaultKmsKeyIdCommand({}));
  return `reset the default key from ${ours} to the AWS managed key`;
}

/** Sends a custom resource response to CloudFormation's pre-signed URL. */
export async function respond(event: any, result: EbsEncryptionResult, put: (url: string, body: string) => Promise<unknown>): Promise<void> {
  const body = JSON.stringify({
    Status: result.status,
    Reason: result.reason.slice(0, 3000),
    PhysicalResourceId: event.PhysicalResourceId ?? `${event.LogicalResourceId}-ebs-encryption-by-default`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  await put(event.ResponseURL, body);
}

/**
 * Handles a CloudFormation custom resource event; every outcome, even an
 * error, is answered. A failure to turn encryption on fails the deployment
 * (instances would start with unencrypted volumes); a failure on delete is
 * reported but lets the stack go.
 */
export async function handleEbsEncryptionEvent(event: any, ec2: EC2Client,
  put: (url: string, body: string) => Promise<unknown>): Promise<EbsEncryptionResult> {
  let result: EbsEncryptionResult;
  try {
    const reason = await applyEbsEncryption(ec2, event.RequestType, event.ResourceProperties, event.OldResourceProperties);
    result = { status: 'SUCCESS', reason };
  } catch (error: any) {
    const reason = `${error?.name}: ${error?.message}`;
    result = event.RequestType === 'Delete'
      ? { status: 'SUCCESS', reason: `Delete: could not check the default key (${reason}); EBS encryption by default is left on` }
      : { status: 'FAILED', reason: `could not turn EBS encryption by default on: ${reason}` };
  }
  console.log(`${result.status}: ${result.reason}`);
  await respond(event, result, put);
  return result;
}
