import { Template } from 'aws-cdk-lib/assertions';
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

  test('lets CloudFormation name it by default', () => {
    const stack = testStack();
    new BeanstalkApplication(stack, 'App');
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Application', {});
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toMatch(/ApplicationName/);
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
});
