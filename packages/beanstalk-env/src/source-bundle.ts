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

/**
 * The code of an application version: a zip file in S3.
 */
export abstract class SourceBundle {
  /**
   * A local directory (zipped at synth time) or a `.zip` file, uploaded as a
   * CDK asset.
   */
  public static fromAsset(path: string): SourceBundle {
    return new AssetSourceBundle(path);
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
  public constructor(private readonly path: string) {
    super();
  }

  public bind(scope: Construct): SourceBundleConfig {
    // An asset per version: the CDK uploads identical content once.
    const asset = new s3_assets.Asset(scope, 'SourceBundle', { path: this.path });
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
