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
    const httpsRedirect = this.options.httpsRedirect ?? false;
    if (httpsRedirect && !fs.statSync(this.assetPath).isDirectory()) {
      throw new Error(`${scope.node.path}: sourceBundle ('${this.assetPath}') must be a directory for httpsRedirect `
        + `(add ${SourceBundle.HTTPS_REDIRECT_CONFIG_PATH} to the zip file instead)`);
    }
    const source = this.assetPath;
    // An asset per version: the CDK uploads identical content once.
    const asset = new s3_assets.Asset(scope, 'SourceBundle', {
      path: source,
      ...(httpsRedirect ? {
        bundling: {
          // Never pulled: the local bundler below always succeeds (no Docker).
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/busybox'),
          local: {
            tryBundle(outputDir: string): boolean {
              fs.cpSync(source, outputDir, { recursive: true });
              const config = path.join(outputDir, SourceBundle.HTTPS_REDIRECT_CONFIG_PATH);
              fs.mkdirSync(path.dirname(config), { recursive: true });
              fs.writeFileSync(config, SourceBundle.HTTPS_REDIRECT_CONFIG);
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
