/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ReleaseError } from './environments';

/**
 * The release lock: one item per blue/green pair in a DynamoDB table, written
 * only with conditional puts. Whoever holds an unexpired lease may change the
 * pair; a holder renews its lease on every step, so one that crashed (a step
 * that died, an abandoned execution, a killed CLI) loses the lock when its
 * lease runs out.
 */
export interface LockRef {
  readonly table: string;
  /** The pair: `<application>/<environment>,<environment>`. */
  readonly key: string;
  /** Who holds it: `<actor>:<operation>:<random>`. */
  readonly owner: string;
}

/** Another actor holds the lock. */
export class LockHeldError extends ReleaseError {
  constructor(public readonly holder: string, public readonly expiresAt: number, public readonly operation: string) {
    super(`another release holds the lock of this pair: ${holder} (${operation}) until ${new Date(expiresAt).toISOString()}`);
    this.name = 'LockHeldError';
  }
}

/** The key of a pair in the lock table. */
export function lockKey(applicationName: string, environmentNames: string[]): string {
  return `${applicationName}/${[...environmentNames].sort().join(',')}`;
}

function item(ref: LockRef, now: number, leaseSeconds: number, operation: string) {
  return {
    lockId: { S: ref.key },
    owner: { S: ref.owner },
    operation: { S: operation },
    expiresAt: { N: String(now + leaseSeconds * 1000) },
    renewedAt: { N: String(now) },
  };
}

function holderOf(error: any): LockHeldError {
  const old = error?.Item;
  if (!old) {
    return new LockHeldError('nobody now (it was broken and given up since)', 0, 'none');
  }
  return new LockHeldError(old.owner?.S ?? 'unknown', Number(old.expiresAt?.N ?? 0), old.operation?.S ?? 'unknown operation');
}

/**
 * Takes the lock or renews its lease: succeeds when nobody holds it, the lease
 * ran out, or we hold it already.
 *
 * @throws LockHeldError when another actor holds an unexpired lease
 */
export async function holdLock(db: DynamoDBClient, ref: LockRef, now: number, leaseSeconds: number, operation: string,
  renew = false): Promise<void> {
  try {
    await db.send(new PutItemCommand({
      TableName: ref.table,
      Item: item(ref, now, leaseSeconds, operation),
      // A renewal needs our own item: a missing one means another actor broke our lock (and gave it up since).
      ConditionExpression: renew ? '#owner = :owner' : 'attribute_not_exists(lockId) OR expiresAt < :now OR #owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: renew ? { ':owner': { S: ref.owner } } : { ':now': { N: String(now) }, ':owner': { S: ref.owner } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
  } catch (error: any) {
    if (error?.name === 'ConditionalCheckFailedException') {
      throw holderOf(error);
    }
    throw error;
  }
}

/** Gives the lock up if we hold it (a lost lock is not ours to delete). */
export async function releaseLock(db: DynamoDBClient, ref: LockRef): Promise<void> {
  try {
    await db.send(new DeleteItemCommand({
      TableName: ref.table,
      Key: { lockId: { S: ref.key } },
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':owner': { S: ref.owner } },
    }));
  } catch (error: any) {
    if (error?.name !== 'ConditionalCheckFailedException') {
      throw error;
    }
  }
}

/**
 * Takes the lock whoever holds it (an emergency rollback): returns who held
 * it, so the caller can say that it broke the lock.
 */
export async function breakLock(db: DynamoDBClient, ref: LockRef, now: number, leaseSeconds: number, operation: string): Promise<string | undefined> {
  try {
    await holdLock(db, ref, now, leaseSeconds, operation);
    return undefined;
  } catch (error) {
    if (!(error instanceof LockHeldError)) {
      throw error;
    }
    await db.send(new PutItemCommand({ TableName: ref.table, Item: item(ref, now, leaseSeconds, operation) }));
    return `${error.holder} (${error.operation}, lease until ${new Date(error.expiresAt).toISOString()})`;
  }
}
