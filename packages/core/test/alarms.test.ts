import { nagFindings, formatNagFindings } from '@ebkit/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Alarms, AlarmTopic } from '../src';

function stack() {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

const metric = new cloudwatch.Metric({ namespace: 'Test', metricName: 'Errors', period: Duration.minutes(1) });

describe('Alarms', () => {
  test('create sends ALARM and OK to the topic', () => {
    // GIVEN
    const s = stack();
    const topic = new sns.Topic(s, 'Topic');
    // WHEN
    Alarms.create(s, 'Errors', { metric, threshold: 1, evaluationPeriods: 1 }, topic);
    // THEN
    const ref = { Ref: Match.stringLikeRegexp('^Topic') };
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [ref], OKActions: [ref] });
  });

  test('create without a topic adds no action', () => {
    const s = stack();
    Alarms.create(s, 'Errors', { metric, threshold: 1, evaluationPeriods: 1 });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: Match.absent(), OKActions: Match.absent(),
    });
  });

  test('notify covers metric and composite alarms and leaves imported ones alone', () => {
    const s = stack();
    const topic = new sns.Topic(s, 'Topic');
    const alarm = new cloudwatch.Alarm(s, 'A', { metric, threshold: 1, evaluationPeriods: 1 });
    const composite = new cloudwatch.CompositeAlarm(s, 'C', { alarmRule: cloudwatch.AlarmRule.fromAlarm(alarm, cloudwatch.AlarmState.ALARM) });
    const imported = cloudwatch.Alarm.fromAlarmName(s, 'I', 'someone-elses');
    Alarms.notify(topic, [alarm, composite, imported]);
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { OKActions: [{ Ref: Match.anyValue() }] });
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmActions: [{ Ref: Match.anyValue() }], OKActions: [{ Ref: Match.anyValue() }] });
  });
});

describe('AlarmTopic', () => {
  test('is encrypted with a rotated key that alarms and rules of this account may use, and refuses plain HTTP', () => {
    const s = stack();
    new AlarmTopic(s, 'Alarms', { displayName: 'shop alarms', emails: ['ops@example.com'] });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
        })]),
      },
    });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'shop alarms', KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  test('keeps the logical id of a plain topic of the same id', () => {
    const plain = stack();
    new sns.Topic(plain, 'AlarmTopic');
    const wrapped = stack();
    new AlarmTopic(wrapped, 'AlarmTopic', { encryptionKey: new kms.Key(wrapped, 'Key') });
    const ids = (s: Stack) => Object.keys(Template.fromStack(s).findResources('AWS::SNS::Topic'));
    expect(ids(wrapped)).toEqual(ids(plain));
  });

  test('uses a given key and creates none', () => {
    const s = stack();
    const key = new kms.Key(s, 'Shared');
    const alarms = new AlarmTopic(s, 'Alarms', { encryptionKey: key });
    expect(alarms.encryptionKey).toBe(key);
    Template.fromStack(s).resourceCountIs('AWS::KMS::Key', 1);
  });

  test('has no unacknowledged cdk-nag finding', () => {
    const s = stack();
    new AlarmTopic(s, 'Alarms', { emails: ['ops@example.com'] });
    expect(formatNagFindings(nagFindings(s))).toBe('');
  });

  test('fails when an e-mail address is not one, listed twice, or the display name is too long', () => {
    const s = stack();
    expect(() => new AlarmTopic(s, 'Alarms', {
      displayName: 'x'.repeat(101),
      emails: ['ops@example.com', 'not-an-address', 'OPS@example.com'],
    })).toThrow(/Stack\/Alarms: 3 invalid props:\n.*displayName .* must be at most 100 characters[\s\S]*emails \('not-an-address'\) must be e-mail addresses[\s\S]*emails \(\["OPS@example.com"\]\) must not list an address twice/);
  });
});
