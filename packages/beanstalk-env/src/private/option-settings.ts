import { IResolvable, IResolveContext, Token } from 'aws-cdk-lib';
import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';

/** One `(Namespace, OptionName)` pair with its value. */
export interface Setting {
  readonly namespace: string;
  readonly optionName: string;
  readonly value: string;
  readonly resourceName?: string;
  /** Whether the setting came from the escape hatch rather than typed props. */
  readonly raw: boolean;
}

/**
 * The option settings of one environment, in the order they were added, each
 * `(resource, namespace, option)` at most once.
 */
export class OptionSettings {
  private readonly settings = new Map<string, Setting>();
  private readonly duplicates: Setting[] = [];

  /** Sets an option the construct manages; `undefined` values are skipped. */
  public set(namespace: string, optionName: string, value: string | number | boolean | undefined, resourceName?: string): void {
    if (value === undefined) {
      return;
    }
    // A number token must stay a token (String() would print its encoded double), resolving to a string.
    const text = typeof value === 'number' && Token.isUnresolved(value) ? numberTokenAsString(value) : String(value);
    this.settings.set(key(namespace, optionName, resourceName), { namespace, optionName, value: text, resourceName, raw: false });
  }

  /** Adds a raw setting; one that is already set is kept aside as a duplicate. */
  public addRaw(namespace: string, optionName: string, value: string, resourceName?: string): void {
    const k = key(namespace, optionName, resourceName);
    const setting = { namespace, optionName, value, resourceName, raw: true };
    if (this.settings.has(k)) {
      this.duplicates.push(setting);
    } else {
      this.settings.set(k, setting);
    }
  }

  /** The setting of `(namespace, option)` that is kept, if any. */
  public get(namespace: string, optionName: string, resourceName?: string): Setting | undefined {
    return this.settings.get(key(namespace, optionName, resourceName));
  }

  /** Raw settings that duplicate another setting. */
  public get duplicateRaw(): Setting[] {
    return [...this.duplicates];
  }

  /** Every setting, in insertion order. */
  public all(): Setting[] {
    return [...this.settings.values()];
  }

  /** The settings as CloudFormation properties. */
  public render(): elasticbeanstalk.CfnEnvironment.OptionSettingProperty[] {
    return this.all().map((s) => ({
      namespace: s.namespace,
      optionName: s.optionName,
      value: s.value,
      ...(s.resourceName ? { resourceName: s.resourceName } : {}),
    }));
  }
}

function key(namespace: string, optionName: string, resourceName?: string): string {
  return `${resourceName ?? ''}\u0000${namespace}\u0000${optionName}`;
}

function numberTokenAsString(value: number): string {
  return Token.asString(new NumberAsString(value));
}

/** Resolves a number token, rendering a plain number as a string (Value must be a string). */
class NumberAsString implements IResolvable {
  public readonly creationStack: string[] = [];

  public constructor(private readonly value: number) {}

  public resolve(context: IResolveContext): any {
    const resolved = context.resolve(this.value);
    return typeof resolved === 'number' ? String(resolved) : resolved;
  }

  public toString(): string {
    return Token.asString(this);
  }
}
