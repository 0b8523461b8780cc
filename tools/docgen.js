#!/usr/bin/env node
// Writes API.md for the jsii package in the current directory.
//
// jsii-docgen looks for the assemblies (.jsii) of a package's dependencies only
// below the package's own folder, while npm workspaces hoist them to the
// repository root. This gathers the package and its jsii dependencies in a
// temporary folder (symlinks) and documents from there.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Documentation, Language } = require('jsii-docgen');

/** The folder of an installed dependency, searched the way node does (walking up node_modules). */
function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) {
      return fs.realpathSync(candidate);
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}

async function main() {
  const packageDir = process.cwd();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docgen-'));
  const linked = new Set();
  const link = (dir) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    if (linked.has(manifest.name)) {
      return;
    }
    linked.add(manifest.name);
    fs.symlinkSync(dir, path.join(tmp, manifest.name.replace('/', '__')));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      const depDir = resolvePackageDir(dep, dir);
      if (depDir && fs.existsSync(path.join(depDir, '.jsii'))) {
        link(depDir);
      }
    }
  };
  try {
    link(packageDir);
    const { name } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    const docs = await Documentation.forAssembly(name, tmp);
    const markdown = await docs.toMarkdown({ language: Language.TYPESCRIPT, allSubmodules: true });
    fs.writeFileSync(path.join(packageDir, 'API.md'), markdown.render());
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
