#!/usr/bin/env node
/**
 * The npm side of the Nix package (nix/package.nix), run inside its builds with nixpkgs' Node and
 * by nix/update-npm-deps-hash.sh. Plain Node, no dependencies.
 *
 *   node npm-tree.mjs build-lock DIR   In DIR (a copy of package.json, package-lock.json and the
 *                                      workspaces' package.json files): keep only what building
 *                                      the product needs, i.e. every runtime dependency plus the
 *                                      compiler (BUILD_TOOLS), and drop the test tooling (vitest,
 *                                      the ChromaDB test server of 400 MB, ...). package.json and
 *                                      the lockfile are rewritten consistently, so `npm ci` takes
 *                                      them, and the tree it installs is the same on every system.
 *   node npm-tree.mjs drop-hidden DIR  Remove what `npm ci` writes that depends on npm's version
 *                                      rather than on the lockfile (node_modules/.package-lock.json).
 *   node npm-tree.mjs drop-dev DIR     After the build: delete the packages only the build needed
 *                                      (marked dev in the lockfile) and the links to them.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Development dependencies the build runs (`tsc -b` and the Node types it compiles against). */
export const BUILD_TOOLS = ['typescript', '@types/node'];

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const writeJson = (path, value) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** Where Node finds `name` from the package at `from` (a lockfile key): the nearest node_modules up the tree. */
function resolveFrom(packages, from, name) {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/**
 * What a package needs installed. Optional dependencies are left out: they are native speed-ups
 * and platform binaries (msgpackr-extract, cpu-features, chromadb's embedded bindings) the product
 * runs without, and leaving them out of the lockfile leaves npm nothing to decide per platform or
 * per npm version, so every system and npm release installs the same tree.
 */
function dependencyNames(entry) {
  return [
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional),
  ];
}

export function buildLock(dir) {
  const manifest = readJson(join(dir, 'package.json'));
  const lock = readJson(join(dir, 'package-lock.json'));
  if (lock.lockfileVersion < 2) throw new Error('package-lock.json must be lockfileVersion 2 or 3 (npm 7 or later)');
  const keep = (deps) => Object.fromEntries(Object.entries(deps ?? {}).filter(([name]) => BUILD_TOOLS.includes(name)));
  manifest.devDependencies = keep(manifest.devDependencies);
  delete manifest.scripts;
  const packages = lock.packages;
  packages[''].devDependencies = keep(packages[''].devDependencies);

  const reachable = new Set(['']);
  const queue = [''];
  while (queue.length) {
    const key = queue.shift();
    const entry = packages[key];
    // A workspace's own devDependencies are type declarations its `tsc -b` compiles against.
    const isWorkspace = key !== '' && !key.includes('node_modules/');
    const names =
      key === '' || isWorkspace
        ? [...dependencyNames(entry), ...Object.keys(entry.devDependencies ?? {})]
        : dependencyNames(entry);
    if (entry.link && entry.resolved !== undefined) names.length = 0;
    const next = names.map((name) => resolveFrom(packages, key, name)).filter((k) => k !== undefined);
    if (entry.link && entry.resolved !== undefined) next.push(entry.resolved);
    // The workspaces, and the links npm makes to them in node_modules.
    if (key === '')
      next.push(...Object.keys(packages).filter((k) => (!k.includes('node_modules/') && k !== '') || packages[k].link));
    for (const k of next) {
      if (!reachable.has(k)) {
        reachable.add(k);
        queue.push(k);
      }
    }
  }
  for (const key of Object.keys(packages)) if (!reachable.has(key)) delete packages[key];
  for (const tool of BUILD_TOOLS) {
    if (!packages[`node_modules/${tool}`])
      throw new Error(`the lockfile has no ${tool}, which the build needs (BUILD_TOOLS in nix/npm-tree.mjs)`);
  }
  writeJson(join(dir, 'package.json'), manifest);
  writeJson(join(dir, 'package-lock.json'), lock);
  return { kept: reachable.size - 1 };
}

export function dropHidden(dir) {
  for (const hidden of [join(dir, 'node_modules', '.package-lock.json')]) rmSync(hidden, { force: true });
}

export function dropDev(dir) {
  const lock = readJson(join(dir, 'package-lock.json'));
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key.includes('node_modules/') && entry.dev) rmSync(join(dir, key), { recursive: true, force: true });
  }
  // bin links whose package is gone
  const bins = join(dir, 'node_modules', '.bin');
  if (existsSync(bins)) {
    for (const name of readdirSync(bins)) {
      const link = join(bins, name);
      if (lstatSync(link).isSymbolicLink() && !existsSync(link)) rmSync(link);
    }
  }
  // scopes left empty
  const modules = join(dir, 'node_modules');
  for (const name of readdirSync(modules)) {
    if (name.startsWith('@') && readdirSync(join(modules, name)).length === 0)
      rmSync(join(modules, name), { recursive: true });
  }
}

const [command, dir] = process.argv.slice(2);
if (command && dir) {
  if (command === 'build-lock') {
    const { kept } = buildLock(dir);
    process.stderr.write(`npm-tree: the build installs ${kept} packages of the lockfile\n`);
  } else if (command === 'drop-hidden') dropHidden(dir);
  else if (command === 'drop-dev') dropDev(dir);
  else {
    process.stderr.write(`npm-tree: unknown command ${command}\n`);
    process.exit(64);
  }
}
