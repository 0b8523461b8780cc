import { Arn, ArnFormat, Token } from 'aws-cdk-lib';
import { findCatalogNamespace, OptionRef } from './catalog-data';
import { Setting } from './option-settings';

/**
 * Rules that compare option settings with each other (or with the stack),
 * which a check of one setting at a time cannot see: Elastic Beanstalk refuses
 * these combinations minutes into a deployment.
 *
 * A rule reads values through a {@link SettingsView}; reading a value that is
 * an unresolved token skips the rule for that subject only (one listener, one
 * process, one scheduled action), never the other rules nor the other
 * subjects. Whether an option is set is known even when its value is a token.
 */

/** What the rules know besides the settings. */
export interface RuleContext {
  /** The stack's region, when it is concrete. */
  readonly region?: string;
}

/** One broken rule: the setting to blame and what is expected of it. */
export interface RuleProblem {
  readonly rule: string;
  readonly setting: Setting;
  readonly expected: string;
}

/** A rule over the settings of one environment. */
export interface OptionRule {
  /** A stable id, e.g. `asg-min-max`. */
  readonly id: string;
  /** What the rule checks, for the documentation. */
  readonly description: string;
  check(view: SettingsView, context: RuleContext): void;
}

/** Thrown when a rule needs a value that is only known at deploy time. */
class UnresolvedValue extends Error {}

/** Read access to the settings for the rules, collecting their problems. */
export class SettingsView {
  public readonly problems: RuleProblem[] = [];
  /** The rules (and subjects) skipped because a value they need is a token. */
  public readonly skipped: string[] = [];
  private currentRule = '';

  public constructor(private readonly settings: Setting[]) {}

  /** The setting, whatever its value. */
  public setting(namespace: string, optionName: string, resourceName?: string): Setting | undefined {
    return this.settings.find((s) => s.namespace === namespace && s.optionName === optionName
      && (s.resourceName ?? undefined) === resourceName);
  }

  /** The first setting of a namespace (for a rule about the namespace as a whole). */
  public first(namespace: string, resourceName?: string): Setting | undefined {
    return this.settings.find((s) => s.namespace === namespace && (resourceName === undefined || s.resourceName === resourceName));
  }

  /** Whether the option is set (known even when its value is a token). */
  public has(namespace: string, optionName: string, resourceName?: string): boolean {
    return this.setting(namespace, optionName, resourceName) !== undefined;
  }

  /** The value, `undefined` when the option is not set; a token skips the rule for the current subject. */
  public value(namespace: string, optionName: string, resourceName?: string): string | undefined {
    const s = this.setting(namespace, optionName, resourceName);
    if (s && Token.isUnresolved(s.value)) {
      throw new UnresolvedValue(`${namespace} ${optionName}`);
    }
    return s?.value;
  }

  /** Every setting, in order. */
  public all(): Setting[] {
    return [...this.settings];
  }

  /** Whether the option is set to true (booleans are case-insensitive). */
  public isTrue(namespace: string, optionName: string, resourceName?: string): boolean {
    return this.value(namespace, optionName, resourceName)?.toLowerCase() === 'true';
  }

  /** A number value, `undefined` when not set or not a number (the catalog reports those). */
  public number(namespace: string, optionName: string, resourceName?: string): number | undefined {
    const v = this.value(namespace, optionName, resourceName);
    return v === undefined || v.trim() === '' || isNaN(Number(v)) ? undefined : Number(v);
  }

  /** The distinct namespaces with this prefix, e.g. every `aws:elbv2:listener:` port. */
  public namespaces(prefix: string): string[] {
    return [...new Set(this.settings.filter((s) => s.namespace.startsWith(prefix)).map((s) => s.namespace))];
  }

  /** The distinct resource names of a namespace (scheduled actions). */
  public resourceNames(namespace: string): string[] {
    return [...new Set(this.settings.filter((s) => s.namespace === namespace && s.resourceName).map((s) => s.resourceName!))];
  }

  /** Runs `fn` for each subject; a token value skips that subject only. */
  public each<T>(subjects: T[], fn: (subject: T) => void): void {
    for (const subject of subjects) {
      this.guard(`${this.currentRule}[${String(subject)}]`, () => fn(subject));
    }
  }

