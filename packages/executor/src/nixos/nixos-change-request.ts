/** The shapes of a NixOS change request and of an undo request, validated field by field. */
import { z } from 'zod';
import { requestOriginSchema } from '../actions/action-request.js';

export const nixosChangeRequestSchema = z.strictObject({
  /** The machine whose configuration changes: `local` or a managed system. */
  host: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be "local" or the name of a managed system')
    .default('local'),
  /** A git-style unified diff against configBranch, paths relative to configRepo. */
  diff: z.string().min(1, 'must hold the change as a unified diff'),
  reason: z.string().trim().min(1, 'must say why').max(2000),
  explanation: z.string().max(50_000).optional(),
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
  reason: z.string().trim().min(1, 'must say why').max(2000),
  explanation: z.string().max(50_000).optional(),
  requestedBy: requestOriginSchema,
});
export type NixosUndoRequest = z.output<typeof nixosUndoRequestSchema>;
