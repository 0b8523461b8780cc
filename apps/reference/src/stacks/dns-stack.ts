import { AppDomain } from '@ebkit/dns';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { ReferenceConfig } from '../config';

export interface DnsStackProps extends StackProps {
  readonly config: ReferenceConfig;
}

/**
 * The hosted zone, the apex and www aliases to the stable production CNAME
 * (they follow every blue/green swap), and the certificate the load
 * balancers serve.
 */
export class DnsStack extends Stack {
  public readonly domain: AppDomain;
  public readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: DnsStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.domain = new AppDomain(this, 'Domain', {
      domainName: config.domainName,
      cnamePrefix: config.productionCnamePrefix,
    });
    this.certificate = this.domain.certificate!;
  }
}
