import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { PropsErrors } from './props-errors';

/** The shape of an e-mail address SNS accepts for an `email` subscription. */
export const EMAIL_PATTERN = '^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /**
   * The topic's display name (the sender name of its e-mails), at most 100 characters.
   *
   * @default - no display name
   */
  readonly displayName?: string;

  /**
   * E-mail addresses subscribed to the topic (each confirms its subscription once).
   *
   * @default - none
   */
  readonly emails?: string[];

  /**
   * The key that encrypts the topic. A key of this app gets a key policy
   * statement letting CloudWatch alarms and EventBridge rules of this account
   * publish; an imported key must already allow `kms:Decrypt` and
   * `kms:GenerateDataKey*` to `cloudwatch.amazonaws.com` and `events.amazonaws.com`.
   *
   * @default - a new customer-managed key with yearly rotation
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to the new key when it leaves the stack (the topic holds no data).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An encrypted SNS topic for alarms: CloudWatch alarms and EventBridge rules
 * (failed backup jobs, for example) of this account can publish to it, it
 * refuses requests without TLS, and people subscribe to it by e-mail.
 *
 * The topic's construct id is `Default`, so an `AlarmTopic` that replaces a
 * plain `sns.Topic` of the same id keeps the topic's logical id (and its
 * confirmed subscriptions).
 */
export class AlarmTopic extends Construct {
  /** The topic: give it as `alarmTopic` to the ebkit constructs. */
  public readonly topic: sns.ITopic;
  /** The key that encrypts the topic. */
  public readonly encryptionKey: kms.IKey;

  public constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);

    const emails = props.emails ?? [];
    const errors = new PropsErrors(this);
    errors.check(props.displayName === undefined || props.displayName.length <= 100, 'displayName', props.displayName,
      'must be at most 100 characters (the limit of an SNS display name)');
    for (const email of emails) {
      errors.checkPattern('emails', EMAIL_PATTERN, 'must be e-mail addresses (name@domain.tld)', email);
    }
    const duplicates = emails.filter((e, i) => emails.findIndex((o) => o.toLowerCase() === e.toLowerCase()) !== i);
    errors.check(duplicates.length === 0, 'emails', duplicates, 'must not list an address twice');
    errors.throwIfAny();

    const key = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the alarm notifications of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms and EventBridge rules of this account publish to the encrypted topic.
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
    }));
    this.encryptionKey = key;

    const topic = new sns.Topic(this, 'Default', {
      displayName: props.displayName,
      masterKey: key,
      enforceSSL: true,
    });
    for (const email of emails) {
      topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    this.topic = topic;
  }
}
