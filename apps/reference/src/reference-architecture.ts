import { Construct } from 'constructs';
import { ReferenceConfig } from './config';
import { AppStack } from './stacks/app-stack';
import { BackupsStack } from './stacks/backups-stack';
import { DataStack } from './stacks/data-stack';
import { DnsStack } from './stacks/dns-stack';
import { NetworkStack } from './stacks/network-stack';
import { PipelineStack } from './stacks/pipeline-stack';

/**
 * The whole architecture as six stacks with their own lifecycles: stateful
 * ones (data, backups, dns) apart from stateless ones (network, app,
 * pipeline).
 */
export class ReferenceArchitecture {
  public readonly network: NetworkStack;
  public readonly data: DataStack;
  public readonly dns: DnsStack;
  public readonly app: AppStack;
  public readonly backups: BackupsStack;
  public readonly pipeline: PipelineStack;

  constructor(scope: Construct, config: ReferenceConfig) {
    const env = { account: config.account, region: config.region };
    const name = (stack: string) => `${config.name}-${stack}`;

    this.network = new NetworkStack(scope, 'Network', { env, config, stackName: name('network') });
    this.data = new DataStack(scope, 'Data', {
      env,
      config,
      stackName: name('data'),
      vpc: this.network.vpc,
      appSecurityGroup: this.network.appSecurityGroup,
      terminationProtection: true,
    });
    this.dns = new DnsStack(scope, 'Dns', { env, config, stackName: name('dns') });
    this.app = new AppStack(scope, 'App', {
      env,
      config,
      stackName: name('app'),
      vpc: this.network.vpc,
      appSecurityGroup: this.network.appSecurityGroup,
      database: this.data.database,
      certificate: this.dns.certificate,
      alarmTopic: this.data.alarmTopic,
    });
    this.backups = new BackupsStack(scope, 'Backups', {
      env,
      config,
      stackName: name('backups'),
      vpc: this.network.vpc,
      database: this.data.database,
      alarmTopic: this.data.alarmTopic,
      terminationProtection: true,
    });
    this.pipeline = new PipelineStack(scope, 'Pipeline', {
      env,
      config,
      stackName: name('pipeline'),
      environments: this.app.environments,
    });
  }
}
