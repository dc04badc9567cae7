import { randomBytes } from 'node:crypto';

/**
 * A token no other write will ever produce. Stores make it part of every version, so a key that
 * is deleted (or expires) and created again never takes a version that an instance still
 * holding the old record could match: a compare-and-set can not succeed by coincidence (ABA).
 */
export function uniqueToken(): string {
  return randomBytes(9).toString('base64url');
}
