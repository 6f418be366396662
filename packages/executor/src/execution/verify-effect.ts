/**
 * The check after an action: did its intended effect hold? A restarted unit is active, a stopped
 * one inactive, a collected store below the disk threshold. Checks are read-only commands run
 * through the same runner; a unit still starting is polled until execution.verifyTimeoutSec.
 */
import { makeCommand } from '@ai-sysadmin/command-patterns';
import { z } from 'zod';
import type { CommandRunner } from '../runner/command-runner.js';
import type { VerificationSpec } from '../actions/action-request.js';
import { sleep, NIX_STORE_DIR } from '@ai-sysadmin/core';

export interface VerifyOptions {
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly sudo: boolean;
}

export interface VerifyOutcome {
  readonly held: boolean | null;
  readonly detail: string;
}

const TRANSITIONAL = new Set(['activating', 'deactivating', 'reloading', 'refreshing', 'maintenance']);

export async function verifyEffect(
  runner: CommandRunner,
  spec: VerificationSpec,
  options: VerifyOptions,
): Promise<VerifyOutcome> {
  switch (spec.kind) {
    case 'none':
      return { held: null, detail: 'nothing to check for this action' };
    case 'unit-active':
    case 'unit-inactive':
      return pollUnits(runner, spec.units, spec.kind === 'unit-active' ? ['active'] : ['inactive', 'failed'], options);
    case 'disk-below':
      return checkDisk(runner, spec.path, spec.percent, options);
    case 'current-system':
      return checkCurrentSystem(runner, spec.path);
  }
}

/** Reads where /run/current-system points on the host; undefined when it cannot be read. */
export async function currentSystem(runner: CommandRunner): Promise<string | undefined> {
  const result = await runner.run(
    makeCommand(['readlink', '/run/current-system'], {
      host: runner.host,
      timeoutMs: 30_000,
      maxOutputBytes: 64 * 1024,
    }),
  );
  const path = result.stdout.trim();
  return result.exitCode === 0 && path.startsWith(`${NIX_STORE_DIR}/`) ? path : undefined;
}

async function checkCurrentSystem(runner: CommandRunner, expected: string): Promise<VerifyOutcome> {
  const current = await currentSystem(runner);
  if (current === expected) return { held: true, detail: `/run/current-system is ${expected}` };
  return {
    held: false,
    detail: current ? `/run/current-system is ${current}, not ${expected}` : '/run/current-system could not be read',
  };
}

async function pollUnits(
  runner: CommandRunner,
  units: readonly string[],
  wanted: readonly string[],
  options: VerifyOptions,
): Promise<VerifyOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  const command = makeCommand(['systemctl', 'is-active', ...units], {
    host: runner.host,
    timeoutMs: 30_000,
    maxOutputBytes: 64 * 1024,
  });
  for (;;) {
    const result = await runner.run(command);
    const states = result.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const described = units.map((u, i) => `${u} is ${states[i] ?? 'unknown'}`).join(', ');
    if (states.length === units.length && states.every((s) => wanted.includes(s))) {
      return { held: true, detail: described };
    }
    if (Date.now() + options.pollMs > deadline) {
      const still = states.some((s) => TRANSITIONAL.has(s)) ? ' (still changing when the check gave up)' : '';
      return { held: false, detail: `${described}; expected ${wanted.join(' or ')}${still}` };
    }
    await sleep(options.pollMs);
  }
}

const percentSchema = z.coerce.number().int().min(0).max(100);

/** `df -P PATH`: the last line's capacity column, e.g. "/dev/sda1 100 45 55 45% /". */
export function parseDfCapacity(stdout: string): number | undefined {
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  const match = /\s(\d{1,3})%\s+\/.*$/.exec(last);
  if (!match) return undefined;
  const parsed = percentSchema.safeParse(match[1]);
  return parsed.success ? parsed.data : undefined;
}

async function checkDisk(
  runner: CommandRunner,
  path: string,
  percent: number,
  options: VerifyOptions,
): Promise<VerifyOutcome> {
  const result = await runner.run(
    makeCommand(['df', '-P', '--', path], {
      host: runner.host,
      sudo: options.sudo,
      timeoutMs: 30_000,
      maxOutputBytes: 64 * 1024,
    }),
  );
  const used = parseDfCapacity(result.stdout);
  if (result.exitCode !== 0 || used === undefined) {
    return {
      held: false,
      detail: `could not read the use of ${path} (df exited ${result.exitCode}: ${result.stderr.trim().slice(0, 200) || 'unreadable output'})`,
    };
  }
  return used < percent
    ? { held: true, detail: `${path} is ${used}% full, below ${percent}%` }
    : { held: false, detail: `${path} is still ${used}% full, not below ${percent}%` };
}
