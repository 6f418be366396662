import { AiSysadminError } from '@ai-sysadmin/core';

/** A reset was asked for an issue whose remediation has not given up: there is nothing to reset. */
export class RemediationNotGivenUpError extends AiSysadminError {
  constructor(readonly id: number) {
    super('REMEDIATION_NOT_GIVEN_UP', `Remediation of issue #${id} has not given up; there is nothing to reset.`, {
      hint: 'A reset is only for an issue marked "remediation given up".',
    });
  }
}
