import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { productionConfig } from '../src/config';
import { ReferenceArchitecture } from '../src/reference-architecture';

// One synth for the whole file: the architecture is the fixture.
const app = new App();
const arch = new ReferenceArchitecture(app, productionConfig({}));
const assembly = app.synth();
const template = (stack: Stack) => Template.fromStack(stack);

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
    expect(dependsOn('Backups')).toEqual(['Data']);
    expect(dependsOn('Dns')).toEqual([]);
    expect(dependsOn('App')).toEqual(expect.arrayContaining(['Network', 'Data', 'Dns']));
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

  test('the database accepts its port only from the app security group', () => {
    const t = template(arch.data);
    const ingress = t.findResources('AWS::EC2::SecurityGroupIngress');
    const appStackIngress = Template.fromStack(arch.app).findResources('AWS::EC2::SecurityGroupIngress');
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

  test('apex and www alias to the stable Elastic Beanstalk CNAME, not a load balancer', () => {
    const t = template(arch.dns);
    t.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com.',
      Type: 'A',
      AliasTarget: { DNSName: 'ebkit-reference-prod.us-east-1.elasticbeanstalk.com', HostedZoneId: 'Z117KPS5GTRQ2G' },
    });
    t.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'www.example.com.',
      AliasTarget: Match.objectLike({ DNSName: 'ebkit-reference-prod.us-east-1.elasticbeanstalk.com' }),
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

  test('a pipeline deploys to the idle environment and swaps the CNAMEs', () => {
    const t = template(arch.pipeline);
    t.resourceCountIs('AWS::CodePipeline::Pipeline', 1);
    const pipeline = Object.values(t.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
    const stages = pipeline.Properties.Stages.map((s: any) => s.Name);
    expect(stages[0]).toMatch(/Source/);
    expect(stages).toEqual(expect.arrayContaining([expect.stringMatching(/Build/)]));
    expect(stages.join(' ')).toMatch(/Swap/);
  });
});
