/**
 * Commands and files, through the executor's policy like everything else: `run_command` proposes
 * any argv (read-only ones run, the rest waits for a person or is refused), `read_file` is `cat`
 * of one path (the policy's readable places and secrets decide, and the read guard checks the
 * resolved path on the host).
 */
import { z } from 'zod';
import { type AgentTool, defineTool } from './agent-tool.js';
import { hostArgument } from './host-argument.js';
import { proposeCommand } from './through-executor.js';

const reason = z.string().trim().min(1).max(2000).describe('Why you need this, in one sentence');

const runCommandSchema = z.strictObject({
  host: hostArgument,
  argv: z
    .array(z.string().max(4096))
    .min(1)
    .max(256)
    .describe(
      'The command as separate words, program first: ["systemctl", "status", "nginx"]. No shell: pipes, ; and && do not work',
    ),
  sudo: z.boolean().default(false).describe('Run as root (only where the host allows sudo)'),
  reason,
});

export const runCommand = defineTool({
  name: 'run_command',
  description:
    "Run one allow-listed command on a host. Read-only commands run at once; anything that changes the system is checked by the policy and may wait for a person's approval or be refused. Prefer the specific tools when one fits.",
  schema: runCommandSchema,
  readOnly: false,
  proposal: (args) => ({ host: args.host, argv: args.argv, sudo: args.sudo, reason: args.reason }),
  run: (args, context) =>
    proposeCommand(context, { host: args.host, argv: args.argv, sudo: args.sudo, reason: args.reason }),
});

const readFileSchema = z.strictObject({
  host: hostArgument,
  path: z.string().startsWith('/', 'must be an absolute path').max(4096).describe('Absolute path of the file'),
});

export const readFile = defineTool({
  name: 'read_file',
  description:
    'Read a text file on a host (configuration, logs under /var/log). Secrets and places outside the allowed ones are refused. Large files come back reduced with a cache id to page through.',
  schema: readFileSchema,
  readOnly: true,
  proposal: (args) => ({ host: args.host, argv: ['cat', args.path], reason: `read ${args.path}` }),
  run: (args, context) =>
    proposeCommand(context, { host: args.host, argv: ['cat', args.path], reason: `read ${args.path}` }),
});

export const COMMAND_TOOLS: readonly AgentTool[] = [runCommand, readFile];
