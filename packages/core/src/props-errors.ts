import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Collects the problems of one props object and throws them together.
 *
 * Each message names the construct path, the prop, the value given and what is
 * expected, e.g. `App/Web: minInstances (5) must not exceed maxInstances (2)`.
 * Values that are unresolved tokens are never judged: they are only known at
 * deploy time.
 *
 * @example
 * const errors = new PropsErrors(this);
 * errors.check(props.minInstances <= props.maxInstances, 'minInstances', props.minInstances,
 *   `must not exceed maxInstances (${props.maxInstances})`);
 * errors.throwIfAny();
 */
export class PropsErrors {
  /** Whether a value is a token that only resolves at deploy time. */
  public static isUnresolved(value: any): boolean {
    return value !== undefined && value !== null && Token.isUnresolved(value);
  }

  /** Renders a value for a message: strings quoted, arrays and objects as JSON. */
  public static describe(value: any): string {
    if (typeof value === 'string') {
      return `'${value}'`;
    }
    if (value === undefined || typeof value === 'number' || typeof value === 'boolean' || value === null) {
      return String(value);
    }
    return JSON.stringify(value);
  }

  private readonly problems: string[] = [];

  /**
   * @param scope the construct whose props are checked; its path starts every message
   */
  public constructor(private readonly scope: IConstruct) {}

  /** The messages collected so far. */
  public get messages(): string[] {
    return [...this.problems];
  }

  /** Whether any problem was collected. */
  public get hasErrors(): boolean {
    return this.problems.length > 0;
  }

  /**
   * Records a problem: `<path>: <prop> (<value>) <expected>`.
   *
   * @param prop the name of the prop, as the user wrote it
   * @param value the value that was given
   * @param expected what is expected, e.g. `must be between 1 and 35`
   */
  public add(prop: string, value: any, expected: string): void {
    this.problems.push(`${this.scope.node.path}: ${prop} (${PropsErrors.describe(value)}) ${expected}`);
  }

  /**
   * Records a problem unless `ok` holds. Skipped when `value` is an unresolved token.
   */
  public check(ok: boolean, prop: string, value: any, expected: string): void {
    if (!ok && !PropsErrors.isUnresolved(value)) {
      this.add(prop, value, expected);
    }
  }

  /**
   * Checks that a number is an integer within [min, max]. `undefined` and tokens pass.
   */
  public checkRange(prop: string, min: number, max: number, value?: number): void {
    if (value === undefined || PropsErrors.isUnresolved(value)) {
      return;
    }
    this.check(Number.isInteger(value) && value >= min && value <= max, prop, value,
      `must be a whole number between ${min} and ${max}`);
  }

  /**
   * Checks a string against a pattern. `undefined` and tokens pass.
   */
  public checkPattern(prop: string, pattern: string, expected: string, value?: string): void {
    if (value === undefined || PropsErrors.isUnresolved(value)) {
      return;
    }
    this.check(new RegExp(pattern).test(value), prop, value, expected);
  }

  /** Throws one error that lists every problem, if there is any. */
  public throwIfAny(): void {
    if (this.problems.length === 1) {
      throw new Error(this.problems[0]);
    }
    if (this.problems.length > 1) {
      throw new Error(`${this.scope.node.path}: ${this.problems.length} invalid props:\n  ${this.problems.join('\n  ')}`);
    }
  }
}
