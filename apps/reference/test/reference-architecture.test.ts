import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { collectAcknowledgements } from '../src/acknowledgements';
import { productionConfig } from '../src/config';
import { ReferenceArchitecture } from '../src/reference-architecture';

// One synth for the whole file: the architecture is the fixture.
const config = productionConfig({});
const app = new App();
const arch = new ReferenceArchitecture(app, config);
const assembly = app.synth();
const template = (stack: Stack) => Template.fromStack(stack);
const logicalId = (stack: Stack, element: any) => stack.getLogicalId(element);
/** The data stack's alarm topic, in the data stack. */
const localAlarmTopic = () => ({ Ref: logicalId(arch.data, arch.data.alarmTopic.node.defaultChild) });
/** The data stack's alarm topic as the other stacks import it: the export of its Ref. */
const importedAlarmTopic = () => {
  const outputs = template(arch.data).findOutputs('*', { Value: localAlarmTopic() });
  const names = Object.values(outputs).map((o: any) => o.Export.Name);
  expect(names).toHaveLength(1);
  return { 'Fn::ImportValue': names[0] };
};

describe('reference architecture', () => {
  test('has six stacks named after the config, in the placeholder account', () => {
    const stacks = [arch.network, arch.data, arch.dns, arch.app, arch.backups, arch.pipeline];
    expect(stacks.map((s) => s.stackName)).toEqual([
      'ebkit-network', 'ebkit-data', 'ebkit-dns', 'ebkit-app', 'ebkit-backups', 'ebkit-pipeline',
    ]);
    expect(new Set(stacks.map((s) => `${s.account}/${s.region}`))).toEqual(new Set(['123456789012/us-east-1']));
  });

  test('stateful stacks never depend on the app or pipeline stacks', () => {
    const dependsOn = (id: string) => assembly.getStackArtifact(id).dependencies.map((d) => d.id).filter((d) => !d.endsWith('.assets'));
    expect(dependsOn('Data')).toEqual(['Network']);
    expect(dependsOn('Backups').sort()).toEqual(['Data', 'Network']);
    expect(dependsOn('Dns')).toEqual([]);
    expect(dependsOn('App')).toEqual(expect.arrayContaining(['Network', 'Data', 'Dns']));
    // nothing depends on backups or the pipeline: the alarm topic sits in the data stack, below both
    const all = assembly.stacks.map((s) => s.id);
    for (const id of all) {
      expect(dependsOn(id)).not.toContain('Backups');
      expect(dependsOn(id)).not.toContain('Pipeline');
    }
  });

  test('the VPC spans two AZs with public, private and isolated subnets, NAT per AZ', () => {
    const t = template(arch.network);
    t.resourceCountIs('AWS::EC2::Subnet', 6);
    t.resourceCountIs('AWS::EC2::NatGateway', 2);
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  test('the database is Multi-AZ, encrypted, deletion-protected and kept on removal', () => {
    const t = template(arch.data);
    t.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({
        Engine: 'postgres',
        MultiAZ: true,
        StorageEncrypted: true,
        DeletionProtection: true,
        PubliclyAccessible: false,
      }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('the database accepts its port only from the app servers, the rotation function and the pg_dump job', () => {
    const t = template(arch.data);
    const ingress = t.findResources('AWS::EC2::SecurityGroupIngress');
    const appStackIngress = template(arch.app).findResources('AWS::EC2::SecurityGroupIngress');
    const all = [...Object.values(ingress), ...Object.values(appStackIngress)];
    const dbRules = all.filter((r: any) => r.Properties.FromPort === 5432);
    // From outside the data stack: only the app servers' security group (exported by the network stack).
    const external = dbRules.filter((r: any) => 'Fn::ImportValue' in r.Properties.SourceSecurityGroupId);
    expect(external).toHaveLength(1);
    expect(JSON.stringify(external[0].Properties.SourceSecurityGroupId)).toMatch(/AppSecurityGroup/);
    // Inside it: only the credential rotation function.
    const internal = dbRules.filter((r: any) => !('Fn::ImportValue' in r.Properties.SourceSecurityGroupId));
    expect(internal.map((r: any) => JSON.stringify(r.Properties.SourceSecurityGroupId))).toEqual(
      internal.map(() => expect.stringMatching(/Rotation/)),
    );
    expect(dbRules.every((r: any) => r.Properties.CidrIp === undefined)).toBe(true);
    // The backups stack adds exactly one rule to the database's group: from the pg_dump job's group.
    const dbGroup = logicalId(arch.data, arch.data.database.securityGroup.node.defaultChild);
    const fromBackups = Object.values(template(arch.backups).findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes(dbGroup));
    expect(fromBackups).toEqual([{
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(arch.backups, arch.backups.pgDump.securityGroup.node.defaultChild), 'GroupId'] },
      }),
    }]);
  });

  test('the database runs with production settings: retention, storage autoscaling, IAM auth, logs, Performance Insights', () => {
    template(arch.data).hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: `db.${config.databaseInstanceType}`,
      BackupRetentionPeriod: config.backupRetentionDays,
      AllocatedStorage: String(config.databaseStorageGiB),
      MaxAllocatedStorage: config.databaseMaxStorageGiB,
      StorageType: 'gp3',
      EnableIAMDatabaseAuthentication: true,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      EnablePerformanceInsights: true,
      MonitoringInterval: 60,
      AutoMinorVersionUpgrade: true,
      DeleteAutomatedBackups: false,
    });
  });

  test('the master password rotates on the configured schedule', () => {
    template(arch.data).hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: `rate(${config.databaseRotationDays} days)` },
    });
  });

  test('an encrypted, SSL-only alarm topic in the data stack mails the operators', () => {
    const t = template(arch.data);
    const topicKey = logicalId(arch.data, arch.data.alarmTopic.node.defaultChild);
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmTopicKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicKey }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    for (const email of config.alarmEmails) {
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: email, TopicArn: { Ref: topicKey } });
    }
    // CloudWatch alarms and EventBridge (failed backup jobs) may use the key to publish
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        })]),
      },
    });
  });

  test('every database alarm notifies the alarm topic when it fires and when it clears', () => {
    const alarms = Object.values(template(arch.data).findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.map((a) => a.Properties.MetricName).sort()).toEqual(['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'FreeableMemory']);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([localAlarmTopic()]);
      expect(alarm.Properties.OKActions).toEqual([localAlarmTopic()]);
    }
  });

  test('two Beanstalk environments with application load balancers, one holding the production CNAME', () => {
    const t = template(arch.app);
    t.resourceCountIs('AWS::ElasticBeanstalk::Environment', 2);
    const envs = Object.values(t.findResources('AWS::ElasticBeanstalk::Environment')) as any[];
    for (const env of envs) {
      expect(env.Properties.OptionSettings).toEqual(expect.arrayContaining([
        { Namespace: 'aws:elasticbeanstalk:environment', OptionName: 'LoadBalancerType', Value: 'application' },
      ]));
    }
    expect(envs.map((e) => e.Properties.CNAMEPrefix).sort()).toEqual(['ebkit-reference-prod', 'ebkit-reference-prod-staging']);
  });

  test('database credentials reach the instances as a secret ARN, never as plaintext', () => {
    const envs = Object.values(template(arch.app).findResources('AWS::ElasticBeanstalk::Environment')) as any[];
    for (const env of envs) {
      const settings = env.Properties.OptionSettings as any[];
      const secret = settings.find((s) => s.Namespace === 'aws:elasticbeanstalk:application:environmentsecrets' && s.OptionName === 'DB_SECRET');
      expect(secret).toBeDefined();
      expect(JSON.stringify(secret.Value)).toMatch(/Fn::ImportValue|Ref|arn:/);
      const plain = settings.filter((s) => s.Namespace === 'aws:elasticbeanstalk:application:environment').map((s) => s.OptionName);
      expect(plain).toEqual(expect.arrayContaining(['DB_HOST', 'DB_PORT', 'DB_NAME']));
      expect(plain.filter((n: string) => /PASSWORD|SECRET/.test(n))).toEqual([]);
    }
  });

  test('the environments\' alarms notify the alarm topic', () => {
    const alarms = Object.values(template(arch.app).findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.length).toBeGreaterThanOrEqual(6);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([importedAlarmTopic()]);
    }
  });

  test('the apex aliases the stable Elastic Beanstalk CNAME (not a load balancer); www redirects to it', () => {
    const t = template(arch.dns);
    t.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com.',
      Type: 'A',
      AliasTarget: { DNSName: 'ebkit-reference-prod.us-east-1.elasticbeanstalk.com', HostedZoneId: 'Z117KPS5GTRQ2G' },
    });
    // www is the non-canonical name: a CloudFront distribution answers it with a 301 to the apex
    const redirects = t.findResources('AWS::CloudFront::Distribution');
    expect(Object.keys(redirects)).toHaveLength(1);
    const [redirectId] = Object.keys(redirects);
    t.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'www.example.com.',
      Type: 'A',
      AliasTarget: Match.objectLike({ DNSName: { 'Fn::GetAtt': [redirectId, 'DomainName'] } }),
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Aliases: ['www.example.com'] }),
    });
    t.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: Match.stringLikeRegexp('https://example\\.com'),
    });
    t.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'example.com', ValidationMethod: 'DNS' });
  });

  test('backups: an AWS Backup plan selecting the database and the backup bucket', () => {
    const t = template(arch.backups);
    t.resourceCountIs('AWS::Backup::BackupPlan', 1);
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }),
      DeletionPolicy: 'Retain',
    });
    const selections = Object.values(t.findResources('AWS::Backup::BackupSelection')) as any[];
    const resources = JSON.stringify(selections.map((s) => s.Properties.BackupSelection.Resources));
    expect(resources).toMatch(/rds/);
    expect(resources).toMatch(/BackupBucket/);
  });

  test('the apex A/AAAA aliases point at the blue/green environments\' production CNAME, www at the redirect', () => {
    // GIVEN the CNAME the blue/green environments keep for production (it follows every swap)
    const productionCname = arch.app.environments.productionCname;
    expect(productionCname).toBe(`${config.productionCnamePrefix}.${config.region}.elasticbeanstalk.com`);
    template(arch.app).hasResourceProperties('AWS::ElasticBeanstalk::Environment', { CNAMEPrefix: arch.app.environments.productionCnamePrefix });
    // THEN every alias record of the dns stack targets it, for IPv4 and IPv6, apex and www
    const records = Object.values(template(arch.dns).findResources('AWS::Route53::RecordSet'))
      .map((r: any) => r.Properties)
      .filter((p: any) => p.AliasTarget !== undefined);
    expect(records.map((p: any) => `${p.Type} ${p.Name}`).sort()).toEqual([
      `A ${config.domainName}.`, `A www.${config.domainName}.`, `AAAA ${config.domainName}.`, `AAAA www.${config.domainName}.`,
    ]);
    for (const record of records.filter((p: any) => p.Name === `${config.domainName}.`)) {
      expect(record.AliasTarget).toEqual({ DNSName: productionCname, HostedZoneId: 'Z117KPS5GTRQ2G' });
    }
    for (const record of records.filter((p: any) => p.Name === `www.${config.domainName}.`)) {
      expect(record.AliasTarget.DNSName).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DomainCanonicalRedirect/), 'DomainName'] });
    }
  });
});

