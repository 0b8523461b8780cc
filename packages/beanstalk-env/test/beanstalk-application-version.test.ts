import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BeanstalkApplication, BeanstalkApplicationVersion, SourceBundle } from '../src';
import { testStack } from './fixtures';

describe('BeanstalkApplicationVersion', () => {
  test('uploads a local directory as a zip asset', () => {
    // GIVEN
    const stack = testStack();
    const application = new BeanstalkApplication(stack, 'App');
    // WHEN
    const version = new BeanstalkApplicationVersion(stack, 'V1', {
      application,
      sourceBundle: SourceBundle.fromAsset(path.join(__dirname, 'sample-app')),
      description: 'first',
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::ApplicationVersion', {
      ApplicationName: { Ref: 'AppF1B96344' },
      Description: 'first',
      SourceBundle: {
        S3Bucket: 'cdk-hnb659fds-assets-123456789012-us-east-1',
        S3Key: Match.stringLikeRegexp('^[0-9a-f]{64}\\.zip$'),
      },
    });
    expect(stack.resolve(version.versionLabel)).toEqual({ Ref: expect.stringMatching(/^V1/) });
  });

  test('takes a bundle already in S3', () => {
    const stack = testStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'releases');
    new BeanstalkApplicationVersion(stack, 'V1', {
      application: new BeanstalkApplication(stack, 'App'),
      sourceBundle: SourceBundle.fromBucket(bucket, 'shop/1.2.3.zip'),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::ApplicationVersion', {
      SourceBundle: { S3Bucket: 'releases', S3Key: 'shop/1.2.3.zip' },
    });
  });
});
