import * as fs from 'fs';
import * as path from 'path';
import { DockerImage } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3_assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';

/** Where an application version's source bundle is stored. */
export interface SourceBundleConfig {
  /** The S3 bucket that holds the bundle. */
  readonly bucketName: string;
  /** The object key of the bundle (a zip file). */
  readonly objectKey: string;
}

/** Options of {@link SourceBundle.fromAsset}. */
export interface SourceBundleAssetOptions {
  /**
   * Add `.ebextensions/ebkit-https-redirect.config` to the bundle: it makes
   * the load balancer's port 80 listener answer every request with a 301
   * redirect to HTTPS (the mechanism the Elastic Beanstalk documentation gives
   * for application load balancers). Needs a directory (not a zip file) and an
   * environment with a certificate. Bundles built elsewhere (a pipeline) add
   * `SourceBundle.HTTPS_REDIRECT_CONFIG` at `SourceBundle.HTTPS_REDIRECT_CONFIG_PATH`.
   *
   * @default false
   */
  readonly httpsRedirect?: boolean;

  /**
   * Add `.ebextensions/ebkit-elb-health-check.config` to the bundle: the
   * environment's auto scaling group then replaces instances that fail the
   * load balancer's health check (`HealthCheckType: ELB`, the mechanism the
   * Elastic Beanstalk documentation gives; there is no option setting for
   * it), not only instances that fail EC2 status checks. Needs a directory
   * (not a zip file) and a load-balanced environment.
   *
   * @default false
   */
  readonly elbHealthCheck?: boolean;
}

/**
 * The code of an application version: a zip file in S3.
 */
export abstract class SourceBundle {
  /** Where the HTTP-to-HTTPS redirect configuration goes in a source bundle. */
  public static readonly HTTPS_REDIRECT_CONFIG_PATH = '.ebextensions/ebkit-https-redirect.config';

  /**
   * An `.ebextensions` configuration that replaces the default action of the
   * environment load balancer's port 80 listener with a permanent redirect to
   * HTTPS on port 443, keeping host, path and query.
   */
  public static readonly HTTPS_REDIRECT_CONFIG = [
    '# Added by @ebkit/beanstalk-env: HTTP requests to the load balancer are redirected to HTTPS.',
    'Resources:',
    '  AWSEBV2LoadBalancerListener:',
    '    Type: AWS::ElasticLoadBalancingV2::Listener',
    '    Properties:',
    '      LoadBalancerArn:',
    '        Ref: AWSEBV2LoadBalancer',
    '      Port: 80',
    '      Protocol: HTTP',
    '      DefaultActions:',
    '        - Type: redirect',
    '          RedirectConfig:',
    '            Host: "#{host}"',
    '            Path: "/#{path}"',
    '            Port: "443"',
    '            Protocol: "HTTPS"',
    '            Query: "#{query}"',
    '            StatusCode: "HTTP_301"',
    '',
  ].join('\n');

  /** Where the auto scaling health check configuration goes in a source bundle. */
  public static readonly ELB_HEALTH_CHECK_CONFIG_PATH = '.ebextensions/ebkit-elb-health-check.config';

  /**
   * An `.ebextensions` configuration that makes the environment's auto scaling
   * group use the load balancer's health check (5 minutes of grace after launch).
   */
  public static readonly ELB_HEALTH_CHECK_CONFIG = [
    '# Added by @ebkit/beanstalk-env: instances failing the load balancer health check are replaced.',
    'Resources:',
    '  AWSEBAutoScalingGroup:',
    '    Type: "AWS::AutoScaling::AutoScalingGroup"',
    '    Properties:',
    '      HealthCheckType: ELB',
    '      HealthCheckGracePeriod: 300',
    '',
  ].join('\n');

  /**
   * A local directory (zipped at synth time) or a `.zip` file, uploaded as a
   * CDK asset.
   */
  public static fromAsset(assetPath: string, options: SourceBundleAssetOptions = {}): SourceBundle {
    return new AssetSourceBundle(assetPath, options);
  }

  /** A zip file already in S3. */
  public static fromBucket(bucket: s3.IBucket, key: string): SourceBundle {
    return new BucketSourceBundle(bucket, key);
  }

  /**
   * Makes the bundle available to an application version defined in `scope`.
   */
  public abstract bind(scope: Construct): SourceBundleConfig;
}

class AssetSourceBundle extends SourceBundle {
  public constructor(private readonly assetPath: string, private readonly options: SourceBundleAssetOptions) {
    super();
  }

  public bind(scope: Construct): SourceBundleConfig {
    const configs: { [file: string]: string } = {};
    if (this.options.httpsRedirect ?? false) {
      configs[SourceBundle.HTTPS_REDIRECT_CONFIG_PATH] = SourceBundle.HTTPS_REDIRECT_CONFIG;
    }
    if (this.options.elbHealthCheck ?? false) {
      configs[SourceBundle.ELB_HEALTH_CHECK_CONFIG_PATH] = SourceBundle.ELB_HEALTH_CHECK_CONFIG;
    }
    const files = Object.keys(configs);
    if (files.length > 0 && !fs.statSync(this.assetPath).isDirectory()) {
      const props = [this.options.httpsRedirect ? 'httpsRedirect' : undefined, this.options.elbHealthCheck ? 'elbHealthCheck' : undefined];
      throw new Error(`${scope.node.path}: sourceBundle ('${this.assetPath}') must be a directory for ${props.filter(Boolean).join(' and ')} `
        + `(add ${files.join(' and ')} to the zip file instead)`);
    }
    const source = this.assetPath;
    // An asset per version: the CDK uploads identical content once.
    const asset = new s3_assets.Asset(scope, 'SourceBundle', {
      path: source,
      ...(files.length > 0 ? {
        bundling: {
          // Never pulled: the local bundler below always succeeds (no Docker).
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/busybox'),
          local: {
            tryBundle(outputDir: string): boolean {
              fs.cpSync(source, outputDir, { recursive: true });
              for (const [file, content] of Object.entries(configs)) {
                const config = path.join(outputDir, file);
                fs.mkdirSync(path.dirname(config), { recursive: true });
                fs.writeFileSync(config, content);
              }
              return true;
            },
          },
        },
      } : {}),
    });
    return { bucketName: asset.s3BucketName, objectKey: asset.s3ObjectKey };
  }
}

class BucketSourceBundle extends SourceBundle {
  public constructor(private readonly bucket: s3.IBucket, private readonly key: string) {
    super();
  }

  public bind(_scope: Construct): SourceBundleConfig {
    return { bucketName: this.bucket.bucketName, objectKey: this.key };
  }
}
