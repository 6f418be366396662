/** The shapes of a NixOS change request and of an undo request, validated field by field. */
import { z } from 'zod';
import { LOCAL_HOST } from '@ai-sysadmin/core';
import { explanationSchema, hostNameSchema, reasonSchema, requestOriginSchema } from '../actions/action-request.js';

export const nixosChangeRequestSchema = z.strictObject({
  /** The machine whose configuration changes: `local` or a managed system. */
  host: hostNameSchema.default(LOCAL_HOST),
  /** A git-style unified diff against configBranch, paths relative to configRepo. */
  diff: z.string().min(1, 'must hold the change as a unified diff'),
  reason: reasonSchema,
  explanation: explanationSchema.optional(),
  /** nixosConfigurations.<name> in the flake; default: the host's name (this machine's short host name for local). */
  configuration: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/, 'must be a nixosConfigurations attribute name')
    .optional(),
  requestedBy: requestOriginSchema,
});
export type NixosChangeRequest = z.output<typeof nixosChangeRequestSchema>;

export const nixosUndoRequestSchema = z.strictObject({
  /** rollback: `nixos-rebuild switch --rollback` to the generation before; revert: a revert commit, built and switched to. */
  method: z.enum(['rollback', 'revert']),
  reason: reasonSchema,
  explanation: explanationSchema.optional(),
  requestedBy: requestOriginSchema,
});
export type NixosUndoRequest = z.output<typeof nixosUndoRequestSchema>;
