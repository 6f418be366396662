/** Telling a person: a message through the outbox (Gotify, webhooks), deduplicated and retried there. */
import { z } from 'zod';
import { PRIORITY } from '../../notifications/notifier.js';
import { type AgentTool, defineTool } from './agent-tool.js';

export const sendNotification = defineTool({
  name: 'send_notification',
  description:
    "Send a short message to the administrators' phones. Only for something a person must know or do now (a problem you cannot fix, an approval that is urgent); never for routine status.",
  schema: z.strictObject({
    title: z.string().trim().min(1).max(120),
    message: z.string().trim().min(1).max(4000),
    urgency: z.enum(['info', 'attention', 'critical']).default('attention'),
    host: z.string().trim().min(1).max(253).optional().describe('The host it is about'),
  }),
  readOnly: false,
  run: async (args, context) => {
    if (!context.notify)
      return {
        ok: false,
        summary: 'no notifications configured',
        facts: 'notifications are not configured; say it in your answer instead',
      };
    const issueIds = context.origin.issueId ? [Number(context.origin.issueId)].filter(Number.isInteger) : [];
    context.notify({
      title: `${context.config.aiName}: ${args.title}`,
      message: args.message,
      priority: PRIORITY[args.urgency],
      markdown: false,
      host: args.host ?? null,
      kind: 'notify',
      issueIds,
    });
    return { ok: true, summary: `notification queued: ${args.title}`, facts: 'the message is queued for delivery' };
  },
});

export const NOTIFICATION_TOOLS: readonly AgentTool[] = [sendNotification];
