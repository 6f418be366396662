import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configJsonSchema, loadConfig, parseConfig } from '@ai-sysadmin/core';
import { tempDir } from '../rig/index.js';

function file(content: unknown): string {
  const path = join(tempDir('config'), 'config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('serves a local-only run from defaults when there is no file', () => {
    const { config, source } = loadConfig({ env: { AI_SYSADMIN_CONFIG: '' } });
    expect(source).toBe('built-in defaults');
    expect(config).toMatchObject({
      autonomyLevel: 'suggest',
      checkInterval: 300,
      ollamaHost: 'http://127.0.0.1:11434',
      remoteSystems: [],
      ssh: { strictHostKeyChecking: true, user: 'root' },
    });
    expect(config.aiName).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(config.ssh.keyPath).toBe(join(config.stateDir, '.ssh', 'id_ed25519'));
  });

  it('reads a file, then lets AI_SYSADMIN_* variables override it, nested with __', () => {
    const path = file({
      aiName: 'rhiannon',
      checkInterval: 120,
      model: 'llama3.1:8b',
      remoteSystems: [{ name: 'web1', address: '10.0.0.5' }],
    });
    const { config, envOverrides } = loadConfig({
      path,
      env: { AI_SYSADMIN_CHECK_INTERVAL: '60', AI_SYSADMIN_SSH__USER: 'admin', AI_SYSADMIN_MODEL: '7' },
    });
    expect(config).toMatchObject({ aiName: 'rhiannon', checkInterval: 60, model: '7', ssh: { user: 'admin' } });
    expect(config.remoteSystems).toEqual([{ name: 'web1', address: '10.0.0.5', port: 22, sudo: false }]);
    expect(envOverrides).toEqual(['AI_SYSADMIN_CHECK_INTERVAL', 'AI_SYSADMIN_MODEL', 'AI_SYSADMIN_SSH__USER']);
  });

  it('takes the path from AI_SYSADMIN_CONFIG and insists that a named file exists', () => {
    const path = file({ aiName: 'fromenv' });
    expect(loadConfig({ env: { AI_SYSADMIN_CONFIG: path } }).config.aiName).toBe('fromenv');
    expect(problems(() => loadConfig({ path: '/nonexistent/config.json', env: {} }))).toEqual([
      ': the file does not exist',
    ]);
  });

  it('names every wrong field by its path and says what was expected', () => {
    const path = file({
      autonomyLevel: 'yolo',
      checkInterval: '300',
      ollamaHost: 'localhost:11434',
      remoteSystems: [
        { name: 'Web 1', address: 'root@web1', port: 70000 },
        { name: 'db', address: 'db' },
        { name: 'db', address: 'db2' },
      ],
      ssh: { kepPath: '/x' },
      thresholds: { disk: { warnPct: 99, criticalPct: 90 } },
      gotify: { url: 'https://push.example', token: 'secret' },
      chekInterval: 5,
    });
    expect(problems(() => loadConfig({ path, env: {} }))).toEqual([
      'autonomyLevel: expected one of "observe", "suggest", "auto-safe", "auto-full", got string "yolo"',
      'checkInterval: expected number, got string "300"',
      'ollamaHost: must be an http:// or https:// URL',
      'gotify.tokenFile: is required (string)',
      'gotify.token: unknown key "token": secrets are never written in the config: put the token in a file and set tokenFile',
      'remoteSystems[0].name: name must be lowercase letters, digits and dashes, starting with a letter or digit',
      'remoteSystems[0].address: must be a bare host name or IP address (no user@, no spaces)',
      'remoteSystems[0].port: Too big: expected number to be <=65535',
      'remoteSystems[2].name: duplicate name "db"',
      'ssh.kepPath: unknown key "kepPath" (did you mean "keyPath"?)',
      'thresholds.disk.warnPct: warnPct must be below criticalPct',
      'chekInterval: unknown key "chekInterval" (did you mean "checkInterval"?)',
    ]);
  });

  it('names the environment variable when an override is wrong', () => {
    expect(
      problems(() => loadConfig({ env: { AI_SYSADMIN_REDIS_URL: 'http://x', AI_SYSADMIN_AUTONOMY: 'observe' } })),
    ).toEqual([
      'redisUrl (from AI_SYSADMIN_REDIS_URL): must be a redis:// or rediss:// URL, or unix:///path/to/redis.sock',
      'autonomy (from AI_SYSADMIN_AUTONOMY): unknown key "autonomy"',
    ]);
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(problems(() => loadConfig({ path: file('{\n  "aiName": "x",\n}'), env: {} }))).toEqual([
      ': not valid JSON: Expected double-quoted property name at line 3, column 1',
    ]);
  });

  it('reserves "local" for this machine', () => {
    expect(problems(() => parseConfig({ remoteSystems: [{ name: 'local', address: 'x' }] }))).toEqual([
      'remoteSystems[0].name: "local" is reserved for this machine',
    ]);
  });

  it('describes the file as JSON Schema', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['aiName', 'autonomyLevel', 'remoteSystems', 'ssh', 'gotify']),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});
