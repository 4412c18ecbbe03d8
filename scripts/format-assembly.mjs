/* global process, console, URL */
// Formats assembly/ with the project's prettier settings, as `prettier --write` does the
// rest (prettier cannot parse AssemblyScript's top-level decorators; see
// assembly-decorators.mjs).
//
//   node scripts/format-assembly.mjs           rewrites the files that are not formatted
//   node scripts/format-assembly.mjs --check   lists them and fails instead
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { maskDecorators, unmaskDecorators } from './assembly-decorators.mjs';

const check = process.argv.includes('--check');
const dir = new URL('../assembly/', import.meta.url).pathname;
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
  f.endsWith('.ts'),
);
const unformatted = [];
for (const file of files) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const options = { ...(await prettier.resolveConfig(path)), filepath: path };
  const formatted = unmaskDecorators(await prettier.format(maskDecorators(text), options));
  if (formatted === text) continue;
  unformatted.push(`assembly/${file}`);
  if (!check) writeFileSync(path, formatted);
}
if (check && unformatted.length > 0) {
  console.error(`not formatted (run npm run format): ${unformatted.join(', ')}`);
  process.exit(1);
}
console.log(
  `assembly/: ${files.length} files, ${unformatted.length} ${check ? 'to format' : 'formatted'}`,
);
