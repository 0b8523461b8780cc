/**
 * The buildspec of the PostgreSQL client job: installs the PostgreSQL client
 * of the given major version from the PGDG apt repository (no Docker image to
 * build), reads the credentials from Secrets Manager and either dumps the
 * database to S3 (MODE=dump) or runs a query (MODE=verify). TLS is verified
 * against the RDS CA bundle (downloaded to `RDS_CA_BUNDLE`, default `/tmp/rds-ca.pem`).
 *
 * A dump is published atomically, in this order, and only when every step holds:
 *
 * 1. the client is at least the server's major version (else exit 3, before any dump);
 * 2. `pg_dump` (plain SQL) streams through `gzip` to a temporary key under
 *    `<prefix><db>/incomplete/`, while the same stream is counted (rows of each
 *    table's COPY data) and hashed (sha256 of the gzip bytes);
 * 3. every process of that pipeline exited 0, and the dump ends with pg_dump's
 *    completion trailer (`-- PostgreSQL database dump complete`, followed only by
 *    comments and `\unrestrict`): a dump cut between two statements, which psql
 *    restores without any error, has no trailer;
 * 4. the temporary object is copied to the final key and the copy has the same size;
 * 5. the manifest (`<dump>.manifest.json`: key, size, sha256, versions, exact
 *    per-table row counts, start and end time) is written next to it.
 *
 * Whatever fails, the EXIT trap removes the temporary object, and the final
 * object too when its manifest was not written, and the build fails. A dump
 * without a manifest is never "the latest": readers (the drill, the runbook)
 * take the newest manifest.
 *
 * Why plain SQL with a trailer rather than the custom format with a check of
 * its table of contents: pg_dump writing the custom format to a pipe (needed
 * to stream to S3 without a local copy) puts the whole table of contents at
 * the start, so a truncated archive still lists completely with
 * `pg_restore --list`, and without data offsets it cannot be restored in
 * parallel either. The plain format's trailer is written last, so its presence
 * proves the end was reached; the COPY blocks give exact row counts of what is
 * in the file; and it restores with `psql` into any later PostgreSQL version.
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
        commands: [BUILD_SCRIPT],
      },
    },
  };
}

/**
 * Counts the rows of each table's COPY data in a plain dump (one line per row:
 * COPY's text format escapes newlines) and tells whether the dump is complete.
 * Prints `<table>\t<rows>` lines, then `#complete` when the completion trailer
 * is the last thing in the dump (only comments, blank lines and `\unrestrict` after it).
 */
const COUNT_AWK = String.raw`
copying && $0 == "\\." { print table "\t" rows; copying = 0; next }
copying { rows++; next }
/^COPY .* FROM stdin;$/ { table = $0; sub(/^COPY /, "", table); sub(/ \(.*\) FROM stdin;$/, "", table); sub(/ +FROM stdin;$/, "", table); rows = 0; copying = 1; complete = 0; next }
$0 == "-- PostgreSQL database dump complete" { complete = 1; next }
/^$/ || /^--/ || /^\\unrestrict / { next }
{ complete = 0 }
END { if (complete && !copying) print "#complete" }
`.trim();

