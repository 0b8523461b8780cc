import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';

/** Whether `resource` is defined in another stack than `scope`. */
export function inOtherStack(scope: IConstruct, resource: IConstruct): boolean {
  return Stack.of(resource) !== Stack.of(scope);
}

/**
 * Grants `actions` on `key` to `grantee` (a principal of `scope`'s stack). A key of `scope`'s stack
 * is granted as usual (`IKey.grant`); a key of another stack only in the grantee's identity policy,
 * never in the key's policy: the other stack would name the grantee, and so depend on `scope`'s stack
 * (a cycle, since `scope`'s stack refers to the key). The key's policy must let the account's IAM
 * policies allow its use, as the default key policy does.
 */
export function grantOnKey(scope: IConstruct, grantee: iam.IGrantable, key: kms.IKey, ...actions: string[]): iam.Grant {
  if (!inOtherStack(scope, key)) {
    return key.grant(grantee, ...actions);
  }
  return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [key.keyArn] });
}

/**
 * Lets `grantee` (a principal of `scope`'s stack) read `secret`, and decrypt it with its key and
 * with `key` (when given) through Secrets Manager only (`kms:ViaService`).
 *
 * A secret of `scope`'s stack, whose key (if any) is there too, is granted with `grantRead`. When the
 * secret or its key is in another stack, `grantRead` would write the grantee into that key's policy,
 * and the other stack would depend on `scope`'s stack (a cycle, since `scope`'s stack refers to the
 * secret); the permissions go in the grantee's identity policy instead, and so do those on `key`.
 * The key policies must let the account's IAM policies allow their use, as the default key policy does.
 */
export function grantSecretRead(scope: IConstruct, grantee: iam.IGrantable, secret: secretsmanager.ISecret, key?: kms.IKey): void {
  const secretKey = secret.encryptionKey;
  const keys: kms.IKey[] = [];
  if (!inOtherStack(scope, secret) && (secretKey === undefined || !inOtherStack(scope, secretKey))) {
    secret.grantRead(grantee);
  } else {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      // a partial ARN (a secret imported by name) matches the 6 characters Secrets Manager appends
      resourceArns: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
    });
    if (secretKey) {
      keys.push(secretKey);
    }
  }
  if (key && key !== secretKey) {
    keys.push(key);
  }
  for (const k of keys) {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt'],
      resourceArns: [k.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(scope).region}.amazonaws.com` } },
    });
  }
}
