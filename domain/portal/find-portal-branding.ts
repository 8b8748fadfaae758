import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients, firms, organisations, portalSettings } from '../../db/schema/index.ts';

/** What heads every client page and client email: the firm's name, address and logo. */
export interface PortalBranding {
  name: string;
  address: string | null;
  /** A `data:image/…` URL, or null (the name alone is shown). */
  logoDataUrl: string | null;
}

/**
 * The branding of a client's pages: the client file's firm (or the organisation's first firm,
 * or the organisation's name) and the organisation's logo.
 */
export async function findPortalBranding(db: Db, organisationId: string, clientId?: string): Promise<PortalBranding> {
  const [organisation] = await db
    .select({ name: organisations.name, logoDataUrl: portalSettings.logoDataUrl })
    .from(organisations)
    .leftJoin(portalSettings, eq(portalSettings.organisationId, organisations.id))
    .where(eq(organisations.id, organisationId));
  let firm: { name: string; address: string | null } | undefined;
  if (clientId) [firm] = await db.select({ name: firms.name, address: firms.address }).from(clients).innerJoin(firms, eq(firms.id, clients.firmId)).where(eq(clients.id, clientId));
  firm ??= (await db.select({ name: firms.name, address: firms.address }).from(firms).where(eq(firms.organisationId, organisationId)).orderBy(asc(firms.createdAt)).limit(1))[0];
  return { name: firm?.name ?? organisation?.name ?? 'Espace client', address: firm?.address ?? null, logoDataUrl: organisation?.logoDataUrl ?? null };
}

/** The firm as the emails' layout shows it: its name, and its address when it has one. */
export function emailFirmOf(branding: PortalBranding): { name: string; address?: string } {
  return { name: branding.name, ...(branding.address ? { address: branding.address } : {}) };
}
