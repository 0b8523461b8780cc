#!/usr/bin/env node
// Adds up the jest results every package wrote (test-reports/junit.xml) and prints one closing
// line: "tests: N passed, N failed". Exits non-zero when a report is missing or a test failed.
// When the bindings ran (npm run bindings writes bindings/.reports), their Python tests (pytest
// junit report) and the Java and Go programs' checks ("<lang>: N passed, N failed") are added.
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
const bindings = path.join(root, 'bindings', '.reports');
if (fs.existsSync(bindings)) {
  const parts = [];
  const python = path.join(bindings, 'python.xml');
  if (fs.existsSync(python)) {
    const suite = fs.readFileSync(python, 'utf8').match(/<testsuite [^>]*>/)?.[0] ?? '';
    const attr = (name) => Number(suite.match(new RegExp(` ${name}="(\\d+)"`))?.[1] ?? 0);
    const bad = attr('failures') + attr('errors');
    tests += attr('tests') - attr('skipped');
    failed += bad;
    parts.push(`python ${attr('tests') - attr('skipped') - bad}/${attr('tests') - attr('skipped')}`);
  }
  for (const lang of ['java', 'go']) {
    const log = path.join(bindings, `${lang}.log`);
    const line = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').match(new RegExp(`^${lang}: (\\d+) passed, (\\d+) failed`, 'm')) : null;
    if (!line) {
      missing.push(`bindings/${lang}`);
      continue;
    }
    tests += Number(line[1]) + Number(line[2]);
    failed += Number(line[2]);
    parts.push(`${lang} ${line[1]}/${Number(line[1]) + Number(line[2])}`);
  }
  console.log(`bindings: ${parts.join(', ')} (included below)`);
}
if (missing.length) console.log(`no test report in: ${missing.join(', ')}`);
console.log(`tests: ${tests - failed} passed, ${failed} failed`);
process.exit(failed > 0 || missing.length > 0 ? 1 : 0);
