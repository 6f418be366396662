/**
 * One systemd unit: its status, its journal, and restarting it. The commands are the executor's
 * to judge: `systemctl status` and `journalctl` are read-only, a restart is low risk for a failed
 * non-critical unit and needs approval (or is refused) otherwise, whatever the model says.
 */
import { z } from 'zod';
import { type AgentTool, defineTool } from './agent-tool.js';
import { hostArgument } from './host-argument.js';
import { proposeCommand } from './through-executor.js';

const unit = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9@_.:\\-]+$/, 'must be a systemd unit name such as nginx.service')
  .describe('The unit, e.g. "nginx" or "nginx.service"');

const checkServiceSchema = z.strictObject({ host: hostArgument, unit });
const statusArgv = (u: string) => ['systemctl', 'status', '--no-pager', '--full', '--lines=20', u];

export const checkService = defineTool({
  name: 'check_service',
  description:
    'Status of one systemd unit: active or failed, since when, its main process, exit code and its last log lines.',
  schema: checkServiceSchema,
  readOnly: true,
  proposal: ({ host, unit: u }) => ({ host, argv: statusArgv(u), reason: `status of ${u}` }),
  run: ({ host, unit: u }, context) => proposeCommand(context, { host, argv: statusArgv(u), reason: `status of ${u}` }),
});

const viewLogsSchema = z.strictObject({
  host: hostArgument,
  unit: unit.optional().describe("Only this unit's entries; leave out for the whole journal"),
  lines: z.number().int().min(1).max(2000).default(100).describe('How many of the latest entries (default 100)'),
  priority: z
    .enum(['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'])
    .optional()
    .describe('Only entries this severe or worse, e.g. "err"'),
  since: z
    .string()
    .max(64)
    .optional()
    .describe('Only entries since this time, as journalctl takes it: "1 hour ago", "2025-01-31 10:00"'),
  grep: z.string().max(200).optional().describe('Only entries whose message matches this pattern'),
});

function logsArgv(args: z.output<typeof viewLogsSchema>): string[] {
  return [
    'journalctl',
    '--no-pager',
    '-n',
    String(args.lines),
    ...(args.unit ? ['-u', args.unit] : []),
    ...(args.priority ? ['-p', args.priority] : []),
    ...(args.since ? ['--since', args.since] : []),
    ...(args.grep ? ['-g', args.grep] : []),
  ];
}

export const viewLogs = defineTool({
  name: 'view_logs',
  description:
    'The latest journal entries of a host, or of one unit. Long logs come back reduced (repeated lines grouped with counts) with a cache id to page through.',
  schema: viewLogsSchema,
  readOnly: true,
  proposal: (args) => ({ host: args.host, argv: logsArgv(args), reason: 'read the journal' }),
  run: (args, context) =>
    proposeCommand(context, { host: args.host, argv: logsArgv(args), reason: 'read the journal' }),
});

const restartSchema = z.strictObject({
  host: hostArgument,
  unit,
  reason: z.string().trim().min(1).max(2000).describe('Why the restart should help, in one sentence'),
});

export const restartService = defineTool({
  name: 'restart_service',
  description:
    "Restart one systemd unit. The policy decides: a failed non-critical unit may restart at once at autonomy auto-safe or above; otherwise it waits for a person's approval, and critical units (sshd, networking...) are never stopped.",
  schema: restartSchema,
  readOnly: false,
  proposal: ({ host, unit: u, reason }) => ({ host, argv: ['systemctl', 'restart', u], sudo: true, reason }),
  run: ({ host, unit: u, reason }, context) =>
    proposeCommand(context, { host, argv: ['systemctl', 'restart', u], sudo: true, reason }),
});

export const SERVICE_TOOLS: readonly AgentTool[] = [checkService, viewLogs, restartService];
