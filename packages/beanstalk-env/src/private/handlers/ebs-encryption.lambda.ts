/* eslint-disable import/no-extraneous-dependencies -- esbuild bundles the AWS SDK client into the handler */
import { EC2Client } from '@aws-sdk/client-ec2';
import { EbsEncryptionResult, handleEbsEncryptionEvent } from '../runtime/ebs-encryption';

const ec2 = new EC2Client({});

/**
 * A CloudFormation custom resource that turns on EBS encryption by default in
 * the account and region (never off), so the root volumes of the environment's
 * instances are encrypted.
 */
export async function handler(event: any): Promise<EbsEncryptionResult> {
  return handleEbsEncryptionEvent(event, ec2, (url, body) => fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } }));
}
