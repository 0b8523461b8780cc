#!/usr/bin/env node
// Prints the fenced code blocks of one language from a Markdown file, in order, each preceded by a
// comment naming the file and line: `node tools/readme-blocks.js README.md ts|python [--index N]`.
// Used to compile and run README examples exactly as written (tools/release-rehearse.sh, the
// README tests).
'use strict';
const fs = require('node:fs');

const LANGUAGES = { ts: ['ts', 'typescript'], python: ['python', 'py'] };

/** Every fenced block of `language` in `markdown`: { line, code }. */
function blocks(markdown, language) {
  const names = LANGUAGES[language] ?? [language];
  const out = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```\s*([\w-]+)/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    if (names.includes(open[1].toLowerCase())) out.push({ line: start + 1, code: body.join('\n') });
  }
  return out;
}

module.exports = { blocks };

if (require.main === module) {
  const [file, language, flag, n] = process.argv.slice(2);
  if (!file || !language) {
    console.error('usage: readme-blocks.js <file.md> <ts|python> [--index N]');
    process.exit(2);
  }
  let found = blocks(fs.readFileSync(file, 'utf8'), language);
  if (flag === '--index') found = [found[Number(n)]].filter(Boolean);
  if (found.length === 0) {
    console.error(`${file}: no ${language} code block`);
    process.exit(1);
  }
  const comment = language === 'python' ? '#' : '//';
  console.log(found.map((b) => `${comment} ${file}:${b.line}\n${b.code}`).join('\n\n'));
}
