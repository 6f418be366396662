/**
 * `ai-sysadmin check` as the built binary, as a person or a cron job runs it: on this machine (a
 * container: no systemd, journald, GPU, Nix or Ollama), against rig hosts, with and without an
 * Ollama to talk to.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReportSchema } from '@ai-sysadmin/core';
import { type FakeOllama, type SshHost, startFakeOllama, startSshHost, tempDir } from '../rig/index.js';

const bin = join(import.meta.dirname, '../../packages/cli/dist/bin.js');
const F = 'tests/fixtures';
/** The rig hosts read this machine's /proc, whose load is that of every test running beside this one. */
const IGNORE_TEST_MACHINE_LOAD = {
  AI_SYSADMIN_THRESHOLDS__LOAD_PER_CORE__WARN: '1000',
  AI_SYSADMIN_THRESHOLDS__LOAD_PER_CORE__CRITICAL: '2000',
};

/** Runs the binary without blocking the event loop, so the rig's servers in this process keep answering. */
function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'check', ...args], {
      env: { ...process.env, AI_SYSADMIN_CONFIG: '', ...IGNORE_TEST_MACHINE_LOAD, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function writeConfig(config: object): string {
  const dir = tempDir('check-cli');
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ stateDir: join(dir, 'state'), ...config }));
  return path;
}

let sick: SshHost;
let down: SshHost;
let broken: SshHost;
let garbled: SshHost;
let ollama: FakeOllama;

beforeAll(async () => {
  const hosts = await Promise.all([
    startSshHost({
      name: 'web1',
      standIns: {
        systemctl: {
          cases: [
            {
              args: '^list-units --failed',
              stdoutFile: `${F}/systemctl/list-units--failed_ubuntu-22.04_pager-truncated.txt`,
            },
          ],
        },
        journalctl: { cases: [{ args: '-p err', stdoutFile: `${F}/journalctl/journal_arch-2013_p-err_o-json.jsonl` }] },
      },
    }),
    startSshHost({ name: 'web2' }),
    // A host that answers, but whose basic tools all fail (and no sftp to read its files): it cannot be checked.
    startSshHost({
      name: 'broken',
      sftp: false,
      standIns: Object.fromEntries(
        ['grep', 'df', 'ps', 'uname'].map((tool) => [tool, { stderr: `${tool}: Input/output error\n`, exitCode: 2 }]),
      ),
    }),
    // systemctl prints what is no unit list, and exits 0.
    startSshHost({
      name: 'garbled',
      standIns: { systemctl: { stdout: '\x1b[2J\x00garbage\n' }, journalctl: { stdout: '' } },
    }),
  ]);
  [sick, down, broken, garbled] = hosts as [SshHost, SshHost, SshHost, SshHost];
  await down.stop();
  ollama = await startFakeOllama({ models: ['qwen3:8b'] });
});
afterAll(async () => {
  await Promise.all([sick?.stop(), down?.stop(), broken?.stop(), garbled?.stop(), ollama?.stop()]);
});

function fleetConfig(extra: object = {}) {
  return writeConfig({
    remoteSystems: [sick.remoteSystem(), down.remoteSystem(), broken.remoteSystem(), garbled.remoteSystem()],
    ssh: { ...sick.sshConfig(), knownHostsPath: knownHosts(), connectTimeoutSec: 2 },
    ...extra,
  });
}

function knownHosts(): string {
  const path = join(tempDir('known'), 'known_hosts');
  writeFileSync(path, `${[sick, down, broken, garbled].map((h) => h.knownHostsLine()).join('\n')}\n`);
  return path;
}

