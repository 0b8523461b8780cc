import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PropsErrors } from '../src';

function scope() {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  return new Construct(stack, 'Web');
}

describe('PropsErrors', () => {
  test('fails when one check does not hold, naming path, prop, value and expectation', () => {
    // GIVEN
    const errors = new PropsErrors(scope());
    // WHEN
    errors.check(5 <= 2, 'minInstances', 5, 'must not exceed maxInstances (2)');
    // THEN
    expect(() => errors.throwIfAny()).toThrow(/^Stack\/Web: minInstances \(5\) must not exceed maxInstances \(2\)$/);
  });

  test('fails with every problem listed once when several checks do not hold', () => {
    const errors = new PropsErrors(scope());
    errors.checkRange('backupRetentionDays', 1, 35, 40);
    errors.checkPattern('environmentName', '^[a-z]', 'must start with a letter', '-bad');
    expect(errors.messages).toHaveLength(2);
    expect(() => errors.throwIfAny()).toThrow(
      /Stack\/Web: 2 invalid props:\n {2}Stack\/Web: backupRetentionDays \(40\) must be a whole number between 1 and 35\n {2}Stack\/Web: environmentName \('-bad'\) must start with a letter/,
    );
  });

  test('does not throw when every check holds', () => {
    const errors = new PropsErrors(scope());
    errors.check(true, 'x', 1, 'never shown');
    errors.checkRange('y', 1, 5, 3);
    errors.checkRange('z', 1, 5, undefined);
    errors.checkPattern('w', '^[a-z]+$', 'letters', 'abc');
    errors.checkPattern('v', '^[a-z]+$', 'letters', undefined);
    expect(errors.hasErrors).toBe(false);
    expect(() => errors.throwIfAny()).not.toThrow();
  });

  test('does not judge unresolved tokens', () => {
    const errors = new PropsErrors(scope());
    const num = Lazy.number({ produce: () => 999 });
    const str = Lazy.string({ produce: () => '-bad' });
    errors.checkRange('n', 1, 5, num);
    errors.checkPattern('s', '^[a-z]', 'letters', str);
    errors.check(false, 't', str, 'never shown');
    expect(errors.hasErrors).toBe(false);
  });

  test('rejects non-integers in a range', () => {
    const errors = new PropsErrors(scope());
    errors.checkRange('n', 1, 5, 1.5);
    expect(errors.messages[0]).toMatch(/n \(1.5\) must be a whole number between 1 and 5/);
  });

  test('describes values of every kind', () => {
    expect(PropsErrors.describe('a')).toBe("'a'");
    expect(PropsErrors.describe(undefined)).toBe('undefined');
    expect(PropsErrors.describe(null)).toBe('null');
    expect(PropsErrors.describe(true)).toBe('true');
    expect(PropsErrors.describe(['x', 1])).toBe('["x",1]');
  });
});
