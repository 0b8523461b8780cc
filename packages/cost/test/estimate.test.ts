import { HOURS, assemblyOf, options, price } from './util';
import { ACCOUNT, Estimate, estimate } from '../src/estimate';
import { loadPriceTable } from '../src/prices';
import { parseUsageProfile } from '../src/profile';

const ENV = 'AWS::ElasticBeanstalk::Environment';

function amountOf(e: Estimate, resource: string, priceKey: string): number {
  return e.lines.filter((l) => l.resource === resource && l.priceKey === priceKey).reduce((s, l) => s + l.amount, 0);
}

function environment(settings: Record<string, string>, name = 'blue') {
  return { Type: ENV, Properties: { EnvironmentName: name, OptionSettings: options(settings) } };
}

const ALB_ENV = {
  'aws:autoscaling:asg/MinSize': '2',
  'aws:autoscaling:asg/MaxSize': '6',
  'aws:ec2:instances/InstanceTypes': 't3.small,t3.medium',
  'aws:elasticbeanstalk:environment/LoadBalancerType': 'application',
  'aws:autoscaling:launchconfiguration/RootVolumeType': 'gp3',
  'aws:autoscaling:launchconfiguration/RootVolumeSize': '20',
  'aws:ec2:vpc/ELBSubnets': 'subnet-a,subnet-b,subnet-c',
};

describe('Elastic Beanstalk environment', () => {
  test('prices MinSize instances of the first instance type, root volumes, the ALB and one IPv4 per load balancer subnet as fixed', () => {
    // GIVEN
    const assembly = assemblyOf({ App: { Env: environment(ALB_ENV) } });
    // WHEN
    const e = estimate(assembly, {});
    // THEN
    const expected = 2 * HOURS * price('ec2.instance.t3.small')
      + 2 * 20 * price('ebs.gp3')
      + HOURS * price('elb.application.hour')
      + 3 * HOURS * price('ipv4.hour');
    expect(e.totals.fixed).toBeCloseTo(expected, 6);
    expect(e.totals.usage).toBe(0);
    expect(e.notPriced).toEqual([]);
  });

  test('bills instance hours above MinSize as usage from the profile average', () => {
    // GIVEN
    const assembly = assemblyOf({ App: { Env: environment(ALB_ENV) } });
    // WHEN
    const e = estimate(assembly, { capacity: { averageInstances: 3.5 } });
    // THEN
    expect(amountOf(e, 'Env', 'ec2.instance.t3.small')).toBeCloseTo(3.5 * HOURS * price('ec2.instance.t3.small'), 6);
    const usage = e.lines.filter((l) => l.kind === 'usage' && l.priceKey === 'ec2.instance.t3.small');
    expect(usage.map((l) => l.quantity)).toEqual([1.5 * HOURS]);
  });

  test('takes min and max from the profile capacity (plan) only for the named environment', () => {
    // GIVEN
    const assembly = assemblyOf({ App: { Blue: environment(ALB_ENV, 'blue'), Green: environment(ALB_ENV, 'green') } });
    // WHEN
    const e = estimate(assembly, { capacity: { minInstances: 4, maxInstances: 8, environments: ['blue'] } });
    // THEN
    expect(amountOf(e, 'Blue', 'ec2.instance.t3.small')).toBeCloseTo(4 * HOURS * price('ec2.instance.t3.small'), 6);
    expect(amountOf(e, 'Green', 'ec2.instance.t3.small')).toBeCloseTo(2 * HOURS * price('ec2.instance.t3.small'), 6);
  });

  test('a shared load balancer is not charged to the environment but as its own resource', () => {
    // GIVEN
    const assembly = assemblyOf({
      App: {
        Env: environment({ ...ALB_ENV, 'aws:elasticbeanstalk:environment/LoadBalancerIsShared': 'true' }),
        Shared: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['a', 'b'] } },
      },
    });
    // WHEN
    const e = estimate(assembly, {});
    // THEN
    expect(amountOf(e, 'Env', 'elb.application.hour')).toBe(0);
    expect(amountOf(e, 'Shared', 'elb.application.hour')).toBeCloseTo(HOURS * price('elb.application.hour'), 6);
    expect(amountOf(e, 'Shared', 'ipv4.hour')).toBeCloseTo(2 * HOURS * price('ipv4.hour'), 6);
  });

  test('an internal load balancer holds no public IPv4', () => {
    const e = estimate(assemblyOf({ App: { Env: environment({ ...ALB_ENV, 'aws:ec2:vpc/ELBScheme': 'internal' }) } }), {});
    expect(amountOf(e, 'Env', 'ipv4.hour')).toBe(0);
  });

  test('counts load balancer subnets given as Fn::Join of references', () => {
    // GIVEN
    const env = environment(ALB_ENV);
    (env.Properties.OptionSettings as unknown[]).push({ Namespace: 'aws:ec2:vpc', OptionName: 'ELBSubnets', Value: { 'Fn::Join': [',', [{ Ref: 'A' }, { Ref: 'B' }]] } });
    const settings = env.Properties.OptionSettings.filter((s) => !(s.OptionName === 'ELBSubnets' && typeof s.Value === 'string'));
    // WHEN
    const e = estimate(assemblyOf({ App: { Env: { Type: ENV, Properties: { ...env.Properties, OptionSettings: settings } } } }), {});
    // THEN
    expect(amountOf(e, 'Env', 'ipv4.hour')).toBeCloseTo(2 * HOURS * price('ipv4.hour'), 6);
  });

  test('instances with public addresses pay public IPv4 each', () => {
    const e = estimate(assemblyOf({ App: { Env: environment({ ...ALB_ENV, 'aws:ec2:vpc/AssociatePublicIpAddress': 'true' }) } }), {});
    expect(amountOf(e, 'Env', 'ipv4.hour')).toBeCloseTo((3 + 2) * HOURS * price('ipv4.hour'), 6);
  });

  test('a single-instance environment has one instance, an Elastic IP and no load balancer', () => {
    // GIVEN
    const assembly = assemblyOf({ App: { Env: environment({ 'aws:elasticbeanstalk:environment/EnvironmentType': 'SingleInstance', 'aws:ec2:instances/InstanceTypes': 't4g.micro', 'aws:autoscaling:launchconfiguration/RootVolumeSize': '10', 'aws:autoscaling:launchconfiguration/RootVolumeType': 'gp2' }) } });
    // WHEN
    const e = estimate(assembly, {});
    // THEN
    expect(e.totals.total).toBeCloseTo(HOURS * price('ec2.instance.t4g.micro') + 10 * price('ebs.gp2') + HOURS * price('ipv4.hour'), 6);
  });

  test('reads option settings from the configuration template it references', () => {
    // GIVEN
    const assembly = assemblyOf({
      App: {
        Config: { Type: 'AWS::ElasticBeanstalk::ConfigurationTemplate', Properties: { OptionSettings: options(ALB_ENV) } },
        Env: { Type: ENV, Properties: { TemplateName: { Ref: 'Config' }, OptionSettings: options({ 'aws:autoscaling:asg/MinSize': '3' }) } },
      },
    });
    // WHEN
    const e = estimate(assembly, {});
    // THEN
    expect(amountOf(e, 'Env', 'ec2.instance.t3.small')).toBeCloseTo(3 * HOURS * price('ec2.instance.t3.small'), 6);
  });

  test('the default load balancer is classic: by the hour and processed GB', () => {
    // GIVEN
    const settings: Record<string, string> = { ...ALB_ENV };
    delete settings['aws:elasticbeanstalk:environment/LoadBalancerType'];
    // WHEN
    const e = estimate(assemblyOf({ App: { Env: environment(settings) } }), { loadBalancer: { processedGb: 300 } });
    // THEN
    expect(amountOf(e, 'Env', 'elb.classic.hour')).toBeCloseTo(HOURS * price('elb.classic.hour'), 6);
    expect(amountOf(e, 'Env', 'elb.classic.gb')).toBeCloseTo(300 * price('elb.classic.gb'), 6);
  });

  test('a network load balancer without a capacity-unit price is not priced once it has traffic', () => {
    const e = estimate(assemblyOf({ App: { Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Scheme: 'internal' } } } }), { loadBalancer: { newConnectionsPerSecond: 10 } });
    expect(e.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/elb\.network\.hour/), expect.stringMatching(/elb\.network\.nlcu/)]);
  });

  test('a classic load balancer (the Elastic Beanstalk default) without a price is listed as not priced', () => {
    // GIVEN
    const settings: Record<string, string> = { ...ALB_ENV };
    delete settings['aws:elasticbeanstalk:environment/LoadBalancerType'];
    // WHEN
    const e = estimate(assemblyOf({ App: { Env: environment(settings) } }), {}, { priceTable: withoutPrice('elb.classic.hour') });
    // THEN
    expect(e.notPriced).toEqual([expect.objectContaining({ resource: 'Env', reason: expect.stringMatching(/no price for elb\.classic\.hour/) })]);
  });

  test('an environment without an instance type is not priced, never counted as zero', () => {
    // GIVEN
    const settings: Record<string, string> = { ...ALB_ENV };
    delete settings['aws:ec2:instances/InstanceTypes'];
    // WHEN
    const e = estimate(assemblyOf({ App: { Env: environment(settings) } }), {});
    // THEN
    expect(e.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/instance type not set/)]);
  });

  test('settings that are tokens are assumed or not priced, and say so', () => {
    // GIVEN
    const env = environment({ 'aws:elasticbeanstalk:environment/LoadBalancerType': 'application' });
    const settings = [...env.Properties.OptionSettings, { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: { Ref: 'Min' } },
      { Namespace: 'aws:ec2:instances', OptionName: 'InstanceTypes', Value: { Ref: 'Type' } }];
    const db = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: { Ref: 'Size' } } };
    // WHEN
    const e = estimate(assemblyOf({ App: { Env: { Type: ENV, Properties: { OptionSettings: settings } }, Db: db } }), {});
    // THEN
    expect(e.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/instance type is not a literal string/)]);
    expect(e.assumptions).toEqual(expect.arrayContaining([expect.stringMatching(/MinSize is not a literal number: assumed the Elastic Beanstalk default \(1\)/),
      expect.stringMatching(/Db: AllocatedStorage not a literal number: assumed 20 GB/)]));
  });

  test('an unknown instance type is not priced', () => {
    const e = estimate(assemblyOf({ App: { Env: environment({ ...ALB_ENV, 'aws:ec2:instances/InstanceTypes': 'x9.huge' }) } }), {});
    expect(e.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/no price for ec2\.instance\.x9\.huge/)]);
  });

  test('states the root volume it assumes when the option settings do not say', () => {
    const e = estimate(assemblyOf({ App: { Env: environment({ 'aws:ec2:instances/InstanceTypes': 't3.micro', 'aws:elasticbeanstalk:environment/LoadBalancerType': 'application' }) } }), {});
    expect(amountOf(e, 'Env', 'ebs.gp2')).toBeCloseTo(1 * 8 * price('ebs.gp2'), 6);
    expect(e.assumptions).toEqual(expect.arrayContaining([expect.stringMatching(/8 GB/), expect.stringMatching(/gp2/), expect.stringMatching(/2 availability zones/)]));
  });
});