describe('backups stack (production settings)', () => {
  const t = template(arch.backups);

  test('the AWS Backup plan keeps daily, weekly and monthly recovery points for the configured days', () => {
    const plan = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0] as any;
    const rules = plan.Properties.BackupPlan.BackupPlanRule.map((r: any) => [r.RuleName, r.Lifecycle.DeleteAfterDays]);
    expect(rules).toEqual([
      ['Daily', config.backupDailyRetentionDays],
      ['Weekly', config.backupWeeklyRetentionDays],
      ['Monthly', config.backupMonthlyRetentionDays],
    ]);
  });

  test('the vault is encrypted with its own key, locked (governance mode) and kept', () => {
    t.hasResource('AWS::Backup::BackupVault', {
      Properties: Match.objectLike({
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupPlanKey'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: config.backupVaultLockMinRetentionDays },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const vault = Object.values(t.findResources('AWS::Backup::BackupVault'))[0] as any;
    expect(vault.Properties.LockConfiguration.ChangeableForDays).toBeUndefined();
    for (const key of Object.values(t.findResources('AWS::KMS::Key')) as any[]) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.DeletionPolicy).toBe('Retain');
    }
  });

  test('failed backup, copy and restore jobs are announced on the data stack\'s alarm topic (no topic of its own)', () => {
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'source': ['aws.backup'], 'detail-type': Match.arrayWith(['Backup Job State Change']) }),
      Targets: [Match.objectLike({ Arn: importedAlarmTopic() })],
    });
  });

  test('a nightly pg_dump runs in the VPC\'s private subnets against the database, with its secret, into the backup bucket', () => {
    const project = Object.values(t.findResources('AWS::CodeBuild::Project'))[0] as any;
    const env = Object.fromEntries(project.Properties.Environment.EnvironmentVariables.map((v: any) => [v.Name, v.Value]));
    expect(env).toMatchObject({
      MODE: 'dump',
      PG_MAJOR: arch.data.database.version.majorVersion,
      DB_PORT: '5432',
      DB_NAME: 'app',
      PREFIX: 'pg_dump/',
      BUCKET: { Ref: logicalId(arch.backups, arch.backups.bucket.bucket.node.defaultChild) },
    });
    expect(JSON.stringify(env.DB_HOST)).toMatch(/ebkit-data:ExportsOutputFnGetAttDatabase.*EndpointAddress/);
    expect(JSON.stringify(env.DB_SECRET_ARN)).toMatch(/ebkit-data:ExportsOutputRefDatabaseSecret/);
    expect(JSON.stringify(project.Properties.VpcConfig.Subnets)).toMatch(/AppSubnet1.*AppSubnet2/);
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: config.logicalDumpSchedule,
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(arch.backups, arch.backups.pgDump.project.node.defaultChild), 'Arn'] } })],
    });
  });

  test('the pg_dump job may read the database secret and decrypt it through Secrets Manager only', () => {
    const policies = Object.values(t.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(arch.backups, arch.backups.pgDump.project.role!.node.defaultChild) }] },
    })) as any[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: { 'Fn::ImportValue': expect.stringMatching(/^ebkit-data:ExportsOutputRefDatabaseSecret/) },
      }),
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/^ebkit-data:ExportsOutputFnGetAttDatabaseKey/) },
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      }),
    ]));
    // the grant lives on the job's side: the database key's policy does not name anything of this stack
    expect(JSON.stringify(template(arch.data).findResources('AWS::KMS::Key'))).not.toMatch(/PgDump|RestoreDrill/);
  });

  test('the pg_dump job alarms (a failed dump, no dump for a day) notify the alarm topic', () => {
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')) as any[];
    const byMetric = Object.fromEntries(alarms.filter((a) => a.Properties.MetricName).map((a) => [a.Properties.MetricName, a.Properties]));
    expect(byMetric.FailedBuilds.AlarmActions).toEqual([importedAlarmTopic()]);
    expect(byMetric.SucceededBuilds.AlarmActions).toEqual([importedAlarmTopic()]);
  });

  test('the restore drill restores the database\'s latest snapshot on schedule and alarms on failure', () => {
    const drill = arch.backups.restoreDrill;
    const stateMachine = logicalId(arch.backups, drill.stateMachine.node.defaultChild);
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: config.restoreDrillSchedule,
      Targets: [Match.objectLike({ Arn: { Ref: stateMachine } })],
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SOURCE_INSTANCE_ID: { 'Fn::ImportValue': Match.stringLikeRegexp('^ebkit-data:ExportsOutputRefDatabase') } }) },
    });
    // it may create grants on the database key (the snapshots are encrypted with it)
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies).toMatch(/"Action":\["kms:CreateGrant","kms:DescribeKey"\],"Effect":"Allow","Resource":\{"Fn::ImportValue":"ebkit-data:ExportsOutputFnGetAttDatabaseKey/);
    const failure = (Object.values(t.findResources('AWS::CloudWatch::Alarm')) as any[])
      .find((a) => JSON.stringify(a.Properties.Metrics ?? []).includes(stateMachine));
    expect(failure.Properties.AlarmActions).toEqual([importedAlarmTopic()]);
  });
});

