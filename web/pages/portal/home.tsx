/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { businessDateOf } from '../../../domain/calendar/paris-time.ts';
import { listPortalInformationRequests } from '../../../domain/portal/list-portal-information-requests.ts';
import type { PortalInformationRequest } from '../../../domain/portal/portal-information-request-view.ts';
import { frenchDate } from '../../format.ts';
import { renderPage } from '../../render.ts';
import type { WebEnv } from '../../web-env.ts';
import { PortalLayout } from './portal-layout.tsx';

/** The due date of a request, with a "late" badge once it has passed (Paris calendar). */
export function DueDate({ request }: { request: Pick<PortalInformationRequest, 'dueDate' | 'status'> }) {
  if (!request.dueDate) return <span class="meta">Sans date limite</span>;
  const late = request.status === 'open' && request.dueDate < businessDateOf(new Date());
  return (
    <span class="meta">
      À fournir avant le {frenchDate(request.dueDate)} {late ? <span class="badge badge-late">En retard</span> : null}
    </span>
  );
}

/** The portal's home: the open requests, soonest due first, and the way to everything else. */
export async function homePage(c: Context<WebEnv>): Promise<Response> {
  const { caller } = c.get('portal');
  const open = await listPortalInformationRequests(c.get('deps').database.db, caller, { status: 'open', page: 1, pageSize: 100 });
  return renderPage(
    c,
    <PortalLayout c={c} title="Accueil">
      <h1>Bonjour {caller.contactName}</h1>
      <h2 id="ouvertes">Demandes en attente de votre réponse</h2>
      {open.items.length === 0 ? (
        <p>Aucune demande en attente : tout est à jour.</p>
      ) : (
        <ul class="cards" aria-labelledby="ouvertes">
          {open.items.map((request) => (
            <li class="card">
              <h3>
                <a href={`/portail/demandes/${request.id}`}>{request.title}</a>
              </h3>
              <DueDate request={request} />
            </li>
          ))}
        </ul>
      )}
      <h2>Votre espace</h2>
      <ul>
        <li>
          <a href="/portail/demandes">Toutes mes demandes</a>, y compris celles déjà traitées, avec vos fichiers envoyés
        </li>
        <li>
          <a href="/portail/documents">Les documents partagés</a> par votre cabinet
        </li>
        <li>
          <a href="/portail/prestations">Demander une prestation</a> à votre cabinet
        </li>
      </ul>
    </PortalLayout>,
  );
}
