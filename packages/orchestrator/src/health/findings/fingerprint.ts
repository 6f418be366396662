/**
 * A finding's identity: host, rule and subject, hashed. Figures and severity are left out on
 * purpose, so the same full disk is the same finding at 91% and at 96%, on every check, and a
 * notification cooldown or an issue tracker can follow it.
 */
import { createHash } from 'node:crypto';

export function fingerprint(host: string, rule: string, subject: string): string {
  return createHash('sha256').update(`${host}\0${rule}\0${subject}`).digest('hex').slice(0, 16);
}