describe('load balancer capacity units', () => {
  test('bills LCU-hours from the profile traffic with the AWS definition', () => {
    // GIVEN 90 new connections/s = 3.6 LCU (more than 2,000 active/min = 0.67 and 0.5 GB/h)
    const assembly = assemblyOf({ App: { Env: environment(ALB_ENV) } });
    const profile = { loadBalancer: { newConnectionsPerSecond: 90, activeConnectionsPerMinute: 2000, processedGb: 0.5 * HOURS } };
    // WHEN
    const e = estimate(assembly, profile);
    // THEN
    expect(amountOf(e, 'Env', 'elb.application.lcu')).toBeCloseTo((90 / 25) * HOURS * price('elb.application.lcu'), 6);
  });

  test('derives connections and processed bytes from the requests', () => {
    // GIVEN 10 million requests of 1 + 99 KB: 953.67 GB processed = 1.306 GB/h, the largest dimension
    const assembly = assemblyOf({ App: { Env: environment(ALB_ENV) } });
    const profile = { requests: { perMonth: 10_000_000, averageRequestKb: 1, averageResponseKb: 99, requestsPerConnection: 10 } };
    // WHEN
    const e = estimate(assembly, profile);
    // THEN
    const gbPerHour = (10_000_000 * 100 / 1024 / 1024) / HOURS;
    expect(amountOf(e, 'Env', 'elb.application.lcu')).toBeCloseTo(gbPerHour * HOURS * price('elb.application.lcu'), 6);
  });

  test('splits the traffic over several load balancers without changing the total', () => {
    const one = estimate(assemblyOf({ App: { Blue: environment(ALB_ENV) } }), { loadBalancer: { newConnectionsPerSecond: 50 } });
    const two = estimate(assemblyOf({ App: { Blue: environment(ALB_ENV), Green: environment(ALB_ENV, 'green') } }), { loadBalancer: { newConnectionsPerSecond: 50 } });
    expect(amountOf(two, 'Blue', 'elb.application.lcu') + amountOf(two, 'Green', 'elb.application.lcu')).toBeCloseTo(amountOf(one, 'Blue', 'elb.application.lcu'), 6);
  });
});