describe('pipeline stack', () => {
  const t = template(arch.pipeline);
  const pipeline = Object.values(t.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  const stackIds = new Set(Object.keys(t.toJSON().Resources));
  const appId = logicalId(arch.app, arch.app.application.resource);
  const blueId = logicalId(arch.app, arch.app.environments.blue.resource);
  const greenId = logicalId(arch.app, arch.app.environments.green.resource);
  const appAlarmIds = [...arch.app.environments.blueAlarms, ...arch.app.environments.greenAlarms]
    .map((a) => logicalId(arch.app, a.node.defaultChild));

  /** A resource as one string: `<Logical.Attr>` for references, `<import:Name>` for imports. */
  const render = (node: any): string => {
    if (typeof node === 'string') return node;
    if (node['Fn::Join']) return node['Fn::Join'][1].map(render).join(node['Fn::Join'][0]);
    if (node.Ref) return node.Ref.startsWith('AWS::') ? node.Ref.replace('AWS::', '') : `<${node.Ref}>`;
    if (node['Fn::GetAtt']) return `<${node['Fn::GetAtt'].join('.')}>`;
    if (node['Fn::ImportValue']) return `<import:${node['Fn::ImportValue']}>`;
    return `<${JSON.stringify(node)}>`;
  };

  test('stages and actions, in order: source, build, deploy to idle, approve, swap, watch', () => {
    t.resourceCountIs('AWS::CodePipeline::Pipeline', 1);
    expect(pipeline.Properties.PipelineType).toBe('V2');
    const layout = pipeline.Properties.Stages.map((stage: any) => [
      stage.Name,
      stage.Actions.map((a: any) => `${a.RunOrder}:${a.Name}:${a.ActionTypeId.Category}/${a.ActionTypeId.Provider}`),
    ]);
    expect(layout).toEqual([
      ['Source', ['1:Source:Source/S3']],
      ['Build', ['1:Build:Build/CodeBuild']],
      ['Deploy', ['1:Prepare:Invoke/Lambda', '2:DeployToIdle:Invoke/StepFunctions']],
      ['Approve', ['1:Approve:Approval/Manual']],
      ['Swap', ['1:SwapCnames:Invoke/StepFunctions']],
      ['Watch', ['1:WatchAlarms:Invoke/StepFunctions']],
    ]);
  });

  test('the approval is announced to the configured people on an encrypted topic', () => {
    expect(config.manualApproval).toBe(true);
    const approve = pipeline.Properties.Stages.find((s: any) => s.Name === 'Approve').Actions[0];
    const topic = logicalId(arch.pipeline, arch.pipeline.pipeline.approvalTopic!.node.defaultChild);
    expect(approve.Configuration.NotificationArn).toEqual({ Ref: topic });
    expect(approve.Configuration.ExternalEntityLink).toBe('#{Prepare.IdleUrl}');
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(arch.pipeline, arch.pipeline.pipeline.encryptionKey.node.defaultChild), 'Arn'] } });
    expect(config.approvalEmails.length).toBeGreaterThan(0);
    for (const email of config.approvalEmails) {
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: email, TopicArn: { Ref: topic } });
    }
  });

  test('every release step targets the application, its two environments and the production CNAME prefix', () => {
    const importOf = (id: string) => expect.stringMatching(new RegExp(`^<import:ebkit-app:ExportsOutputRef${id}[0-9A-F]{8}>$`));
    const steps = pipeline.Properties.Stages.flatMap((s: any) => s.Actions)
      .filter((a: any) => a.ActionTypeId.Provider === 'StepFunctions' || a.ActionTypeId.Provider === 'Lambda');
    expect(steps.map((a: any) => a.Name)).toEqual(['Prepare', 'DeployToIdle', 'SwapCnames', 'WatchAlarms']);
    for (const step of steps) {
      const input = JSON.parse(render(step.Configuration.Input ?? step.Configuration.UserParameters));
      expect(input).toMatchObject({
        applicationName: importOf(appId),
        environmentNames: [importOf(blueId), importOf(greenId)],
        productionCnamePrefix: config.productionCnamePrefix,
      });
    }
  });

  describe('roles', () => {
    /** `*` is only granted for actions that have no resource-level permissions (or need `*` by design), each acknowledged. */
    const STAR_ONLY: Record<string, string> = {
      'lambda:ListFunctions': 'CodePipeline\'s Lambda invoke action; ListFunctions has no resource-level permission',
      'codepipeline:PutJobSuccessResult': 'a job result has no resource-level permission',
      'codepipeline:PutJobFailureResult': 'a job result has no resource-level permission',
      'xray:PutTraceSegments': 'X-Ray tracing has no resource-level permission',
      'xray:PutTelemetryRecords': 'X-Ray tracing has no resource-level permission',
      'xray:GetSamplingRules': 'X-Ray tracing has no resource-level permission',
      'xray:GetSamplingTargets': 'X-Ray tracing has no resource-level permission',
      'logs:CreateLogDelivery': 'Step Functions log delivery (vended logs) requires *',
      'logs:GetLogDelivery': 'Step Functions log delivery (vended logs) requires *',
      'logs:UpdateLogDelivery': 'Step Functions log delivery (vended logs) requires *',
      'logs:DeleteLogDelivery': 'Step Functions log delivery (vended logs) requires *',
      'logs:ListLogDeliveries': 'Step Functions log delivery (vended logs) requires *',
      'logs:PutResourcePolicy': 'Step Functions log delivery (vended logs) requires *',
      'logs:DescribeResourcePolicies': 'Step Functions log delivery (vended logs) requires *',
      'logs:DescribeLogGroups': 'Step Functions log delivery (vended logs) requires *',
      'autoscaling:Describe*': 'UpdateEnvironment runs with the caller\'s permissions; Describe calls have no resource-level permission',
      'ec2:Describe*': 'UpdateEnvironment runs with the caller\'s permissions; Describe calls have no resource-level permission',
      'elasticloadbalancing:Describe*': 'UpdateEnvironment runs with the caller\'s permissions; Describe calls have no resource-level permission',
      // granted by @ebkit/blue-green-pipeline next to the scoped grant on the environments' alarms, for the alarms
      // Elastic Beanstalk itself names at run time (awseb-*); the package could narrow it to alarm:awseb-*
      'cloudwatch:DescribeAlarms': 'UpdateEnvironment reads the alarms Elastic Beanstalk names at run time',
    };

    const appRe = `<import:ebkit-app:ExportsOutputRef${appId}[0-9A-F]{8}>`;
    const envRe = `<import:ebkit-app:ExportsOutputRef(${blueId}|${greenId})[0-9A-F]{8}>`;
    const eb = 'arn:Partition:elasticbeanstalk:us-east-1:123456789012:';
    const SCOPED = [
      // the application, its two environments, the versions it registers (named at run time)
      new RegExp(`^${eb}application/${appRe}$`),
      new RegExp(`^${eb}environment/${appRe}/${envRe}$`),
      new RegExp(`^${eb}applicationversion/${appRe}/\\*$`),
      // the resources Elastic Beanstalk manages for the environments (its stacks, groups and bucket)
      /^arn:Partition:cloudformation:us-east-1:123456789012:stack\/awseb-\*$/,
      /^arn:Partition:autoscaling:us-east-1:123456789012:autoScalingGroup:\*:autoScalingGroupName\/awseb-\*$/,
      // the bucket itself, this application's keys and the environments' runtime resources, not another application's objects
      /^arn:Partition:s3:::elasticbeanstalk-us-east-1-123456789012$/,
      new RegExp(`^arn:Partition:s3:::elasticbeanstalk-us-east-1-123456789012/${appRe}/\\*$`),
      /^arn:Partition:s3:::elasticbeanstalk-us-east-1-123456789012\/resources\/environments\/\*$/,
    ];
    const isScoped = (resource: string) => {
      if (SCOPED.some((re) => re.test(resource))) return true;
      // an alarm of one of the two environments
      const alarm = /^<import:ebkit-app:ExportsOutputFnGetAtt(\w+)Arn[0-9A-F]{8}>$/.exec(resource);
      if (alarm) return appAlarmIds.includes(alarm[1]);
      // the data stack's alarm topic and its key: a release that cannot move production back publishes there
      if (/^<import:ebkit-data:ExportsOutputRefAlarmTopic[0-9A-F]{8}[0-9A-F]{8}>$/.test(resource)) return true;
      if (/^<import:ebkit-data:ExportsOutputFnGetAttAlarmTopicKey[0-9A-F]{8}Arn[0-9A-F]{8}>$/.test(resource)) return true;
      // otherwise it must be one of this stack's own resources (bucket, key, project, function, state machine, topic, log group)
      const refs = [...resource.matchAll(/<([A-Za-z0-9]+)[.>]|"Ref":"([A-Za-z0-9]+)"/g)].map((m) => m[1] ?? m[2]);
      return refs.length > 0 && refs.every((id) => stackIds.has(id)) && !resource.includes('<import:');
    };

    const policies = arch.pipeline.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy);
    const statements = Object.entries(t.findResources('AWS::IAM::Policy')).flatMap(([id, p]: [string, any]) =>
      p.Properties.PolicyDocument.Statement.map((st: any) => ({ policy: id, statement: st })));
    const acks = collectAcknowledgements(arch.pipeline);

    test('there is a policy for every role, and only allow statements', () => {
      expect(policies.length).toBe(Object.keys(t.findResources('AWS::IAM::Policy')).length);
      expect(statements.every((s) => s.statement.Effect === 'Allow')).toBe(true);
    });

    test('every resource is scoped to the application, its two environments, or the pipeline\'s own resources', () => {
      const unscoped = statements.flatMap(({ policy, statement }) => [statement.Resource].flat()
        .map(render)
        .filter((r) => r !== '*' && !isScoped(r))
        .map((r) => `${policy}: ${r}`));
      expect(unscoped).toEqual([]);
    });

    test('`*` only for actions without resource-level permissions, each acknowledged on its policy', () => {
      const star = statements.filter(({ statement }) => [statement.Resource].flat().includes('*'));
      const actions = star.flatMap(({ statement }) => [statement.Action].flat());
      expect(actions.filter((a) => !(a in STAR_ONLY))).toEqual([]);
      for (const { policy } of star) {
        const construct = policies.find((p) => arch.pipeline.getLogicalId(p) === policy)!;
        expect(acks).toContainEqual(expect.objectContaining({ constructPath: construct.node.path, ruleId: 'AwsSolutions-IAM5[Resource::*]' }));
      }
    });

    test('Elastic Beanstalk actions name exactly the application and its two environments', () => {
      const ebResources = new Set(statements
        .filter(({ statement }) => [statement.Action].flat().some((a: string) => a.startsWith('elasticbeanstalk:')))
        .flatMap(({ statement }) => [statement.Resource].flat().map(render)));
      const envs = [...ebResources].filter((r) => r.includes(':environment/'));
      expect(envs.map((r) => (r.includes(blueId) ? 'blue' : r.includes(greenId) ? 'green' : r)).sort()).toEqual(['blue', 'green']);
      expect([...ebResources].filter((r) => r.includes(':application/'))).toHaveLength(1);
      expect([...ebResources].every((r) => r.includes(`ExportsOutputRef${appId}`))).toBe(true);
    });

    test('the roles attach no managed policy besides Lambda\'s own logs and VPC access', () => {
      const managed = (Object.values(t.findResources('AWS::IAM::Role')) as any[])
        .flatMap((r) => r.Properties.ManagedPolicyArns ?? []).map(render);
      expect(new Set(managed)).toEqual(new Set([
        'arn:Partition:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        'arn:Partition:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
      ]));
    });
  });
});
