#!/usr/bin/env node
// API compatibility of one jsii package with its last release (the `compat` task, run by each
// package's `release` task after the build; cwd: packages/<name>).
// The last release is the highest `<name>@v<version>` tag; its assembly comes from the npm registry
// npm is configured with (npmjs, or the rehearsal's local registry). jsii-diff lists the API changes
// that break users; a breaking change passes only with the bump the 0.x rules require: a new minor
// version below 1.0.0 (0.1.x -> 0.2.0), a new major version from 1.0.0 on.
//   node ../../tools/compat.js            (exit 1 on a breaking change without that bump)
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const short = pkg.name.replace(/^@ebkit\//, '');
const parse = (v) => v.split('.').map(Number);

function lastRelease() {
  const out = execFileSync('git', ['tag', '--list', `${short}@v*`], { encoding: 'utf8' });
  const versions = out.split('\n').filter(Boolean).map((t) => t.slice(`${short}@v`.length))
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => { const [x, y] = [parse(a), parse(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
  return versions.pop();
}

/** Whether going from `from` to `to` may break the API. */
function breakingAllowed(from, to) {
  const [a, b] = [parse(from), parse(to)];
  return a[0] === 0 && b[0] === 0 ? b[1] > a[1] : b[0] > a[0];
}

const previous = lastRelease();
if (!previous) {
  console.log(`${pkg.name}@${pkg.version}: first release (no ${short}@v* tag): no API to compare with`);
  process.exit(0);
}
if (previous === pkg.version) {
  console.log(`${pkg.name}@${pkg.version} is the last release itself: nothing to compare`);
  process.exit(0);
}
const args = [`npm:${pkg.name}@${previous}`, '.', '--keys'];
if (fs.existsSync('.compatignore')) args.push('--ignore-file', '.compatignore');
const diff = spawnSync('jsii-diff', args, { encoding: 'utf8', shell: false });
process.stdout.write(diff.stdout ?? '');
process.stderr.write(diff.stderr ?? '');
if (diff.error) {
  console.error(`jsii-diff did not run: ${diff.error.message}`);
  process.exit(2);
}
if (diff.status === 0) {
  console.log(`${pkg.name}: API ${previous} -> ${pkg.version} compatible`);
  process.exit(0);
}
// jsii-diff exits 1 on breaking API changes, and with another code (or no ERROR lines) when it fails.
const breaking = /^(err|error)\s+-/im.test(diff.stdout ?? '') || diff.status === 1;
if (!breaking) {
  console.error(`jsii-diff failed (exit ${diff.status}) comparing with ${pkg.name}@${previous}`);
  process.exit(2);
}
if (breakingAllowed(previous, pkg.version)) {
  console.log(`${pkg.name}: breaking API changes ${previous} -> ${pkg.version}, allowed by the version bump`);
  process.exit(0);
}
const [major] = parse(previous);
console.error(`${pkg.name}: breaking API changes since ${previous}, but ${pkg.version} does not say so: `
  + `a breaking change needs ${major === 0 ? 'a new minor version below 1.0.0 (feat!: or BREAKING CHANGE: in the commit)' : 'a new major version'}`);
process.exit(1);
