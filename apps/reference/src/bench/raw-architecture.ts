/**
 * The reference architecture written directly with aws-cdk-lib resources, the
 * way a team would without ebkit: the benchmark's comparison app. It builds
 * the same stacks and the same kinds of resources, without ebkit's
 * validation, option catalog or defaults.
 */
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eb from 'aws-cdk-lib/aws-elasticbeanstalk';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { ReferenceConfig } from '../config';

const SAMPLE_APP_DIR = path.join(__dirname, '..', '..', 'sample-app');

export class RawArchitecture {
  constructor(scope: Construct, config: ReferenceConfig) {
    const env = { account: config.account, region: config.region };

    // network
    const network = new Stack(scope, 'Network', { env, stackName: `${config.name}-raw-network` });
    const vpc = new ec2.Vpc(network, 'Vpc', {
      availabilityZones: config.availabilityZones,
      natGateways: config.natGateways,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(network, 'FlowLogs')) } },
    });
    const appSg = new ec2.SecurityGroup(network, 'AppSecurityGroup', { vpc });

    // data
    const data = new Stack(scope, 'Data', { env, stackName: `${config.name}-raw-data` });
    const db = new rds.DatabaseInstance(data, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: new ec2.InstanceType(config.databaseInstanceType),
      multiAz: config.multiAz,
      allocatedStorage: config.databaseStorageGiB,
      maxAllocatedStorage: config.databaseMaxStorageGiB,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      backupRetention: Duration.days(config.backupRetentionDays),
      databaseName: 'app',
      credentials: rds.Credentials.fromGeneratedSecret('postgres'),
      parameterGroup: new rds.ParameterGroup(data, 'Parameters', {
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
        parameters: { 'rds.force_ssl': '1' },
      }),
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
    });
    db.connections.allowDefaultPortFrom(appSg);

    // dns
    const dns = new Stack(scope, 'Dns', { env, stackName: `${config.name}-raw-dns` });
    const zone = new route53.PublicHostedZone(dns, 'Zone', { zoneName: config.domainName });
    const target = route53.RecordTarget.fromAlias({
      bind: () => ({ dnsName: `${config.productionCnamePrefix}.${config.region}.elasticbeanstalk.com`, hostedZoneId: 'Z117KPS5GTRQ2G' }),
    });
    for (const name of [undefined, 'www']) {
      new route53.ARecord(dns, `A${name ?? 'Apex'}`, { zone, recordName: name, target });
      new route53.AaaaRecord(dns, `Aaaa${name ?? 'Apex'}`, { zone, recordName: name, target });
    }
    const certificate = new acm.Certificate(dns, 'Certificate', {
      domainName: config.domainName,
      subjectAlternativeNames: [`www.${config.domainName}`],
      validation: acm.CertificateValidation.fromDns(zone),
    });

    // app
    const app = new Stack(scope, 'App', { env, stackName: `${config.name}-raw-app` });
    const application = new eb.CfnApplication(app, 'Application', { applicationName: `${config.name}-raw-web` });
    const bundle = new s3assets.Asset(app, 'Bundle', { path: SAMPLE_APP_DIR });
    const version = new eb.CfnApplicationVersion(app, 'Version', {
      applicationName: application.ref,
      sourceBundle: { s3Bucket: bundle.s3BucketName, s3Key: bundle.s3ObjectKey },
    });
    const instanceRole = new iam.Role(app, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSElasticBeanstalkWebTier')],
    });
    db.secret!.grantRead(instanceRole);
    const profile = new iam.CfnInstanceProfile(app, 'InstanceProfile', { roles: [instanceRole.roleName] });
    const serviceRole = new iam.Role(app, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('elasticbeanstalk.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSElasticBeanstalkEnhancedHealth'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy'),
      ],
    });
    const setting = (namespace: string, optionName: string, value: string) => ({ namespace, optionName, value });
    for (const [id, prefix] of [['Blue', config.productionCnamePrefix], ['Green', `${config.productionCnamePrefix}-staging`]]) {
      const env_ = new eb.CfnEnvironment(app, id, {
        applicationName: application.ref,
        environmentName: `${config.name}-raw-${id.toLowerCase()}`,
        cnamePrefix: prefix,
        solutionStackName: '64bit Amazon Linux 2023 v6.6.4 running Node.js 22',
        versionLabel: version.ref,
        optionSettings: [
          setting('aws:elasticbeanstalk:environment', 'LoadBalancerType', 'application'),
          setting('aws:elasticbeanstalk:environment', 'ServiceRole', serviceRole.roleArn),
          setting('aws:autoscaling:launchconfiguration', 'IamInstanceProfile', profile.ref),
          setting('aws:autoscaling:launchconfiguration', 'SecurityGroups', appSg.securityGroupId),
          setting('aws:autoscaling:launchconfiguration', 'DisableIMDSv1', 'true'),
          setting('aws:autoscaling:asg', 'MinSize', String(config.minInstances)),
          setting('aws:autoscaling:asg', 'MaxSize', String(config.maxInstances)),
          setting('aws:ec2:instances', 'InstanceTypes', config.instanceTypes.join(',')),
          setting('aws:ec2:vpc', 'VPCId', vpc.vpcId),
          setting('aws:ec2:vpc', 'Subnets', vpc.privateSubnets.map((s) => s.subnetId).join(',')),
          setting('aws:ec2:vpc', 'ELBSubnets', vpc.publicSubnets.map((s) => s.subnetId).join(',')),
          setting('aws:ec2:vpc', 'AssociatePublicIpAddress', 'false'),
          setting('aws:elasticbeanstalk:environment:process:default', 'HealthCheckPath', '/health'),
          setting('aws:elbv2:listener:443', 'Protocol', 'HTTPS'),
          setting('aws:elbv2:listener:443', 'SSLCertificateArns', certificate.certificateArn),
          setting('aws:elasticbeanstalk:application:environment', 'DB_HOST', db.dbInstanceEndpointAddress),
          setting('aws:elasticbeanstalk:application:environment', 'DB_PORT', db.dbInstanceEndpointPort),
          setting('aws:elasticbeanstalk:application:environment', 'DB_NAME', 'app'),
          setting('aws:elasticbeanstalk:application:environmentsecrets', 'DB_SECRET', db.secret!.secretArn),
        ],
      });
      env_.addDependency(version);
    }

    // backups
    const backups = new Stack(scope, 'Backups', { env, stackName: `${config.name}-raw-backups` });
    const bucket = new s3.Bucket(backups, 'BackupBucket', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{
        transitions: [
          { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          { storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) },
        ],
        noncurrentVersionExpiration: Duration.days(365),
      }],
    });
    const plan = backup.BackupPlan.daily35DayRetention(backups, 'BackupPlan');
    plan.addSelection('Selection', {
      resources: [backup.BackupResource.fromRdsDatabaseInstance(db), backup.BackupResource.fromArn(bucket.bucketArn)],
    });

    // pipeline
    const pipelineStack = new Stack(scope, 'Pipeline', { env, stackName: `${config.name}-raw-pipeline` });
    const sourceBucket = new s3.Bucket(pipelineStack, 'SourceBucket', {
      versioned: true,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    const source = new codepipeline.Artifact('Source');
    const built = new codepipeline.Artifact('Built');
    const swap = new lambda.Function(pipelineStack, 'Swap', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      timeout: Duration.minutes(1),
    });
    swap.addToRolePolicy(new iam.PolicyStatement({
      actions: ['elasticbeanstalk:SwapEnvironmentCNAMEs', 'elasticbeanstalk:DescribeEnvironments'],
      resources: ['*'],
    }));
    new codepipeline.Pipeline(pipelineStack, 'Pipeline', {
      pipelineType: codepipeline.PipelineType.V2,
      stages: [
        { stageName: 'Source', actions: [new actions.S3SourceAction({ actionName: 'Source', bucket: sourceBucket, bucketKey: 'source.zip', output: source })] },
        {
          stageName: 'Build',
          actions: [new actions.CodeBuildAction({
            actionName: 'Build',
            input: source,
            outputs: [built],
            project: new codebuild.PipelineProject(pipelineStack, 'Build', {
              buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['npm ci', 'npm test'] } }, artifacts: { files: ['**/*'] } }),
            }),
          })],
        },
        {
          stageName: 'DeployIdle',
          actions: [new actions.ElasticBeanstalkDeployAction({
            actionName: 'Deploy', input: built, applicationName: `${config.name}-raw-web`, environmentName: `${config.name}-raw-green`,
          })],
        },
        { stageName: 'Swap', actions: [new actions.LambdaInvokeAction({ actionName: 'Swap', lambda: swap })] },
      ],
    });
  }
}
