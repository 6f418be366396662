/**
 * A generic webhook: every message as one JSON POST (for ntfy, a Matrix bridge, a chat), with an
 * optional bearer token read from `notifications.webhook.tokenFile` at send time.
 */
import type { Config } from '@ai-sysadmin/core';
import { postJson } from './http-delivery.js';
import type { Notifier, OutgoingMessage } from './notifier.js';
import { readTokenFile } from './token-file.js';

export class WebhookNotifier implements Notifier {
  readonly name = 'webhook';
  readonly destination: string;

  constructor(
    private readonly settings: NonNullable<Config['notifications']['webhook']>,
    private readonly aiName: string,
  ) {
    this.destination = settings.url;
  }

  async send(message: OutgoingMessage, signal?: AbortSignal): Promise<void> {
    const headers: Record<string, string> = {};
    if (this.settings.tokenFile)
      headers.authorization = `Bearer ${await readTokenFile(this.name, this.settings.tokenFile, 'notifications.webhook.tokenFile')}`;
    await postJson({
      target: this.name,
      url: this.settings.url,
      headers,
      json: {
        ai: this.aiName,
        seq: message.seq,
        createdAt: message.createdAt,
        title: message.title,
        message: message.message,
        priority: message.priority,
        format: message.markdown ? 'markdown' : 'text',
        host: message.host,
        kind: message.kind,
        issues: message.issueIds,
      },
      ...(signal ? { signal } : {}),
    });
  }
}
