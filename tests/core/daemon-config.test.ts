/** The daemon's options in the config schema: defaults, derived paths and the refinements. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@ai-sysadmin/core';

function problems(value: unknown): string[] {
  try {
    parseConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('daemon config', () => {
  it('has defaults for the API, issues, remediation and logs, with the socket under stateDir', () => {
    const config = parseConfig({ stateDir: '/srv/ai' });
    expect(config.api).toEqual({ socket: '/srv/ai/api.sock', bodyLimitBytes: 1024 * 1024 });
    expect(config.issues).toEqual({ resolveAfterChecks: 2, reopenWithinHours: 24 });
    expect(config.remediation).toEqual({ restartFailedUnits: true, maxRestarts: 3, windowCycles: 5 });
    expect(config.logs).toEqual({ maxFileMiB: 10, keepFiles: 5 });
    expect(config.notifications.webhook).toBeUndefined();
    expect(parseConfig({ api: { socket: '/run/gwen-ai/api.sock' } }).api.socket).toBe('/run/gwen-ai/api.sock');
  });

  it('refuses a TCP listener without a token file, a bad address, and unknown keys', () => {
    expect(problems({ api: { listen: '127.0.0.1:9090' } })).toEqual([
      'api.tokenFile: is required when listen is set: the TCP listener never runs without a token',
    ]);
    expect(problems({ api: { listen: '9090', tokenFile: '/etc/t' } })).toEqual([
      'api.listen: must be host:port, e.g. 127.0.0.1:9090 or [::1]:9090',
    ]);
    expect(problems({ api: { listen: '[::1]:70000', tokenFile: '/etc/t' } })).toEqual([
      'api.listen: the port must be 1-65535',
    ]);
    expect(problems({ remediation: { maxRestart: 3 } })).toEqual([
      'remediation.maxRestart: unknown key "maxRestart" (did you mean "maxRestarts"?)',
    ]);
    expect(problems({ notifications: { webhook: { url: 'ftp://x' } } })).toEqual([
      'notifications.webhook.url: must be an http:// or https:// URL',
    ]);
    expect(problems({ notifications: { webhook: { url: 'https://ntfy.example/alerts', token: 'x' } } })[0]).toContain(
      'secrets are never written in the config',
    );
    expect(parseConfig({ api: { listen: '[::1]:9090', tokenFile: '/etc/ai/api-token' } }).api.listen).toBe(
      '[::1]:9090',
    );
  });
});
