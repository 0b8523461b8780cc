import { pgClientBuildSpec } from '../../src/private/pg-client-buildspec';

describe('pgClientBuildSpec', () => {
  const spec = pgClientBuildSpec();
  const install = spec.phases.install.commands.join('\n');
  const build = spec.phases.build.commands.join('\n');

  test('installs the PostgreSQL client of the requested major version from the PGDG repository', () => {
    expect(install).toMatch(/apt\.postgresql\.org\.sh -y/);
    expect(install).toMatch(/postgresql-client-\$\{PG_MAJOR\}/);
  });

  test('verifies the server certificate against the RDS CA bundle', () => {
    expect(install).toMatch(/truststore\.pki\.rds\.amazonaws\.com\/global\/global-bundle\.pem/);
    expect(install).toMatch(/-o "\$\{RDS_CA_BUNDLE:-\/tmp\/rds-ca\.pem\}"/);
    expect(build).toMatch(/PGSSLMODE=verify-full PGSSLROOTCERT="\$\{RDS_CA_BUNDLE:-\/tmp\/rds-ca\.pem\}"/);
  });

  test('reads the credentials from Secrets Manager, never from plain variables', () => {
    expect(build).toMatch(/aws secretsmanager get-secret-value --secret-id "\$DB_SECRET_ARN"/);
    expect(build).toMatch(/PGPASSWORD="\$\(jq -r \.password/);
  });

  test('streams pg_dump through gzip to a temporary key, then publishes it under a timestamped key with a manifest', () => {
    expect(spec.env.shell).toBe('bash');
    expect(build).toMatch(/set -euo pipefail/);
    expect(build).toMatch(/pg_dump --no-owner --no-privileges \\\n {2}\| tee "\$WORK\/sql\.fifo" \\\n {2}\| gzip -6 \\\n {2}\| tee "\$WORK\/gz\.fifo" \\\n {2}\| aws s3 cp - "s3:\/\/\$\{BUCKET\}\/\$\{TMP_KEY\}"/);
    expect(build).toMatch(/BASE="\$\{PREFIX\}\$\{DB_NAME\}\/\$\(date -u \+%Y\/%m\/%d\)\/\$\{DB_NAME\}-\$\{STAMP\}"/);
    expect(build).toMatch(/KEY="\$\{BASE\}\.sql\.gz"\nMANIFEST_KEY="\$\{BASE\}\.manifest\.json"/);
    expect(build).toMatch(/trap on_exit EXIT/);
    // the shell's own ${...}, not JavaScript's: no placeholder left behind
    expect(build).not.toMatch(/@\{|@@COUNT_AWK@@/);
  });

  test('runs the drill in drill mode: the check query, the latest manifest, the row counts, a report', () => {
    expect(build).toMatch(/if \[ "\$MODE" = "drill" \]; then/);
    expect(build).toMatch(/select\(endswith\("\.manifest\.json"\)\)' \| sort \| tail -n 1/);
    expect(build).toMatch(/trap drill_end EXIT/);
    expect(build).toMatch(/aws cloudwatch put-metric-data --namespace "\$METRIC_NAMESPACE"/);
  });
});
