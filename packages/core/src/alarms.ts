import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * The alarm props every ebkit construct that creates alarms takes, with the
 * same names and defaults in every package. A construct's own thresholds are
 * named `<metric>AlarmThreshold` next to these.
 */
export interface AlarmOptions {
  /**
   * Whether the construct creates its default alarms.
   *
   * @default true
   */
  readonly alarms?: boolean;

  /**
   * The topic told when one of the construct's alarms goes into ALARM and when it is OK again.
   *
   * @default - no action: the alarms are only visible in CloudWatch (and read by whoever watches them)
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * How every ebkit construct creates its alarms and notifies a topic of them:
 * ALARM and OK actions alike, so a person who was told of a problem is also
 * told when it is over.
 */
export class Alarms {
  /**
   * Creates an alarm and, when a topic is given, sends both its ALARM and its OK state changes there.
   *
   * @param scope the construct that owns the alarm
   * @param id the alarm's construct id
   * @param props the alarm itself
   * @param topic where to send the state changes (none: no action)
   */
  public static create(scope: Construct, id: string, props: cloudwatch.AlarmProps, topic?: sns.ITopic): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, props);
    if (topic) {
      Alarms.notify(topic, [alarm]);
    }
    return alarm;
  }

  /**
   * Sends the ALARM and OK state changes of existing alarms to a topic.
   * Alarms that are not defined in this app (imported by ARN or name) cannot
   * take actions and are left as they are.
   */
  public static notify(topic: sns.ITopic, alarms: cloudwatch.IAlarm[]): void {
    const action = new cloudwatchActions.SnsAction(topic);
    for (const alarm of alarms) {
      if (alarm instanceof cloudwatch.Alarm || alarm instanceof cloudwatch.CompositeAlarm) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  private constructor() {}
}
