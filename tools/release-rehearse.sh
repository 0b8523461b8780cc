#!/usr/bin/env bash
# `npm run release:rehearse`: a release of every package, published to local registries and used
# from them in TypeScript, Python, Java and Go, as a user gets the packages. Nothing is pushed.
#
#  1. a scratch clone of HEAD; `npm ci`; the release commit (tools/release.js: versions from each
#     package's conventional commits, changelogs, dependents bumped)
#  2. builds every artifact: jsii compile, npm tarballs, Python wheels, Maven artifacts, Go modules
#     (jsii-pacmak, bindings/build.sh)
#  3. starts verdaccio 6.8 (npm) and pypiserver 2.4 (PyPI) on loopback, makes a file Maven
#     repository and a GOPROXY directory, checks each jsii package's API against its last release
#     in the registry (tools/compat.js), publishes, then tags `<name>@v<version>` in the scratch clone
#  4. fresh consumer projects that install the packages from those registries only (no workspace
#     links, no paths into the repository): TypeScript (the root README example and the reference
#     app's sources, compiled with tsc against the installed packages, then synthesized), Python
#     (the root README example and the reference architecture in Python), Java and Go (the
#     bindings/ programs)
#  5. prints the released versions and which consumers passed; stops every server it started.
# Third-party packages (aws-cdk-lib, constructs, ...) come from the public registries through the
# local ones (verdaccio's uplink, pypiserver's fallback) or directly (Maven Central, the Go proxy).
#   EBKIT_REHEARSAL_DIR=<dir> keeps everything there (default: a new temporary directory, removed
#   on success unless EBKIT_REHEARSAL_KEEP=1)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${EBKIT_REHEARSAL_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/ebkit-rehearsal-XXXXXX")}"
mkdir -p "$work"
start=$(date +%s)
stage() { echo; echo "=== rehearsal: $1 ($(( $(date +%s) - start ))s)"; }
export CI=true NX_DAEMON=false NX_NO_CLOUD=true CDK_DISABLE_CLI_TELEMETRY=true

pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [ ${#pids[@]} -gt 0 ] && echo "stopped ${#pids[@]} local registry server(s)"
  if [ $rc -eq 0 ] && [ -z "${EBKIT_REHEARSAL_DIR:-}" ] && [ "${EBKIT_REHEARSAL_KEEP:-}" != 1 ]; then
    rm -rf "$work"
  else
    echo "rehearsal files kept in $work"
  fi
}
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_http() {
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "no answer from $1" >&2
  return 1
}

stage "scratch clone of $(git -C "$root" rev-parse --short HEAD) and the release commit"
repo="$work/repo"
rm -rf "$repo"
git clone --quiet --no-hardlinks "$root" "$repo"
cd "$repo"
git config user.name "ebkit release rehearsal"
git config user.email "rehearsal@ebkit.invalid"
npm ci --no-audit --no-fund --prefer-offline --loglevel=error >"$work/npm-ci.log" 2>&1 || { tail -30 "$work/npm-ci.log"; exit 1; }
node tools/release.js | tee "$work/release.log"
release_json="$(tail -n 1 "$work/release.log")"
# every published package's version after the release commit
versions_json="$(node -e '
  const fs = require("fs");
  const out = {};
  for (const d of fs.readdirSync("packages")) {
    const f = `packages/${d}/package.json`;
    if (!fs.existsSync(f)) continue;
    const p = JSON.parse(fs.readFileSync(f, "utf8"));
    if (!p.private) out[d] = p.version;
  }
  console.log(JSON.stringify(out));')"
version_of() { node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$versions_json" "$1"; }
jsii_packages=(core rds-postgres beanstalk-env dns backups blue-green-pipeline)

stage "build: jsii compile, npm tarballs, Python, Java and Go bindings"
npx nx run-many -t compile -p $(printf '@ebkit/%s ' "${jsii_packages[@]}") @ebkit/cost --output-style=static >"$work/compile.log" 2>&1 \
  || { tail -50 "$work/compile.log"; exit 1; }
mkdir -p "$work/npm-tarballs"
for p in "${jsii_packages[@]}" cost; do
  (cd "packages/$p" && npm pack --silent --pack-destination "$work/npm-tarballs" >/dev/null)
done
ls "$work/npm-tarballs"
bash bindings/build.sh >"$work/pacmak.log" 2>&1 || { tail -50 "$work/pacmak.log"; exit 1; }

stage "local registries: verdaccio (npm), pypiserver (PyPI), a file Maven repository, a GOPROXY directory"
# verdaccio: @ebkit/* only from what is published here; everything else through the npmjs uplink
npm install --prefix "$work/verdaccio" --no-save --no-package-lock --no-audit --no-fund --loglevel=error verdaccio@6.8.0 >/dev/null
npm_port=$(free_port)
cat >"$work/verdaccio/config.yaml" <<EOF
storage: $work/verdaccio/storage
auth:
  htpasswd:
    file: $work/verdaccio/htpasswd
    max_users: 10
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
packages:
  '@ebkit/*':
    access: \$all
    publish: \$authenticated
  '**':
    access: \$all
    publish: \$authenticated
    proxy: npmjs
log: { type: stdout, format: pretty, level: warn }
EOF
node "$work/verdaccio/node_modules/verdaccio/bin/verdaccio" --config "$work/verdaccio/config.yaml" --listen "127.0.0.1:$npm_port" \
  >"$work/verdaccio/stdout.log" 2>&1 &
pids+=($!)
npm_registry="http://127.0.0.1:$npm_port/"
wait_http "${npm_registry}-/ping"
token="$(curl -fsS -X PUT -H 'Content-Type: application/json' \
  -d '{"name":"rehearsal","password":"rehearsal-password"}' "${npm_registry}-/user/org.couchdb.user:rehearsal" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')"
npmrc="$work/npmrc"
printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\nfund=false\naudit=false\nupdate-notifier=false\n' "$npm_registry" "$npm_port" "$token" >"$npmrc"
echo "npm registry: $npm_registry (verdaccio $(node -p "require('$work/verdaccio/node_modules/verdaccio/package.json').version"))"

# pypiserver: ebkit.* only from what is uploaded here; unknown names redirect to PyPI (its fallback)
python3 -m venv "$work/pyserver"
"$work/pyserver/bin/pip" install --quiet --disable-pip-version-check 'pypiserver==2.4.*' 'twine>=6' >/dev/null
mkdir -p "$work/pypi-packages"
pypi_port=$(free_port)
"$work/pyserver/bin/pypi-server" run -i 127.0.0.1 -p "$pypi_port" -a . -P . --fallback-url https://pypi.org/simple/ \
  "$work/pypi-packages" >"$work/pyserver/server.log" 2>&1 &
pids+=($!)
pypi_index="http://127.0.0.1:$pypi_port/simple/"
wait_http "$pypi_index"
echo "Python index: $pypi_index (pypiserver $("$work/pyserver/bin/pip" show pypiserver 2>/dev/null | sed -n 's/^Version: //p'))"

maven_repo="$work/maven-repo"
goproxy="$work/goproxy"
mkdir -p "$maven_repo" "$goproxy"

stage "API compatibility with the last release (jsii-diff, tools/compat.js)"
for p in "${jsii_packages[@]}"; do
  (cd "packages/$p" && NPM_CONFIG_USERCONFIG="$npmrc" node ../../tools/compat.js)
done

stage "publish"
for tgz in "$work"/npm-tarballs/*.tgz; do
  NPM_CONFIG_USERCONFIG="$npmrc" npm publish "$tgz" --registry "$npm_registry" --loglevel=error >/dev/null
  echo "npm: published $(basename "$tgz")"
done
"$work/pyserver/bin/twine" upload --disable-progress-bar --non-interactive --repository-url "http://127.0.0.1:$pypi_port/" \
  -u rehearsal -p rehearsal packages/*/dist/python/*.whl packages/*/dist/python/*.tar.gz >"$work/twine.log" 2>&1 \
  || { cat "$work/twine.log"; exit 1; }
ls "$work/pypi-packages" | sed 's/^/PyPI: published /'
for p in "${jsii_packages[@]}"; do
  v="$(version_of "$p")"
  dir="packages/$p/dist/java/dev/ebkit/$p/$v"
  mvn -q -B -ntp -Dstyle.color=never deploy:deploy-file -Durl="file://$maven_repo" -DrepositoryId=rehearsal \
    -DpomFile="$dir/$p-$v.pom" -Dfile="$dir/$p-$v.jar" -Dsources="$dir/$p-$v-sources.jar" -Djavadoc="$dir/$p-$v-javadoc.jar" >/dev/null
  echo "Maven: published dev.ebkit:$p:$v"
done
# GOPROXY directory (the module proxy protocol on files): <module>/@v/{list,<v>.info,<v>.mod,<v>.zip}
for p in "${jsii_packages[@]}"; do
  v="v$(version_of "$p")"
  for mod_dir in packages/"$p"/dist/go/*/; do
    python3 - "$mod_dir" "$v" "$goproxy" <<'PY'
import json, os, sys, zipfile, datetime
mod_dir, version, proxy = sys.argv[1].rstrip('/'), sys.argv[2], sys.argv[3]
module = next(l.split()[1] for l in open(os.path.join(mod_dir, 'go.mod')) if l.startswith('module '))
at = os.path.join(proxy, module, '@v')
os.makedirs(at, exist_ok=True)
prefix = f'{module}@{version}/'
with zipfile.ZipFile(os.path.join(at, f'{version}.zip'), 'w', zipfile.ZIP_DEFLATED) as z:
    for base, _, files in os.walk(mod_dir):
        for f in sorted(files):
            full = os.path.join(base, f)
            z.write(full, prefix + os.path.relpath(full, mod_dir).replace(os.sep, '/'))
with open(os.path.join(mod_dir, 'go.mod')) as src, open(os.path.join(at, f'{version}.mod'), 'w') as dst:
    dst.write(src.read())
with open(os.path.join(at, f'{version}.info'), 'w') as f:
    json.dump({'Version': version, 'Time': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}, f)
with open(os.path.join(at, 'list'), 'a') as f:
    f.write(version + '\n')
print(f'Go: published {module}@{version}')
PY
  done
done

stage "tags in the scratch clone (not pushed)"
for p in "${jsii_packages[@]}" cost; do
  v="$(version_of "$p")"
  if ! git rev-parse -q --verify "refs/tags/$p@v$v" >/dev/null; then
    git tag -a "$p@v$v" -m "@ebkit/$p $v"
  fi
done
git log --oneline --decorate -n 3 | cat

results=()
record() { results+=("$1: $2"); }

stage "TypeScript consumer (npm install from verdaccio only)"
ts="$work/consumer-ts"
rm -rf "$ts" && mkdir -p "$ts/src"
deps="$(node -e '
  const v = JSON.parse(process.argv[1]);
  const lib = require(process.argv[2] + "/node_modules/aws-cdk-lib/package.json").version;
  const out = { "aws-cdk-lib": lib, "constructs": require(process.argv[2] + "/node_modules/constructs/package.json").version, "cdk-nag": "3.0.2" };
  for (const [n, ver] of Object.entries(v)) out[`@ebkit/${n}`] = ver;
  console.log(JSON.stringify(out));' "$versions_json" "$repo")"
node -e '
  const [dir, deps] = process.argv.slice(1);
  require("fs").writeFileSync(dir + "/package.json", JSON.stringify({ name: "ebkit-consumer", private: true, version: "0.0.0",
    dependencies: JSON.parse(deps), devDependencies: { typescript: "~6.0.3", "@types/node": "^22" } }, null, 2));' "$ts" "$deps"
cat >"$ts/tsconfig.json" <<'EOF'
{ "compilerOptions": { "target": "ES2022", "module": "node16", "moduleResolution": "node16", "strict": true,
  "esModuleInterop": true, "resolveJsonModule": true, "skipLibCheck": true, "outDir": "lib", "rootDir": "src",
  "noUnusedLocals": false, "types": ["node"] }, "include": ["src/**/*.ts"] }
EOF
# the root README's "use one package" example, as written
node "$repo/tools/readme-blocks.js" "$repo/README.md" ts >"$ts/src/readme-example.ts"
# the reference app's sources: every package, composed as the reference architecture (same layout
# as apps/reference: src/, sample-app/, usage-profile.yaml; its cdk.json context passed as is)
cp -r "$repo/apps/reference/src/." "$ts/src/"
rm -rf "$ts/src/bench"
cp -r "$repo/apps/reference/sample-app" "$ts/sample-app"
cp "$repo/apps/reference/usage-profile.yaml" "$ts/usage-profile.yaml"
context="$(node -e 'const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
  console.log(JSON.stringify({ ...a.context, ...b }))' "$repo/apps/reference/cdk.json" "$repo/apps/reference/cdk.context.json")"
(
  cd "$ts"
  NPM_CONFIG_USERCONFIG="$npmrc" npm install --no-audit --no-fund --prefer-offline --loglevel=error >"$work/consumer-ts-install.log" 2>&1 \
    || { cat "$work/consumer-ts-install.log"; exit 1; }
  # installed from the registry, not linked: real directories with the released versions
  for p in "${jsii_packages[@]}" cost; do
    [ -L "node_modules/@ebkit/$p" ] && { echo "node_modules/@ebkit/$p is a link" >&2; exit 1; }
    node -e 'const [p, want] = process.argv.slice(1); const got = require(`./node_modules/@ebkit/${p}/package.json`).version;
      if (got !== want) { console.error(`@ebkit/${p}: ${got}, expected ${want}`); process.exit(1); }' "$p" "$(version_of "$p")"
  done
  npx tsc -p . && echo "tsc: compiled"
  CDK_OUTDIR=cdk.out node lib/readme-example.js
  test -f cdk.out/manifest.json && echo "README example: synthesized $(ls cdk.out/*.template.json | wc -l) template(s)"
  rm -rf cdk.out
  CDK_OUTDIR=cdk.out CDK_CONTEXT_JSON="$context" node lib/main.js
  n=$(ls cdk.out/*.template.json | wc -l)
  echo "reference architecture from the installed packages: $n templates"
  test "$n" -ge 6
) && record typescript passed || record typescript FAILED

stage "Python consumer (pip install from pypiserver only)"
py="$work/consumer-python"
rm -rf "$py" && mkdir -p "$py"
(
  cd "$py"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --index-url "$pypi_index" \
    $(for p in "${jsii_packages[@]}"; do echo "ebkit.$p==$(version_of "$p")"; done) >"$work/consumer-python-install.log" 2>&1 \
    || { cat "$work/consumer-python-install.log"; exit 1; }
  .venv/bin/pip list --disable-pip-version-check 2>/dev/null | grep -i '^ebkit' 
  node "$repo/tools/readme-blocks.js" "$repo/README.md" python >readme_example.py
  CDK_OUTDIR=cdk.out .venv/bin/python readme_example.py
  test -f cdk.out/manifest.json && echo "README example (Python): synthesized"
  cp "$repo/bindings/python/reference_app.py" .
  rm -rf cdk.out
  CDK_OUTDIR=cdk.out .venv/bin/python reference_app.py
  n=$(ls cdk.out/*.template.json | wc -l)
  echo "reference architecture in Python from the installed wheels: $n templates"
  test "$n" -ge 6
) && record python passed || record python FAILED

stage "Java consumer (Maven: dev.ebkit from the file repository only)"
java="$work/consumer-java"
rm -rf "$java" && cp -r "$repo/bindings/java" "$java" && rm -rf "$java/target"
(
  cd "$java"
  # a local Maven repository without any dev.ebkit artifact: they can only come from the file repository
  local_repo="$work/m2"
  system_repo="$(mvn -q -B -ntp -Dstyle.color=never help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | tail -n 1)"
  rm -rf "$local_repo" && mkdir -p "$local_repo"
  [ -d "$system_repo" ] && cp -al "$system_repo/." "$local_repo/" 2>/dev/null || true
  rm -rf "$local_repo/dev/ebkit"
  python3 - pom.xml "$maven_repo" "$(version_of core)" <<'PY'
import re, sys
pom, repo, _ = sys.argv[1:]
text = open(pom).read()
text = re.sub(r'<repositories>.*?</repositories>',
              f'<repositories><repository><id>rehearsal</id><url>file://{repo}</url></repository></repositories>', text, flags=re.S)
open(pom, 'w').write(text)
PY
  # each dependency at its released version
  for p in "${jsii_packages[@]}"; do
    python3 - pom.xml "$p" "$(version_of "$p")" <<'PY'
import re, sys
pom, name, version = sys.argv[1:]
text = open(pom).read()
text = re.sub(rf'(<artifactId>{re.escape(name)}</artifactId><version>)[^<]*(</version>)', rf'\g<1>{version}\g<2>', text)
open(pom, 'w').write(text)
PY
  done
  mvn -q -B -ntp -Dstyle.color=never -Dmaven.repo.local="$local_repo" compile exec:java
) && record java passed || record java FAILED

stage "Go consumer (modules from the GOPROXY directory only)"
gosrc="$work/consumer-go"
rm -rf "$gosrc" && cp -r "$repo/bindings/go" "$gosrc"
(
  cd "$gosrc"
  python3 - go.mod "$versions_json" <<'PY'
import json, re, sys
path, versions = sys.argv[1], json.loads(sys.argv[2])
text = re.sub(r'\n// The bindings jsii-pacmak generates.*?\nreplace \((.*?)\n\)\n?', '\n', open(path).read(), flags=re.S)
for name, version in versions.items():
    flat = name.replace('-', '')
    text = re.sub(rf'(github.com/ebkit/ebkit-go/ebkit{flat}) v\S+', rf'\1 v{version}', text)
open(path, 'w').write(text)
PY
  rm -f go.sum
  gomodcache="$(go env GOMODCACHE)"
  rm -rf "$gomodcache/github.com/ebkit" "$gomodcache/cache/download/github.com/ebkit"
  export GOPROXY="file://$goproxy,https://proxy.golang.org" GONOSUMDB=github.com/ebkit GONOSUMCHECK=1 GOFLAGS=-mod=mod
  go mod tidy && go build ./... && go run .
) && record go passed || record go FAILED

stage "results"
echo "released (release commit in the scratch clone: $(git -C "$repo" log -1 --format='%h %s'))"
node -e 'for (const [n, v] of Object.entries(JSON.parse(process.argv[1]))) console.log(`  @ebkit/${n} ${v}`)' "$versions_json"
echo "tags: $(git -C "$repo" tag --points-at HEAD | tr '\n' ' ')"
failed=0
for r in "${results[@]}"; do
  echo "  consumer $r"
  case "$r" in *FAILED) failed=1 ;; esac
done
exit $failed
