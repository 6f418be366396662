import { AiSysadminError } from '@ai-sysadmin/core';

/** No tracked issue has this number. */
export class IssueNotFoundError extends AiSysadminError {
  constructor(readonly id: number) {
    super('ISSUE_NOT_FOUND', `There is no issue #${id}.`, { hint: 'List the issues with `ai-sysadmin issues`.' });
  }
}
