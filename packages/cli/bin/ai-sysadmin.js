#!/usr/bin/env node
// The installed entry point. It exists before the first build, so npm can link it at install
// time; the program itself is the compiled dist/bin.js.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('ai-sysadmin is not built yet: run `npm run build` in the repository first.\n');
  process.exit(70);
}
await import(compiled.href);
