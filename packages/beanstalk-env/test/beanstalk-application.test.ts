import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BeanstalkApplication } from '../src';
import { testStack } from './fixtures';

describe('BeanstalkApplication', () => {
  test('creates an application with the given name', () => {
    // GIVEN
    const stack = testStack();
    // WHEN
    const application = new BeanstalkApplication(stack, 'App', { applicationName: 'shop', description: 'The shop' });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Application', {
      ApplicationName: 'shop',
      Description: 'The shop',
    });
    expect(stack.resolve(application.applicationName)).toEqual({ Ref: 'AppF1B96344' });
  });

  test('lets CloudFormation name it and keeps every version by default', () => {
    const stack = testStack();
    const application = new BeanstalkApplication(stack, 'App');
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).not.toMatch(/ApplicationName/);
    expect(json).not.toMatch(/ResourceLifecycleConfig/);
    expect(application.lifecycleRole).toBeUndefined();
  });

  test('keeps at most maxVersionCount versions, leaving their bundles in S3', () => {
    const stack = testStack();
    const application = new BeanstalkApplication(stack, 'App', { maxVersionCount: 50 });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Application', {
      ResourceLifecycleConfig: {
        ServiceRole: stack.resolve(application.lifecycleRole!.roleArn),
        VersionLifecycleConfig: { MaxCountRule: { Enabled: true, MaxCount: 50, DeleteSourceFromS3: false } },
      },
    });
  });

  test('deletes versions older than maxVersionAge', () => {
    const stack = testStack();
    new BeanstalkApplication(stack, 'App', { maxVersionAge: Duration.days(90) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Application', {
      ResourceLifecycleConfig: {
        VersionLifecycleConfig: { MaxAgeRule: { Enabled: true, MaxAgeInDays: 90, DeleteSourceFromS3: false } },
      },
    });
  });

  test('lets the lifecycle role delete versions of this application only', () => {
    const stack = testStack();
    new BeanstalkApplication(stack, 'App', { maxVersionCount: 50 });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['elasticbeanstalk:DescribeApplicationVersions', 'elasticbeanstalk:DeleteApplicationVersion'],
          Resource: Match.arrayWith([{
            'Fn::Join': ['', Match.arrayWith([
              Match.stringLikeRegexp(':applicationversion/$'), { Ref: 'AppF1B96344' }, '/*',
            ])],
          }]),
        })]),
      },
    });
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('fails when the name is longer than 100 characters', () => {
    const stack = testStack();
    expect(() => new BeanstalkApplication(stack, 'App', { applicationName: 'a'.repeat(101) }))
      .toThrow(/Stack\/App: applicationName \('a+'\) must be 1 to 100 characters/);
  });

  test('fails when the name contains a slash', () => {
    const stack = testStack();
    expect(() => new BeanstalkApplication(stack, 'App', { applicationName: 'a/b' }))
      .toThrow(/Stack\/App: applicationName \('a\/b'\) must not contain a slash/);
  });

  test('fails when both a count and an age limit are given', () => {
    const stack = testStack();
    expect(() => new BeanstalkApplication(stack, 'App', { maxVersionCount: 10, maxVersionAge: Duration.days(30) }))
      .toThrow(/Stack\/App: maxVersionCount \(10\) and maxVersionAge are exclusive/);
  });

  test('fails when the count limit is out of range', () => {
    const stack = testStack();
    expect(() => new BeanstalkApplication(stack, 'App', { maxVersionCount: 0 }))
      .toThrow(/maxVersionCount \(0\) must be a whole number between 1 and 1000/);
  });
});
