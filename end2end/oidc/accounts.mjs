// Accounts: whatever was typed on the login page, kept in memory, keyed by an id derived from the e-mail.
import { createHash } from 'node:crypto';

export const accounts = new Map();

export const accountIdFor = (email) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

export async function findAccount(ctx, accountId) {
  const stored = accounts.get(accountId);
  if (!stored) return undefined;
  return {
    accountId,
    async claims() {
      return {
        sub: accountId,
        given_name: stored.given_name,
        usual_name: stored.usual_name,
        email: stored.email,
        uid: accountId,
        siret: stored.siret,
        siren: stored.siret.slice(0, 9),
        idp_id: 'fia1v2',
        organization_label: stored.organization_label,
        roles: [],
        phone_number: '',
        custom: {},
      };
    },
  };
}
