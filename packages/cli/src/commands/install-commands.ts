/**
 * `ai-sysadmin install-commands [--prefix DIR] [--name AI]`: off NixOS, writes `<aiName>-chat`,
 * `<aiName>-ask` ... as small sh wrappers that run this binary's subcommand. On NixOS the module
 * installs them (as links named after the assistant).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { addConfigOption, loadCliConfig } from '../cli-config.js';
import { printJson } from '../daemon-client.js';
import { EXIT } from '../exit-codes.js';
import { withExample } from '../help-examples.js';
import { SUBCOMMAND_SUMMARIES, USER_COMMANDS } from '../subcommand-summaries.js';

const MARK = '# written by ai-sysadmin install-commands';

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function wrapperText(subcommand: string, bin: string, node = process.execPath): string {
  return `#!/bin/sh\n${MARK}\nexec ${quote(node)} ${quote(bin)} ${subcommand} "$@"\n`;
}

export function createCommand(): Command {
  return withExample(
    addConfigOption(
      new Command('install-commands')
        .description(SUBCOMMAND_SUMMARIES['install-commands'])
        .option('--prefix <dir>', 'where to write them (default: ~/.local/bin, or /usr/local/bin as root)')
        .option('--name <aiName>', "the assistant's name in the commands (default: aiName from the config)")
        .option('--force', 'replace files of the same name that this command did not write')
        .option('--json', 'print { written: [...] } as JSON'),
    ),
    'ai-sysadmin install-commands --prefix ~/bin',
  ).action(async (options: { prefix?: string; name?: string; force?: boolean; json?: boolean; config?: string }) => {
    const aiName = options.name ?? (await loadCliConfig(options)).config.aiName;
    const prefix = options.prefix ?? (process.getuid?.() === 0 ? '/usr/local/bin' : join(homedir(), '.local', 'bin'));
    const bin = fileURLToPath(new URL('../../bin/ai-sysadmin.js', import.meta.url));
    mkdirSync(prefix, { recursive: true });
    const written: string[] = [];
    for (const sub of USER_COMMANDS) {
      const path = join(prefix, `${aiName}-${sub}`);
      if (existsSync(path) && !options.force && !readFileSync(path, 'utf8').includes(MARK)) {
        process.stderr.write(
          `ai-sysadmin install-commands: ${path} exists and was not written by it; --force replaces it\n`,
        );
        process.exitCode = EXIT.dataError;
        return;
      }
      writeFileSync(path, wrapperText(sub, bin));
      chmodSync(path, 0o755);
      written.push(path);
    }
    if (options.json) return printJson({ written });
    process.stdout.write(
      `wrote ${written.length} commands to ${prefix}: ${USER_COMMANDS.map((s) => `${aiName}-${s}`).join(', ')}\n`,
    );
    if (!(process.env.PATH ?? '').split(':').includes(prefix))
      process.stdout.write(`${prefix} is not on PATH: add it to use them by name\n`);
  });
}
