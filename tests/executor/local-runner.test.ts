import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCommand } from '@ai-sysadmin/command-patterns';
import { LocalRunner } from '@ai-sysadmin/executor';
import { tempDir } from '../rig/index.js';

const runner = new LocalRunner();

describe('LocalRunner', () => {
  it('runs an argv without a shell: metacharacters stay arguments', async () => {
    const result = await runner.run(makeCommand(['printf', '%s|', 'a; reboot', '$(id)', '*']));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'a; reboot|$(id)|*|', timedOut: false, truncated: false });
  });

  it('reports exit status and stderr of a failing command', async () => {
    const result = await runner.run(makeCommand(['ls', '/definitely/not/here']));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/No such file or directory/);
  });

  it('answers 127 for a program that does not exist, as a shell would', async () => {
    const result = await runner.run(makeCommand(['no-such-program-here']));
    expect(result).toMatchObject({ exitCode: 127, stderr: 'no-such-program-here: command not found\n' });
  });

  it('ends a command that runs past its timeout, children included', async () => {
    const dir = tempDir('runner');
    // The child sh starts a grandchild sleep; both must be gone after the timeout.
    const result = await runner.run(
      makeCommand(['sh', '-c', `sleep 30 & echo $! > ${dir}/pid; wait`], { timeoutMs: 300 }),
    );
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    const grandchild = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    await expect.poll(() => isAlive(grandchild), { timeout: 5000 }).toBe(false);
  });

  it('keeps maxOutputBytes of output, counts the rest, and spills it all to disk when asked', async () => {
    const dir = tempDir('spill');
    const result = await runner.run(makeCommand(['seq', '1', '100000'], { maxOutputBytes: 1000 }), { spillDir: dir });
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBe(1000);
    expect(result.stdoutBytes).toBe(588895);
    const full = readFileSync(result.spilled!.stdoutPath, 'utf8');
    expect(full.length).toBe(588895);
    expect(full.endsWith('99999\n100000\n')).toBe(true);
  });

  it('never cuts a multi-byte character in half', async () => {
    const result = await runner.run(makeCommand(['printf', 'ééééé'], { maxOutputBytes: 3 }));
    expect(result.stdout).toBe('é');
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