describe('ai-sysadmin check', () => {
  it('checks this machine with no config at all, saying what it cannot see and why, and that Ollama is not there', async () => {
    const stateDir = join(tempDir('check'), 'state');
    const { code, stdout, stderr } = await run([], {
      AI_SYSADMIN_STATE_DIR: stateDir,
      AI_SYSADMIN_OLLAMA_HOST: 'http://127.0.0.1:9',
    });
    expect(stderr).toBe('');
    expect([0, 1]).toContain(code);
    expect(stdout).toMatch(/^Health check at \S+ of 1 host \(\d+\.\d\d s\)$/m);
    expect(stdout).toMatch(/^local \(localhost\): up — Debian GNU\/Linux 12 \(debian\)/m);
    expect(stdout).toMatch(/^ {2}CPU {7}\d+ cores/m);
    expect(stdout).toContain('  Not available:');
    expect(stdout).toMatch(
      / {4}systemd {6}systemd is not running on local \(PID 1 is another program, as in most containers\)/,
    );
    expect(stdout).toMatch(/journal +journald is not running on local \(no systemd\)/);
    expect(stdout).toMatch(existsSync('/nix/store') ? /^ {2}Nix {7}store \d/m : /nix +local has no Nix store/);
    expect(stdout).toMatch(/gpus: no GPU found \(nvidia-smi is not installed/);
    expect(stdout).toMatch(/^Result: (healthy \(exit 0\)|.*warning.*\(exit 1\))\.$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Ollama at http:\/\/127\.0\.0\.1:9 is not reachable \(.+\): findings above are rule-based; start Ollama or set ollamaHost\.$/,
    );
    // The state directory was created for the next check's journal window.
    expect(existsSync(stateDir)).toBe(true);
  });

  it('prints the whole snapshot and findings as JSON that the shared schema accepts', async () => {
    const config = writeConfig({ ollamaHost: ollama.url });
    const { code, stdout } = await run(['--json', '--config', config]);
    const report = checkReportSchema.parse(JSON.parse(stdout));
    expect(report.hosts[0]!.parts.systemd).toMatchObject({ status: 'unavailable', cause: 'absent' });
    expect(report.llm).toMatchObject({
      reachable: true,
      modelPresent: true,
      summary: `LLM diagnosis is available: Ollama at ${ollama.url} has qwen3:8b.`,
    });
    expect(code).toBe(report.findings.some((f) => f.severity === 'warning') ? 1 : 0);
    expect(ollama.requests.some((r) => r.path === '/api/tags')).toBe(true);
  });

  it('says when Ollama is up but the model is not pulled, and skips the probe with --no-llm-probe', async () => {
    const missing = writeConfig({ ollamaHost: ollama.url, model: 'llama3.3:70b' });
    expect((await run(['--config', missing])).stdout).toContain(
      `Ollama at ${ollama.url} has no model llama3.3:70b: findings above are rule-based; run \`ollama pull llama3.3:70b\`.`,
    );
    const before = ollama.requests.length;
    const { stdout } = await run(['--config', missing, '--no-llm-probe']);
    expect(stdout).not.toContain('Ollama');
    expect(ollama.requests.length).toBe(before);
    expect(JSON.parse((await run(['--config', missing, '--no-llm-probe', '--json'])).stdout).llm).toBeNull();
  });

  it('checks a managed host with --host and exits 1 for its warnings (two failed units)', async () => {
    const { code, stdout } = await run(['--host', 'web1', '--config', fleetConfig(), '--no-llm-probe']);
    expect(stdout).toMatch(new RegExp(`^web1 \\(127\\.0\\.0\\.1:${sick.port}\\): up — `, 'm'));
    expect(stdout).toContain('  Units     2 failed: casper-md5check.service, networking.service');
    expect(stdout).toMatch(
      / {4}WARNING {2}networking\.service failed on web1 \(Raise network interfaces\) {2}\[[0-9a-f]{16}\]/,
    );
    expect(stdout).toMatch(
      /Journal   2 errors in the last 300 s \(checkInterval\): no earlier check of this host is recorded/,
    );
    expect(stdout).not.toContain('web2');
    expect(code).toBe(1);
  });

  it('exits 3 when a host answers but its basic tools all fail', async () => {
    const { code, stdout } = await run(['--host', 'broken', '--config', fleetConfig(), '--no-llm-probe']);
    expect(stdout).toMatch(/^ {4}filesystems {2}`df -k -l --output=\S+` failed on broken: "df: Input\/output error"$/m);
    expect(stdout).toMatch(
      /^ {4}os {11}reading \/etc\/os-release and 10 other files failed on broken: "grep: Input\/output error"$/m,
    );
    // Each part that could not be read is a warning, and the host as a whole could not be checked.
    expect(stdout).toMatch(/^ {4}WARNING {2}could not read the process list on broken: /m);
    expect(stdout).toMatch(/^Result: \d+ warnings, could not check broken \(exit 3\)\.$/m);
    expect(code).toBe(3);
  });

  it("never says healthy when a tool's output cannot be read: a warning naming it, exit 1", async () => {
    const { code, stdout } = await run(['--host', 'garbled', '--config', fleetConfig(), '--no-llm-probe']);
    expect(stdout).toMatch(
      /^ {4}WARNING {2}could not read systemd's unit list on garbled: systemctl printed what cannot be read as its output: it holds control characters \("\\x1b\[2J\\x00garbage"\) {2}\[[0-9a-f]{16}\]$/m,
    );
    expect(stdout).not.toContain('no failed units');
    expect(stdout).toMatch(/^Result: 1 warning \(exit 1\)\.$/m);
    expect(code).toBe(1);
  });

  it('keeps log lines out of the report, on stdout and stderr alike: they go to the log file', async () => {
    // Trusting a new host key is logged as a warning; known_hosts starts empty.
    const knownHostsPath = join(tempDir('known'), 'known_hosts');
    const config = fleetConfig({
      ssh: { ...sick.sshConfig(), knownHostsPath, strictHostKeyChecking: false, connectTimeoutSec: 2 },
    });
    const stateDir = JSON.parse(readFileSync(config, 'utf8')).stateDir as string;
    const { code, stdout, stderr } = await run(['--host', 'web1', '--config', config, '--no-llm-probe']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(/"level"|"msg"/);
    const log = readFileSync(join(stateDir, 'logs', 'check.log'), 'utf8');
    expect(JSON.parse(log.trim().split('\n').at(-1)!)).toMatchObject({
      msg: 'trusting a new host key on first use',
      host: 'web1',
      component: 'check',
    });
  });

  it('exits 2 with --all-hosts when a host is down, naming it and why', async () => {
    const { code, stdout } = await run(['--all-hosts', '--config', fleetConfig(), '--no-llm-probe']);
    expect(stdout).toMatch(new RegExp(`^web2 \\(127\\.0\\.0\\.1:${down.port}\\): DOWN — `, 'm'));
    expect(stdout).toMatch(/ {4}CRITICAL web2 is down: /);
    expect(stdout).toMatch(/^Result: \d+ critical, \d+ warnings?, could not check broken \(exit 2\)\.$/m);
    expect(stdout).toMatch(/could not read systemd's unit list on garbled/);
    expect(code).toBe(2);
  });

  it('counts journal errors since the last check, kept in stateDir', async () => {
    const config = fleetConfig();
    const stateDir = JSON.parse(readFileSync(config, 'utf8')).stateDir as string;
    await run(['--host', 'web1', '--config', config, '--no-llm-probe']);
    const recorded = JSON.parse(readFileSync(join(stateDir, 'check-state.json'), 'utf8')).lastCheck.web1 as string;
    const { stdout } = await run(['--host', 'web1', '--config', config, '--no-llm-probe', '--json']);
    expect(JSON.parse(stdout).hosts[1].parts.journal.data.window).toBe(`since the last check at ${recorded}`);
    // Read by a person: the count, then the window.
    const again = await run(['--host', 'web1', '--config', config, '--no-llm-probe']);
    expect(again.stdout).toMatch(/^ {2}Journal {3}2 errors since the last check at \S+$/m);
  });

  it('falls back to checkInterval, and says so, when stateDir cannot be written', async () => {
    const dir = tempDir('check');
    writeFileSync(join(dir, 'file'), '');
    const config = fleetConfig({ stateDir: join(dir, 'file', 'state') });
    const { stdout } = await run(['--host', 'web1', '--config', config, '--no-llm-probe']);
    expect(stdout).toMatch(
      /Journal   2 errors in the last 300 s \(checkInterval\): .*file\/state cannot be written \(ENOTDIR\), so the time of the last check is not kept/,
    );
    expect(stdout).toMatch(/^Note: the time of this check is not kept/m);
  });

  it('refuses an unknown --host with the known ones (exit 64) and a bad config (exit 78)', async () => {
    const { code, stderr } = await run(['--host', 'db9', '--config', fleetConfig()]);
    expect(code).toBe(64);
    expect(stderr).toContain('No managed system is named "db9".');
    expect(stderr).toContain('Known hosts: web1, web2, broken, garbled.');
    const bad = writeConfig({ thresholds: { disk: { warnPct: 99, criticalPct: 90 } } });
    const result = await run(['--config', bad]);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('thresholds.disk.warnPct: warnPct must be below criticalPct');
  });
});