describe('RDS PostgreSQL', () => {
  const db = (props: Record<string, unknown>) => ({ Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.medium', AllocatedStorage: '100', StorageType: 'gp3', ...props } });

  test('single-AZ: instance hours and storage', () => {
    const e = estimate(assemblyOf({ Data: { Db: db({}) } }), {});
    expect(e.totals.fixed).toBeCloseTo(HOURS * price('rds.postgres.db.t4g.medium') + 100 * price('rds.storage.gp3'), 6);
  });

  test('Multi-AZ doubles the instance and uses the Multi-AZ storage price', () => {
    const e = estimate(assemblyOf({ Data: { Db: db({ MultiAZ: true }) } }), {});
    expect(e.totals.fixed).toBeCloseTo(2 * HOURS * price('rds.postgres.db.t4g.medium') + 100 * price('rds.storage.gp3.multiAz'), 6);
  });

  test('a read replica is one more instance with its own storage', () => {
    // GIVEN
    const assembly = assemblyOf({ Data: { Db: db({}), Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: { Ref: 'Db' }, DBInstanceClass: 'db.t4g.medium' } } } });
    // WHEN
    const e = estimate(assembly, {});
    // THEN
    expect(e.totals.fixed).toBeCloseTo(2 * (HOURS * price('rds.postgres.db.t4g.medium') + 100 * price('rds.storage.gp3')), 6);
  });

  test('provisioned gp3 IOPS above the baseline are billed', () => {
    const e = estimate(assemblyOf({ Data: { Db: db({ Iops: 5000 }) } }), {});
    expect(amountOf(e, 'Db', 'rds.iops.gp3')).toBeCloseTo(2000 * price('rds.iops.gp3'), 6);
  });

  test('gp3 IOPS within the 12,000 baseline of 400 GB or more are free', () => {
    const e = estimate(assemblyOf({ Data: { Db: db({ Iops: 12000, AllocatedStorage: 400 }) } }), {});
    expect(e.lines.filter((l) => l.priceKey.startsWith('rds.iops'))).toEqual([]);
  });

  test('backup storage beyond the provisioned storage is billed as usage', () => {
    const e = estimate(assemblyOf({ Data: { Db: db({}) } }), { rds: { backupStorageGb: 250 } });
    expect(amountOf(e, 'Db', 'rds.backup')).toBeCloseTo(150 * price('rds.backup'), 6);
  });

  test('a master password managed by RDS is a Secrets Manager secret', () => {
    const e = estimate(assemblyOf({ Data: { Db: db({ ManageMasterUserPassword: true }) } }), {});
    expect(amountOf(e, 'Db', 'secretsmanager.secret')).toBeCloseTo(price('secretsmanager.secret'), 6);
  });

  test('other engines and Aurora are not priced', () => {
    const e = estimate(assemblyOf({ Data: { My: db({ Engine: 'mysql' }), Aurora: db({ DBClusterIdentifier: 'c' }) } }), {});
    expect(e.notPriced.map((n) => n.resource)).toEqual(['My', 'Aurora']);
    expect(e.totals.total).toBe(0);
  });

  test('an unknown storage type is not priced', () => {
    const e = estimate(assemblyOf({ Data: { Db: db({ StorageType: 'io2' }) } }), {});
    expect(e.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/rds\.storage\.io2/)]);
  });
});

describe('network', () => {
  test('NAT gateways by the hour and processed GB, Elastic IPs as public IPv4', () => {
    // GIVEN
    const assembly = assemblyOf({ Net: { Nat1: { Type: 'AWS::EC2::NatGateway' }, Nat2: { Type: 'AWS::EC2::NatGateway' }, Eip1: { Type: 'AWS::EC2::EIP' }, Eip2: { Type: 'AWS::EC2::EIP' } } });
    // WHEN
    const e = estimate(assembly, { nat: { processedGb: 200 } });
    // THEN
    expect(e.totals.fixed).toBeCloseTo(2 * HOURS * price('nat.hour') + 2 * HOURS * price('ipv4.hour'), 6);
    expect(e.totals.usage).toBeCloseTo(200 * price('nat.gb'), 6);
  });

  test('data transfer out is derived from responses, less the free 100 GB', () => {
    // GIVEN 2 million responses of 512 KB = 976.5625 GB
    const e = estimate(assemblyOf({ App: {} }), { requests: { perMonth: 2_000_000, averageResponseKb: 512 }, dataTransfer: { interAzGb: 30 } });
    // THEN
    const outGb = 2_000_000 * 512 / 1024 / 1024;
    expect(e.totals.usage).toBeCloseTo((outGb - 100) * price('dataTransfer.out') + 30 * price('dataTransfer.interAz'), 6);
    expect(e.stacks.map((s) => s.name)).toEqual(['App', ACCOUNT]);
  });

  test('free allowances can be switched off', () => {
    const e = estimate(assemblyOf({ App: {} }), { freeAllowances: false, dataTransfer: { outGb: 50 } });
    expect(e.totals.usage).toBeCloseTo(50 * price('dataTransfer.out'), 6);
  });

  test('the free allowance never exceeds the quantity', () => {
    const e = estimate(assemblyOf({ App: {} }), { dataTransfer: { outGb: 50 } });
    expect(e.totals.usage).toBeCloseTo(0, 6);
  });

  test('EC2 instances by type', () => {
    const e = estimate(assemblyOf({ App: { Vm: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 'm6i.large' } } } }), {});
    expect(e.totals.fixed).toBeCloseTo(HOURS * price('ec2.instance.m6i.large'), 6);
  });
});

describe('DNS', () => {
  test('hosted zones and health checks are fixed, standard queries usage, alias queries free', () => {
    // GIVEN
    const assembly = assemblyOf({
      Dns: {
        Zone: { Type: 'AWS::Route53::HostedZone', Properties: { Name: 'example.com.' } },
        Check: { Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: { Type: 'HTTP', FullyQualifiedDomainName: 'blue.us-east-1.elasticbeanstalk.com' } } },
        External: { Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: { Type: 'HTTP', FullyQualifiedDomainName: 'status.example.org' } } },
        Record: { Type: 'AWS::Route53::RecordSet' },
      },
    });
    // WHEN
    const e = estimate(assembly, { dns: { queriesMillions: 3, aliasQueriesMillions: 50 } });
    // THEN
    expect(e.totals.fixed).toBeCloseTo(price('route53.zone') + price('route53.healthCheck.aws') + price('route53.healthCheck.other'), 6);
    expect(e.totals.usage).toBeCloseTo(3e6 * price('route53.queries'), 6);
    expect(e.lines.find((l) => l.priceKey === 'route53.aliasQueries')?.quantity).toBe(50e6);
  });

  test('optional health check features without a price are listed as not priced', () => {
    const e = estimate(assemblyOf({ Dns: { Check: { Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: { Type: 'HTTPS_STR_MATCH', RequestInterval: 10, MeasureLatency: true } } } } }), {});
    expect(e.notPriced.map((n) => n.reason)).toEqual([
      expect.stringMatching(/HTTPS/), expect.stringMatching(/string matching/), expect.stringMatching(/fast interval/), expect.stringMatching(/latency/),
    ]);
  });
});

describe('storage and backups', () => {
  test('S3 storage per class and requests, spread over the buckets', () => {
    // GIVEN
    const assembly = assemblyOf({ Backups: { A: { Type: 'AWS::S3::Bucket' }, B: { Type: 'AWS::S3::Bucket' } } });
    const s3 = {
      standardGb: 100, standardIaGb: 200, glacierFlexibleGb: 300, glacierDeepArchiveGb: 1000, putRequests: 50_000, getRequests: 1_000_000,
    };
    // WHEN
    const e = estimate(assembly, { s3 });
    // THEN
    const expected = 100 * price('s3.standard') + 200 * price('s3.standardIa') + 300 * price('s3.glacierFlexible')
      + 1000 * price('s3.glacierDeepArchive') + 50_000 * price('s3.put') + 1_000_000 * price('s3.get');
    expect(e.totals.usage).toBeCloseTo(expected, 6);
    expect(amountOf(e, 'A', 's3.standard')).toBeCloseTo(50 * price('s3.standard'), 6);
  });

  test('S3 usage with no bucket in the templates is billed to the account', () => {
    const e = estimate(assemblyOf({ App: {} }), { s3: { standardGb: 10 } });
    expect(e.lines).toEqual([expect.objectContaining({ stack: ACCOUNT, priceKey: 's3.standard', quantity: 10 })]);
  });

  test('AWS Backup S3 backup storage and cross-region copies', () => {
    const e = estimate(assemblyOf({ Backups: { Vault: { Type: 'AWS::Backup::BackupVault' } } }), { backup: { s3Gb: 300, crossRegionCopyGb: 40 } });
    expect(e.totals.usage).toBeCloseTo(300 * price('backup.s3') + 40 * price('dataTransfer.interRegion'), 6);
  });

  test('AWS Backup snapshot storage on the vault', () => {
    const e = estimate(assemblyOf({ Backups: { Vault: { Type: 'AWS::Backup::BackupVault' }, Plan: { Type: 'AWS::Backup::BackupPlan' } } }), { backup: { rdsSnapshotGb: 120 } });
    expect(amountOf(e, 'Vault', 'backup.rds')).toBeCloseTo(120 * price('backup.rds'), 6);
    expect(e.noCharge.map((n) => n.resource)).toEqual(['Vault', 'Plan']);
  });

  test('KMS keys and requests, Secrets Manager secrets and API calls', () => {
    // GIVEN
    const assembly = assemblyOf({ Sec: { Key: { Type: 'AWS::KMS::Key' }, Secret: { Type: 'AWS::SecretsManager::Secret' }, Alias: { Type: 'AWS::KMS::Alias' } } });
    // WHEN
    const e = estimate(assembly, { kms: { requests: 100_000 }, secretsManager: { apiCalls: 20_000 } });
    // THEN
    expect(e.totals.fixed).toBeCloseTo(price('kms.key') + price('secretsmanager.secret'), 6);
    expect(e.totals.usage).toBeCloseTo(100_000 * price('kms.requests') + 20_000 * price('secretsmanager.apiCalls'), 6);
  });
});

