import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BackupBucket, PgDumpBackup, RestoreDrill } from '../src';
import { testStack, testVpc } from './fixtures';

/**
 * Cleanup that cannot leak, checked on the synthesized state machine: every
 * path that can end the execution passes through a cleanup state (the states
 * that delete the drill instance), whatever fails.
 */

interface State {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Choices?: Array<{ Next: string }>;
  readonly Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
}
interface Definition {
  readonly StartAt: string;
  readonly States: { [name: string]: State };
}

const CLEANUP_STATES = ['CleanUp', 'CleanUpAfterFailure'];

/** The state machine's definition, tokens (ARNs) replaced by a placeholder. */
function machineDefinition(template: Template): Definition {
  const body = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0].Properties.DefinitionString;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part: unknown) => typeof part === 'string' ? part : 'TOKEN').join('');
  return JSON.parse(text);
}

function successors(state: State): string[] {
  return [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...(state.Catch ?? []).map((c) => c.Next)]
    .filter((n): n is string => n !== undefined);
}

/** Every way the definition lets a drill instance leak; empty when none. */
export function leaks(definition: Definition): string[] {
  const problems: string[] = [];
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Task' && !CLEANUP_STATES.includes(name)) {
      const all = (state.Catch ?? []).find((c) => c.ErrorEquals.includes('States.ALL'));
      if (!all) {
        problems.push(`${name}: no Catch of States.ALL`);
      } else if (!CLEANUP_STATES.includes(all.Next)) {
        problems.push(`${name}: its Catch goes to ${all.Next}, not to a cleanup state`);
      }
    }
    if (state.Type === 'Choice' && state.Default === undefined) {
      problems.push(`${name}: a Choice without Default (fails with States.NoChoiceMatched, uncaught)`);
    }
    if (['Parallel', 'Map'].includes(state.Type)) {
      problems.push(`${name}: ${state.Type} states are not checked`);
    }
  }
  // from the start, without going through a cleanup state, no state may end the execution
  const seen = new Set<string>();
  const queue = [definition.StartAt];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name) || CLEANUP_STATES.includes(name)) {
      continue;
    }
    seen.add(name);
    const state = definition.States[name];
    if (!state) {
      problems.push(`${name}: missing state`);
      continue;
    }
    if (state.Type === 'Succeed' || state.Type === 'Fail' || state.End) {
      problems.push(`${name}: ends the execution on a path without cleanup`);
    }
    queue.push(...successors(state));
  }
  for (const cleanup of CLEANUP_STATES) {
    if (!definition.States[cleanup]) {
      problems.push(`${cleanup}: missing cleanup state`);
    }
  }
  return problems;
}

describe('the restore drill state machine', () => {
  const stack = testStack();
  const vpc = testVpc(stack);
  const database = rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Db', {
    instanceIdentifier: 'app-db', instanceEndpointAddress: 'app-db.abc.us-east-1.rds.amazonaws.com', port: 5432, securityGroups: [],
  });
  const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: new kms.Key(stack, 'DbKey', { enableKeyRotation: true }) });
  const bucket = new BackupBucket(stack, 'Backups').bucket;
  const pgDumpBackup = new PgDumpBackup(stack, 'Dump', { vpc, databaseHost: 'db', databaseName: 'app', databaseSecret: secret, database, bucket });
  new RestoreDrill(stack, 'Drill', { vpc, database, pgDumpBackup });
  const definition = machineDefinition(Template.fromStack(stack));

  test('every path that ends the execution passes through a cleanup state', () => {
    expect(leaks(definition)).toEqual([]);
  });

  test('every Task outside the cleanup catches everything into the cleanup after failure', () => {
    const tasks = Object.entries(definition.States).filter(([name, s]) => s.Type === 'Task' && !CLEANUP_STATES.includes(name));
    expect(tasks.map(([name]) => name).sort()).toEqual(
      ['CheckPassword', 'CheckRestore', 'RestoreLatestSnapshot', 'RunVerificationQuery', 'SetNewPassword'].sort());
    for (const [, state] of tasks) {
      expect(state.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'CleanUpAfterFailure' })]);
    }
  });

  test('the cleanups wait and try again while RDS cannot delete, and a failed cleanup is left to the janitor', () => {
    expect(definition.States['DeletedAfterFailure?']).toMatchObject({ Type: 'Choice', Default: 'WaitToCleanUpAfterFailure' });
    expect(definition.States.WaitToCleanUpAfterFailure).toMatchObject({ Type: 'Wait', Next: 'CleanUpAfterFailure' });
    expect(definition.States['Deleted?']).toMatchObject({ Type: 'Choice', Default: 'WaitToCleanUp' });
    expect(definition.States.CleanUp.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'CleanUpAfterFailure' })]);
    expect(definition.States.CleanUpAfterFailure.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'CleanupFailed' })]);
    expect(definition.States.CleanupFailed.Type).toBe('Fail');
  });

  test('names the instance before restoring it, uniquely per execution', () => {
    expect(definition.StartAt).toBe('NameDrillInstance');
    expect(JSON.stringify(definition.States.NameDrillInstance)).toContain('States.UUID()');
    expect(definition.States.NameDrillInstance.Next).toBe('RestoreLatestSnapshot');
  });

  describe('the check finds planted leaks', () => {
    const clone = (): { StartAt: string; States: { [name: string]: any } } => JSON.parse(JSON.stringify(definition));

    test('a Task without its Catch', () => {
      const d = clone();
      delete d.States.RestoreLatestSnapshot.Catch;
      expect(leaks(d)).toEqual(['RestoreLatestSnapshot: no Catch of States.ALL']);
    });

    test('a Catch that goes straight to the failure', () => {
      const d = clone();
      d.States.CheckRestore.Catch[0].Next = 'DrillFailed';
      expect(leaks(d)).toEqual(['CheckRestore: its Catch goes to DrillFailed, not to a cleanup state', 'DrillFailed: ends the execution on a path without cleanup']);
    });

    test('a Choice that ends the drill without cleanup, and one without Default', () => {
      const d = clone();
      d.States['Restored?'].Choices[0].Next = 'DrillFailed';
      delete d.States['PasswordSet?'].Default;
      expect(leaks(d)).toEqual(expect.arrayContaining([
        'PasswordSet?: a Choice without Default (fails with States.NoChoiceMatched, uncaught)',
        'DrillFailed: ends the execution on a path without cleanup',
      ]));
    });
  });
});
