import type { HostRun } from '../execution/run-on-host.js';
import type { PolicyRecord } from '../policy/action-policy.js';
import type { ActionView, VerificationRecord } from './stored-action.js';

/** What became of a proposed or approved action. */
export type ActionOutcome =
  | { readonly status: 'refused'; readonly ref: string; readonly decision: PolicyRecord; readonly action?: ActionView }
  | { readonly status: 'pending'; readonly ref: string; readonly decision: PolicyRecord; readonly action: ActionView }
  | {
      readonly status: 'executed';
      readonly ref: string;
      readonly decision: PolicyRecord;
      /** Every host ran it cleanly and no verification failed. */
      readonly ok: boolean;
      readonly runs: readonly HostRun[];
      readonly verification: readonly VerificationRecord[];
      readonly action?: ActionView;
    };
