/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { Layout } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { currentPortalSession } from '../session.ts';
import type { WebEnv } from '../web-env.ts';

/** The accessibility statement linked from every page's footer. */
export const accessibilityPage = new Hono<WebEnv>().get('/accessibilite', async (c) => {
  const session = await currentPortalSession(c);
  return renderPage(
    c,
    <Layout title="Accessibilité" branding={session?.branding ?? { name: 'Espace client', logoDataUrl: null }} csrfToken={c.get('csrfToken')} signedInAs={session?.caller.contactName}>
      <h1>Accessibilité</h1>
      <p>
        Ces pages visent la conformité au niveau AA des règles WCAG 2.1 (RGAA) : elles se lisent sur téléphone, se parcourent au clavier, et
        fonctionnent avec un lecteur d’écran et sans JavaScript. Chaque version est vérifiée automatiquement avec axe-core.
      </p>
      <p>Si un contenu vous reste inaccessible, contactez votre cabinet : il vous le transmettra sous une autre forme.</p>
    </Layout>,
  );
});
