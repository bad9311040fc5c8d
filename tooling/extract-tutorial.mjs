#!/usr/bin/env node
// Writes the files of docs/writing-a-plugin.md's tutorial into a plugin folder: every ```ts or
// ```js block whose preceding line names its file (`src/…`, `test/…`,
// `plugins/resolved-hook/….mjs`) followed by a colon. CI then builds and tests what the page says.
//
//   node tooling/extract-tutorial.mjs docs/writing-a-plugin.md plugins/resolved-hook
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [doc, out] = process.argv.slice(2);
const lines = readFileSync(doc, 'utf8').split('\n');
const written = [];
for (let i = 0; i < lines.length; i++) {
  if (!/^```(ts|js)$/.test(lines[i])) continue;
  let j = i - 1;
  while (j >= 0 && !lines[j].trim()) j--;
  const end = lines.findIndex((l, k) => k > i && l.startsWith('```'));
  const named = /`((?:src|test)\/[\w./-]+\.ts|plugins\/[\w-]+\/[\w.-]+\.mjs)`[^`]*:\s*$/.exec(
    lines[j],
  );
  if (named) {
    const file = join(out, named[1].replace(/^plugins\/[\w-]+\//, ''));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, lines.slice(i + 1, end).join('\n') + '\n');
    written.push(named[1]);
  }
  i = end;
}
if (written.length === 0) {
  console.error(`extract-tutorial: no named code blocks in ${doc}`);
  process.exit(1);
}
console.log(`extract-tutorial: ${written.join(', ')}`);
