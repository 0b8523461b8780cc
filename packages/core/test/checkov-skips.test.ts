import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CheckovSkips } from '../src';

describe('CheckovSkips', () => {
  test('records the skips in the resource metadata, merging once per id', () => {
    const stack = new Stack();
    const topic = new sns.Topic(stack, 'Topic');
    CheckovSkips.add(topic, [{ id: 'CKV_AWS_26', comment: 'first reason' }]);
    CheckovSkips.add(topic.node.defaultChild!, [
      { id: 'CKV_AWS_26', comment: 'ignored: already skipped' },
      { id: 'CKV_AWS_1', comment: 'second reason' },
    ]);
    const resource = Object.values(Template.fromStack(stack).findResources('AWS::SNS::Topic'))[0] as any;
    expect(resource.Metadata.checkov).toEqual({
      skip: [{ id: 'CKV_AWS_26', comment: 'first reason' }, { id: 'CKV_AWS_1', comment: 'second reason' }],
    });
  });

  test('does nothing on a construct without a CloudFormation resource', () => {
    const stack = new Stack();
    const plain = new Construct(stack, 'Plain');
    CheckovSkips.add(plain, [{ id: 'CKV_AWS_1', comment: 'nothing to skip on' }]);
    expect(Template.fromStack(stack).toJSON().Resources).toBeUndefined();
  });
});
