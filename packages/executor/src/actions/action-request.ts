/**
 * The shape of an action arriving from outside (an LLM tool call, the daemon API), validated
 * field by field. The request never carries a risk or a verdict: those are the policy's.
 */
import { z } from 'zod';
import { NAME_PATTERN, NIX_STORE_PATH_PATTERN } from '@ai-sysadmin/core';
import { unitNameProblem } from '../policy/unit-name.js';
import { MAX_ARGS } from '../policy/evaluate-policy.js';

/** `local` or the name of a managed system (the policy then checks it is one). */
export const hostNameSchema = z.string().regex(NAME_PATTERN, 'must be "local" or the name of a managed system');
/** Why the action is asked for, in a sentence or two. */
export const reasonSchema = z.string().trim().min(1, 'must say why').max(2000);
/** The longer reasoning behind it, shown when a person discusses it. */
export const explanationSchema = z.string().max(50_000);

/** Who or what asks for actions: a person, an issue the daemon tracks, a scheduled job. */
export const REQUEST_KINDS = ['user', 'issue', 'schedule'] as const;

/** Who or what asked for the action: the user's own words, or the issue that led to it. */
export const requestOriginSchema = z.strictObject({
  kind: z.enum(REQUEST_KINDS),
  /** The original request: the user's prompt, or the issue's title and summary. */
  text: z.string().trim().min(1, 'must hold the original request text').max(20_000),
  issueId: z.string().min(1).max(200).optional(),
  user: z.string().min(1).max(200).optional(),
});
export type RequestOrigin = z.output<typeof requestOriginSchema>;

const unitName = z.string().superRefine((value, ctx) => {
  const problem = unitNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} ${problem}` });
});

/** What to check after the action; derived from the command when not given. */
export const verificationSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unit-active'), units: z.array(unitName).min(1).max(16) }),
  z.strictObject({ kind: z.literal('unit-inactive'), units: z.array(unitName).min(1).max(16) }),
  z.strictObject({
    kind: z.literal('disk-below'),
    path: z
      .string()
      .startsWith('/', 'must be an absolute path')
      .regex(/^[^\0\n]{1,4096}$/),
    percent: z.number().min(1).max(100),
  }),
  /** /run/current-system points at this system (after a NixOS switch or rollback). */
  z.strictObject({
    kind: z.literal('current-system'),
    path: z.string().regex(NIX_STORE_PATH_PATTERN, 'must be a Nix store path'),
  }),
  z.strictObject({ kind: z.literal('none') }),
]);
export type VerificationSpec = z.output<typeof verificationSpecSchema>;

const llmActionShape = {
  host: hostNameSchema.optional(),
  hosts: z.array(hostNameSchema).min(1).max(64).optional(),
  /** Words, never a command line: argv[0] is the program. Limits beyond these are the policy's. */
  argv: z
    .array(z.string().max(1_000_000))
    .min(1, 'must name a program')
    .max(MAX_ARGS * 4),
  sudo: z.boolean().default(false),
  reason: reasonSchema,
  explanation: explanationSchema.optional(),
  verify: verificationSpecSchema.optional(),
};
const oneHostField = { message: 'give host or hosts, not both', path: ['hosts'] };

/** What the LLM may say in a tool call. Anything else (a risk, an "approved" flag) is refused. */
export const llmActionSchema = z.strictObject(llmActionShape).refine((a) => !(a.host && a.hosts), oneHostField);

/** A whole action request: the LLM's part plus who asked for it (added by the daemon, not the LLM). */
export const actionRequestSchema = z
  .strictObject({ ...llmActionShape, requestedBy: requestOriginSchema })
  .refine((a) => !(a.host && a.hosts), oneHostField);

export type ActionRequestInput = z.input<typeof actionRequestSchema>;
export type ActionRequest = z.output<typeof actionRequestSchema>;

/** Every problem of a zod error, each named by its field: `argv.2: expected string`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(request)'}: ${issue.message}`);
}
