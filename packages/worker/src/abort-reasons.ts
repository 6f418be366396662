/** Why a job's signal was aborted. BullMQ's worker.cancelJob passes these as the abort reason. */
export const ABORT = {
  /** The requester cancelled (Ctrl-C). */
  cancelled: 'cancelled',
  /** The worker is shutting down and the grace time is over: the job goes back to the queue. */
  shutdown: 'shutdown',
  /** The job ran past its time limit. */
  timeout: 'timeout',
} as const;
