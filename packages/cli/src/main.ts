/**
 * Entry of the ai-sysadmin binary. The subcommand comes from the first argument, or from the
 * name the binary was called by: `<aiName>-chat` runs `chat`, `<aiName>-approve list` runs
 * `approve list`.
 */
import { basename } from 'node:path';
import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { SUBCOMMANDS, findSubcommand } from './subcommands.js';
import { VERSION } from './version.js';

export async function main(argv: string[]): Promise<number> {
  const { name, args } = pickSubcommand(argv);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const subcommand = findSubcommand(name);
  if (!subcommand) {
    process.stderr.write(`ai-sysadmin: unknown subcommand "${name}". Run \`ai-sysadmin --help\` for the list.\n`);
    return EXIT.usage;
  }
  try {
    const command = (await subcommand.load()).createCommand({ subcommands: SUBCOMMANDS });
    command.name(`ai-sysadmin ${name}`);
    // Nested commands (`config check`, `policy check`) too: a usage error exits 64, not commander's 1.
    for (const c of [command, ...command.commands]) c.exitOverride();
    await command.parseAsync(args, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    return await reportError(error);
  }
}

function pickSubcommand(argv: string[]): { name: string | undefined; args: string[] } {
  const invokedAs = basename(argv[1] ?? '');
  const alias = /^.+-([a-z]+)$/.exec(invokedAs);
  if (alias && invokedAs !== 'ai-sysadmin' && findSubcommand(alias[1]!)) {
    return { name: alias[1], args: argv.slice(2) };
  }
  return { name: argv[2], args: argv.slice(3) };
}

/** The error classes are loaded only on this path (and never the config schema), so `--help` stays light. */
async function reportError(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // commander has printed its message (or the help) already.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const { AiSysadminError, ConfigError } = await import('@ai-sysadmin/core/errors');
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.describe()}\n`);
    return EXIT.config;
  }
  if (error instanceof AiSysadminError && error.code === 'DAEMON_UNAVAILABLE') {
    process.stderr.write(`ai-sysadmin: ${error.message}\n`);
    return EXIT.unavailable;
  }
  if (error instanceof AiSysadminError && error.code === 'API_FORBIDDEN') {
    process.stderr.write(`ai-sysadmin: ${error.describe()}\n`);
    return EXIT.noPermission;
  }
  if (error instanceof AiSysadminError && typeof (error as { status?: unknown }).status === 'number') {
    // The daemon refused the request: an unknown host is a usage error, as for `check --host`; other bad input is 65.
    const status = (error as unknown as { status: number }).status;
    process.stderr.write(`${error.describe()}\n`);
    if (error.code === 'UNKNOWN_HOST') return EXIT.usage;
    return status >= 400 && status < 500 ? EXIT.dataError : EXIT.unavailable;
  }
  if (error instanceof AiSysadminError) {
    process.stderr.write(`${error.describe()}\n`);
    return process.exitCode && typeof process.exitCode === 'number' ? process.exitCode : EXIT.internal;
  }
  process.stderr.write(
    `ai-sysadmin: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.internal;
}

function usage(): string {
  const width = Math.max(...SUBCOMMANDS.map((s) => s.name.length));
  const lines = SUBCOMMANDS.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`);
  return [
    'Usage: ai-sysadmin <subcommand> [options]',
    '',
    'An AI system administrator for NixOS and other Linux hosts.',
    '',
    'Subcommands:',
    ...lines,
    '',
    'Each subcommand is also installed as <aiName>-<subcommand> (for example `rhiannon-chat`).',
    'Run `ai-sysadmin <subcommand> --help` for its options.',
    '',
  ].join('\n');
}
