/** Ids of ToolCache entries. Kept apart from the cache so contracts can name an id without fs. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const TOOL_CACHE_ID = /^tc_[0-9a-z]{6,12}_[0-9a-f]{12}$/;

export const toolCacheIdSchema = z
  .string()
  .regex(TOOL_CACHE_ID, 'must be a tool cache id like tc_m3x9k2ab_0123456789ab');

export function isToolCacheId(value: string): boolean {
  return TOOL_CACHE_ID.test(value);
}

/** Time first (sorts by age), then randomness (unguessable, never collides). */
export function newToolCacheId(now = Date.now()): string {
  return `tc_${now.toString(36)}_${randomBytes(6).toString('hex')}`;
}
