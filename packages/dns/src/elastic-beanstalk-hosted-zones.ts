import { Token } from 'aws-cdk-lib';

/**
 * Route 53 hosted zone ids of the `<region>.elasticbeanstalk.com` domains, one per region.
 *
 * Source: "AWS Elastic Beanstalk endpoints and quotas", AWS General Reference,
 * https://docs.aws.amazon.com/general/latest/gr/elasticbeanstalk.html (column
 * "Route 53 Hosted Zone ID"), checked 2026-11-25: 34 regions in the `aws` and `aws-us-gov`
 * partitions. Note that aws-cdk-lib 2.276's `RegionInfo.ebsEnvEndpointHostedZoneId` has wrong
 * values for ap-southeast-7 and eu-south-2 (each copied from the row above, aws/aws-cdk#38802)
 * and lacks me-central-1: this table does not use it.
 *
 * The China regions are left out on purpose: there Elastic Beanstalk environments live under
 * another domain and Route 53 supports Elastic Beanstalk aliases only in Ningxia, through the API.
 */
const HOSTED_ZONE_IDS: { [region: string]: string } = {
  'us-east-1': 'Z117KPS5GTRQ2G',
  'us-east-2': 'Z14LCN19Q5QHIC',
  'us-west-1': 'Z1LQECGX5PH1X',
  'us-west-2': 'Z38NKT9BP95V3O',
  'af-south-1': 'Z1EI3BVKMKK4AM',
  'ap-east-1': 'ZPWYUBWRU171A',
  'ap-south-1': 'Z18NTBI3Y7N9TZ',
  'ap-south-2': 'Z10223522IBWPBF2C2FJS',
  'ap-northeast-1': 'Z1R25G3KIG2GBW',
  'ap-northeast-2': 'Z3JE5OI70TWKCP',
  'ap-northeast-3': 'ZNE5GEY1TIAGY',
  'ap-southeast-1': 'Z16FZ9L249IFLT',
  'ap-southeast-2': 'Z2PCDNR3VC2G1N',
  'ap-southeast-3': 'Z05913172VM7EAZB40TA8',
  'ap-southeast-4': 'Z0666869LC74UHAO5YE4',
  'ap-southeast-5': 'Z01812971H0QCYWSL7WOH',
  'ap-southeast-6': 'Z01144401H1NECCLJDD4D',
  'ap-southeast-7': 'Z08384933QM5LSQCVMNZM',
  'ca-central-1': 'ZJFCZL7SSZB5I',
  'ca-west-1': 'Z1021028356Y0CYS11DQI',
  'eu-central-1': 'Z1FRNW7UH4DEZJ',
  'eu-central-2': 'Z00227012FSHBMZNNSJJI',
  'eu-north-1': 'Z23GO28BZ5AETM',
  'eu-south-1': 'Z10VDYYOA2JFKM',
  'eu-south-2': 'Z0243492AO4B9S3KI68O',
  'eu-west-1': 'Z2NYPWQ7DFZAZH',
  'eu-west-2': 'Z1GKAAAUGATPF1',
  'eu-west-3': 'Z5WN6GAYWG5OB',
  'il-central-1': 'Z02941091PERNCB1MI5H7',
  'me-central-1': 'Z0650511N84AAKGW7QUK',
  'me-south-1': 'Z2BBTEKR2I36N2',
  'sa-east-1': 'Z10X7K2B4QSOFV',
  'us-gov-east-1': 'Z35TSARG0EJ4VU',
  'us-gov-west-1': 'Z4KAURWC4UUUG',
};

/**
 * The Route 53 hosted zone id of Elastic Beanstalk environment domains
 * (`<cnamePrefix>.<region>.elasticbeanstalk.com`) in every region Elastic Beanstalk runs in,
 * as an alias record target needs it.
 *
 * Source: the AWS General Reference, "AWS Elastic Beanstalk endpoints and quotas",
 * checked 2026-11-25. The China regions are not covered.
 */
export class ElasticBeanstalkHostedZones {
  /**
   * The hosted zone id for a region, e.g. `Z117KPS5GTRQ2G` for `us-east-1`.
   *
   * @param region a region name such as `eu-west-1`; not a token
   * @throws if the region is a token or not a region Elastic Beanstalk is known to run in
   */
  public static forRegion(region: string): string {
    if (Token.isUnresolved(region)) {
      throw new Error('region (a token) must be a concrete region name such as \'eu-west-1\' to look up the Elastic Beanstalk hosted zone id: give the stack an explicit env.region or pass region');
    }
    const id = HOSTED_ZONE_IDS[region];
    if (id === undefined) {
      throw new Error(`region ('${region}') has no known Elastic Beanstalk hosted zone id: must be one of ${ElasticBeanstalkHostedZones.regions().join(', ')}`);
    }
    return id;
  }

  /** Whether the table has a hosted zone id for a region. */
  public static isKnownRegion(region: string): boolean {
    return !Token.isUnresolved(region) && HOSTED_ZONE_IDS[region] !== undefined;
  }

  /** Every region of the table, sorted. */
  public static regions(): string[] {
    return Object.keys(HOSTED_ZONE_IDS).sort();
  }

  private constructor() {}
}
