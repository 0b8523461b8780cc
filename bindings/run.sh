#!/usr/bin/env bash
# Builds every jsii package's bindings and exercises them:
#   Python: wheels installed into a fresh virtual environment with aws-cdk-lib from PyPI; the
#           reference architecture rebuilt in Python must give the TypeScript app's templates.
#   Java:   the generated Maven packages compiled; a Java program synthesizes a database and an
#           environment and checks the template.
#   Go:     the generated modules compiled (go vet + go build) against aws-cdk-go; a Go program
#           synthesizes and checks.
#   .NET:   generated only (no .NET SDK in Debian's packages).
# Needs the packages and the reference app compiled (npm run compile).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CDK_DISABLE_CLI_TELEMETRY=true
start=$(date +%s)
stage() { echo; echo "=== bindings: $1 ($(( $(date +%s) - start ))s)"; }

reports="$root/bindings/.reports"   # what tools/count-tests.js adds to the closing line
rm -rf "$reports" && mkdir -p "$reports"

stage "jsii-pacmak"
bash bindings/build.sh

stage "python"
venv="$root/bindings/.venv-python"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bindings/python/requirements.txt
"$venv/bin/pip" install --quiet --disable-pip-version-check packages/*/dist/python/*.whl
"$venv/bin/python" -m pytest -q --junitxml "$reports/python.xml" bindings/python

stage "java"
(cd bindings/java && mvn -q -B -ntp -Dstyle.color=never compile exec:java) | tee "$reports/java.log"

stage "go"
# packages.go imports every generated module, so go vet and go build check all six.
(cd bindings/go && go mod tidy && go vet ./... && go build ./... && go run .) | tee "$reports/go.log"

stage ".NET (generated sources)"
count=$(find packages/*/dist/dotnet -name '*.cs' | wc -l)
echo "$count C# files generated under packages/*/dist/dotnet (not compiled: no .NET SDK on this machine)"
test "$count" -gt 0

stage "done"
