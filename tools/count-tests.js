#!/usr/bin/env node
// Adds up the jest results every package wrote (test-reports/junit.xml) and prints one closing
// line: "tests: N passed, N failed". Exits non-zero when a report is missing or a test failed.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dirs = ['packages', 'apps'].flatMap((d) =>
  fs.readdirSync(path.join(root, d)).map((name) => path.join(root, d, name)));
let tests = 0;
let failed = 0;
let missing = [];
for (const dir of dirs) {
  if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
  const report = path.join(dir, 'test-reports', 'junit.xml');
  if (!fs.existsSync(report)) {
    missing.push(path.relative(root, dir));
    continue;
  }
  const head = fs.readFileSync(report, 'utf8').match(/<testsuites[^>]*>/)?.[0] ?? '';
  const attr = (name) => Number(head.match(new RegExp(`${name}="(\\d+)"`))?.[1] ?? 0);
  tests += attr('tests');
  failed += attr('failures') + attr('errors');
}
if (missing.length) console.log(`no test report in: ${missing.join(', ')}`);
console.log(`tests: ${tests - failed} passed, ${failed} failed`);
process.exit(failed > 0 || missing.length > 0 ? 1 : 0);
