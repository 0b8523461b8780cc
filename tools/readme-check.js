#!/usr/bin/env node
// Every TypeScript code block of README.md and packages/*/README.md, compiled as a user writes it:
// one module per block, `@ebkit/<name>` imports resolved like an installed package (the compiled
// lib/*.d.ts, so run it after the compile), strict type-checking. A block that is a whole program
// (it calls `.synth()`) is also run, offline, and must write a cloud assembly with a template.
//
// tools/readme-known-failures.json lists the blocks known not to compile or run (by file and a hash
// of the block's code, with the line and why), for the package owners to fix. A listed block must still fail (so the list only shrinks):
// fixing one without removing it from the list fails this check, as does any new failure.
//   node tools/readme-check.js [--update-known]   (--update-known rewrites the list from this run)
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { blocks } = require('./readme-blocks');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.readme-check');
const KNOWN_FILE = path.join(__dirname, 'readme-known-failures.json');

function readmes() {
  const files = ['README.md'];
  for (const dir of fs.readdirSync(path.join(ROOT, 'packages')).sort()) {
    if (fs.existsSync(path.join(ROOT, 'packages', dir, 'README.md'))) files.push(`packages/${dir}/README.md`);
  }
  return files;
}

/** Compiles (and runs, when whole programs) every TypeScript block of `files` (paths from ROOT). */
function checkBlocks(files) {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const all = [];
  for (const file of files) {
    for (const b of blocks(fs.readFileSync(path.join(ROOT, file), 'utf8'), 'ts')) {
      // known failures are keyed by file and content, so that edits elsewhere in a README keep them
      const key = `${file}#${crypto.createHash('sha1').update(b.code).digest('hex').slice(0, 10)}`;
      const id = `${file}:${b.line}`;
      const name = `${file.replace(/[/.]/g, '_')}_${b.line}.ts`;
      // `export {}` makes each block its own module (blocks without imports would share one scope)
      fs.writeFileSync(path.join(WORK, name), `${b.code}\nexport {};\n`);
      all.push({ id, key, name, code: b.code, errors: [] });
    }
  }
  fs.writeFileSync(path.join(WORK, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true,
      esModuleInterop: true, skipLibCheck: true, types: ['node'], lib: ['es2022'],
    },
    include: ['*.ts'],
  }, undefined, 2));
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', WORK, '--pretty', 'false'],
    { cwd: ROOT, encoding: 'utf8' });
  for (const line of tsc.stdout.split('\n')) {
    const m = /^\.readme-check\/([^(]+)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line.trim());
    const block = m && all.find((b) => b.name === m[1]);
    if (block) block.errors.push(`line ${Number(m[2])}: ${m[3]}`);
  }
  if (tsc.status !== 0 && !all.some((b) => b.errors.length)) {
    console.error(tsc.stdout, tsc.stderr);
    throw new Error('tsc failed without a diagnostic on a README block');
  }
  for (const block of all.filter((b) => b.errors.length === 0 && /\.synth\(\)/.test(b.code))) {
    const out = path.join(WORK, `${block.name}.out`);
    const run = spawnSync(process.execPath, ['-r', path.join(__dirname, 'from-source.js'), path.join(WORK, block.name)], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: out },
    });
    const templates = fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.endsWith('.template.json')) : [];
    if (run.status !== 0 || templates.length === 0) {
      block.errors.push(`running it: exit ${run.status}, ${templates.length} templates: ${(run.stderr || '').split('\n').find((l) => /Error/.test(l)) ?? ''}`);
    } else {
      block.synthesized = templates.length;
    }
  }

  return all;
}

/**
 * The check fails on a planted defect: a README with one whole program that synthesizes and the
 * same program with a type error and with a runtime error; only the first may pass.
 */
function selfTest() {
  const file = '.readme-check-selftest.md';
  const good = [
    "import { App, Stack } from 'aws-cdk-lib';",
    "import { PropsErrors } from '@ebkit/core';",
    'const app = new App();',
    "const stack = new Stack(app, 'S');",
    'new PropsErrors(stack).throwIfAny();',
    "new (require('aws-cdk-lib/aws-sns').Topic)(stack, 'T');",
    'app.synth();',
  ].join('\n');
  const typeError = good.replace('throwIfAny()', 'throwIfAnything()');
  const runtimeError = good.replace("new Stack(app, 'S')", "new Stack(app, 'S', { stackName: '-bad name-' })");
  fs.writeFileSync(path.join(ROOT, file), ['```ts', good, '```', '```ts', typeError, '```', '```ts', runtimeError, '```', ''].join('\n'));
  try {
    const [a, b, c] = checkBlocks([file]);
    const verdict = [a.errors.length === 0 && a.synthesized > 0, b.errors.length > 0, c.errors.length > 0];
    console.log(`self-test: whole program ${verdict[0] ? 'passes' : 'FAILS'}, type error ${verdict[1] ? 'caught' : 'MISSED'}, `
      + `synth error ${verdict[2] ? 'caught' : 'MISSED'}`);
    if (verdict.includes(false)) {
      console.log([a, b, c].map((x) => `  ${x.id}: ${x.errors.join('; ') || 'no error'}`).join('\n'));
      process.exit(1);
    }
  } finally {
    fs.rmSync(path.join(ROOT, file), { force: true });
    fs.rmSync(WORK, { recursive: true, force: true });
  }
}

function main() {
  const update = process.argv.includes('--update-known');
  if (!update) selfTest();
  const all = checkBlocks(readmes());
  const known = fs.existsSync(KNOWN_FILE) ? JSON.parse(fs.readFileSync(KNOWN_FILE, 'utf8')) : {};
  let problems = 0;
  for (const b of all) {
    const failed = b.errors.length > 0;
    const what = b.synthesized ? `compiles, synthesizes ${b.synthesized} template(s)` : 'compiles';
    if (!failed && !known[b.key]) console.log(`ok    ${b.id}: ${what}`);
    if (failed && known[b.key]) console.log(`known ${b.id}: ${b.errors[0]}`);
    if (failed && !known[b.key]) {
      problems++;
      console.log(`FAIL  ${b.id}:\n${b.errors.map((e) => `        ${e}`).join('\n')}`);
    }
    if (!failed && known[b.key]) {
      problems++;
      console.log(`FIXED ${b.id} ${what}: remove it from tools/readme-known-failures.json`);
    }
  }
  for (const key of Object.keys(known).filter((k) => !all.some((b) => b.key === k))) {
    console.log(`note  ${key} is listed in tools/readme-known-failures.json but no block has that content any more: remove it`);
  }
  const passed = all.filter((b) => b.errors.length === 0).length;
  console.log(`README TypeScript blocks: ${passed} of ${all.length} compile (${all.filter((b) => b.synthesized).length} whole programs synthesized), `
    + `${all.length - passed} known to fail${problems ? `, ${problems} unexpected` : ''}`);
  if (update) {
    const list = Object.fromEntries(all.filter((b) => b.errors.length).map((b) => [b.key, `${b.id}: ${b.errors[0]}`]));
    fs.writeFileSync(KNOWN_FILE, `${JSON.stringify(list, undefined, 2)}\n`);
    console.log(`wrote ${path.relative(ROOT, KNOWN_FILE)}`);
    return;
  }
  fs.rmSync(WORK, { recursive: true, force: true });
  if (problems) process.exit(1);
}

main();
