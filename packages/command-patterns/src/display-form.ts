/**
 * What a person sees in approvals, audit entries and logs:
 *   ssh -i /var/lib/ai-sysadmin/.ssh/id_ed25519 admin@web1 sudo systemctl restart nginx
 * Arguments are quoted only where needed, and characters a terminal would hide or act on are
 * shown as escapes, so the text cannot pretend to be a different command.
 */
import type { Config } from '@ai-sysadmin/core';
import { type Command, makeCommand } from './command.js';
import { needsSudo } from './invocation.js';
import { quoteArg } from './posix-quote.js';
import { type Target, resolveTarget } from './target.js';

export function displayCommand(command: Command, target: Target): string {
  const env = Object.entries(command.env ?? {}).map(([name, value]) => `${name}=${displayArg(value)}`);
  const words = [...(needsSudo(command, target) ? ['sudo'] : []), ...command.argv].map(displayArg);
  if (env.length) words.splice(needsSudo(command, target) ? 1 : 0, 0, ...env);
  if (target.kind === 'local') return words.join(' ');
  const { ssh } = target;
  const prefix = ['ssh', '-i', displayArg(ssh.privateKeyPath)];
  if (ssh.port !== 22) prefix.push('-p', String(ssh.port));
  prefix.push(displayArg(`${ssh.username}@${ssh.host}`));
  return [...prefix, ...words].join(' ');
}

/**
 * The command as shown for each host it is meant for. A host that is not configured (the policy
 * refuses such an action anyway) or an argv that is no command is still shown: its words,
 * escaped the same way, and the host it was meant for.
 */
export function displayOnHosts(
  argv: readonly string[],
  hosts: readonly string[],
  config: Pick<Config, 'remoteSystems' | 'ssh'>,
  options: { sudo?: boolean } = {},
): string[] {
  return hosts.map((host) => {
    try {
      return displayCommand(makeCommand(argv, { host, sudo: options.sudo ?? false }), resolveTarget(host, config));
    } catch {
      return `${argv.map(displayArg).join(' ')}  (on ${host})`;
    }
  });
}

/** Matches control characters, invisible and bidirectional characters, and lone surrogates. */
const HIDDEN =
  /[\u0000-\u001f\u007f-\u009f\u00a0\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function displayArg(arg: string): string {
  if (!HIDDEN.test(arg)) return quoteArg(arg);
  let out = "$'";
  for (const ch of arg) {
    const code = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (HIDDEN.test(ch))
      out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}