describe('releases', () => {
  test('V1 pipelines per month with one free per account', () => {
    const e = estimate(assemblyOf({ Ci: { P1: { Type: 'AWS::CodePipeline::Pipeline' }, P2: { Type: 'AWS::CodePipeline::Pipeline', Properties: { PipelineType: 'V1' } } } }), {});
    expect(e.totals.fixed).toBeCloseTo(price('codepipeline.v1'), 6);
  });

  test('V2 pipelines per action minute beyond the free 100, CodeBuild per build minute', () => {
    // GIVEN
    const assembly = assemblyOf({
      Ci: {
        Pipeline: { Type: 'AWS::CodePipeline::Pipeline', Properties: { PipelineType: 'V2' } },
        Build: { Type: 'AWS::CodeBuild::Project', Properties: { Environment: { ComputeType: 'BUILD_GENERAL1_SMALL', Type: 'LINUX_CONTAINER' } } },
      },
    });
    // WHEN
    const e = estimate(assembly, { pipeline: { runsPerMonth: 40, actionMinutesPerRun: 15, buildMinutesPerRun: 6 } });
    // THEN
    expect(e.totals.fixed).toBe(0);
    expect(e.totals.usage).toBeCloseTo((40 * 15 - 100) * price('codepipeline.v2.actionMinute') + 40 * 6 * price('codebuild.linux.small'), 6);
  });

  test('a CodeBuild compute type without a price is not priced', () => {
    const e = estimate(assemblyOf({ Ci: { Build: { Type: 'AWS::CodeBuild::Project', Properties: { Environment: { ComputeType: 'BUILD_GENERAL1_2XLARGE', Type: 'LINUX_CONTAINER' } } } } }), {});
    expect(e.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/codebuild\.linux\.2xlarge/)]);
  });
});

describe('operations', () => {
  test('Lambda requests and GB-seconds by each function memory', () => {
    // GIVEN
    const assembly = assemblyOf({ Ops: { Small: { Type: 'AWS::Lambda::Function' }, Big: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024 } } } });
    // WHEN
    const e = estimate(assembly, { lambda: { invocations: 2_000_000, averageDurationMs: 200 } });
    // THEN
    const gbSeconds = 1_000_000 * 0.2 * (128 / 1024) + 1_000_000 * 0.2 * 1;
    expect(e.totals.usage).toBeCloseTo(2_000_000 * price('lambda.requests') + gbSeconds * price('lambda.gbSecond.x86_64'), 6);
  });

  test('arm64 functions without a price are not priced', () => {
    const e = estimate(assemblyOf({ Ops: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Architectures: ['arm64'] } } } }), {}, { priceTable: withoutPrice('lambda.gbSecond.arm64') });
    expect(e.notPriced.map((n) => n.resource)).toEqual(['Fn']);
  });

  test('CloudWatch Logs ingestion and storage', () => {
    const e = estimate(assemblyOf({ Ops: { Logs: { Type: 'AWS::Logs::LogGroup' } } }), { logs: { ingestedGb: 20, storedGb: 100 } });
    expect(e.totals.usage).toBeCloseTo(20 * price('logs.ingestion') + 100 * price('logs.storage'), 6);
  });

  test('CloudWatch alarms per alarm metric, the first 10 standard ones free', () => {
    // GIVEN 11 standard alarms, one of them over 2 metrics, and one high-resolution alarm
    const alarms: Record<string, { Type: string; Properties: Record<string, unknown> }> = {};
    for (let i = 0; i < 10; i++) alarms[`Alarm${i}`] = { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 300 } };
    alarms.Math = { Type: 'AWS::CloudWatch::Alarm', Properties: { Metrics: [{ MetricStat: {} }, { MetricStat: {} }, { Expression: 'a+b' }] } };
    alarms.Fast = { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 10 } };
    // WHEN
    const e = estimate(assemblyOf({ Ops: alarms }), {});
    // THEN
    expect(e.totals.fixed).toBeCloseTo((12 - 10) * price('cloudwatch.alarm.standard') + price('cloudwatch.alarm.highResolution'), 6);
  });
});

