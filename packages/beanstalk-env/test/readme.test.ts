import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BeanstalkApplication, BeanstalkEnvironment, DeploymentPolicy, EnvironmentType, Platform, SharedLoadBalancer } from '../src';
import { testStack, testVpc } from './fixtures';

describe('README', () => {
  test('lists every option setting the environment can emit', () => {
    // GIVEN environments that together emit every option the construct manages
    const stack = testStack();
    const vpc = testVpc(stack);
    const application = new BeanstalkApplication(stack, 'App');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const environments = [
      new BeanstalkEnvironment(stack, 'Full', {
        application,
        vpc,
        platform: Platform.NODEJS_22,
        certificate,
        stickinessDuration: Duration.hours(1),
        accessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'logs'),
        spot: { maxPrice: 0.1 },
        scheduledActions: [{
          name: 'n',
          minInstances: 1,
          maxInstances: 2,
          desiredCapacity: 1,
          recurrence: '0 1 * * *',
          startTime: '2026-12-01T00:00:00Z',
          endTime: '2026-12-24T00:00:00Z',
        }],
        deploymentPolicy: DeploymentPolicy.TRAFFIC_SPLITTING,
        loadBalancerSecurityGroup: new ec2.SecurityGroup(stack, 'LbSg', { vpc }),
      }),
      new BeanstalkEnvironment(stack, 'Rolling', { application, vpc, platform: Platform.NODEJS_22 }),
      new BeanstalkEnvironment(stack, 'Single', { application, vpc, platform: Platform.NODEJS_22, environmentType: EnvironmentType.SINGLE_INSTANCE }),
      new BeanstalkEnvironment(stack, 'Shared', {
        application,
        vpc,
        platform: Platform.NODEJS_22,
        rootVolumeIops: 4000,
        rootVolumeThroughput: 200,
        sharedLoadBalancer: new SharedLoadBalancer(stack, 'Alb', { vpc, certificate }),
        sharedListenerRules: [{ name: 'shop', hostHeaders: ['shop.example.com'], pathPatterns: ['/*'] }],
      }),
    ];
    // WHEN
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const missing = environments.flatMap((e) => e.optionSettings)
      .map((s) => ({ ...s, namespace: s.namespace.replace(/^aws:elbv2:listenerrule:.*$/, 'aws:elbv2:listenerrule:<name>') }))
      .filter((s) => !readme.split('\n').some((line) => line.startsWith(`| \`${s.namespace}\` |`) && line.includes(`\`${s.optionName}\``)))
      .map((s) => `${s.namespace} ${s.optionName}`);
    // THEN
    expect([...new Set(missing)]).toEqual([]);
  });
});
