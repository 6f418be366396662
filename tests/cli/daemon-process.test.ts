/**
 * The built `ai-sysadmin daemon` as systemd runs it: SIGKILL while messages wait (none lost, none
 * twice), SIGHUP with a broken file (the running config stays, every wrong field is logged),
 * SIGTERM (exit 0), a second daemon on the same socket (69), a wrong config (78), and
 * `ai-sysadmin trigger unit-failed` from the command line to the Gotify message.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, API_PATHS } from '@ai-sysadmin/core';
import { DaemonApiClient } from '@ai-sysadmin/cli';
import { type GotifyReceiver, startGotify, waitUntil } from '../rig/index.js';
import { ensureBuilt } from '../helpers/build.js';
import { type UnitHost, daemonConfig, gotifyConfig, startUnitHost } from '../helpers/daemon-rig.js';
import { runCli, spawnDaemon, writeConfigFile } from '../helpers/daemon-process.js';

let gotify: GotifyReceiver;
let units: UnitHost;

beforeAll(async () => {
  ensureBuilt();
  [gotify, units] = await Promise.all([startGotify(), startUnitHost('db1')]);
});
afterAll(async () => {
  await gotify?.stop();
  await units?.host.stop();
});

async function configFor(over: Parameters<typeof daemonConfig>[0] = {}): Promise<Config> {
  return daemonConfig({ hosts: [units.host], gotify: gotifyConfig(gotify), autonomyLevel: 'observe', ...over });
}

describe('the daemon process', { timeout: 240_000 }, () => {
  it('SIGKILL while messages wait: after the restart they are delivered, none twice', async () => {
    gotify.messages.length = 0;
    const config = await configFor();
    const path = writeConfigFile(config);
    await gotify.kill();
    const first = spawnDaemon(path);
    await first.started();
    const api = DaemonApiClient.fromConfig(config);
    for (let i = 1; i <= 4; i++)
      await api.json('POST', API_PATHS.notify, { title: `waiting ${i}`, message: `message ${i}` });
    first.signal('SIGKILL');
    expect((await first.exited()).signal).toBe('SIGKILL');
    await gotify.restart();
    const second = spawnDaemon(path);
    await second.started();
    try {
      await waitUntil(
        'the four messages',
        () => gotify.messages.filter((m) => m.title.includes('waiting')).length >= 4,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(gotify.messages.filter((m) => m.title.includes('waiting')).map((m) => m.title)).toEqual(
        [1, 2, 3, 4].map((i) => `${config.aiName}: waiting ${i}`),
      );
    } finally {
      second.signal('SIGTERM');
      expect(await second.exited()).toEqual({ code: 0, signal: null });
    }
  });

  it('SIGHUP with a broken file keeps the running config and logs every wrong field; a good one applies', async () => {
    const config = await configFor();
    const path = writeConfigFile(config);
    const daemon = spawnDaemon(path);
    await daemon.started();
    const api = DaemonApiClient.fromConfig(config);
    try {
      writeFileSync(path, JSON.stringify({ ...config, autonomyLevel: 'yolo', checkInterval: 'often' }));
      daemon.signal('SIGHUP');
      await waitUntil('the reload to fail', () => daemon.output().includes('config reload failed'));
      expect(daemon.output()).toContain('config reload: autonomyLevel: expected one of');
      expect(daemon.output()).toContain('config reload: checkInterval: expected number');
      expect(await api.json('GET', API_PATHS.status)).toMatchObject({
        config: { autonomyLevel: 'observe', checkIntervalSec: 3600 },
      });

      writeFileSync(path, JSON.stringify({ ...config, autonomyLevel: 'suggest', checkInterval: 600 }));
      daemon.signal('SIGHUP');
      await waitUntil('the reload', () => daemon.output().includes('configuration reloaded'));
      expect(await api.json('GET', API_PATHS.status)).toMatchObject({
        config: { autonomyLevel: 'suggest', checkIntervalSec: 600 },
      });

      // A second daemon on the same socket refuses to start.
      const second = runCli(['daemon', '--config', path]);
      expect(second.code).toBe(69);
      expect(second.stderr).toContain('another daemon is already listening on');
    } finally {
      daemon.signal('SIGTERM');
      expect(await daemon.exited()).toEqual({ code: 0, signal: null });
    }
    expect(daemon.output()).toContain('"msg":"stopped"');
  });

  it('refuses a wrong config with 78 before starting anything', () => {
    const { code, stderr } = runCli(['daemon', '--config', '/nonexistent/config.json']);
    expect(code).toBe(78);
    expect(stderr).toContain('the file does not exist');
  });

  it('trigger unit-failed: from the command line to the Gotify message within the same check; one line and 69 with no daemon', async () => {
    gotify.messages.length = 0;
    const config = await configFor();
    const path = writeConfigFile(config);
    expect(runCli(['trigger', 'unit-failed', 'nginx.service', '--host', 'db1', '--config', path])).toMatchObject({
      code: 69,
      stderr: expect.stringMatching(
        /^ai-sysadmin: the \S+ daemon is not running \(no answer on \S+api\.sock: ENOENT\); start it with `systemctl start \S+-ai` or `ai-sysadmin daemon`\n$/,
      ),
    });
    const daemon = spawnDaemon(path);
    await daemon.started();
    try {
      // The startup cycle first, so the trigger is measured on its own.
      await waitUntil('the startup cycle', () => daemon.output().includes('"cycle":1,'));
      units.fail('nginx.service');
      const started = Date.now();
      const result = runCli(['trigger', 'unit-failed', 'nginx.service', '--host', 'db1', '--config', path]);
      expect(result).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/^(started|joined) cycle \d+: checking db1 for nginx\.service\n$/),
      });
      await waitUntil('the message', () =>
        gotify.messages.some((m) => m.title.includes('nginx.service failed on db1')),
      );
      console.log(
        `trigger unit-failed -> Gotify message: ${Date.now() - started} ms (one run, for the record; bench/daemon.bench.ts measures it)`,
      );
      expect(runCli(['trigger', 'unit-failed', 'nginx.service', '--host', 'nowhere', '--config', path])).toMatchObject({
        code: 64,
        stderr: expect.stringContaining('No managed system is named "nowhere"'),
      });
    } finally {
      units.heal();
      daemon.signal('SIGTERM');
      await daemon.exited();
    }
  });
});
