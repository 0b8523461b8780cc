#!/usr/bin/env bash
# Builds the Python, Java and Go bindings of every jsii package with jsii-pacmak
# (into packages/<name>/dist/<language>) and the .NET sources (generated only:
# no .NET SDK is available from Debian's packages, so they are not compiled here).
# Then exercises each language: see bindings/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

packages=(core rds-postgres beanstalk-env dns backups blue-green-pipeline)
dirs=()
for p in "${packages[@]}"; do dirs+=("packages/$p"); done

t0=$(date +%s)
echo "== jsii-pacmak: python, java, go (compiled) for ${packages[*]}"
npx jsii-pacmak "${dirs[@]}" --no-parallel --target python --target java --target go
t1=$(date +%s)
echo "== jsii-pacmak: dotnet (code only)"
npx jsii-pacmak "${dirs[@]}" --no-parallel --code-only --target dotnet
t2=$(date +%s)
echo "pacmak compiled targets: $((t1 - t0)) s, dotnet code: $((t2 - t1)) s"