  /** Records a problem, blamed on the first of `settings` that came from the raw settings (else the first). */
  public report(expected: string, ...settings: (Setting | undefined)[]): void {
    const given = settings.filter((s): s is Setting => s !== undefined);
    const setting = given.find((s) => s.raw) ?? given[0];
    if (setting) {
      this.problems.push({ rule: this.currentRule, setting, expected });
    }
  }

  /** @internal */
  public run(rule: OptionRule, context: RuleContext): void {
    this.currentRule = rule.id;
    this.guard(rule.id, () => rule.check(this, context));
  }

  private guard(subject: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof UnresolvedValue)) {
        throw e;
      }
      this.skipped.push(`${subject} (${e.message} is a token)`);
    }
  }
}

const ASG = 'aws:autoscaling:asg';
const ENV = 'aws:elasticbeanstalk:environment';
const LISTENER = 'aws:elbv2:listener:';
const LISTENER_RULE = 'aws:elbv2:listenerrule:';
const PROCESS = 'aws:elasticbeanstalk:environment:process:';
const HEALTH = 'aws:elasticbeanstalk:healthreporting:system';
const MANAGED = 'aws:elasticbeanstalk:managedactions';
const PLATFORM_UPDATE = 'aws:elasticbeanstalk:managedactions:platformupdate';
const COMMAND = 'aws:elasticbeanstalk:command';
const LB = 'aws:elbv2:loadbalancer';
const TRIGGER = 'aws:autoscaling:trigger';
const SCHEDULED = 'aws:autoscaling:scheduledaction';
const INSTANCES = 'aws:ec2:instances';
const ROLLING = 'aws:autoscaling:updatepolicy:rollingupdate';

function isShared(v: SettingsView): boolean {
  return v.isTrue(ENV, 'LoadBalancerIsShared');
}

function isSingleInstance(v: SettingsView): boolean {
  return v.value(ENV, 'EnvironmentType') === 'SingleInstance';
}

function enhancedHealth(v: SettingsView): boolean {
  return v.value(HEALTH, 'SystemType') === 'enhanced';
}

/** The port part of `aws:elbv2:listener:<port>` (`default` is port 80). */
function listenerPort(namespace: string): string {
  return namespace.substring(LISTENER.length);
}

function loadBalancerType(v: SettingsView): string {
  return isSingleInstance(v) ? 'none' : v.value(ENV, 'LoadBalancerType') ?? 'classic';
}

/** `ns option` or `ns option one of a, b`. */
function describeRef(ref: OptionRef, namespace: string): string {
  const ns = ref.namespace ?? namespace;
  return `${ns} ${ref.option}${ref.values ? ` ${ref.values.length === 1 ? ref.values[0] : `(one of ${ref.values.join(', ')})`}` : ''}`;
}

/** Whether the referenced option is set (to one of its values); a token value skips the rule for the subject. */
function refHolds(v: SettingsView, ref: OptionRef, namespace: string, resourceName?: string): boolean {
  const ns = ref.namespace ?? namespace;
  if (!ref.values) {
    return v.has(ns, ref.option, resourceName) || v.has(ns, ref.option);
  }
  const value = v.value(ns, ref.option, resourceName) ?? v.value(ns, ref.option);
  return value !== undefined && ref.values.some((x) => x.toLowerCase() === value.toLowerCase());
}

