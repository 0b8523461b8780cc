"""The reference architecture written in Python with the ebkit bindings.

It builds exactly what apps/reference/src/reference-architecture.ts builds with
the default (production) configuration, so that test_parity.py can compare the
two apps' templates.

Usage: python reference_app.py OUTDIR
"""
from __future__ import annotations

import os
import sys

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from ebkit.backups import AppBackupPlan, BackupBucket, PgDumpBackup, RestoreDrill
from ebkit.beanstalk_env import (
    BeanstalkApplication,
    BeanstalkApplicationVersion,
    DeploymentPolicy,
    Platform,
    SourceBundle,
    SourceBundleAssetOptions,
    UpdateLevel,
)
from ebkit.blue_green_pipeline import BlueGreenEnvironments, BlueGreenPipeline
from ebkit.dns import AppDomain
from ebkit.rds_postgres import PostgresDatabase

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SAMPLE_APP_DIR = os.path.join(REPO, 'apps', 'reference', 'sample-app')

# apps/reference/src/config.ts: productionConfig({})
CONFIG = dict(
    name='ebkit',
    account='123456789012',
    region='us-east-1',
    availability_zones=['us-east-1a', 'us-east-1b'],
    nat_gateways=2,
    domain_name='example.com',
    production_cname_prefix='ebkit-reference-prod',
    instance_types=['t3.small'],
    min_instances=2,
    max_instances=6,
    database_instance_type='t4g.medium',
    multi_az=True,
    database_storage_gib=50,
    database_max_storage_gib=200,
    backup_retention_days=14,
    database_rotation_days=30,
    alarm_emails=['ops@example.com'],
    backup_daily_retention_days=35,
    backup_weekly_retention_days=90,
    backup_monthly_retention_days=365,
    backup_vault_lock_min_retention_days=7,
    logical_dump_schedule='cron(0 2 * * ? *)',
    restore_drill_schedule='cron(0 6 ? * MON *)',
    manual_approval=True,
    approval_emails=['releases@example.com'],
)


class NetworkStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        flow_logs_key = kms.Key(self, 'FlowLogsKey', description='Encrypts the VPC flow logs', enable_key_rotation=True)
        flow_logs = logs.LogGroup(self, 'FlowLogs', retention=logs.RetentionDays.ONE_YEAR, encryption_key=flow_logs_key)
        self.vpc = ec2.Vpc(
            self, 'Vpc',
            availability_zones=CONFIG['availability_zones'],
            nat_gateways=CONFIG['nat_gateways'],
            subnet_configuration=[
                ec2.SubnetConfiguration(name='Public', subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24,
                                        map_public_ip_on_launch=False),
                ec2.SubnetConfiguration(name='App', subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS, cidr_mask=22),
                ec2.SubnetConfiguration(name='Data', subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=24),
            ],
            flow_logs={'all': ec2.FlowLogOptions(
                destination=ec2.FlowLogDestination.to_cloud_watch_logs(flow_logs),
                traffic_type=ec2.FlowLogTrafficType.ALL,
            )},
            restrict_default_security_group=True,
        )
        provider = self.node.try_find_child('Custom::VpcRestrictDefaultSGCustomResourceProvider')
        handler = provider.node.try_find_child('Handler') if provider else None
        if handler is not None:
            handler.add_metadata('checkov', {'skip': [
                {'id': 'CKV_AWS_117', 'comment': 'a deploy-time custom resource handler that only calls the EC2 API; it needs no VPC access'},
                {'id': 'CKV_AWS_115', 'comment': 'runs once per deployment of this stack; a concurrency limit would only make deploys fail'},
            ]})
        self.app_security_group = ec2.SecurityGroup(
            self, 'AppSecurityGroup', vpc=self.vpc,
            description='Elastic Beanstalk app servers (blue and green); trusted by the database',
            allow_all_outbound=True,
        )

    @property
    def availability_zones(self) -> list[str]:
        return CONFIG['availability_zones']


class DataStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, vpc, app_security_group, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        alarm_key = kms.Key(
            self, 'AlarmTopicKey',
            description='Encrypts the alarm notifications of the reference architecture',
            enable_key_rotation=True,
        )
        # CloudWatch alarms and EventBridge rules (failed backup jobs) publish to the encrypted topic.
        alarm_key.add_to_resource_policy(iam.PolicyStatement(
            principals=[iam.ServicePrincipal('cloudwatch.amazonaws.com'), iam.ServicePrincipal('events.amazonaws.com')],
            actions=['kms:Decrypt', 'kms:GenerateDataKey*'],
            resources=['*'],
            conditions={'StringEquals': {'aws:SourceAccount': self.account}},
        ))
        alarm_topic = sns.Topic(
            self, 'AlarmTopic',
            display_name=f"{CONFIG['name']} alarms",
            master_key=alarm_key,
            enforce_ssl=True,
        )
        for email in CONFIG['alarm_emails']:
            alarm_topic.add_subscription(subscriptions.EmailSubscription(email))
        self.alarm_topic = alarm_topic

        self.database = PostgresDatabase(
            self, 'Database',
            vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            instance_type=ec2.InstanceType(CONFIG['database_instance_type']),
            multi_az=CONFIG['multi_az'],
            allocated_storage=CONFIG['database_storage_gib'],
            max_allocated_storage=CONFIG['database_max_storage_gib'],
            backup_retention=cdk.Duration.days(CONFIG['backup_retention_days']),
            deletion_protection=True,
            removal_policy=cdk.RemovalPolicy.SNAPSHOT,
            rotation=True,
            rotation_schedule=cdk.Duration.days(CONFIG['database_rotation_days']),
            iam_authentication=True,
            performance_insights=True,
            log_retention=logs.RetentionDays.ONE_YEAR,
            alarms=True,
            alarm_topic=alarm_topic,
        )
        self.database.allow_connections_from(app_security_group)


class DnsStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        self.domain = AppDomain(
            self, 'Domain',
            domain_name=CONFIG['domain_name'],
            cname_prefix=CONFIG['production_cname_prefix'],
        )
        self.certificate = self.domain.certificate


class AppStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, vpc, app_security_group, database, certificate, alarm_topic,
                 **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        self.application = BeanstalkApplication(
            self, 'Application', application_name=f"{CONFIG['name']}-web", max_version_count=50,
        )
        version = BeanstalkApplicationVersion(
            self, 'SampleAppVersion',
            application=self.application,
            source_bundle=SourceBundle.from_asset(SAMPLE_APP_DIR, https_redirect=True),
            description='ebkit sample app',
        )
        self.environments = BlueGreenEnvironments(
            self, 'Environments',
            application=self.application,
            production_cname_prefix=CONFIG['production_cname_prefix'],
            vpc=vpc,
            platform=Platform.NODEJS_22,
            instance_types=[ec2.InstanceType(t) for t in CONFIG['instance_types']],
            min_instances=CONFIG['min_instances'],
            max_instances=CONFIG['max_instances'],
            health_check_path='/health',
            security_group=app_security_group,
            certificate=certificate,
            deployment_policy=DeploymentPolicy.IMMUTABLE,
            managed_update_window='Sun:03:00',
            managed_update_level=UpdateLevel.MINOR,
            log_retention=logs.RetentionDays.ONE_YEAR,
            environment_variables=database.connection_environment(),
            environment_secrets=database.secret_environment(),
            version=version,
            alarm_topic=alarm_topic,
        )


class BackupsStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, vpc, database, alarm_topic, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        self.bucket = BackupBucket(self, 'BackupBucket')
        self.plan = AppBackupPlan(
            self, 'BackupPlan',
            databases=[database.instance],
            buckets=[self.bucket.bucket],
            daily_retention=cdk.Duration.days(CONFIG['backup_daily_retention_days']),
            weekly_retention=cdk.Duration.days(CONFIG['backup_weekly_retention_days']),
            monthly_retention=cdk.Duration.days(CONFIG['backup_monthly_retention_days']),
            vault_lock_min_retention=cdk.Duration.days(CONFIG['backup_vault_lock_min_retention_days']),
            notification_topic=alarm_topic,
        )

        # The database's secret and key live in the data stack: PgDumpBackup and RestoreDrill grant
        # them in their own roles' policies, so the data stack's key policy names nothing of this one.
        self.pg_dump = PgDumpBackup(
            self, 'PgDump',
            vpc=vpc,
            database_host=database.endpoint_address,
            database_port=database.port,
            database_name=database.database_name,
            database_secret=database.secret,
            database=database,
            bucket=self.bucket.bucket,
            schedule=events.Schedule.expression(CONFIG['logical_dump_schedule']),
            postgres_major_version=database.version.major_version,
            alarm_topic=alarm_topic,
        )

        self.restore_drill = RestoreDrill(
            self, 'RestoreDrill',
            vpc=vpc,
            database=database.instance,
            database_key=database.encryption_key,
            pg_dump_backup=self.pg_dump,
            schedule=events.Schedule.expression(CONFIG['restore_drill_schedule']),
            alarm_topic=alarm_topic,
        )


class PipelineStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, environments, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        self.pipeline = BlueGreenPipeline(
            self, 'Pipeline',
            environments=environments,
            manual_approval=CONFIG['manual_approval'],
            approval_emails=CONFIG['approval_emails'],
        )


def build(app: cdk.App) -> None:
    env = cdk.Environment(account=CONFIG['account'], region=CONFIG['region'])
    name = lambda stack: f"{CONFIG['name']}-{stack}"  # noqa: E731
    network = NetworkStack(app, 'Network', env=env, stack_name=name('network'))
    data = DataStack(app, 'Data', env=env, stack_name=name('data'), vpc=network.vpc,
                     app_security_group=network.app_security_group, termination_protection=True)
    dns = DnsStack(app, 'Dns', env=env, stack_name=name('dns'))
    app_stack = AppStack(app, 'App', env=env, stack_name=name('app'), vpc=network.vpc,
                         app_security_group=network.app_security_group, database=data.database,
                         certificate=dns.certificate, alarm_topic=data.alarm_topic)
    BackupsStack(app, 'Backups', env=env, stack_name=name('backups'), vpc=network.vpc, database=data.database,
                 alarm_topic=data.alarm_topic, termination_protection=True)
    PipelineStack(app, 'Pipeline', env=env, stack_name=name('pipeline'), environments=app_stack.environments)


def main(argv: list[str]) -> int:
    outdir = argv[1] if len(argv) > 1 else 'cdk.out'
    app = cdk.App(outdir=outdir)
    build(app)
    app.synth()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
