import { Lazy } from 'aws-cdk-lib';
import { ElasticBeanstalkHostedZones } from '../src';

describe('ElasticBeanstalkHostedZones', () => {
  test.each([
    // from the AWS General Reference, "AWS Elastic Beanstalk endpoints and quotas"
    ['us-east-1', 'Z117KPS5GTRQ2G'],
    ['eu-west-1', 'Z2NYPWQ7DFZAZH'],
    ['me-central-1', 'Z0650511N84AAKGW7QUK'],
    ['us-gov-west-1', 'Z4KAURWC4UUUG'],
    // aws-cdk-lib's RegionInfo has the ids of ap-northeast-1 and eu-north-1 for these two
    ['ap-southeast-7', 'Z08384933QM5LSQCVMNZM'],
    ['eu-south-2', 'Z0243492AO4B9S3KI68O'],
  ])('gives the hosted zone id of %s', (region, id) => {
    expect(ElasticBeanstalkHostedZones.forRegion(region)).toBe(id);
  });

  test('covers the 34 regions of the AWS General Reference table', () => {
    expect(ElasticBeanstalkHostedZones.regions()).toHaveLength(34);
  });

  test('has a different hosted zone id in every region', () => {
    const ids = ElasticBeanstalkHostedZones.regions().map((r) => ElasticBeanstalkHostedZones.forRegion(r));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('knows which regions it covers', () => {
    expect(ElasticBeanstalkHostedZones.isKnownRegion('eu-central-2')).toBe(true);
    expect(ElasticBeanstalkHostedZones.isKnownRegion('cn-north-1')).toBe(false);
  });

  test('fails when the region is unknown', () => {
    expect(() => ElasticBeanstalkHostedZones.forRegion('mars-north-1'))
      .toThrow(/region \('mars-north-1'\) has no known Elastic Beanstalk hosted zone id: must be one of af-south-1, /);
  });

  test('fails when the region is a token', () => {
    const region = Lazy.string({ produce: () => 'us-east-1' });
    expect(() => ElasticBeanstalkHostedZones.forRegion(region)).toThrow(/must be a concrete region name/);
  });
});
