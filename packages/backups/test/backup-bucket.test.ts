import { formatNagFindings, nagFindings, normalizedTemplate } from '@ebkit/testing';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BackupBucket, BackupBucketProps } from '../src';
import { testStack } from './fixtures';

function bucket(props: BackupBucketProps = {}): { stack: Stack; construct: BackupBucket; template: Template } {
  const stack = testStack();
  const construct = new BackupBucket(stack, 'Backups', props);
  return { stack, construct, template: Template.fromStack(stack) };
}

function build(props: BackupBucketProps): () => BackupBucket {
  return () => new BackupBucket(testStack(), 'Backups', props);
}

describe('BackupBucket defaults', () => {
  const { stack, construct, template } = bucket();

  test('matches the snapshot of its defaults', () => {
    expect(normalizedTemplate(stack)).toMatchSnapshot();
  });

  test('has no unacknowledged cdk-nag findings', () => {
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('is versioned, KMS-encrypted with a bucket key and blocks public access', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupsKey'), 'Arn'] },
          },
        }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  test('denies requests without SSL', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^Backups[0-9A-F]{8}$') },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
  });

  test('moves objects to Standard-IA after 30 days and Glacier Instant Retrieval after 90', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({
          Id: 'tiers',
          Status: 'Enabled',
          Transitions: [
            { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
            { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
          ],
          ExpirationInDays: Match.absent(),
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        })]),
      },
    });
  });

  test('expires noncurrent versions after 365 days and cleans up delete markers', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            NoncurrentVersionExpiration: { NoncurrentDays: 365 },
            NoncurrentVersionTransitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          }),
          Match.objectLike({ Id: 'delete-markers', ExpiredObjectDeleteMarker: true }),
        ],
      },
    });
  });

  test('retains the bucket, its key and its access logs', () => {
    template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('writes server access logs to a bucket of its own', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: {
        DestinationBucketName: { Ref: Match.stringLikeRegexp('^BackupsAccessLogs') },
        LogFilePrefix: 'access-logs/',
      },
    });
    expect(construct.serverAccessLogsBucket).toBeDefined();
  });

  test('has no object lock unless asked', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.anyValue(),
      ObjectLockEnabled: Match.absent(),
    });
  });
});

describe('BackupBucket options', () => {
  test('locks objects in compliance mode for the given retention', () => {
    const { template } = bucket({ objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(30)) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } } },
    });
  });

  test('applies the given tiers, expiry and name', () => {
    const { template } = bucket({
      bucketName: 'acme-backups',
      infrequentAccessAfter: Duration.days(45),
      archiveAfter: Duration.days(180),
      archiveStorageClass: s3.StorageClass.GLACIER,
      expireAfter: Duration.days(730),
      noncurrentVersionExpiration: Duration.days(10),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-backups',
      LifecycleConfiguration: {
        Rules: [Match.objectLike({
          Transitions: [
            { StorageClass: 'STANDARD_IA', TransitionInDays: 45 },
            { StorageClass: 'GLACIER', TransitionInDays: 180 },
          ],
          ExpirationInDays: 730,
          NoncurrentVersionExpiration: { NoncurrentDays: 10 },
          NoncurrentVersionTransitions: Match.absent(),
        })],
      },
    });
  });

  test('uses a given key and access logs bucket', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const logs = new s3.Bucket(stack, 'MyLogs');
    new BackupBucket(stack, 'Backups', { encryptionKey: key, serverAccessLogsBucket: logs });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^MyLogs') } },
    });
  });

  test('deletes the bucket when DESTROY is explicitly allowed', () => {
    const { template } = bucket({ removalPolicy: RemovalPolicy.DESTROY, allowDestroy: true });
    template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });
});

describe('BackupBucket bad input', () => {
  test('fails when removalPolicy is DESTROY without allowDestroy', () => {
    expect(build({ removalPolicy: RemovalPolicy.DESTROY })).toThrow(
      /Stack\/Backups: removalPolicy \('destroy'\) deletes the backups: set allowDestroy: true to confirm/);
  });

  test('fails when removalPolicy is SNAPSHOT', () => {
    expect(build({ removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(/removalPolicy \('snapshot'\) must be RETAIN or DESTROY/);
  });

  test('fails when the tiers are too close', () => {
    expect(build({ infrequentAccessAfter: Duration.days(10) })).toThrow(
      /infrequentAccessAfter \('10 days'\) must be at least 30 days/);
    expect(build({ archiveAfter: Duration.days(45) })).toThrow(
      /archiveAfter \('45 days'\) must be at least 30 days after infrequentAccessAfter \(30 days\)/);
  });

  test('fails when objects expire before they are archived', () => {
    expect(build({ expireAfter: Duration.days(60) })).toThrow(/expireAfter \('60 days'\) must come after archiveAfter \(90 days\)/);
  });

  test('fails when noncurrent versions expire at once or the name is invalid', () => {
    expect(build({ noncurrentVersionExpiration: Duration.hours(0) })).toThrow(/noncurrentVersionExpiration \('0 days'\) must be at least 1 day/);
    expect(build({ noncurrentVersionExpiration: Duration.hours(36) })).toThrow(/noncurrentVersionExpiration \('1.5 days'\) must be a whole number of days/);
    expect(build({ bucketName: 'Bad_Name' })).toThrow(/bucketName \('Bad_Name'\) must be 3-63 lowercase letters/);
  });
});
