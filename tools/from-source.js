// Runs a program of this repository straight from the TypeScript sources of the workspace packages:
//   node -r ../../tools/from-source.js src/main.ts
// `@ebkit/<name>` (and `@ebkit/<name>/lib/<path>`) resolve to packages/<name>/src instead of the
// compiled lib/, and every .ts file is transpiled on load without type-checking (ts-node's
// transpile-only mode). The synth needs only JavaScript: type-checking and the .jsii manifests stay
// with the compile task (jsii), which the tests, the package and the bindings use.
// Assets that are build output (the bundled Lambda handlers under assets/) still come from each
// package's `assets` task.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..');
const packagesDir = path.join(root, 'packages');

require('ts-node').register({
  transpileOnly: true,
  // One set of compiler options for every file: the reference app's (CommonJS output, ES2022).
  project: path.join(root, 'apps', 'reference', 'tsconfig.json'),
  compilerOptions: { sourceMap: true, inlineSourceMap: false },
});

const SCOPED = /^@ebkit\/([a-z0-9-]+)(?:\/lib(\/.*)?)?$/;
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveFromSource(request, parent, ...rest) {
  const match = SCOPED.exec(request);
  if (match) {
    const src = path.join(packagesDir, match[1], 'src');
    if (fs.existsSync(src)) {
      const target = path.join(src, match[2] ?? 'index');
      return originalResolve.call(this, target, parent, ...rest);
    }
  }
  return originalResolve.call(this, request, parent, ...rest);
};
