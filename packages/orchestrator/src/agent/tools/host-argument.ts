/**
 * A tool's `host` must name a managed system or `local`: anything else (an address, a name seen
 * in a log line, a typo) is refused here, before the executor or ssh ever hear of it.
 */
import { z } from 'zod';
import { LOCAL_HOST } from '@ai-sysadmin/core';
import type { SystemsView } from '../agent-contract.js';

export const hostArgument = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .default(LOCAL_HOST)
  .describe('"local" (this machine) or a managed system\'s name');

/** The problem with this host name, or undefined when it names a managed system or this machine. */
export function hostProblem(host: string, systems: SystemsView): string | undefined {
  if (host === LOCAL_HOST) return undefined;
  const managed = systems.list().filter((s) => s.kind === 'managed' || s.kind === 'local');
  if (managed.some((s) => s.name === host)) return undefined;
  const names = [LOCAL_HOST, ...managed.filter((s) => s.kind === 'managed').map((s) => s.name)];
  return `"${host}" is not a managed system; the host must be one of: ${[...new Set(names)].join(', ')}`;
}
