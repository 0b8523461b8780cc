import * as rds from 'aws-cdk-lib/aws-rds';

/**
 * A PostgreSQL engine version for RDS: the full version (e.g. `17.9`) and its
 * major version (e.g. `17`), from which the parameter group family
 * (`postgres17`) is derived.
 *
 * Use a constant such as `PostgresVersion.VER_17`, or `PostgresVersion.of()`
 * for a version this library does not name yet.
 */
export class PostgresVersion {
  /** PostgreSQL 16.13 (the same minor release set as 17.9 and 18.3). */
  public static readonly VER_16 = PostgresVersion.of('16.13', '16');

  /**
   * PostgreSQL 17.9, the current minor version of PostgreSQL 17 when this
   * library was released; the default engine of `PostgresDatabase`.
   * With auto minor version upgrade on (the default), RDS moves the instance to
   * later 17.x minors during the maintenance window.
   */
  public static readonly VER_17 = PostgresVersion.of('17.9', '17');

  /** PostgreSQL 18.3 (the same minor release set as 17.9). */
  public static readonly VER_18 = PostgresVersion.of('18.3', '18');

  /**
   * Creates a version from its full and major parts.
   *
   * @param fullVersion the full version, e.g. `17.9`
   * @param majorVersion the major version, e.g. `17`
   */
  public static of(fullVersion: string, majorVersion: string): PostgresVersion {
    const major = Number(majorVersion);
    if (!/^\d+$/.test(majorVersion) || major < 11) {
      throw new Error(`PostgresVersion: majorVersion ('${majorVersion}') must be a whole number, 11 or later`);
    }
    if (!new RegExp(`^${majorVersion}\\.\\d+(\\.\\d+)?(-[A-Za-z0-9]+)?$`).test(fullVersion)) {
      throw new Error(`PostgresVersion: fullVersion ('${fullVersion}') must be '${majorVersion}.<minor>' for majorVersion '${majorVersion}'`);
    }
    return new PostgresVersion(fullVersion, majorVersion);
  }

  /** The CDK engine version. */
  public readonly engineVersion: rds.PostgresEngineVersion;

  /** The full version, e.g. `17.9`. */
  public readonly fullVersion: string;

  /** The major version, e.g. `17`. */
  public readonly majorVersion: string;

  /** The DB parameter group family, e.g. `postgres17`. */
  public readonly parameterGroupFamily: string;

  private constructor(fullVersion: string, majorVersion: string) {
    this.fullVersion = fullVersion;
    this.majorVersion = majorVersion;
    this.engineVersion = rds.PostgresEngineVersion.of(fullVersion, majorVersion);
    this.parameterGroupFamily = `postgres${majorVersion}`;
  }

  /** The CDK instance engine for this version. */
  public engine(): rds.IInstanceEngine {
    return rds.DatabaseInstanceEngine.postgres({ version: this.engineVersion });
  }
}
