/* global process, console, URL */
// Prints the import graph of src/: the circles (strongly connected components of more than
// one file), the number of files and edges, the largest files and the lines per folder.
// Type-only imports (`import type`, `export type`, or every name marked `type`) are left out:
// they vanish at compile time and cannot form a circle at load.
//
//   node scripts/import-graph.mjs            the summary
//   node scripts/import-graph.mjs --edges    every edge inside a circle as well
//   node scripts/import-graph.mjs --folders  which folders each folder imports
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const showEdges = process.argv.includes('--edges');
const showFolders = process.argv.includes('--folders');

/** Every file under dir whose name ends with one of the extensions, as absolute paths. */
function filesUnder(dir, extensions) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path, extensions));
    else if (extensions.some((extension) => name.endsWith(extension))) found.push(path);
  }
  return found;
}

/** True when an import clause brings in types only: `type X` or `{ type A, type B }`. */
function typeOnly(keywordType, clause) {
  if (keywordType) return true;
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!braces) return false;
  const names = braces[1]
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.length > 0 && names.every((name) => name.startsWith('type '));
}

/** The specifiers a file imports or re-exports at load time (side-effect imports included). */
function specifiersOf(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]/gm;
  for (const match of code.matchAll(statement)) {
    if (!typeOnly(match[2], match[3])) specifiers.push(match[4]);
  }
  for (const match of code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) specifiers.push(match[1]);
  return specifiers;
}

/** The source file a relative specifier names, or undefined (a package or a missing file). */
function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  for (const candidate of [base + '.ts', join(base, 'index.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Tarjan's algorithm: the strongly connected components of the graph, as lists of nodes. */
function components(nodes, edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (node) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node)) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node), index.get(target)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      found.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return found;
}

const files = filesUnder(join(root, 'src'), ['.ts']);
const name = (path) => relative(join(root, 'src'), path);
const edges = new Map(files.map((file) => [file, new Set()]));
for (const file of files) {
  for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
    const target = resolveSpecifier(file, specifier);
    if (target !== undefined && target !== file) edges.get(file).add(target);
  }
}
const edgeCount = [...edges.values()].reduce((sum, targets) => sum + targets.size, 0);

const circles = components(files, edges)
  .filter((component) => component.length > 1)
  .sort((a, b) => b.length - a.length);
console.log(`src/: ${files.length} files, ${edgeCount} import edges (type-only left out)`);
console.log(`circles: ${circles.length}${circles.length ? '' : ' (none)'}`);
for (const circle of circles) {
  console.log(`  ${circle.length} files: ${circle.map(name).join(', ')}`);
  if (!showEdges) continue;
  const members = new Set(circle);
  for (const file of circle) {
    for (const target of edges.get(file)) {
      if (members.has(target)) console.log(`    ${name(file)} -> ${name(target)}`);
    }
  }
}

// The same graph between folders (backend/, threads/, tensor.ts …): a circle here is an arrow
// that runs back up a layer even where no two files import each other.
const folderOf = (path) => {
  const parts = name(path).split('/');
  return parts.length > 1 ? `${parts[0]}/` : parts[0];
};
const folders = [...new Set(files.map(folderOf))].sort();
const folderEdges = new Map(folders.map((folder) => [folder, new Set()]));
const folderArrows = new Map();
for (const file of files) {
  for (const target of edges.get(file)) {
    const [from, to] = [folderOf(file), folderOf(target)];
    if (from === to) continue;
    folderEdges.get(from).add(to);
    const key = `${from} -> ${to}`;
    if (!folderArrows.has(key)) folderArrows.set(key, []);
    folderArrows.get(key).push(`${name(file)} -> ${name(target)}`);
  }
}
const folderCircles = components(folders, folderEdges).filter((component) => component.length > 1);
console.log(`folder circles: ${folderCircles.length}${folderCircles.length ? '' : ' (none)'}`);
for (const circle of folderCircles) {
  console.log(`  ${circle.join(', ')}`);
  const members = new Set(circle);
  for (const [key, arrows] of folderArrows) {
    const [from, to] = key.split(' -> ');
    if (members.has(from) && members.has(to)) console.log(`    ${key}: ${arrows.join(', ')}`);
  }
}

if (showFolders) {
  console.log('folder arrows:');
  for (const [folder, targets] of folderEdges) {
    if (targets.size > 0)
      console.log(`  ${folder.padEnd(14)} -> ${[...targets].sort().join(', ')}`);
  }
}

const lines = (path) => readFileSync(path, 'utf8').split('\n').length - 1;
console.log('largest files (lines):');
const sourceFiles = [...files, ...filesUnder(join(root, 'assembly'), ['.ts'])];
const sized = sourceFiles.map((path) => [relative(root, path), lines(path)]);
for (const [path, count] of sized.sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  console.log(`  ${String(count).padStart(6)}  ${path}`);
}

console.log('lines per folder:');
const perFolder = new Map();
for (const [path, count] of sized) {
  const parts = path.split('/');
  const folder = parts.length > 2 ? `${parts[0]}/${parts[1]}/` : `${parts[0]}/*.ts`;
  perFolder.set(folder, (perFolder.get(folder) ?? 0) + count);
}
for (const [folder, count] of [...perFolder].sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`  ${String(count).padStart(6)}  ${folder}`);
}
