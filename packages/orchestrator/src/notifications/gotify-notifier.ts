/**
 * Gotify: `POST <url>/message` with the application token in `X-Gotify-Key`, read from
 * `gotify.tokenFile` for every message (a rotated token needs no restart) and never logged.
 * Markdown is asked for (`client::display`) only when the daemon wrote the text itself.
 */
import type { Config } from '@ai-sysadmin/core';
import { postJson } from './http-delivery.js';
import type { Notifier, OutgoingMessage } from './notifier.js';
import { readTokenFile } from './token-file.js';

export class GotifyNotifier implements Notifier {
  readonly name = 'gotify';
  readonly destination: string;

  constructor(private readonly settings: NonNullable<Config['gotify']>) {
    this.destination = settings.url;
  }

  async send(message: OutgoingMessage, signal?: AbortSignal): Promise<void> {
    const token = await readTokenFile(this.name, this.settings.tokenFile, 'gotify.tokenFile');
    const base = this.settings.url.endsWith('/') ? this.settings.url : `${this.settings.url}/`;
    await postJson({
      target: this.name,
      url: new URL('message', base).href,
      headers: { 'X-Gotify-Key': token },
      json: {
        title: message.title,
        message: message.message,
        priority: message.priority,
        extras: { 'client::display': { contentType: message.markdown ? 'text/markdown' : 'text/plain' } },
      },
      ...(signal ? { signal } : {}),
    });
  }
}
