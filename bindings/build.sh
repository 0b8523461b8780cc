#!/usr/bin/env bash
# Builds the Python, Java and Go bindings of every jsii package with jsii-pacmak
# (into packages/<name>/dist/<language>) and the .NET sources (generated only:
# no .NET SDK is available from Debian's packages, so they are not compiled here).
# Then exercises each language: see bindings/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

packages=(core rds-postgres beanstalk-env dns backups blue-green-pipeline)
dirs=()
for p in "${packages[@]}"; do dirs+=("packages/$p"); done

# Maven Central serves aws-cdk-lib's POMs but not its jars for 2.264.0-2.270.0, and its
# maven-metadata.xml stops at 2.263.0, so the range the generated POMs ask for
# ([2.270.0,3.0.0), from the npm peer dependency) resolves to nothing. Put the nearest release
# with a jar (2.271.0, inside that range) into the local repository with install:install-file,
# which records it in maven-metadata-local.xml, so Maven's range resolution can find it.
maven_cdk="${EBKIT_MAVEN_CDK_VERSION:-2.271.0}"
# (-Dstyle.color=never and the sed: some Maven versions colour even -q -DforceStdout output)
repo="$(mvn -q -B -ntp -Dstyle.color=never help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null \
  | sed 's/\x1b\[[0-9;]*m//g' | tail -n 1 || true)"
[ -d "$repo" ] || repo="$HOME/.m2/repository"
meta="$repo/software/amazon/awscdk/aws-cdk-lib/maven-metadata-local.xml"
if ! grep -q "<version>$maven_cdk</version>" "$meta" 2>/dev/null; then
  echo "== maven: aws-cdk-lib $maven_cdk into the local repository"
  mvn -q -B -ntp dependency:get -Dartifact="software.amazon.awscdk:aws-cdk-lib:$maven_cdk:jar"
  stage_dir="$(mktemp -d)"
  cp "$repo/software/amazon/awscdk/aws-cdk-lib/$maven_cdk/aws-cdk-lib-$maven_cdk".{jar,pom} "$stage_dir/"
  mvn -q -B -ntp install:install-file -Dfile="$stage_dir/aws-cdk-lib-$maven_cdk.jar" \
    -DpomFile="$stage_dir/aws-cdk-lib-$maven_cdk.pom"
  rm -rf "$stage_dir"
fi

t0=$(date +%s)
echo "== jsii-pacmak: python, java, go (compiled) for ${packages[*]}"
npx jsii-pacmak "${dirs[@]}" --no-parallel --maven-local-repository "$repo" --target python --target java --target go
t1=$(date +%s)
echo "== jsii-pacmak: dotnet (code only)"
npx jsii-pacmak "${dirs[@]}" --no-parallel --code-only --target dotnet
t2=$(date +%s)
echo "pacmak compiled targets: $((t1 - t0)) s, dotnet code: $((t2 - t1)) s"