describe('edge, workflows, notifications and flow logs', () => {
  const line = (e: Estimate, resource: string, priceKey: string) => e.lines.find((l) => l.resource === resource && l.priceKey === priceKey);
  const free = (e: Estimate, priceKey: string) => e.lines.find((l) => l.stack === ACCOUNT && l.priceKey === priceKey);
  const distribution = (functions: number, extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::CloudFront::Distribution',
    Properties: { DistributionConfig: { DefaultCacheBehavior: { FunctionAssociations: Array.from({ length: functions }, (_, i) => ({ EventType: i === 0 ? 'viewer-request' : 'viewer-response', FunctionARN: { 'Fn::GetAtt': ['Fn', 'FunctionARN'] } })), ...extra } } },
  });

  test('a CloudFront distribution bills HTTPS requests per 10,000 and data transfer out per GB as usage, less the always-free tier', () => {
    // GIVEN
    const assembly = assemblyOf({ Dns: { Cdn: distribution(0) } });
    // WHEN
    const e = estimate(assembly, { cloudfront: { requests: 25_000_000, outGb: 2_000 } });
    // THEN
    expect(line(e, 'Cdn', 'cloudfront.requests.https')).toEqual(expect.objectContaining({ kind: 'usage', quantity: 25_000_000, unitPrice: 0.01, per: 10_000, amount: 25 }));
    expect(line(e, 'Cdn', 'cloudfront.dataTransfer.out')).toEqual(expect.objectContaining({ kind: 'usage', quantity: 2_000, unitPrice: 0.085 }));
    expect(line(e, 'Cdn', 'cloudfront.dataTransfer.out')?.amount).toBeCloseTo(170, 9);
    expect(free(e, 'cloudfront.requests.https')).toEqual(expect.objectContaining({ kind: 'usage', quantity: -10_000_000, amount: -10 }));
    expect(free(e, 'cloudfront.dataTransfer.out')?.quantity).toBe(-1024);
    expect(e.totals).toEqual({ fixed: 0, usage: expect.closeTo((25_000_000 - 10_000_000) * price('cloudfront.requests.https') + (2_000 - 1_024) * price('cloudfront.dataTransfer.out'), 9), total: expect.any(Number) });
  });

  test('CloudFront Functions run once a request for each function association of the default behaviour, 2,000,000 a month free', () => {
    // GIVEN a viewer-request and a viewer-response function on one distribution
    const assembly = assemblyOf({ Dns: { Cdn: distribution(2), Fn: { Type: 'AWS::CloudFront::Function' } } });
    // WHEN
    const e = estimate(assembly, { cloudfront: { requests: 3_000_000 } });
    // THEN
    expect(line(e, 'Fn', 'cloudfront.functions')).toEqual(expect.objectContaining({ kind: 'usage', quantity: 6_000_000, unitPrice: 0.1, per: 1_000_000, amount: expect.closeTo(0.6, 9) }));
    expect(free(e, 'cloudfront.functions')).toEqual(expect.objectContaining({ quantity: -2_000_000, amount: expect.closeTo(-0.2, 9) }));
    expect(free(e, 'cloudfront.requests.https')?.quantity).toBe(-3_000_000);
  });

  test('the profile can give the CloudFront Functions invocations; without traffic the lines are priced at zero', () => {
    const assembly = assemblyOf({ Dns: { Cdn: distribution(1), Fn: { Type: 'AWS::CloudFront::Function' } } });
    expect(line(estimate(assembly, { cloudfront: { requests: 1_000, functionInvocations: 5_000_000 } }), 'Fn', 'cloudfront.functions')?.quantity).toBe(5_000_000);
    const idle = estimate(assembly, {});
    expect(idle.lines.map((l) => [l.resource, l.priceKey, l.quantity, l.amount])).toEqual([
      ['Cdn', 'cloudfront.requests.https', 0, 0], ['Cdn', 'cloudfront.dataTransfer.out', 0, 0], ['Fn', 'cloudfront.functions', 0, 0],
    ]);
    expect(idle.notPriced).toEqual([]);
  });

  test('Lambda@Edge and a region without a CloudFront price are not priced', () => {
    const edge = estimate(assemblyOf({ Dns: { Cdn: distribution(0, { LambdaFunctionAssociations: [{ EventType: 'origin-request' }] }) } }), {});
    expect(edge.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/Lambda@Edge functions of the distribution are not priced/)]);
    const missing = estimate(assemblyOf({ Dns: { Cdn: distribution(0) } }), { cloudfront: { requests: 10 } }, { priceTable: withoutPrice('cloudfront.requests.https') });
    expect(missing.notPriced).toEqual([expect.objectContaining({ resource: 'Cdn', reason: expect.stringMatching(/no price for cloudfront\.requests\.https in us-east-1/) })]);
  });

  test('CloudFront in Europe is priced at the European edge figures', () => {
    const e = estimate(assemblyOf({ Dns: { Cdn: distribution(0) } }), { cloudfront: { requests: 20_000_000 } }, { region: 'eu-west-1' });
    const table = loadPriceTable('eu-west-1');
    expect(line(e, 'Cdn', 'cloudfront.requests.https')?.unitPrice).toBe(table.prices['cloudfront.requests.https'].price);
    expect(e.totals.usage).toBeCloseTo((20_000_000 - 10_000_000) / 10_000 * table.prices['cloudfront.requests.https'].price, 9);
  });

  test('Step Functions Standard state transitions are usage, split over the state machines, 4,000 a month free', () => {
    // GIVEN
    const assembly = assemblyOf({ Ops: { Release: { Type: 'AWS::StepFunctions::StateMachine' }, Drill: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineType: 'STANDARD' } } } });
    // WHEN
    const e = estimate(assembly, { stepFunctions: { stateTransitions: 10_000 } });
    // THEN
    expect(line(e, 'Release', 'stepfunctions.transitions')).toEqual(expect.objectContaining({ kind: 'usage', quantity: 5_000, unitPrice: 0.025, per: 1_000, amount: expect.closeTo(0.125, 9) }));
    expect(line(e, 'Drill', 'stepfunctions.transitions')?.quantity).toBe(5_000);
    expect(free(e, 'stepfunctions.transitions')).toEqual(expect.objectContaining({ quantity: -4_000, amount: expect.closeTo(-0.1, 9) }));
    expect(e.totals.usage).toBeCloseTo((10_000 - 4_000) * price('stepfunctions.transitions'), 9);
  });

  test('Express state machines and a region without a Step Functions price are not priced', () => {
    const express = estimate(assemblyOf({ Ops: { Fast: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineType: 'EXPRESS' } } } }), { stepFunctions: { stateTransitions: 1 } });
    expect(express.notPriced).toEqual([expect.objectContaining({ resource: 'Fast', reason: expect.stringMatching(/Express workflows are not priced/) })]);
    expect(express.lines).toEqual([]);
    const missing = estimate(assemblyOf({ Ops: { Sm: { Type: 'AWS::StepFunctions::StateMachine' } } }), {}, { priceTable: withoutPrice('stepfunctions.transitions') });
    expect(missing.notPriced.map((n) => n.resource)).toEqual(['Sm']);
  });

  test('SNS publishes, with email and HTTP/S notifications from each topic\'s subscriptions, less the free requests and notifications', () => {
    // GIVEN one topic with an email subscription resource and an inline HTTPS subscription, one without subscriptions
    const assembly = assemblyOf({
      Ops: {
        Alarms: { Type: 'AWS::SNS::Topic', Properties: { Subscription: [{ Protocol: 'https', Endpoint: 'https://hook' }] } },
        Mail: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'email', TopicArn: { Ref: 'Alarms' } } },
        Quiet: { Type: 'AWS::SNS::Topic' },
      },
    });
    // WHEN
    const e = estimate(assembly, { sns: { publishes: 3_000_000 } });
    // THEN
    expect(line(e, 'Alarms', 'sns.publish')).toEqual(expect.objectContaining({ kind: 'usage', quantity: 1_500_000, unitPrice: 0.5, per: 1_000_000, amount: 0.75 }));
    expect(line(e, 'Alarms', 'sns.email')).toEqual(expect.objectContaining({ quantity: 1_500_000, unitPrice: 2, per: 100_000, amount: 30 }));
    expect(line(e, 'Alarms', 'sns.http')).toEqual(expect.objectContaining({ quantity: 1_500_000, unitPrice: 0.6, per: 1_000_000, amount: expect.closeTo(0.9, 9) }));
    expect(line(e, 'Quiet', 'sns.email')).toBeUndefined();
    expect([free(e, 'sns.publish')?.quantity, free(e, 'sns.email')?.quantity, free(e, 'sns.http')?.quantity]).toEqual([-1_000_000, -1_000, -100_000]);
    expect(e.totals.usage).toBeCloseTo((3_000_000 - 1_000_000) * price('sns.publish') + (1_500_000 - 1_000) * price('sns.email') + (1_500_000 - 100_000) * price('sns.http'), 9);
  });

  test('the profile can give the SNS notifications; FIFO topics and a region without SNS prices are not priced', () => {
    const topics = { A: { Type: 'AWS::SNS::Topic' }, B: { Type: 'AWS::SNS::Topic', Properties: { Subscription: [{ Protocol: 'email' }] } } };
    const e = estimate(assemblyOf({ Ops: topics }), { sns: { emailDeliveries: 500, httpDeliveries: 200 } });
    expect(e.lines.filter((l) => l.priceKey === 'sns.email' && l.stack !== ACCOUNT).map((l) => [l.resource, l.quantity])).toEqual([['B', 500]]);
    expect(e.lines.filter((l) => l.priceKey === 'sns.http' && l.stack !== ACCOUNT).map((l) => [l.resource, l.quantity])).toEqual([['A', 100], ['B', 100]]);
    const fifo = estimate(assemblyOf({ Ops: { F: { Type: 'AWS::SNS::Topic', Properties: { FifoTopic: true } } } }), {});
    expect(fifo.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/FIFO topics are not priced/)]);
    const europe = estimate(assemblyOf({ Ops: topics }), {}, { region: 'eu-west-1' });
    expect(europe.notPriced).toEqual([
      expect.objectContaining({ resource: 'A', reason: expect.stringMatching(/no price for sns\.publish in eu-west-1/) }),
      expect.objectContaining({ resource: 'B', reason: expect.stringMatching(/no price for sns\.publish in eu-west-1/) }),
      expect.objectContaining({ resource: 'B', reason: expect.stringMatching(/no price for sns\.email in eu-west-1/) }),
    ]);
  });

  test('a VPC flow log to CloudWatch Logs is billed as vended logs: by default its log group\'s share of the logs ingestion', () => {
    // GIVEN four log groups, one of them the flow log's destination
    const assembly = assemblyOf({
      Network: {
        FlowLogs: { Type: 'AWS::Logs::LogGroup' },
        Flow: { Type: 'AWS::EC2::FlowLog', Properties: { LogDestinationType: 'cloud-watch-logs', LogGroupName: { Ref: 'FlowLogs' }, ResourceType: 'VPC' } },
        A: { Type: 'AWS::Logs::LogGroup' },
        B: { Type: 'AWS::Logs::LogGroup' },
        C: { Type: 'AWS::Logs::LogGroup' },
      },
    });
    // WHEN
    const e = estimate(assembly, { logs: { ingestedGb: 8, storedGb: 40 } });
    // THEN
    expect(line(e, 'Flow', 'logs.vended.cloudwatch')).toEqual(expect.objectContaining({ kind: 'usage', quantity: 2, unitPrice: 0.5, amount: 1, note: 'the log group\'s share of logs.ingestedGb' }));
    expect(e.lines.filter((l) => l.priceKey === 'logs.ingestion').map((l) => [l.resource, l.quantity])).toEqual([['A', 2], ['B', 2], ['C', 2]]);
    expect(e.lines.filter((l) => l.priceKey === 'logs.storage').map((l) => l.resource)).toEqual(['FlowLogs', 'A', 'B', 'C']);
    expect(e.totals.usage).toBeCloseTo(6 * price('logs.ingestion') + 2 * price('logs.vended.cloudwatch') + 40 * price('logs.storage'), 9);
  });

  test('the profile\'s flow log volume replaces the share; flow logs to S3 use the vended-to-S3 price', () => {
    // GIVEN
    const assembly = assemblyOf({
      Network: {
        FlowLogs: { Type: 'AWS::Logs::LogGroup' },
        App: { Type: 'AWS::Logs::LogGroup' },
        ToLogs: { Type: 'AWS::EC2::FlowLog', Properties: { LogDestination: { 'Fn::GetAtt': ['FlowLogs', 'Arn'] } } },
        ToS3: { Type: 'AWS::EC2::FlowLog', Properties: { LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::flow-logs' } },
      },
    });
    // WHEN
    const e = estimate(assembly, { logs: { ingestedGb: 10 }, flowLogs: { ingestedGb: 30 } });
    // THEN
    expect(line(e, 'ToLogs', 'logs.vended.cloudwatch')).toEqual(expect.objectContaining({ quantity: 15, amount: 7.5 }));
    expect(line(e, 'ToS3', 'logs.vended.s3')).toEqual(expect.objectContaining({ quantity: 15, unitPrice: 0.25, amount: 3.75 }));
    expect(e.lines.filter((l) => l.priceKey === 'logs.ingestion').map((l) => [l.resource, l.quantity])).toEqual([['App', 10]]);
    // without the profile's volume an S3 flow log has no log group share
    expect(line(estimate(assembly, { logs: { ingestedGb: 10 } }), 'ToS3', 'logs.vended.s3')?.quantity).toBe(0);
  });

  test('flow logs to Kinesis Data Firehose and a region without a vended-logs price are not priced', () => {
    const firehose = estimate(assemblyOf({ Network: { F: { Type: 'AWS::EC2::FlowLog', Properties: { LogDestinationType: 'kinesis-data-firehose' } } } }), {});
    expect(firehose.notPriced.map((n) => n.reason)).toEqual(['flow logs delivered to kinesis-data-firehose are not priced']);
    const europe = estimate(assemblyOf({ Network: { F: { Type: 'AWS::EC2::FlowLog' } } }), {}, { region: 'eu-west-1' });
    expect(europe.notPriced).toEqual([expect.objectContaining({ resource: 'F', reason: expect.stringMatching(/no price for logs\.vended\.cloudwatch in eu-west-1/) })]);
  });

  describe('Secrets Manager rotation', () => {
    const SAR = 'arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser';
    const rotationApp = (rules: Record<string, unknown>, applicationId: unknown = { 'Fn::FindInMap': ['Sar', { Ref: 'AWS::Partition' }, 'applicationId'] }) => ({
      directory: '/nowhere',
      stacks: [{
        name: 'Data',
        templateFile: 'Data.template.json',
        template: {
          Mappings: { Sar: { 'aws': { applicationId: SAR }, 'aws-cn': { applicationId: 'other' } } },
          Resources: {
            Rotation: { Type: 'AWS::Serverless::Application', Properties: { Location: { ApplicationId: applicationId, SemanticVersion: '1.1.671' } } },
            Schedule: { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { RotationLambdaARN: { 'Fn::GetAtt': ['Rotation', 'Outputs.RotationLambdaARN'] }, RotationRules: rules } },
          },
        },
      }],
    });

    test('the rotation application\'s function is priced from the rotation schedule: four invocations a rotation, fixed', () => {
      // WHEN
      const e = estimate(rotationApp({ ScheduleExpression: 'rate(30 days)' }), {});
      // THEN
      const invocations = HOURS / (30 * 24) * 4;
      expect(line(e, 'Rotation', 'lambda.requests')).toEqual(expect.objectContaining({
        kind: 'fixed',
        quantity: expect.closeTo(invocations, 9),
        unitPrice: 0.2,
        per: 1_000_000,
        note: '1.014 rotations a month x 4 steps',
        description: 'Rotation function requests (SecretsManagerRDSPostgreSQLRotationSingleUser)',
      }));
      expect(line(e, 'Rotation', 'lambda.gbSecond.x86_64')).toEqual(expect.objectContaining({ kind: 'fixed', quantity: expect.closeTo(invocations * 1 * 0.125, 9) }));
      expect(e.totals.fixed).toBeCloseTo(invocations * price('lambda.requests') + invocations * 0.125 * price('lambda.gbSecond.x86_64'), 12);
      expect(e.notPriced).toEqual([]);
      expect(e.noCharge.map((n) => n.resource)).toEqual(['Schedule']);
    });

    test('reads AutomaticallyAfterDays and hourly rates, and assumes one rotation a month for a cron schedule', () => {
      expect(line(estimate(rotationApp({ AutomaticallyAfterDays: 7 }), {}), 'Rotation', 'lambda.requests')?.quantity).toBeCloseTo(HOURS / 24 / 7 * 4, 9);
      expect(line(estimate(rotationApp({ ScheduleExpression: 'rate(4 hours)' }), {}), 'Rotation', 'lambda.requests')?.quantity).toBeCloseTo(HOURS / 4 * 4, 9);
      const cron = estimate(rotationApp({ ScheduleExpression: 'cron(0 4 1 * ? *)' }), {});
      expect(line(cron, 'Rotation', 'lambda.requests')?.quantity).toBe(4);
      expect(cron.assumptions).toEqual(['rotation of Rotation: schedule cron(0 4 1 * ? *): assumed one rotation a month']);
    });

    test('a hosted rotation function of a rotation schedule is priced the same way', () => {
      const e = estimate(assemblyOf({ Data: { Schedule: { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { HostedRotationLambda: { RotationType: 'PostgreSQLSingleUser' }, RotationRules: { AutomaticallyAfterDays: 30 } } } } }), {});
      expect(line(e, 'Schedule', 'lambda.requests')).toEqual(expect.objectContaining({ kind: 'fixed', quantity: expect.closeTo(HOURS / 24 / 30 * 4, 9), description: 'Rotation function requests (hosted PostgreSQLSingleUser function)' }));
    });

    test('other serverless applications and a region without Lambda prices are not priced', () => {
      const other = estimate(rotationApp({}, 'arn:aws:serverlessrepo:us-east-1:1:applications/SomethingElse'), {});
      expect(other.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/^serverless application arn:.*SomethingElse is not priced: its resources are not in the assembly/)]);
      const token = estimate(rotationApp({}, { Ref: 'AppId' }), {});
      expect(token.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/application id not a literal/)]);
      const europe = estimate(rotationApp({ ScheduleExpression: 'rate(30 days)' }), {}, { region: 'eu-west-1' });
      expect(europe.notPriced).toEqual([expect.objectContaining({ resource: 'Rotation', reason: 'no price for Lambda in eu-west-1 (the Secrets Manager rotation function)' })]);
      expect(europe.lines).toEqual([]);
    });
  });
});

