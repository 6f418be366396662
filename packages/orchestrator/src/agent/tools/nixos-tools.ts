/**
 * A change to the NixOS configuration is only ever proposed: the executor applies the diff on its
 * own branch of configRepo, builds it, and offers it for approval; nothing is switched to here.
 */
import { z } from 'zod';
import { errorMessage } from '@ai-sysadmin/core';
import { type AgentTool, type ToolOutput, defineTool } from './agent-tool.js';
import { hostArgument } from './host-argument.js';

const proposeNixosSchema = z.strictObject({
  host: hostArgument,
  diff: z
    .string()
    .min(1)
    .max(200_000)
    .describe('The change as a git unified diff against the configuration repository (paths relative to its root)'),
  reason: z.string().trim().min(1).max(2000).describe('What the change fixes, in one sentence'),
  explanation: z.string().max(20_000).optional().describe('Longer reasoning a person reads before approving'),
});

export const proposeNixosChange = defineTool({
  name: 'propose_nixos_change',
  description:
    "Propose a change to a NixOS host's configuration as a unified diff. It is built first, then waits for a person's approval; it is never applied by you. Use this, never run_command, to change a NixOS system.",
  schema: proposeNixosSchema,
  readOnly: false,
  run: async (args, context): Promise<ToolOutput> => {
    const command = `nixos change on ${args.host}: ${args.reason}`;
    try {
      const outcome = await context.executor.proposeNixosChange({
        host: args.host,
        diff: args.diff,
        reason: args.reason,
        ...(args.explanation ? { explanation: args.explanation } : {}),
        requestedBy: context.origin,
      });
      const facts =
        outcome.status === 'invalid'
          ? `status: invalid\nthe change does not build, so it was not offered: ${outcome.reason}`
          : `status: ${outcome.status}\nverdict: ${outcome.decision.verdict} (${outcome.decision.risk})\nreason: ${outcome.decision.reason}${outcome.status === 'pending' ? `\naction #${outcome.action.id} waits for a person's approval` : ''}`;
      return {
        ok: outcome.status === 'pending',
        summary:
          outcome.status === 'pending'
            ? `NixOS change #${outcome.action.id} waits for approval`
            : `NixOS change ${outcome.status}`,
        facts,
        action: {
          id: outcome.action.id,
          status: outcome.status,
          host: args.host,
          command,
          risk: outcome.status === 'invalid' ? 'high' : outcome.decision.risk,
          verdict: outcome.status === 'invalid' ? 'deny' : outcome.decision.verdict,
          reason: outcome.status === 'invalid' ? outcome.reason : outcome.decision.reason,
        },
      };
    } catch (error) {
      const message = errorMessage(error);
      return {
        ok: false,
        summary: `NixOS change refused: ${message}`,
        facts: `status: refused\nreason: ${message}`,
        action: {
          id: null,
          status: 'refused',
          host: args.host,
          command,
          risk: 'high',
          verdict: 'deny',
          reason: message,
        },
      };
    }
  },
});

export const NIXOS_TOOLS: readonly AgentTool[] = [proposeNixosChange];
