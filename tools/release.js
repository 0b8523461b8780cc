#!/usr/bin/env node
// `npm run release`: the release commit of every package that has something to release.
//
// For each published package (packages/*, not private), in dependency order:
//   - its last release is its highest `<name>@v<version>` tag; with no tag, the version committed
//     in projenrc/package-versions.json is its first release;
//   - the conventional commits since that tag that touched packages/<name>/ decide the bump:
//     below 1.0.0 a breaking change (`type!:` or `BREAKING CHANGE:`) bumps the minor version and
//     feat/fix/perf/revert bump the patch version; from 1.0.0 on: major, minor (feat), patch;
//     other types (docs, test, chore, ci, build, style, refactor) release nothing;
//   - a package whose @ebkit dependency is released gets at least a patch release, so its
//     dependency range follows (projen writes `^<new version>`).
// Then it writes projenrc/package-versions.json, runs projen (every package.json, range and the
// lock file follow), prepends each released package's CHANGELOG.md and commits
// `chore(release): <name>@v<version> ...`. With --tag it also tags each `<name>@v<version>`
// (the rehearsal does, after publishing; on GitHub the release workflow projen generates does).
//   node tools/release.js [--tag] [--dry-run]
// Prints one JSON line last: { released: { name: version }, commit, tags }.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const VERSIONS_FILE = path.join(ROOT, 'projenrc', 'package-versions.json');
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const parse = (v) => v.split('.').map(Number);
const compare = (a, b) => { const [x, y] = [parse(a), parse(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; };

function packages() {
  const list = [];
  for (const dir of fs.readdirSync(path.join(ROOT, 'packages')).sort()) {
    const file = path.join(ROOT, 'packages', dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (pkg.private) continue;
    const uses = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
      .filter((d) => d.startsWith('@ebkit/')).map((d) => d.slice('@ebkit/'.length));
    list.push({ name: dir, npmName: pkg.name, uses: [...new Set(uses)] });
  }
  // dependency order: a package after every package it uses
  const ordered = [];
  const visit = (p, seen = new Set()) => {
    if (ordered.includes(p)) return;
    if (seen.has(p.name)) throw new Error(`dependency cycle at ${p.name}`);
    seen.add(p.name);
    for (const u of p.uses) {
      const dep = list.find((q) => q.name === u);
      if (dep) visit(dep, seen);
    }
    ordered.push(p);
  };
  list.forEach((p) => visit(p));
  return ordered;
}

function lastTag(name) {
  const versions = git('tag', '--list', `${name}@v*`).split('\n').filter(Boolean)
    .map((t) => t.slice(`${name}@v`.length)).filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort(compare);
  return versions.pop();
}

const CONVENTIONAL = /^(\w+)(\([^()]*\))?(!)?:\s+(.+)$/;
function commitsSince(name, version) {
  const range = version ? [`${name}@v${version}..HEAD`] : ['HEAD'];
  const out = git('log', '--no-merges', '--format=%h%x1f%s%x1f%b%x1e', ...range, '--', `packages/${name}`);
  return out.split('\x1e').map((c) => c.trim()).filter(Boolean).map((c) => {
    const [hash, subject, body = ''] = c.split('\x1f');
    const m = CONVENTIONAL.exec(subject);
    return {
      hash, subject,
      type: m ? m[1] : 'other',
      breaking: Boolean(m && m[3]) || /^BREAKING[ -]CHANGE:/m.test(body),
      description: m ? `${m[2] ? `**${m[2].slice(1, -1)}:** ` : ''}${m[4]}` : subject,
    };
  });
}

const RELEASING = ['feat', 'fix', 'perf', 'revert'];
function bump(version, commits) {
  const [major, minor, patch] = parse(version);
  if (commits.some((c) => c.breaking)) {
    return major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
  }
  if (major > 0 && commits.some((c) => c.type === 'feat')) return `${major}.${minor + 1}.0`;
  if (commits.some((c) => RELEASING.includes(c.type))) return `${major}.${minor}.${patch + 1}`;
  return undefined;
}

function changelogSection(version, commits, depNotes) {
  const date = new Date().toISOString().slice(0, 10);
  const lines = [`## ${version} (${date})`, ''];
  const groups = [
    ['BREAKING CHANGES', commits.filter((c) => c.breaking)],
    ['Features', commits.filter((c) => c.type === 'feat' && !c.breaking)],
    ['Bug Fixes', commits.filter((c) => c.type === 'fix' && !c.breaking)],
    ['Performance', commits.filter((c) => c.type === 'perf' && !c.breaking)],
    ['Reverts', commits.filter((c) => c.type === 'revert' && !c.breaking)],
  ];
  for (const [title, list] of groups) {
    if (list.length === 0) continue;
    lines.push(`### ${title}`, '', ...list.map((c) => `- ${c.description} (${c.hash})`), '');
  }
  if (depNotes.length) lines.push('### Dependencies', '', ...depNotes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

function main() {
  const tag = process.argv.includes('--tag');
  const dryRun = process.argv.includes('--dry-run');
  if (git('status', '--porcelain') !== '') throw new Error('the working tree has uncommitted changes: commit or stash them first');
  const versions = JSON.parse(fs.readFileSync(VERSIONS_FILE, 'utf8'));
  const released = {};
  const sections = {};
  for (const p of packages()) {
    const committed = versions[p.name];
    if (!committed) throw new Error(`${VERSIONS_FILE}: no version for ${p.name}`);
    const previous = lastTag(p.name);
    const depNotes = p.uses.filter((u) => released[u]).map((u) => `@ebkit/${u} ${released[u]}`);
    if (!previous) {
      const commits = commitsSince(p.name, undefined);
      released[p.name] = committed;
      sections[p.name] = `## ${committed} (${new Date().toISOString().slice(0, 10)})\n\nFirst release (${commits.length} commits).\n`;
      continue;
    }
    if (compare(committed, previous) > 0) {
      // a version set by hand above the last tag (a release commit not yet tagged): release it as is
      released[p.name] = committed;
      sections[p.name] = changelogSection(committed, commitsSince(p.name, previous), depNotes);
      continue;
    }
    const commits = commitsSince(p.name, previous);
    let next = bump(previous, commits);
    if (!next && depNotes.length) next = bump(previous, [{ type: 'fix' }]);
    if (!next) continue;
    released[p.name] = next;
    versions[p.name] = next;
    sections[p.name] = changelogSection(next, commits, depNotes);
  }
  const names = Object.keys(released);
  if (names.length === 0) {
    console.log('nothing to release: no releasable commit since the last tag of any package');
    console.log(JSON.stringify({ released, commit: null, tags: [] }));
    return;
  }
  for (const n of names) console.log(`${n}@v${released[n]}`);
  if (dryRun) {
    console.log(JSON.stringify({ released, commit: null, tags: [] }));
    return;
  }
  fs.writeFileSync(VERSIONS_FILE, `${JSON.stringify(versions, undefined, 2)}\n`);
  for (const n of names) {
    const file = path.join(ROOT, 'packages', n, 'CHANGELOG.md');
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').replace(/^# Changelog\n+/, '') : '';
    fs.writeFileSync(file, `# Changelog\n\n${sections[n].trimEnd()}\n${old ? `\n${old}` : ''}`);
  }
  // every package.json, every range between the packages and the lock file follow the new versions
  // (not as CI: projen's install must update the lock file, not only check it)
  const env = { ...process.env };
  delete env.CI;
  execFileSync('npx', ['projen'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  git('add', '-A');
  const message = `chore(release): ${names.map((n) => `${n}@v${released[n]}`).join(' ')}`;
  git('commit', '--quiet', '-m', message);
  const tags = [];
  if (tag) {
    for (const n of names) {
      git('tag', '-a', `${n}@v${released[n]}`, '-m', `@ebkit/${n} ${released[n]}`);
      tags.push(`${n}@v${released[n]}`);
    }
  }
  console.log(JSON.stringify({ released, commit: git('rev-parse', '--short', 'HEAD'), tags }));
}

main();