describe('not priced and no charge', () => {
  test('an unknown resource type is listed as not priced and makes no amount', () => {
    // GIVEN
    const assembly = assemblyOf({ App: { Queue: { Type: 'AWS::SQS::Queue' }, Role: { Type: 'AWS::IAM::Role' }, Custom: { Type: 'Custom::Thing' } } });
    // WHEN
    const e = estimate(assembly, {});
    // THEN
    expect(e.notPriced).toEqual([{ stack: 'App', resource: 'Queue', type: 'AWS::SQS::Queue', reason: 'resource type AWS::SQS::Queue is not priced' }]);
    expect(e.noCharge.map((n) => n.resource)).toEqual(['Role', 'Custom']);
  });
});

describe('region', () => {
  test('prices from another region table, with an explicit Multi-AZ figure when it has one', () => {
    // GIVEN
    const table = loadPriceTable('eu-north-1');
    const assembly = assemblyOf({ Data: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', MultiAZ: true, AllocatedStorage: 20, StorageType: 'gp3' } } } });
    // WHEN
    const e = estimate(assembly, {}, { region: 'eu-north-1' });
    // THEN
    expect(e.totals.fixed).toBeCloseTo(HOURS * table.prices['rds.postgres.multiAz.db.t4g.micro'].price + 20 * table.prices['rds.storage.gp3.multiAz'].price, 6);
  });

  test('what a region table lacks is not priced, never zero', () => {
    const e = estimate(assemblyOf({ Ci: { Build: { Type: 'AWS::CodeBuild::Project' } } }), {}, { region: 'eu-west-1' });
    expect(e.notPriced.map((n) => n.reason)).toEqual([expect.stringMatching(/no price for codebuild\.linux\.small in eu-west-1/)]);
  });

  test('uses the stacks region from the manifest when none is given', () => {
    const assembly = { ...assemblyOf({}), stacks: [{ name: 'S', region: 'eu-west-1', templateFile: 'x', template: {} }] };
    expect(estimate(assembly, {}).region).toBe('eu-west-1');
  });

  test('the option wins over the profile', () => {
    expect(estimate(assemblyOf({ S: {} }), { region: 'eu-west-1' }, { region: 'us-east-1' }).region).toBe('us-east-1');
  });

  test('fails when the region has no price table', () => {
    expect(() => estimate(assemblyOf({ S: {} }), {}, { region: 'xx-nowhere-9' })).toThrow(/unknown region 'xx-nowhere-9': no price table \(available: .*us-east-1/);
  });
});

function withoutPrice(key: string) {
  const table = loadPriceTable('us-east-1');
  const prices = { ...table.prices };
  delete prices[key];
  return { ...table, prices };
}

describe('per-resource usage (profile resources, by construct path)', () => {
  const bucket = (path: string) => ({ Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': path } });

  test('a bucket named by its construct path gets its own figure; the type-wide figure is split over the others', () => {
    // GIVEN three buckets, one of them holding 500 GB
    const assembly = assemblyOf({ Backups: { Dumps: bucket('Backups/Dumps/Resource'), Logs: bucket('Backups/Logs/Resource'), Media: bucket('Backups/Media/Resource') } });
    // WHEN
    const e = estimate(assembly, { s3: { standardGb: 20 }, resources: { 'Backups/Dumps': { s3: { standardGb: 500 } } } });
    // THEN
    const standard = e.lines.filter((l) => l.priceKey === 's3.standard');
    expect(standard.map((l) => [l.resource, l.quantity, l.source])).toEqual([
      ['Dumps', 500, "profile resources['Backups/Dumps'].s3.standardGb"],
      ['Logs', 10, 'profile s3.standardGb'],
      ['Media', 10, 'profile s3.standardGb'],
    ]);
    expect(e.totals.usage).toBeCloseTo(520 * price('s3.standard'), 6);
  });

  test('without an override every bucket shares the type-wide figure (the fallback)', () => {
    const assembly = assemblyOf({ Backups: { Dumps: bucket('Backups/Dumps/Resource'), Logs: bucket('Backups/Logs/Resource') } });
    const e = estimate(assembly, { s3: { standardGb: 20 } });
    expect(e.lines.filter((l) => l.priceKey === 's3.standard').map((l) => l.quantity)).toEqual([10, 10]);
  });

  test('a resource can be named <stack>/<logical id> when the template has no construct paths', () => {
    const e = estimate(assemblyOf({ Network: { NatA: { Type: 'AWS::EC2::NatGateway' }, NatB: { Type: 'AWS::EC2::NatGateway' } } }),
      { nat: { processedGb: 30 }, resources: { 'Network/NatB': { nat: { processedGb: 200 } } } });
    expect(e.lines.filter((l) => l.priceKey === 'nat.gb').map((l) => [l.resource, l.quantity])).toEqual([['NatA', 30], ['NatB', 200]]);
  });

  test('a function gets its own invocations and duration; the others split the type-wide invocations', () => {
    const assembly = assemblyOf({ Ops: { Hot: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024 } }, A: { Type: 'AWS::Lambda::Function' }, B: { Type: 'AWS::Lambda::Function' } } });
    const e = estimate(assembly, { lambda: { invocations: 1000, averageDurationMs: 100 }, resources: { 'Ops/Hot': { lambda: { invocations: 1_000_000, averageDurationMs: 2000 } } } });
    expect(e.lines.filter((l) => l.priceKey === 'lambda.requests').map((l) => [l.resource, l.quantity])).toEqual([['Hot', 1_000_000], ['A', 500], ['B', 500]]);
    expect(e.lines.find((l) => l.resource === 'Hot' && l.priceKey === 'lambda.gbSecond.x86_64')!.quantity).toBeCloseTo(1_000_000 * 2 * 1, 6);
  });

  test('a load balancer with its own traffic figures is priced from them alone', () => {
    const assembly = assemblyOf({ App: { Blue: environment(ALB_ENV, 'blue'), Green: environment(ALB_ENV, 'green') } });
    const e = estimate(assembly, {
      loadBalancer: { newConnectionsPerSecond: 10, activeConnectionsPerMinute: 0, processedGb: 0 },
      resources: { 'App/Green': { loadBalancer: { newConnectionsPerSecond: 50 } } },
    });
    const lcu = e.lines.filter((l) => l.priceKey === 'elb.application.lcu');
    expect(lcu.map((l) => [l.resource, l.quantity / HOURS])).toEqual([['Blue', 10 / 25], ['Green', 50 / 25]]);
    expect(lcu[1].source).toBe("profile resources['App/Green'].loadBalancer.newConnectionsPerSecond");
  });

  test('an entry that addresses no resource fails naming it, instead of being dropped', () => {
    const assembly = assemblyOf({ Backups: { Dumps: bucket('Backups/Dumps/Resource') } });
    expect(() => estimate(assembly, { name: 'p', resources: { 'Backups/Dumpz': { s3: { standardGb: 500 } } } }))
      .toThrow(/^usage profile p: resources\['Backups\/Dumpz'\]: no resource has this construct path or <stack>\/<logical id> \(e\.g\. Backups\/Dumps\)/);
  });

  test('an entry whose figures do not apply to the resource fails naming its type', () => {
    const assembly = assemblyOf({ Backups: { Dumps: bucket('Backups/Dumps/Resource') } });
    expect(() => estimate(assembly, { resources: { 'Backups/Dumps': { nat: { processedGb: 5 } } } }))
      .toThrow(/resources\['Backups\/Dumps'\] \(AWS::S3::Bucket\): none of its figures applies to this resource \(nat\)/);
  });

  test('fixed lines come from the template, usage lines say which profile figure they come from', () => {
    const e = estimate(assemblyOf({ Network: { Nat: { Type: 'AWS::EC2::NatGateway' } } }), { nat: { processedGb: 30 } });
    expect(e.lines.map((l) => [l.priceKey, l.source])).toEqual([['nat.hour', 'template'], ['nat.gb', 'profile nat.processedGb']]);
  });
});

describe('release lifecycle (blue/green pair)', () => {
  const pair = (extra: Record<string, unknown> = {}) => assemblyOf({
    App: {
      Blue: { Type: ENV, Properties: { ApplicationName: { Ref: 'App' }, EnvironmentName: 'shop-blue', OptionSettings: options(ALB_ENV) } },
      Green: { Type: ENV, Properties: { ApplicationName: { Ref: 'App' }, EnvironmentName: 'shop-green', OptionSettings: options(ALB_ENV) } },
    },
    ...extra,
  });
  const scaleDownPipeline = {
    Pipeline: {
      Pipeline: {
        Type: 'AWS::CodePipeline::Pipeline',
        Properties: {
          PipelineType: 'V2',
          Stages: [{
            Name: 'ScaleDown',
            Actions: [{ Name: 'ScaleDownOld', Configuration: { Input: { 'Fn::Join': ['', ['{"operation":"scale-down","applicationName":"', { 'Fn::ImportValue': 'x' }, '","drainSeconds":1800,"scaleDownInstances":1}']] } } }],
          }],
        },
      },
    },
  };
  const ec2 = (e: Estimate, resource: string) => e.lines.filter((l) => l.resource === resource && l.priceKey === 'ec2.instance.t3.small');

  test('the live environment takes all the traffic; the idle one none', () => {
    const e = estimate(pair(), { requests: { perMonth: 10_000_000, averageResponseKb: 60 } });
    const lcu = e.lines.filter((l) => l.priceKey === 'elb.application.lcu');
    expect(lcu.map((l) => [l.resource, l.quantity > 0, l.source])).toEqual([
      ['Blue', true, 'profile derived: requests perMonth / requestsPerConnection, derived: requests perMonth x (averageRequestKb + averageResponseKb)'],
      ['Green', false, 'lifecycle: the idle environment takes no traffic'],
    ]);
    expect(e.assumptions).toContainEqual('blue/green pair shop-blue / shop-green: shop-blue taken as live (it takes the traffic), shop-green as idle; lifecycle.liveEnvironment chooses');
  });

  test('lifecycle.liveEnvironment chooses which one is live', () => {
    const e = estimate(pair(), { requests: { perMonth: 10_000_000 }, lifecycle: { liveEnvironment: 'shop-green' } });
    expect(e.lines.filter((l) => l.priceKey === 'elb.application.lcu').map((l) => [l.resource, l.quantity > 0])).toEqual([['Blue', false], ['Green', true]]);
  });

  test('without a ScaleDown stage the idle environment stays warm: full size all month', () => {
    const e = estimate(pair(), { pipeline: { runsPerMonth: 40 } });
    expect(ec2(e, 'Green').map((l) => [l.kind, l.quantity, l.source])).toEqual([['fixed', 2 * HOURS, 'lifecycle: idle environment warm (no ScaleDown stage in the pipeline)']]);
  });

  test('with the pipeline\'s ScaleDown stage: scaled-down size all month, full size during releases and the drain', () => {
    // 40 releases x (12 min + 30 min drain) = 28 h at full size
    const e = estimate(pair(scaleDownPipeline), { pipeline: { runsPerMonth: 40, actionMinutesPerRun: 12 } });
    expect(ec2(e, 'Green').map((l) => [l.kind, l.quantity])).toEqual([['fixed', 1 * HOURS], ['usage', 1 * 28]]);
    expect(ec2(e, 'Green')[1].source).toBe('lifecycle: 40 releases x (12 min release + 30 min drain)');
    expect(ec2(e, 'Blue').map((l) => [l.kind, l.quantity])).toEqual([['fixed', 2 * HOURS]]);
    // the load balancer of the idle environment stays
    expect(amountOf(e, 'Green', 'elb.application.hour')).toBeCloseTo(HOURS * price('elb.application.hour'), 6);
  });

  test('stopped: the idle environment, its load balancer and addresses exist only during releases', () => {
    const e = estimate(pair(), { pipeline: { runsPerMonth: 40, actionMinutesPerRun: 15 }, lifecycle: { idle: 'stopped' } });
    // 40 x 15 min = 10 h
    expect(ec2(e, 'Green').map((l) => [l.kind, l.quantity])).toEqual([['usage', 2 * 10]]);
    expect(e.lines.filter((l) => l.resource === 'Green' && l.priceKey === 'elb.application.hour').map((l) => [l.kind, l.quantity])).toEqual([['usage', 10]]);
    expect(e.lines.filter((l) => l.resource === 'Green' && l.priceKey === 'ipv4.hour').map((l) => [l.kind, l.quantity])).toEqual([['usage', 3 * 10]]);
  });

  test('the plan\'s average instances apply to the live environment only', () => {
    const e = estimate(pair(), { capacity: { minInstances: 2, maxInstances: 6, averageInstances: 3 } });
    expect(ec2(e, 'Blue').map((l) => [l.kind, l.quantity])).toEqual([['fixed', 2 * HOURS], ['usage', 1 * HOURS]]);
    expect(ec2(e, 'Green').map((l) => [l.kind, l.quantity])).toEqual([['fixed', 2 * HOURS]]);
  });

  test('an unknown idle mode fails in the profile', () => {
    expect(() => parseUsageProfile({ lifecycle: { idle: 'asleep' } })).toThrow(/lifecycle\.idle: must be one of warm, scaled-down, stopped \(got "asleep"\)/);
  });
});