/** The cross-option rules, in the order they are checked. */
export const OPTION_RULES: readonly OptionRule[] = [
  {
    id: 'catalog-relations',
    description: 'the options each catalog option needs or excludes (its relations, from the Elastic Beanstalk guide)',
    check(v) {
      v.each(v.all(), (s) => {
        const option = findCatalogNamespace(s.namespace)?.options[s.optionName];
        for (const relation of option?.relations ?? []) {
          if (relation.when && !relation.when.some((w) => w.toLowerCase() === v.value(s.namespace, s.optionName, s.resourceName)?.toLowerCase())) {
            continue;
          }
          for (const ref of relation.needs ?? []) {
            if (!refHolds(v, ref, s.namespace, s.resourceName)) {
              v.report(`needs ${describeRef(ref, s.namespace)}: ${relation.reason}`, s);
            }
          }
          for (const ref of relation.excludes ?? []) {
            if (refHolds(v, ref, s.namespace, s.resourceName)) {
              v.report(`does not go with ${describeRef(ref, s.namespace)}: ${relation.reason}`, s);
            }
          }
        }
      });
    },
  },
  {
    id: 'protocol-for-load-balancer',
    description: 'listener and process protocols match the load balancer: HTTP or HTTPS for an application load balancer, TCP for a network one',
    check(v) {
      const type = loadBalancerType(v);
      if (type !== 'application' && type !== 'network') {
        return;
      }
      const allowed = type === 'application' ? ['HTTP', 'HTTPS'] : ['TCP'];
      for (const prefix of [LISTENER, PROCESS]) {
        v.each(v.namespaces(prefix), (ns) => {
          const protocol = v.value(ns, 'Protocol');
          if (protocol !== undefined && !allowed.includes(protocol)) {
            v.report(`must be ${allowed.join(' or ')} with ${ENV} LoadBalancerType ${type}`, v.setting(ns, 'Protocol'));
          }
        });
      }
    },
  },
  {
    id: 'network-load-balancer-options',
    description: 'a network load balancer takes no listener rules, no aws:elbv2:loadbalancer options, health checks every 10 or 30 seconds and HTTP codes 200 to 399',
    check(v) {
      if (loadBalancerType(v) !== 'network') {
        return;
      }
      for (const ns of [...v.namespaces(LISTENER_RULE), ...v.namespaces(LB)]) {
        v.report(`does not apply to a network load balancer (${ENV} LoadBalancerType network)`, v.first(ns));
      }
      v.each(v.namespaces(PROCESS), (ns) => {
        const interval = v.number(ns, 'HealthCheckInterval');
        if (interval !== undefined && interval !== 10 && interval !== 30) {
          v.report('must be 10 or 30 with a network load balancer', v.setting(ns, 'HealthCheckInterval'));
        }
        const codes = v.value(ns, 'MatcherHTTPCode');
        if (codes !== undefined && (codes.match(/[0-9]{3}/g) ?? []).some((c) => Number(c) > 399)) {
          v.report('must be HTTP codes from 200 to 399 with a network load balancer', v.setting(ns, 'MatcherHTTPCode'));
        }
      });
    },
  },
  {
    id: 'managed-security-group-listed',
    description: 'aws:elbv2:loadbalancer ManagedSecurityGroup is one of its SecurityGroups',
    check(v) {
      const managed = v.value(LB, 'ManagedSecurityGroup');
      if (managed === undefined) {
        return;
      }
      const groups = v.value(LB, 'SecurityGroups')?.split(',').map((g) => g.trim()) ?? [];
      if (!groups.includes(managed)) {
        v.report(`must also be in ${LB} SecurityGroups: Elastic Beanstalk attaches only those`, v.setting(LB, 'ManagedSecurityGroup'));
      }
    },
  },
  {
    id: 'listener-rule-priorities',
    description: 'no two listener rules have the same Priority',
    check(v) {
      const seen = new Map<number, string>();
      v.each(v.namespaces(LISTENER_RULE), (ns) => {
        const priority = v.number(ns, 'Priority') ?? 1;
        const name = ns.substring(LISTENER_RULE.length);
        const other = seen.get(priority);
        if (other !== undefined && !isShared(v)) {
          v.report(`(rule '${name}') has priority ${priority}, like rule '${other}': no two rules may share one`, v.setting(ns, 'Priority') ?? v.first(ns));
        }
        seen.set(priority, name);
      });
    },
  },
  {
    id: 'listener-rule-condition-count',
    description: 'a listener rule has at most 5 HostHeaders and PathPatterns together',
    check(v) {
      v.each(v.namespaces(LISTENER_RULE), (ns) => {
        const count = ['HostHeaders', 'PathPatterns'].map((o) => v.value(ns, o)?.split(',').length ?? 0).reduce((a, b) => a + b, 0);
        if (count > 5) {
          v.report(`(rule '${ns.substring(LISTENER_RULE.length)}') has ${count} host headers and path patterns: an application load balancer rule takes at most 5`,
            v.setting(ns, 'HostHeaders') ?? v.setting(ns, 'PathPatterns'));
        }
      });
    },
  },
  {
    id: 'root-volume-iops',
    description: 'RootVolumeIOPS within the range of the RootVolumeType (gp3 3000-16000, io1 100-64000, io2 100-256000)',
    check(v) {
      const lc = 'aws:autoscaling:launchconfiguration';
      const iops = v.number(lc, 'RootVolumeIOPS');
      const type = v.value(lc, 'RootVolumeType');
      const ranges: { [type: string]: [number, number] } = { gp3: [3000, 16000], io1: [100, 64000], io2: [100, 256000] };
      const range = type === undefined ? undefined : ranges[type];
      if (iops !== undefined && range && (iops < range[0] || iops > range[1])) {
        v.report(`must be between ${range[0]} and ${range[1]} for a ${type} root volume`, v.setting(lc, 'RootVolumeIOPS'));
      }
      if (type !== undefined && ['io1', 'io2'].includes(type) && !v.has(lc, 'RootVolumeSize')) {
        v.report(`needs ${lc} RootVolumeSize: a provisioned IOPS volume has no default size`, v.setting(lc, 'RootVolumeType'));
      }
    },
  },
  {
    id: 'asg-min-max',
    description: 'aws:autoscaling:asg MinSize must not exceed MaxSize',
    check(v) {
      const min = v.number(ASG, 'MinSize');
      const max = v.number(ASG, 'MaxSize');
      if (min !== undefined && max !== undefined && min > max) {
        v.report(`must not exceed aws:autoscaling:asg MaxSize (${max})`, v.setting(ASG, 'MinSize'), v.setting(ASG, 'MaxSize'));
      }
    },
  },
  {
    id: 'listener-https-certificate',
    description: 'an HTTPS listener (aws:elbv2:listener:<port> Protocol HTTPS) needs SSLCertificateArns',
    check(v) {
      if (isShared(v)) {
        return; // the shared load balancer's own listeners carry the certificates
      }
      v.each(v.namespaces(LISTENER), (ns) => {
        if (v.value(ns, 'Protocol') === 'HTTPS' && !v.has(ns, 'SSLCertificateArns') && v.value(ns, 'ListenerEnabled')?.toLowerCase() !== 'false') {
          v.report(`needs SSLCertificateArns in ${ns}: an HTTPS listener without a certificate fails to be created `
            + '(or use the certificate prop, which sets the listener on port 443)', v.setting(ns, 'Protocol'));
        }
      });
    },
  },
  {
    id: 'listener-tls-needs-https',
    description: 'SSLCertificateArns and SSLPolicy apply only to a listener whose Protocol is HTTPS',
    check(v) {
      if (isShared(v)) {
        return;
      }
      v.each(v.namespaces(LISTENER), (ns) => {
        const protocol = v.value(ns, 'Protocol') ?? 'HTTP';
        for (const option of ['SSLCertificateArns', 'SSLPolicy']) {
          if (v.has(ns, option) && protocol !== 'HTTPS') {
            v.report(`needs Protocol HTTPS in ${ns} (it is ${protocol}): TLS settings on a plain HTTP listener are refused`,
              v.setting(ns, option));
          }
        }
      });
    },
  },
  {
    id: 'listener-certificate-region',
    description: 'the ACM certificates of a listener must be in the stack\'s region',
    check(v, context) {
      v.each(v.namespaces(LISTENER), (ns) => {
        const arns = v.value(ns, 'SSLCertificateArns');
        for (const arn of arns?.split(',').map((a) => a.trim()) ?? []) {
          const problem = certificateArnProblem(arn, context.region);
          if (problem) {
            v.report(arns!.includes(',') ? `names ${arn}, which ${problem}` : problem, v.setting(ns, 'SSLCertificateArns'));
          }
        }
      });
    },
  },
  {
    id: 'listener-port',
    description: 'a listener namespace names a port from 1 to 65535 (or default)',
    check(v) {
      for (const ns of v.namespaces(LISTENER)) {
        const port = listenerPort(ns);
        if (port !== 'default' && !(/^[0-9]+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
          const s = v.first(ns);
          v.report(`names listener '${port}': a listener namespace is aws:elbv2:listener:<port from 1 to 65535> or aws:elbv2:listener:default`, s);
        }
      }
    },
  },
  {
    id: 'listener-rules-defined',
    description: 'every rule a listener lists in Rules (other than default) has an aws:elbv2:listenerrule:<name> namespace with HostHeaders or PathPatterns',
    check(v) {
      v.each(v.namespaces(LISTENER), (ns) => {
        const rules = v.value(ns, 'Rules')?.split(',').map((r) => r.trim()).filter((r) => r !== '' && r !== 'default') ?? [];
        for (const rule of rules) {
          const ruleNs = `${LISTENER_RULE}${rule}`;
          if (!v.has(ruleNs, 'HostHeaders') && !v.has(ruleNs, 'PathPatterns')) {
            v.report(`lists rule '${rule}', which needs HostHeaders or PathPatterns in ${ruleNs}`, v.setting(ns, 'Rules'));
          }
        }
      });
    },
  },
  {
    id: 'listener-rule-conditions',
    description: 'a listener rule has HostHeaders or PathPatterns, and a listener lists it in Rules',
    check(v) {
      const listed = new Set<string>();
      let listedUnknown = false;
      for (const ns of v.namespaces(LISTENER)) {
        const rules = v.setting(ns, 'Rules');
        if (rules && Token.isUnresolved(rules.value)) {
          listedUnknown = true; // only the "listed" half needs these values
        } else if (rules) {
          rules.value.split(',').forEach((r) => listed.add(r.trim()));
        }
      }
      for (const ns of v.namespaces(LISTENER_RULE)) {
        const name = ns.substring(LISTENER_RULE.length);
        const first = v.first(ns);
        if (!v.has(ns, 'HostHeaders') && !v.has(ns, 'PathPatterns')) {
          v.report(`(rule '${name}') needs HostHeaders or PathPatterns: a listener rule without a condition is refused`, first);
        } else if (!listedUnknown && !listed.has(name)) {
          v.report(`(rule '${name}') is not in the Rules of any listener (aws:elbv2:listener:<port> Rules): it would never be used`, first);
        }
      }
    },
  },
  {
    id: 'process-names',
    description: 'a listener\'s DefaultProcess and a rule\'s Process name default or a process of aws:elasticbeanstalk:environment:process:<name>',
    check(v) {
      const processes = new Set(['default', ...v.namespaces(PROCESS).map((ns) => ns.substring(PROCESS.length))]);
      for (const [prefix, option] of [[LISTENER, 'DefaultProcess'], [LISTENER_RULE, 'Process']]) {
        v.each(v.namespaces(prefix), (ns) => {
          const process = v.value(ns, option);
          if (process !== undefined && !processes.has(process)) {
            v.report(`names process '${process}', which is not default nor defined in ${PROCESS}${process}`, v.setting(ns, option));
          }
        });
      }
    },
  },
  {
    id: 'process-timeout-interval',
    description: 'a process\'s HealthCheckTimeout is less than its HealthCheckInterval',
    check(v) {
      v.each(v.namespaces(PROCESS), (ns) => {
        const timeout = v.number(ns, 'HealthCheckTimeout');
        const interval = v.number(ns, 'HealthCheckInterval');
        if (timeout !== undefined && interval !== undefined && timeout >= interval) {
          v.report(`must be less than HealthCheckInterval (${interval}) in ${ns}`,
            v.setting(ns, 'HealthCheckTimeout'), v.setting(ns, 'HealthCheckInterval'));
        }
      });
    },
  },
  {
    id: 'health-streaming-enhanced',
    description: 'health streaming (aws:elasticbeanstalk:cloudwatch:logs:health HealthStreamingEnabled) needs enhanced health',
    check(v) {
      const ns = 'aws:elasticbeanstalk:cloudwatch:logs:health';
      if (v.isTrue(ns, 'HealthStreamingEnabled') && !enhancedHealth(v)) {
        v.report(`needs enhanced health (${HEALTH} SystemType enhanced)`, v.setting(ns, 'HealthStreamingEnabled'), v.setting(HEALTH, 'SystemType'));
      }
    },
  },
  {
    id: 'managed-actions-settings',
    description: 'managed platform updates need enhanced health, PreferredStartTime and UpdateLevel',
    check(v) {
      if (!v.isTrue(MANAGED, 'ManagedActionsEnabled')) {
        return;
      }
      const enabled = v.setting(MANAGED, 'ManagedActionsEnabled');
      if (!enhancedHealth(v)) {
        v.report(`needs enhanced health (${HEALTH} SystemType enhanced): managed platform updates require it`,
          enabled, v.setting(HEALTH, 'SystemType'));
      }
      if (!v.has(MANAGED, 'PreferredStartTime')) {
        v.report(`needs ${MANAGED} PreferredStartTime (the weekly window, e.g. Sun:03:00)`, enabled);
      }
      if (!v.has(PLATFORM_UPDATE, 'UpdateLevel')) {
        v.report(`needs ${PLATFORM_UPDATE} UpdateLevel (patch or minor)`, enabled);
      }
    },
  },
  {
    id: 'batch-size-percentage',
    description: 'aws:elasticbeanstalk:command BatchSize is at most 100 when BatchSizeType is Percentage',
    check(v) {
      const size = v.number(COMMAND, 'BatchSize');
      if ((v.value(COMMAND, 'BatchSizeType') ?? 'Percentage') === 'Percentage' && size !== undefined && size > 100) {
        v.report('must be at most 100 when BatchSizeType is Percentage', v.setting(COMMAND, 'BatchSize'), v.setting(COMMAND, 'BatchSizeType'));
      }
    },
  },
  {
    id: 'load-balancer-for-deployment-policy',
    description: 'TrafficSplitting deployments need a load-balanced environment with an application load balancer',
    check(v) {
      if (v.value(COMMAND, 'DeploymentPolicy') !== 'TrafficSplitting') {
        return;
      }
      const policy = v.setting(COMMAND, 'DeploymentPolicy');
      if (isSingleInstance(v)) {
        v.report('needs a load-balanced environment (EnvironmentType LoadBalanced): traffic splitting shifts load balancer traffic', policy);
      } else if ((v.value(ENV, 'LoadBalancerType') ?? 'classic') !== 'application') {
        v.report(`needs an application load balancer (${ENV} LoadBalancerType application)`, policy, v.setting(ENV, 'LoadBalancerType'));
      }
    },
  },
  {
    id: 'single-instance-no-load-balancer',
    description: 'a single-instance environment takes no load balancer options and at most one instance',
    check(v) {
      if (!isSingleInstance(v)) {
        return;
      }
      for (const prefix of [LISTENER, LISTENER_RULE, LB]) {
        for (const ns of v.namespaces(prefix)) {
          v.report('configures a load balancer, which a single-instance environment (EnvironmentType SingleInstance) has none of',
            v.first(ns));
        }
      }
      v.each(['MaxSize'], (option) => {
        const max = v.number(ASG, option);
        if (max !== undefined && max > 1) {
          v.report('must be 1 in a single-instance environment (EnvironmentType SingleInstance)', v.setting(ASG, option));
        }
      });
    },
  },
  {
    id: 'shared-load-balancer-arn',
    description: 'a shared load balancer (LoadBalancerIsShared) needs aws:elbv2:loadbalancer SharedLoadBalancer and an application load balancer',
    check(v) {
      if (!isShared(v)) {
        return;
      }
      const shared = v.setting(ENV, 'LoadBalancerIsShared');
      if (!v.has(LB, 'SharedLoadBalancer')) {
        v.report(`needs ${LB} SharedLoadBalancer (the ARN of the shared application load balancer)`, shared);
      }
      if (v.value(ENV, 'LoadBalancerType') !== 'application') {
        v.report(`needs ${ENV} LoadBalancerType application: only an application load balancer can be shared`, shared);
      }
    },
  },
  {
    id: 'access-logs-bucket',
    description: 'access logs (AccessLogsS3Enabled) need AccessLogsS3Bucket',
    check(v) {
      if (v.isTrue(LB, 'AccessLogsS3Enabled') && !v.has(LB, 'AccessLogsS3Bucket')) {
        v.report(`needs ${LB} AccessLogsS3Bucket`, v.setting(LB, 'AccessLogsS3Enabled'));
      }
    },
  },
  {
    id: 'trigger-thresholds',
    description: 'aws:autoscaling:trigger LowerThreshold is less than UpperThreshold',
    check(v) {
      const lower = v.number(TRIGGER, 'LowerThreshold');
      const upper = v.number(TRIGGER, 'UpperThreshold');
      if (lower !== undefined && upper !== undefined && lower >= upper) {
        v.report(`must be less than ${TRIGGER} UpperThreshold (${upper})`, v.setting(TRIGGER, 'LowerThreshold'), v.setting(TRIGGER, 'UpperThreshold'));
      }
    },
  },
  {
    id: 'scheduled-action',
    description: 'a scheduled action sets MinSize, MaxSize or DesiredCapacity, has a Recurrence or StartTime, and MinSize <= DesiredCapacity <= MaxSize',
    check(v) {
      v.each(v.resourceNames(SCHEDULED), (name) => {
        const first = v.first(SCHEDULED, name);
        if (!['MinSize', 'MaxSize', 'DesiredCapacity'].some((o) => v.has(SCHEDULED, o, name))) {
          v.report(`(action '${name}') must set MinSize, MaxSize or DesiredCapacity`, first);
        }
        if (!v.has(SCHEDULED, 'Recurrence', name) && !v.has(SCHEDULED, 'StartTime', name)) {
          v.report(`(action '${name}') must have a Recurrence or a StartTime`, first);
        }
        const min = v.number(SCHEDULED, 'MinSize', name);
        const max = v.number(SCHEDULED, 'MaxSize', name);
        const desired = v.number(SCHEDULED, 'DesiredCapacity', name);
        if (min !== undefined && max !== undefined && min > max) {
          v.report(`(action '${name}') must not exceed its MaxSize (${max})`, v.setting(SCHEDULED, 'MinSize', name));
        }
        if (desired !== undefined && ((min !== undefined && desired < min) || (max !== undefined && desired > max))) {
          v.report(`(action '${name}') must be between its MinSize and MaxSize`, v.setting(SCHEDULED, 'DesiredCapacity', name));
        }
      });
    },
  },
  {
    id: 'spot-needs-enable-spot',
    description: 'Spot options (SpotFleetOnDemandBase, SpotFleetOnDemandAboveBasePercentage, SpotMaxPrice) take effect only with EnableSpot true',
    check(v) {
      if (v.isTrue(INSTANCES, 'EnableSpot')) {
        return;
      }
      for (const option of ['SpotFleetOnDemandBase', 'SpotFleetOnDemandAboveBasePercentage', 'SpotMaxPrice']) {
        if (v.has(INSTANCES, option)) {
          v.report(`needs ${INSTANCES} EnableSpot true: without it the option is silently ignored`, v.setting(INSTANCES, option));
        }
      }
    },
  },
  {
    id: 'spot-on-demand-base',
    description: 'SpotFleetOnDemandBase does not exceed aws:autoscaling:asg MaxSize',
    check(v) {
      const base = v.number(INSTANCES, 'SpotFleetOnDemandBase');
      const max = v.number(ASG, 'MaxSize');
      if (v.isTrue(INSTANCES, 'EnableSpot') && base !== undefined && max !== undefined && base > max) {
        v.report(`must not exceed ${ASG} MaxSize (${max})`, v.setting(INSTANCES, 'SpotFleetOnDemandBase'));
      }
    },
  },
  {
    id: 'rolling-min-in-service',
    description: 'rolling updates: MinInstancesInService is less than aws:autoscaling:asg MaxSize',
    check(v) {
      const inService = v.number(ROLLING, 'MinInstancesInService');
      const max = v.number(ASG, 'MaxSize');
      if (inService !== undefined && max !== undefined && inService >= max) {
        v.report(`must be less than ${ASG} MaxSize (${max})`, v.setting(ROLLING, 'MinInstancesInService'));
      }
    },
  },
  {
    id: 'classic-and-application',
    description: 'aws:elb:* (classic) and aws:elbv2:* (application) namespaces do not mix',
    check(v) {
      const classic = v.namespaces('aws:elb:');
      if (classic.length > 0 && v.namespaces('aws:elbv2:').length > 0) {
        v.report('must not mix aws:elb:* (classic) and aws:elbv2:* (application) load balancer namespaces', v.first(classic[0]));
      }
    },
  },
];

/**
 * Why a certificate ARN cannot go on a listener of an environment in
 * `region`, or `undefined` when it can. IAM server certificates have no region.
 */
export function certificateArnProblem(arn: string, region: string | undefined): string | undefined {
  if (Token.isUnresolved(arn)) {
    return undefined;
  }
  let parts;
  try {
    parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  } catch {
    return 'must be the ARN of an ACM certificate (arn:aws:acm:<region>:<account>:certificate/<id>)';
  }
  if (parts.service === 'iam' && parts.resource === 'server-certificate') {
    return undefined;
  }
  if (parts.service !== 'acm' || parts.resource !== 'certificate') {
    return 'must be the ARN of an ACM certificate (arn:aws:acm:<region>:<account>:certificate/<id>)';
  }
  if (region !== undefined && parts.region !== undefined && !Token.isUnresolved(parts.region) && parts.region !== region) {
    return `is in ${parts.region}: a load balancer in ${region} can only use an ACM certificate of its own region `
      + `(request or import the certificate in ${region})`;
  }
  return undefined;
}

/** Runs every rule over the settings. */
export function checkOptionRules(settings: Setting[], context: RuleContext): SettingsView {
  const view = new SettingsView(settings);
  for (const rule of OPTION_RULES) {
    view.run(rule, context);
  }
  return view;
}
