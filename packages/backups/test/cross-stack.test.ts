import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { App, Aws, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BackupBucket, PgDumpBackup, PgDumpBackupProps, RestoreDrill } from '../src';
import { testVpc } from './fixtures';

const env = { account: '123456789012', region: 'us-east-1' };
const VIA_SECRETS_MANAGER = { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } };

/** A stack with the database, its secret and its key, as a data stack has them. */
interface DataStack {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly key: kms.IKey;
  readonly secret: secretsmanager.Secret;
  readonly database: rds.IDatabaseInstance;
}

/**
 * The data stack. With `fromCfnKey`, its key comes from `Key.fromCfnKey`, whose grants always
 * write the grantee into the key policy too (it does not trust the account's IAM policies).
 */
function dataStack(app: App, fromCfnKey = false): DataStack {
  const stack = new Stack(app, 'Data', { env });
  const vpc = testVpc(stack);
  const dbSecurityGroup = new ec2.SecurityGroup(stack, 'DbSg', { vpc, allowAllOutbound: false });
  const key = fromCfnKey
    ? kms.Key.fromCfnKey(new kms.CfnKey(stack, 'DbKey', {
      enableKeyRotation: true,
      keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${Aws.PARTITION}:iam::123456789012:root` }, Action: 'kms:*', Resource: '*' }] },
    }))
    : new kms.Key(stack, 'DbKey', { enableKeyRotation: true });
  const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });
  const database = rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Db', {
    instanceIdentifier: 'app-db', instanceEndpointAddress: 'app-db.abc.us-east-1.rds.amazonaws.com', port: 5432, securityGroups: [dbSecurityGroup],
  });
  return { stack, vpc, key, secret, database };
}

/** The data stack and a backups stack with a `PgDumpBackup` (and a `RestoreDrill`) of its database. */
function twoStacks(overrides: (data: DataStack, backups: Stack) => Partial<PgDumpBackupProps> = () => ({}), withDrill = true, fromCfnKey = false) {
  const app = new App();
  const data = dataStack(app, fromCfnKey);
  const backups = new Stack(app, 'Backups', { env });
  const bucket = new BackupBucket(backups, 'BackupBucket').bucket;
  const dump = new PgDumpBackup(backups, 'Dump', {
    vpc: data.vpc,
    databaseHost: data.database.dbInstanceEndpointAddress,
    databaseName: 'app',
    databaseSecret: data.secret,
    database: data.database,
    bucket,
    ...overrides(data, backups),
  });
  if (withDrill) {
    new RestoreDrill(backups, 'Drill', { vpc: data.vpc, database: data.database, databaseKey: data.key, pgDumpBackup: dump });
  }
  return { app, data, backups, dump };
}

/** Every statement of the stack's IAM policies attached to roles whose logical id starts with `rolePrefix`. */
function roleStatements(template: Template, rolePrefix: string): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"Ref":"${rolePrefix}`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

const ACCOUNT_ROOT = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } };

/**
 * Expects the key policy of the data stack's database key to name no principal but the account
 * (the secret adds statements of its own for it) and nothing of the backups stack.
 */
function expectKeyPolicyOfAccountOnly(template: Template): void {
  const keys = template.findResources('AWS::KMS::Key');
  const [dbKey] = Object.entries(keys).filter(([id]) => id.startsWith('DbKey')).map(([, key]) => key);
  const statements: any[] = dbKey.Properties.KeyPolicy.Statement;
  expect(statements.map((s) => s.Principal)).toEqual(statements.map(() => ACCOUNT_ROOT));
  expect(JSON.stringify(statements)).not.toMatch(/Dump|Drill|Backups|ImportValue/);
}

const importOf = (prefix: string) => ({ 'Fn::ImportValue': Match.stringLikeRegexp(`^Data:ExportsOutput(Ref|FnGetAtt)${prefix}`) });

describe('PgDumpBackup and RestoreDrill with the database in another stack', () => {
  const { app, data, backups } = twoStacks();
  const dataTemplate = Template.fromStack(data.stack);
  const backupsTemplate = Template.fromStack(backups);

  test('synthesize without a dependency cycle: the backups stack depends on the data stack, never the other way', () => {
    expect(() => app.synth()).not.toThrow();
    expect(backups.dependencies).toEqual([data.stack]);
    expect(data.stack.dependencies).toEqual([]);
    expect(JSON.stringify(dataTemplate.toJSON())).not.toContain('Fn::ImportValue');
  });

  test('the job reads the secret and decrypts it through Secrets Manager by its own policy', () => {
    const statements = roleStatements(backupsTemplate, 'DumpRole');
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Effect: 'Allow',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/^Data:ExportsOutputRefSecret/) },
      }),
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Condition: VIA_SECRETS_MANAGER,
        Effect: 'Allow',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/^Data:ExportsOutputFnGetAttDbKey.*Arn/) },
      }),
    ]));
  });

  test('the restore drill uses the database key by its own policy', () => {
    backupsTemplate.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['kms:CreateGrant', 'kms:DescribeKey'],
          Resource: importOf('DbKey'),
        })]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^DrillFunctionServiceRole') }],
    });
  });

  test('the data stack\'s key policy names nothing of the backups stack', () => {
    expectKeyPolicyOfAccountOnly(dataTemplate);
    dataTemplate.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  });

  test('skips the checkov wildcard check on the VPC policy of the job', () => {
    backupsTemplate.hasResource('AWS::IAM::Policy', {
      Properties: Match.objectLike({ PolicyName: Match.stringLikeRegexp('^DumpPolicyDocument') }),
      Metadata: Match.objectLike({ checkov: { skip: [{ id: 'CKV_AWS_111', comment: Match.stringLikeRegexp('network interfaces') }] } }),
    });
  });

  test('has no unacknowledged cdk-nag findings in the backups stack', () => {
    expect(formatNagFindings(nagFindings(backups))).toBe('');
  });
});

