/**
 * Who is waiting decides the order: a person at a terminal first, background checks next, bulk
 * work last. Values are BullMQ priorities (lower runs first). 0 is never used: BullMQ runs
 * jobs without a priority before all prioritized ones.
 */
export const PRIORITIES = {
  /** chat, ask, approve discuss: a person is waiting. */
  interactive: 1,
  /** background checks and their diagnoses. */
  autonomous: 2,
  /** bulk learning, re-indexing. */
  batch: 3,
} as const;

export type PriorityClass = keyof typeof PRIORITIES;
export const PRIORITY_CLASSES = Object.keys(PRIORITIES) as PriorityClass[];
