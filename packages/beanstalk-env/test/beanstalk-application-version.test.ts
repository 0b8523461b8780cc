import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
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

describe('SourceBundle HTTPS redirect', () => {
  test('adds the redirect configuration to a directory bundle', () => {
    // GIVEN
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-')) });
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    // WHEN
    new BeanstalkApplicationVersion(stack, 'V1', {
      application: new BeanstalkApplication(stack, 'App'),
      sourceBundle: SourceBundle.fromAsset(path.join(__dirname, 'sample-app'), { httpsRedirect: true }),
    });
    const assembly = app.synth();
    // THEN
    const assetDirs = fs.readdirSync(assembly.directory).filter((d) => d.startsWith('asset.'));
    expect(assetDirs).toHaveLength(1);
    const dir = path.join(assembly.directory, assetDirs[0]);
    expect(fs.existsSync(path.join(dir, 'index.js'))).toBe(true);
    const config = fs.readFileSync(path.join(dir, SourceBundle.HTTPS_REDIRECT_CONFIG_PATH), 'utf8');
    expect(config).toMatch(/Type: redirect/);
    expect(config).toMatch(/Protocol: "HTTPS"/);
    expect(config).toMatch(/StatusCode: "HTTP_301"/);
  });

  test('adds the auto scaling ELB health check configuration to a directory bundle, with the redirect', () => {
    // GIVEN
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-')) });
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    // WHEN
    new BeanstalkApplicationVersion(stack, 'V1', {
      application: new BeanstalkApplication(stack, 'App'),
      sourceBundle: SourceBundle.fromAsset(path.join(__dirname, 'sample-app'), { httpsRedirect: true, elbHealthCheck: true }),
    });
    const assembly = app.synth();
    // THEN
    const assetDirs = fs.readdirSync(assembly.directory).filter((d) => d.startsWith('asset.'));
    const dir = path.join(assembly.directory, assetDirs[0]);
    const config = fs.readFileSync(path.join(dir, SourceBundle.ELB_HEALTH_CHECK_CONFIG_PATH), 'utf8');
    expect(config).toMatch(/AWSEBAutoScalingGroup:/);
    expect(config).toMatch(/HealthCheckType: ELB/);
    expect(config).toMatch(/HealthCheckGracePeriod: 300/);
    expect(fs.existsSync(path.join(dir, SourceBundle.HTTPS_REDIRECT_CONFIG_PATH))).toBe(true);
  });

  test('fails when a zip file is to get the ELB health check', () => {
    const stack = new Stack();
    expect(() => new BeanstalkApplicationVersion(stack, 'V1', {
      application: new BeanstalkApplication(stack, 'App'),
      sourceBundle: SourceBundle.fromAsset(path.join(__dirname, 'sample-app', 'index.js'), { elbHealthCheck: true }),
    })).toThrow(/sourceBundle \('.*index\.js'\) must be a directory for elbHealthCheck \(add .ebextensions\/ebkit-elb-health-check.config to the zip file instead\)/);
  });

  test('leaves a bundle alone by default', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-')) });
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    new BeanstalkApplicationVersion(stack, 'V1', {
      application: new BeanstalkApplication(stack, 'App'),
      sourceBundle: SourceBundle.fromAsset(path.join(__dirname, 'sample-app')),
    });
    const assembly = app.synth();
    const assetDirs = fs.readdirSync(assembly.directory).filter((d) => d.startsWith('asset.'));
    expect(fs.existsSync(path.join(assembly.directory, assetDirs[0], '.ebextensions'))).toBe(false);
  });

  test('fails when a zip file is to get the redirect', () => {
    const stack = testStack();
    expect(() => new BeanstalkApplicationVersion(stack, 'V1', {
      application: new BeanstalkApplication(stack, 'App'),
      sourceBundle: SourceBundle.fromAsset(path.join(__dirname, 'sample-app', 'index.js'), { httpsRedirect: true }),
    })).toThrow(/Stack\/V1: sourceBundle \('.*index\.js'\) must be a directory for httpsRedirect/);
  });
});