describe('PgDumpBackup with a secret or key of another stack', () => {
  test('decrypts with the given key of another stack when the secret is imported by ARN into its own stack', () => {
    const { app, data, backups } = twoStacks((d, stack) => ({
      databaseSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'DbSecret', d.secret.secretArn),
      databaseSecretKey: d.key,
    }), false);
    expect(() => app.synth()).not.toThrow();
    const statements = roleStatements(Template.fromStack(backups), 'DumpRole');
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] }),
      expect.objectContaining({ Action: 'kms:Decrypt', Condition: VIA_SECRETS_MANAGER }),
    ]));
    expectKeyPolicyOfAccountOnly(Template.fromStack(data.stack));
  });

  test('grants the secret\'s own key once when it is also given as databaseSecretKey', () => {
    const { backups } = twoStacks((d) => ({ databaseSecretKey: d.key }), false);
    const decrypts = roleStatements(Template.fromStack(backups), 'DumpRole').filter((s) => s.Action === 'kms:Decrypt');
    expect(decrypts).toHaveLength(1);
  });

  test('decrypts with a key of another stack even when the secret is in its own stack', () => {
    const { app, data, backups } = twoStacks((d, stack) => ({
      databaseSecret: new secretsmanager.Secret(stack, 'OwnSecret', { encryptionKey: d.key }),
    }), false);
    expect(() => app.synth()).not.toThrow();
    const statements = roleStatements(Template.fromStack(backups), 'DumpRole');
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: expect.stringMatching(/^OwnSecret/) } }),
      expect.objectContaining({ Action: 'kms:Decrypt', Condition: VIA_SECRETS_MANAGER }),
    ]));
    expectKeyPolicyOfAccountOnly(Template.fromStack(data.stack));
  });

  test('matches any version suffix of a secret of another stack known by name only', () => {
    const { backups } = twoStacks((d) => ({
      databaseSecret: secretsmanager.Secret.fromSecretNameV2(d.stack, 'NamedSecret', 'app/db'),
    }), false);
    expect(roleStatements(Template.fromStack(backups), 'DumpRole')).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:us-east-1:123456789012:secret:app/db-??????']] },
      }),
    ]));
  });

  test('grants a key of its own stack given as databaseSecretKey in its policy, through Secrets Manager only', () => {
    const { backups } = twoStacks((d, stack) => ({
      databaseSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'DbSecret', d.secret.secretArn),
      databaseSecretKey: new kms.Key(stack, 'OwnKey', { enableKeyRotation: true }),
    }), false);
    expect(roleStatements(Template.fromStack(backups), 'DumpRole')).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'kms:Decrypt', Condition: VIA_SECRETS_MANAGER, Resource: { 'Fn::GetAtt': [expect.stringMatching(/^OwnKey/), 'Arn'] } }),
    ]));
  });
});

describe('PgDumpBackup and RestoreDrill with a key of another stack that does not trust the account\'s IAM policies', () => {
  // Key.fromCfnKey: IKey.grant() writes the grantee into its key policy as well
  const { app, data, backups } = twoStacks(() => ({}), true, true);

  test('synthesize without a dependency cycle', () => {
    expect(() => app.synth()).not.toThrow();
    expect(data.stack.dependencies).toEqual([]);
  });

  test('grant the job and the drill in their own policies, not in the key policy', () => {
    const template = Template.fromStack(backups);
    expect(roleStatements(template, 'DumpRole')).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'kms:Decrypt', Condition: VIA_SECRETS_MANAGER }),
    ]));
    expect(roleStatements(template, 'DrillFunctionServiceRole')).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['kms:CreateGrant', 'kms:DescribeKey'] }),
    ]));
    expectKeyPolicyOfAccountOnly(Template.fromStack(data.stack));
  });
});
