import { Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ElasticBeanstalkHostedZones } from './elastic-beanstalk-hosted-zones';

/** Elastic Beanstalk's rule for CNAME prefixes: 4 to 63 letters, digits and hyphens, no hyphen at either end. */
const CNAME_PREFIX = /^[A-Za-z0-9](?:[A-Za-z0-9-]{2,61})[A-Za-z0-9]$/;

/**
 * An alias record target that points at an Elastic Beanstalk environment's stable CNAME,
 * `<cnamePrefix>.<region>.elasticbeanstalk.com`, in that region's Elastic Beanstalk hosted zone.
 *
 * Aliasing the CNAME (and not the environment's load balancer, `attrEndpointUrl`) is what
 * makes the record follow a blue/green CNAME swap: whichever environment holds the prefix
 * receives the traffic.
 */
export class BeanstalkEnvironmentTarget implements route53.IAliasRecordTarget {
  /**
   * Targets the environment that holds a CNAME prefix in a region.
   *
   * @param cnamePrefix the environment's CNAME prefix, e.g. `myapp-prod` (4 to 63 letters, digits, hyphens)
   * @param region the environment's region, e.g. `eu-west-1`; not a token
   */
  public static fromCnamePrefix(cnamePrefix: string, region: string): BeanstalkEnvironmentTarget {
    if (!Token.isUnresolved(cnamePrefix) && !CNAME_PREFIX.test(cnamePrefix)) {
      throw new Error(`cnamePrefix ('${cnamePrefix}') must be 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen`);
    }
    return new BeanstalkEnvironmentTarget(cnamePrefix, region, ElasticBeanstalkHostedZones.forRegion(region));
  }

  /** The environment's DNS name, `<cnamePrefix>.<region>.elasticbeanstalk.com`. */
  public readonly dnsName: string;

  /** The region's Elastic Beanstalk hosted zone id. */
  public readonly hostedZoneId: string;

  /** The CNAME prefix this target follows. */
  public readonly cnamePrefix: string;

  /** The environment's region. */
  public readonly region: string;

  private constructor(cnamePrefix: string, region: string, hostedZoneId: string) {
    this.cnamePrefix = cnamePrefix;
    this.region = region;
    this.hostedZoneId = hostedZoneId;
    this.dnsName = `${cnamePrefix}.${region}.elasticbeanstalk.com`;
  }

  public bind(_record: route53.IRecordSet, _zone?: route53.IHostedZone): route53.AliasRecordTargetConfig {
    return { dnsName: this.dnsName, hostedZoneId: this.hostedZoneId };
  }
}
