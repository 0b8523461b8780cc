/**
 * (The same dated list as @ebkit/backups' src/private/rds-offerings.ts: keep the two in step.)
 *
 * What RDS for PostgreSQL offers, as a dated list checked at synth time: the
 * engine versions a new instance (or a restore) can use, and the instance
 * classes. Newer minor versions than the list knows are accepted (RDS adds
 * them every quarter); versions RDS no longer lets you create are refused.
 *
 * As of 2026-12-04. Sources:
 * - Release calendar for Amazon RDS for PostgreSQL:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 * - The deprecation of minor versions 14.14-14.17, 15.9-15.12, 16.5-16.8 and 17.1-17.4 (no new
 *   instances since 2026-05-01, upgraded from 2026-05-31), as announced by AWS and summarized in
 *   https://lucaberton.com/blog/aws-rds-postgresql-minor-version-deprecation-may-2026/
 * - Overview of Amazon RDS Extended Support (new instances of a major version past its end of
 *   standard support are enrolled in Extended Support, and charged for it):
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-overview.html
 * - Supported DB engines for DB instance classes:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html
 */
export const RDS_POSTGRES_OFFERINGS_AS_OF = '2026-12-04';

/**
 * The oldest minor version of each major version that RDS still creates
 * instances of. Majors 11 to 13 are past their end of standard support: new
 * instances are enrolled in (charged) RDS Extended Support; 11.22 and 12.22
 * are their final community releases, 13's minors are not bounded here.
 */
export const OLDEST_OFFERED_MINOR: { [major: string]: number } = {
  11: 22, 12: 22, 13: 0, 14: 18, 15: 13, 16: 9, 17: 5, 18: 1,
};

/** Instance class families of RDS for PostgreSQL, with the sizes each offers. */
const BURSTABLE_SIZES = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
const STANDARD_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge', '48xlarge'];
export const POSTGRES_INSTANCE_CLASSES: { [family: string]: string[] } = {
  t3: BURSTABLE_SIZES,
  t4g: BURSTABLE_SIZES,
  ...Object.fromEntries([
    'm5', 'm5d', 'm6g', 'm6gd', 'm6i', 'm6id', 'm6idn', 'm6in', 'm7g', 'm7i', 'm8g', 'm8gd',
    'r5', 'r5b', 'r5d', 'r6g', 'r6gd', 'r6i', 'r6id', 'r6idn', 'r6in', 'r7g', 'r7i', 'r8g', 'r8gd',
    'x2g', 'x2idn', 'x2iedn',
  ].map((family) => [family, STANDARD_SIZES])),
};

/** Why RDS for PostgreSQL does not offer this engine version, or undefined when it does. */
export function engineVersionProblem(fullVersion: string): string | undefined {
  // a major version alone (e.g. CDK's PostgresEngineVersion.VER_17) lets RDS pick its default minor
  const m = /^(\d+)(?:\.(\d+))?/.exec(fullVersion);
  if (!m) {
    return 'must be a PostgreSQL version <major>.<minor> or <major>, e.g. 17.9';
  }
  const [major, minor] = [m[1], m[2] === undefined ? Infinity : Number(m[2])];
  const oldest = OLDEST_OFFERED_MINOR[major];
  const majors = Object.keys(OLDEST_OFFERED_MINOR).join(', ');
  if (oldest === undefined) {
    return `is not a PostgreSQL major version that RDS offers (${majors}; list of ${RDS_POSTGRES_OFFERINGS_AS_OF})`;
  }
  if (minor < oldest) {
    return `is no longer offered by RDS: the oldest PostgreSQL ${major} minor version it creates is ${major}.${oldest} (list of ${RDS_POSTGRES_OFFERINGS_AS_OF})`;
  }
  return undefined;
}

/** Why RDS for PostgreSQL does not offer this instance class (without `db.`), or undefined when it does. */
export function instanceClassProblem(instanceClass: string): string | undefined {
  const [family, size, ...rest] = instanceClass.split('.');
  const sizes = POSTGRES_INSTANCE_CLASSES[family];
  if (!sizes || size === undefined || rest.length > 0) {
    return `must be an instance class that RDS for PostgreSQL offers (families ${Object.keys(POSTGRES_INSTANCE_CLASSES).join(', ')}; list of ${RDS_POSTGRES_OFFERINGS_AS_OF})`;
  }
  if (!sizes.includes(size)) {
    return `is not a size of db.${family} (${sizes.join(', ')}; list of ${RDS_POSTGRES_OFFERINGS_AS_OF})`;
  }
  return undefined;
}
