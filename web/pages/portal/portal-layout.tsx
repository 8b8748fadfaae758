/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { Layout, type NavLink } from '../../layout.tsx';
import type { WebEnv } from '../../web-env.ts';

/** The portal's navigation. */
export const portalNav: readonly NavLink[] = [
  { href: '/portail', label: 'Accueil' },
  { href: '/portail/demandes', label: 'Mes demandes' },
  { href: '/portail/documents', label: 'Documents' },
  { href: '/portail/prestations', label: 'Prestations' },
];

/** The layout of a signed-in portal page: firm branding, the contact with sign-out, the portal nav. */
export function PortalLayout({ c, title, children }: { c: Context<WebEnv>; title: string; children: Child }) {
  const { branding, caller } = c.get('portal');
  return (
    <Layout title={title} branding={branding} csrfToken={c.get('csrfToken')} signedInAs={`${caller.contactName} — ${caller.clientName}`} nav={portalNav} currentPath={c.req.path}>
      {children}
    </Layout>
  );
}
