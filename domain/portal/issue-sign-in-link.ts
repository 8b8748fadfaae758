import type { Db } from '../../db/client.ts';
import { portalSignInLinks } from '../../db/schema/index.ts';
import { hashSecret, newSecret } from './portal-secrets.ts';

/** How long a magic sign-in link works: long enough to open the email, short enough not to linger. */
export const SIGN_IN_LINK_TTL_MS = 20 * 60 * 1000;

/** The path the magic link opens (the token is its `jeton` query parameter). */
export const SIGN_IN_LINK_PATH = '/portail/connexion/lien';

/** Only a path of the client pages may follow a sign-in: never another site (open redirect). */
export function safeRedirectPath(path: string | null | undefined): string {
  if (!path || !/^\/portail(\/[A-Za-z0-9/_\-.]*)?(\?[A-Za-z0-9=&_\-.%]*)?$/.test(path) || path.includes('//')) return '/portail';
  return path;
}

export interface IssuedSignInLink {
  url: string;
  expiresAt: Date;
}

/**
 * Issues a magic sign-in link for a client contact: single use, valid `SIGN_IN_LINK_TTL_MS`,
 * only the SHA-256 of its secret stored. The caller sends it by email.
 */
export async function issueSignInLink(
  db: Db,
  input: { organisationId: string; contactId: string; redirectPath?: string | null | undefined },
  options: { publicBaseUrl: string; now?: Date; ttlMs?: number },
): Promise<IssuedSignInLink> {
  const secret = newSecret('ecl_');
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? SIGN_IN_LINK_TTL_MS));
  await db.insert(portalSignInLinks).values({
    organisationId: input.organisationId,
    contactId: input.contactId,
    tokenHash: hashSecret(secret),
    redirectPath: safeRedirectPath(input.redirectPath),
    expiresAt,
    createdAt: now,
  });
  const url = new URL(SIGN_IN_LINK_PATH, options.publicBaseUrl);
  url.searchParams.set('jeton', secret);
  return { url: url.toString(), expiresAt };
}
