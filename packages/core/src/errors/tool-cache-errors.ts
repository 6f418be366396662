import { AiSysadminError } from './ai-sysadmin-error.js';

/** No cached output under this id: it expired, was cleaned up, or never existed. */
export class ToolCacheMissError extends AiSysadminError {
  static readonly CODE = 'TOOL_CACHE_MISS';
  constructor(
    readonly id: string,
    reason: 'unknown' | 'expired' | 'invalid-id',
  ) {
    const why =
      reason === 'invalid-id'
        ? 'is not a valid id (ids look like tc_m3x9k2ab_0123456789ab)'
        : reason === 'expired'
          ? 'has expired and was removed'
          : 'does not exist (it may have expired and been cleaned up)';
    super(ToolCacheMissError.CODE, `Cached output ${JSON.stringify(id)} ${why}.`, {
      hint: 'Run the command again to get fresh output.',
    });
  }
}

/** A page number outside the entry. */
export class ToolCachePageError extends AiSysadminError {
  static readonly CODE = 'TOOL_CACHE_PAGE';
  constructor(
    readonly id: string,
    readonly page: number,
    readonly pages: number,
  ) {
    super(
      ToolCachePageError.CODE,
      `Cached output ${id} has ${pages} page${pages === 1 ? '' : 's'}; there is no page ${page}.`,
      {
        hint: `Ask for a page from 1 to ${pages}.`,
      },
    );
  }
}