/** The build script; written with `@{` for the shell's `${` (this is a template literal). */
const BUILD_SCRIPT = String.raw`set -euo pipefail
SECRET="$(aws secretsmanager get-secret-value --secret-id "$DB_SECRET_ARN" --query SecretString --output text)"
export PGUSER="$(jq -r .username <<<"$SECRET")"
export PGPASSWORD="$(jq -r .password <<<"$SECRET")"
unset SECRET
export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGDATABASE="$DB_NAME"
export PGSSLMODE=verify-full PGSSLROOTCERT="@{RDS_CA_BUNDLE:-/tmp/rds-ca.pem}" PGCONNECT_TIMEOUT=30
WORK="$(mktemp -d)"
fail() { echo "ERROR: $*" >&2; exit 1; }
iso_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
if [ "$MODE" = "drill" ]; then
  # The restore drill, against the drill instance restored from the latest snapshot (database DB_NAME):
  # restores the latest dump next to it, compares row counts with the manifest, runs the check query on
  # both, checks the age of both recovery points, publishes the measures and writes a report.
  FAILURES="$WORK/failures"; : > "$FAILURES"
  failure() { echo "DRILL FAILURE: $*" >&2; echo "$*" >> "$FAILURES"; }
  seconds_since() { echo $(( $(date -u +%s) - $(date -u -d "$1" +%s) )); }
  DRILL_STARTED="$(iso_now)"
  MAX_AGE="@{MAX_AGE_SECONDS:-129600}"
  RESTORE_DB="ebkit_drill_dump"
  REPORT_KEY="@{REPORT_PREFIX}$(date -u +%Y%m%dT%H%M%SZ)-@{DRILL_INSTANCE_ID:-drill}.json"
  echo '{}' > "$WORK/snapshot-rows.json"; echo '{}' > "$WORK/dump-rows.json"; echo '{}' > "$WORK/manifest.json"
  SNAPSHOT_AGE=""; SNAPSHOT_RESTORE=""; DUMP_AGE=""; DUMP_RESTORE=""; MANIFEST_KEY=""
  table_rows() { # exact row counts of the ordinary tables of database $1, as pg_dump names them
    psql -X -v ON_ERROR_STOP=1 -At -F "$(printf '\t')" -d "$1" -c "SELECT format('%s.%s', quote_ident(n.nspname), quote_ident(c.relname)),
        (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' ORDER BY 1" \
      | jq -R -n '[inputs | split("\t") | {key: .[0], value: (.[1] | tonumber)}] | from_entries'
  }
  check_query() { # the user's check query on database $1: an error, nothing, 0 or false fails
    local result
    if ! result="$(psql -X -v ON_ERROR_STOP=1 -At -d "$1" -c "$VERIFY_QUERY" 2>"$WORK/check.err")"; then
      failure "$2: the check query failed: $(tr '\n' ' ' < "$WORK/check.err")"
    elif [ -z "$result" ] || [ "$result" = "0" ] || [ "$result" = "f" ]; then
      failure "$2: the check query returned '$result' (nothing, 0 or false)"
    else
      echo "$2: the check query returned $result"
    fi
  }
  number_or_null() { if [ -n "$1" ]; then echo "$1"; else echo null; fi; }
  drill_end() {
    rc=$?
    if [ "$rc" -ne 0 ] && [ ! -s "$FAILURES" ]; then echo "the drill stopped with exit $rc before it finished" >> "$FAILURES"; fi
    jq -n --arg drill "@{DRILL_NAME:-}" --arg instance "@{DRILL_INSTANCE_ID:-}" --arg database "$DB_NAME" \
      --arg startedAt "$DRILL_STARTED" --arg finishedAt "$(iso_now)" --argjson maxAge "$MAX_AGE" \
      --arg snapshotId "@{SNAPSHOT_ID:-}" --arg snapshotTime "@{SNAPSHOT_TIME:-}" \
      --argjson snapshotAge "$(number_or_null "$SNAPSHOT_AGE")" --argjson snapshotRestore "$(number_or_null "$SNAPSHOT_RESTORE")" \
      --slurpfile snapshotRows "$WORK/snapshot-rows.json" --arg manifestKey "$MANIFEST_KEY" --slurpfile manifest "$WORK/manifest.json" \
      --argjson dumpAge "$(number_or_null "$DUMP_AGE")" --argjson dumpRestore "$(number_or_null "$DUMP_RESTORE")" \
      --slurpfile dumpRows "$WORK/dump-rows.json" --rawfile failures "$FAILURES" \
      '{drill: $drill, drillInstance: $instance, database: $database, startedAt: $startedAt, finishedAt: $finishedAt,
        passed: ($failures == ""), failures: ($failures | split("\n") | map(select(. != ""))), maxRecoveryPointAgeSeconds: $maxAge,
        snapshot: {id: $snapshotId, createdAt: $snapshotTime, ageSeconds: $snapshotAge, restoreSeconds: $snapshotRestore, rowCounts: $snapshotRows[0]},
        dump: {manifestKey: $manifestKey, key: $manifest[0].key, finishedAt: $manifest[0].finishedAt, ageSeconds: $dumpAge,
          restoreSeconds: $dumpRestore, manifestRowCounts: $manifest[0].rowCounts, rowCounts: $dumpRows[0]}}' > "$WORK/report.json" || true
    aws s3 cp "$WORK/report.json" "s3://@{BUCKET}/@{REPORT_KEY}" --content-type application/json --only-show-errors \
      && echo "drill report: s3://@{BUCKET}/@{REPORT_KEY}" || echo "WARNING: could not write the drill report" >&2
    if [ -n "@{METRIC_NAMESPACE:-}" ]; then
      jq -c --arg drill "@{DRILL_NAME:-$DB_NAME}" '[
          {MetricName: "SnapshotAgeSeconds", Value: .snapshot.ageSeconds}, {MetricName: "SnapshotRestoreSeconds", Value: .snapshot.restoreSeconds},
          {MetricName: "DumpAgeSeconds", Value: .dump.ageSeconds}, {MetricName: "DumpRestoreSeconds", Value: .dump.restoreSeconds},
          {MetricName: "DrillFailed", Value: (if .passed then 0 else 1 end)}]
        | map(select(.Value != null) + {Unit: (if .MetricName == "DrillFailed" then "Count" else "Seconds" end), Dimensions: [{Name: "Drill", Value: $drill}]})' \
        "$WORK/report.json" > "$WORK/metrics.json" \
        && aws cloudwatch put-metric-data --namespace "$METRIC_NAMESPACE" --metric-data "$(cat "$WORK/metrics.json")" \
        || echo "WARNING: could not publish the drill metrics" >&2
    fi
    if [ -s "$FAILURES" ] || [ "$rc" -ne 0 ]; then
      rm -rf "$WORK"
      echo "restore drill FAILED" >&2
      exit 1
    fi
    rm -rf "$WORK"
    echo "restore drill passed"
    exit 0
  }
  trap drill_end EXIT

  # 1. the snapshot, restored by the state machine into this instance
  if [ -n "@{SNAPSHOT_TIME:-}" ]; then
    SNAPSHOT_AGE="$(seconds_since "$SNAPSHOT_TIME")"
    [ "$SNAPSHOT_AGE" -le "$MAX_AGE" ] || failure "the snapshot @{SNAPSHOT_ID:-} is $SNAPSHOT_AGE s old (taken $SNAPSHOT_TIME): older than the bound of $MAX_AGE s"
  fi
  if [ -n "@{DRILL_STARTED_AT:-}" ] && [ -n "@{SNAPSHOT_RESTORED_AT:-}" ]; then
    SNAPSHOT_RESTORE=$(( $(date -u -d "$SNAPSHOT_RESTORED_AT" +%s) - $(date -u -d "$DRILL_STARTED_AT" +%s) ))
  fi
  table_rows "$DB_NAME" > "$WORK/snapshot-rows.json"
  check_query "$DB_NAME" "the restored snapshot"

  # 2. the latest dump: the newest one with a manifest
  MANIFEST_KEY="$(aws s3api list-objects-v2 --bucket "$BUCKET" --prefix "@{PREFIX}@{DB_NAME}/" --output json \
    | jq -r '.Contents[]?.Key | select(endswith(".manifest.json"))' | sort | tail -n 1)"
  if [ -z "$MANIFEST_KEY" ]; then
    failure "no dump with a manifest under s3://@{BUCKET}/@{PREFIX}@{DB_NAME}/"
    exit 1
  fi
  aws s3 cp "s3://@{BUCKET}/@{MANIFEST_KEY}" "$WORK/manifest.json" --only-show-errors
  DUMP_KEY="$(jq -r .key "$WORK/manifest.json")"
  DUMP_AGE="$(seconds_since "$(jq -r .finishedAt "$WORK/manifest.json")")"
  [ "$DUMP_AGE" -le "$MAX_AGE" ] || failure "the latest dump $DUMP_KEY is $DUMP_AGE s old: older than the bound of $MAX_AGE s"
  # every table of the dump exists in the restored snapshot
  for table in $(jq -r '.rowCounts | keys[] | @base64' "$WORK/manifest.json"); do
    table="$(base64 -d <<<"$table")"
    jq -e --arg t "$table" 'has($t)' "$WORK/snapshot-rows.json" >/dev/null || failure "the restored snapshot: table $table (in the latest dump) is missing"
  done
  DUMP_T0="$(date -u +%s)"
  aws s3 cp "s3://@{BUCKET}/@{DUMP_KEY}" "$WORK/dump.sql.gz" --only-show-errors
  [ "$(sha256sum < "$WORK/dump.sql.gz" | cut -d' ' -f1)" = "$(jq -r .sha256 "$WORK/manifest.json")" ] \
    || { failure "the dump $DUMP_KEY does not match the sha256 of its manifest"; exit 1; }
  psql -X -v ON_ERROR_STOP=1 -q -d postgres -c "SET client_min_messages TO warning" -c "DROP DATABASE IF EXISTS $RESTORE_DB" -c "CREATE DATABASE $RESTORE_DB"
  if ! gunzip -c "$WORK/dump.sql.gz" | psql -X -v ON_ERROR_STOP=1 -q -d "$RESTORE_DB" > /dev/null 2> "$WORK/restore.err"; then
    failure "the dump $DUMP_KEY did not restore: $(tail -n 5 "$WORK/restore.err" | tr '\n' ' ')"
    exit 1
  fi
  DUMP_RESTORE=$(( $(date -u +%s) - DUMP_T0 ))
  table_rows "$RESTORE_DB" > "$WORK/dump-rows.json"
  # 3. the restored dump has every table of the manifest, with its row count
  jq -r --slurpfile restored "$WORK/dump-rows.json" '.rowCounts | to_entries[]
      | select($restored[0][.key] != .value)
      | if $restored[0][.key] == null then "the restored dump: table \(.key) (\(.value) rows in the manifest) is missing"
        else "the restored dump: table \(.key) has \($restored[0][.key]) rows, the manifest \(.value)" end' \
    "$WORK/manifest.json" > "$WORK/mismatches"
  while IFS= read -r line; do failure "$line"; done < "$WORK/mismatches"
  check_query "$RESTORE_DB" "the restored dump"
  exit 0
fi
[ "$MODE" = "dump" ] || fail "unknown MODE '$MODE' (expected dump or drill)"

# 1. the client must not be older than the server: pg_dump refuses to dump a newer server
SERVER_VERSION="$(psql -X -v ON_ERROR_STOP=1 -At -c 'SHOW server_version')"
SERVER_MAJOR="$(( $(psql -X -v ON_ERROR_STOP=1 -At -c 'SHOW server_version_num') / 10000 ))"
CLIENT_VERSION="$(pg_dump --version | sed -E 's/^[^0-9]*([0-9]+(\.[0-9]+)?).*$/\1/')"
CLIENT_MAJOR="@{CLIENT_VERSION%%.*}"
if [ "$CLIENT_MAJOR" -lt "$SERVER_MAJOR" ]; then
  echo "ERROR: pg_dump $CLIENT_VERSION is older than the server ($SERVER_VERSION): set postgresMajorVersion (PG_MAJOR) to at least $SERVER_MAJOR" >&2
  exit 3
fi

STARTED_AT="$(iso_now)"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
BASE="@{PREFIX}@{DB_NAME}/$(date -u +%Y/%m/%d)/@{DB_NAME}-@{STAMP}"
KEY="@{BASE}.sql.gz"
MANIFEST_KEY="@{BASE}.manifest.json"
TMP_KEY="@{PREFIX}@{DB_NAME}/incomplete/@{DB_NAME}-@{STAMP}-@{CODEBUILD_BUILD_NUMBER:-$$}.sql.gz"
PUBLISHED=no
on_exit() {
  rc=$?
  if [ "$rc" -ne 0 ]; then
    aws s3 rm "s3://@{BUCKET}/@{TMP_KEY}" --only-show-errors >/dev/null 2>&1 || true
    if [ "$PUBLISHED" = copied ]; then aws s3 rm "s3://@{BUCKET}/@{KEY}" --only-show-errors >/dev/null 2>&1 || true; fi
    echo "ERROR: the dump failed (exit $rc); nothing was published under s3://@{BUCKET}/@{KEY}" >&2
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap on_exit EXIT

# 2. dump, count and hash in one pass, to the temporary key
cat > "$WORK/count.awk" <<'AWK'
@@COUNT_AWK@@
AWK
mkfifo "$WORK/sql.fifo" "$WORK/gz.fifo"
awk -f "$WORK/count.awk" < "$WORK/sql.fifo" > "$WORK/counts" & COUNT_PID=$!
sha256sum < "$WORK/gz.fifo" > "$WORK/sha256" & SHA_PID=$!
set +e
pg_dump --no-owner --no-privileges \
  | tee "$WORK/sql.fifo" \
  | gzip -6 \
  | tee "$WORK/gz.fifo" \
  | aws s3 cp - "s3://@{BUCKET}/@{TMP_KEY}" --expected-size "$EXPECTED_SIZE" --only-show-errors
STATUSES="@{PIPESTATUS[*]}"
if [ "$STATUSES" != "0 0 0 0 0" ]; then kill "$COUNT_PID" "$SHA_PID" 2>/dev/null || true; fi
wait "$COUNT_PID"; COUNT_STATUS=$?
wait "$SHA_PID"; SHA_STATUS=$?
set -e

# 3. every process exited 0 and the trailer is there
[ "$STATUSES" = "0 0 0 0 0" ] || fail "the dump pipeline failed (exit statuses of pg_dump, tee, gzip, tee, aws s3 cp: $STATUSES)"
[ "$COUNT_STATUS" = 0 ] && [ "$SHA_STATUS" = 0 ] || fail "counting or hashing the dump failed ($COUNT_STATUS, $SHA_STATUS)"
grep -qx '#complete' "$WORK/counts" || fail "the dump is incomplete: pg_dump's completion trailer is missing"
SHA256="$(cut -d' ' -f1 < "$WORK/sha256")"
SIZE="$(aws s3api head-object --bucket "$BUCKET" --key "$TMP_KEY" --output json | jq -r .ContentLength)"
[ "$SIZE" -ge 20 ] || fail "the dump is empty ($SIZE bytes)"

# 4. publish under the final key
aws s3 cp "s3://@{BUCKET}/@{TMP_KEY}" "s3://@{BUCKET}/@{KEY}" --only-show-errors
PUBLISHED=copied
FINAL_SIZE="$(aws s3api head-object --bucket "$BUCKET" --key "$KEY" --output json | jq -r .ContentLength)"
[ "$FINAL_SIZE" = "$SIZE" ] || fail "the copy to s3://@{BUCKET}/@{KEY} has $FINAL_SIZE bytes, not $SIZE"

# 5. the manifest makes it the latest dump
grep -v '^#' "$WORK/counts" | jq -R -n '[inputs | split("\t") | {key: .[0], value: (.[1] | tonumber)}] | from_entries' > "$WORK/rows.json"
jq -n --arg bucket "$BUCKET" --arg key "$KEY" --arg database "$DB_NAME" --argjson size "$SIZE" --arg sha256 "$SHA256" \
  --arg serverVersion "$SERVER_VERSION" --arg clientVersion "$CLIENT_VERSION" --slurpfile rows "$WORK/rows.json" \
  --arg startedAt "$STARTED_AT" --arg finishedAt "$(iso_now)" \
  '{manifestVersion: 1, bucket: $bucket, key: $key, database: $database, format: "plain", compression: "gzip", size: $size, sha256: $sha256,
    serverVersion: $serverVersion, clientVersion: $clientVersion,
    rowCounts: $rows[0], rowCountsExact: true, rowCountsSource: "the rows of each table in the dump (its COPY data)",
    startedAt: $startedAt, finishedAt: $finishedAt}' > "$WORK/manifest.json"
aws s3 cp "$WORK/manifest.json" "s3://@{BUCKET}/@{MANIFEST_KEY}" --content-type application/json --only-show-errors
PUBLISHED=yes
aws s3 rm "s3://@{BUCKET}/@{TMP_KEY}" --only-show-errors || echo "WARNING: could not remove the temporary object s3://@{BUCKET}/@{TMP_KEY}" >&2
echo "dump written to s3://@{BUCKET}/@{KEY} (@{SIZE} bytes, sha256 @{SHA256}), manifest s3://@{BUCKET}/@{MANIFEST_KEY}"
jq -c .rowCounts "$WORK/manifest.json"`.replace(/@\{/g, '${').replace('@@COUNT_AWK@@', () => COUNT_AWK);
