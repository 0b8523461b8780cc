import { formatPreflightFindings, preflightFindings } from '@ebkit/testing';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BeanstalkApplication, BeanstalkEnvironment, DeploymentPolicy, EnvironmentType, Platform, ScalingTrigger, SharedLoadBalancer,
} from '../src';
import { testStack, testVpc } from './fixtures';

/**
 * cdk-preflight (enforce mode) over the package's constructs: its deploy-time
 * CloudFormation rules find nothing in what they build, and find a defect
 * planted through an escape hatch.
 */
describe('cdk-preflight', () => {
  test('finds nothing in environments (own and shared load balancer, single instance) and a shared load balancer', () => {
    const stack = testStack();
    const vpc = testVpc(stack);
    const application = new BeanstalkApplication(stack, 'App', { applicationName: 'shop' });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    new BeanstalkEnvironment(stack, 'Web', {
      application,
      vpc,
      platform: Platform.NODEJS_22,
      certificate,
      deploymentPolicy: DeploymentPolicy.TRAFFIC_SPLITTING,
      accessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs'),
      scalingTrigger: ScalingTrigger.cpu({ upperThreshold: 60, lowerThreshold: 20 }),
      spot: { onDemandBase: 1 },
    });
    const shared = new SharedLoadBalancer(stack, 'SharedAlb', { vpc, certificate });
    new BeanstalkEnvironment(stack, 'Api', {
      application,
      vpc,
      platform: Platform.NODEJS_22,
      sharedLoadBalancer: shared,
      sharedListenerRules: [{ name: 'api', hostHeaders: ['api.example.com'] }],
    });
    new BeanstalkEnvironment(stack, 'Dev', { application, vpc, platform: Platform.NODEJS_22, environmentType: EnvironmentType.SINGLE_INSTANCE });
    expect(formatPreflightFindings(preflightFindings(stack))).toBe('');
  });

  test('fails on a load balancer idle timeout planted through the escape hatch', () => {
    const stack = testStack();
    const vpc = testVpc(stack);
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const shared = new SharedLoadBalancer(stack, 'SharedAlb', { vpc, certificate });
    (shared.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer).addPropertyOverride('LoadBalancerAttributes.0',
      { Key: 'idle_timeout.timeout_seconds', Value: '5000' });
    expect(preflightFindings(stack).map((f) => `${f.ruleName} ${f.constructPath}`))
      .toContain('pf-elbv2-lb-idle-timeout-range Stack/SharedAlb/Resource/Resource');
  });
});
