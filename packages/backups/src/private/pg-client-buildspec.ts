/**
 * The buildspec of the PostgreSQL client job: installs the PostgreSQL client
 * of the given major version from the PGDG apt repository (no Docker image to
 * build), reads the credentials from Secrets Manager and either streams
 * `pg_dump | gzip` to S3 under a timestamped key (MODE=dump) or runs a query
 * (MODE=verify, used by the restore drill). TLS is verified against the RDS CA bundle
 * (downloaded to `RDS_CA_BUNDLE`, default `/tmp/rds-ca.pem`).
 */
export function pgClientBuildSpec(): { [key: string]: any } {
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      install: {
        commands: [
          'apt-get update -y -qq',
          'apt-get install -y -qq --no-install-recommends postgresql-common ca-certificates curl jq gzip',
          '/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y',
          'apt-get install -y -qq --no-install-recommends "postgresql-client-${PG_MAJOR}"',
          'curl -fsSL https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem -o "${RDS_CA_BUNDLE:-/tmp/rds-ca.pem}"',
        ],
      },
      build: {
        commands: [
          [
            'set -euo pipefail',
            'SECRET="$(aws secretsmanager get-secret-value --secret-id "$DB_SECRET_ARN" --query SecretString --output text)"',
            'export PGUSER="$(jq -r .username <<<"$SECRET")"',
            'export PGPASSWORD="$(jq -r .password <<<"$SECRET")"',
            'unset SECRET',
            'export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGDATABASE="$DB_NAME"',
            'export PGSSLMODE=verify-full PGSSLROOTCERT="${RDS_CA_BUNDLE:-/tmp/rds-ca.pem}" PGCONNECT_TIMEOUT=30',
            'if [ "$MODE" = "verify" ]; then',
            '  RESULT="$(psql -v ON_ERROR_STOP=1 -At -c "$VERIFY_QUERY")"',
            '  echo "verification query returned: $RESULT"',
            '  if [ -z "$RESULT" ] || [ "$RESULT" = "0" ]; then echo "verification failed: empty result" >&2; exit 1; fi',
            'else',
            '  STAMP="$(date -u +%Y%m%dT%H%M%SZ)"',
            '  KEY="${PREFIX}${DB_NAME}/$(date -u +%Y/%m/%d)/${DB_NAME}-${STAMP}.sql.gz"',
            '  pg_dump --no-owner --no-privileges | gzip -6 | aws s3 cp - "s3://${BUCKET}/${KEY}" --expected-size "$EXPECTED_SIZE"',
            '  SIZE="$(aws s3api head-object --bucket "$BUCKET" --key "$KEY" --query ContentLength --output text)"',
            '  if [ "$SIZE" -lt 20 ]; then echo "dump s3://${BUCKET}/${KEY} is empty" >&2; exit 1; fi',
            '  echo "dump written to s3://${BUCKET}/${KEY} (${SIZE} bytes)"',
            'fi',
          ].join('\n'),
        ],
      },
    },
  };
}
