import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';

/** One `(Namespace, OptionName)` pair with its value. */
export interface OptionSetting {
  readonly namespace: string;
  readonly optionName: string;
  readonly value: string;
  /** Where the setting came from: the construct itself or the escape hatch. */
  readonly source: 'construct' | 'user';
}

/**
 * The option settings of one environment, in the order they were added, each
 * pair at most once.
 */
export class OptionSettings {
  private readonly settings = new Map<string, OptionSetting>();

  /** Adds a setting the construct manages; `undefined` values are skipped. */
  public set(namespace: string, optionName: string, value: string | number | boolean | undefined): void {
    if (value === undefined) {
      return;
    }
    this.settings.set(key(namespace, optionName), { namespace, optionName, value: String(value), source: 'construct' });
  }

  /** Adds a user's raw setting. Returns false when the pair is already set. */
  public addUser(namespace: string, optionName: string, value: string): boolean {
    const k = key(namespace, optionName);
    if (this.settings.has(k)) {
      return false;
    }
    this.settings.set(k, { namespace, optionName, value, source: 'user' });
    return true;
  }

  /** Whether a pair is set. */
  public has(namespace: string, optionName: string): boolean {
    return this.settings.has(key(namespace, optionName));
  }

  /** The value of a pair, if set. */
  public get(namespace: string, optionName: string): string | undefined {
    return this.settings.get(key(namespace, optionName))?.value;
  }

  /** Every setting, in insertion order. */
  public all(): OptionSetting[] {
    return [...this.settings.values()];
  }

  /** The settings as CloudFormation properties. */
  public render(): elasticbeanstalk.CfnEnvironment.OptionSettingProperty[] {
    return this.all().map((s) => ({ namespace: s.namespace, optionName: s.optionName, value: s.value }));
  }
}

function key(namespace: string, optionName: string): string {
  return `${namespace}\u0000${optionName}`;
}
