/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { listPortalServiceRequests } from '../../../domain/portal/list-portal-service-requests.ts';
import { listPortalServices } from '../../../domain/portal/list-portal-services.ts';
import { requestService } from '../../../domain/portal/request-service.ts';
import { frenchDateTime } from '../../format.ts';
import { CsrfField } from '../../layout.tsx';
import { renderPage } from '../../render.ts';
import type { WebEnv } from '../../web-env.ts';
import { PortalLayout } from './portal-layout.tsx';

const MAX_MESSAGE = 5000;

async function renderServices(c: Context<WebEnv>, form: { error?: string; message?: string; serviceId?: string } = {}, status = 200) {
  const db = c.get('deps').database.db;
  const { caller } = c.get('portal');
  const [offers, asked] = await Promise.all([listPortalServices(db, caller.organisationId), listPortalServiceRequests(db, caller, { page: 1, pageSize: 50 })]);
  const titles = new Map(offers.map((offer) => [offer.serviceId, offer.title]));
  return renderPage(
    c,
    <PortalLayout c={c} title="Prestations">
      <h1>Prestations de votre cabinet</h1>
      {c.req.query('demande') === 'envoyee' ? (
        <p class="notice notice-ok" role="status">
          Votre demande a bien été transmise à votre cabinet, qui reviendra vers vous.
        </p>
      ) : null}
      {form.error ? (
        <p class="notice notice-error" role="alert">
          {form.error}
        </p>
      ) : null}
      {offers.length === 0 ? <p>Votre cabinet ne propose pas encore de prestation en ligne ; décrivez votre besoin ci-dessous.</p> : null}
      <ul class="cards">
        {offers.map((offer) => (
          <li class="card">
            <h2 id={`prestation-${offer.serviceId}`}>{offer.title}</h2>
            {offer.description ? <p>{offer.description}</p> : null}
            <form method="post" action="/portail/prestations" aria-labelledby={`prestation-${offer.serviceId}`}>
              <CsrfField token={c.get('csrfToken')} />
              <input type="hidden" name="serviceId" value={offer.serviceId} />
              <label for={`message-${offer.serviceId}`}>Précisions pour votre cabinet (facultatif)</label>
              <textarea id={`message-${offer.serviceId}`} name="message" maxlength={MAX_MESSAGE}>
                {form.serviceId === offer.serviceId ? (form.message ?? '') : ''}
              </textarea>
              <button type="submit" class="button">
                Demander cette prestation
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2 id="autre">Un autre besoin ?</h2>
      <form method="post" action="/portail/prestations" aria-labelledby="autre">
        <CsrfField token={c.get('csrfToken')} />
        <label for="message-autre">Décrivez votre besoin</label>
        <textarea id="message-autre" name="message" maxlength={MAX_MESSAGE} required>
          {form.serviceId === undefined ? (form.message ?? '') : ''}
        </textarea>
        <button type="submit" class="button">
          Envoyer ma demande
        </button>
      </form>
      {asked.items.length > 0 ? (
        <>
          <h2 id="envoyees">Vos demandes envoyées</h2>
          <ul aria-labelledby="envoyees">
            {asked.items.map((request) => (
              <li>
                {frenchDateTime(request.createdAt)} — {request.serviceId ? (titles.get(request.serviceId) ?? 'Prestation') : 'Autre besoin'} : {request.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </PortalLayout>,
    status,
  );
}

/** The services the firm opens to clients, each with "ask for this service", and a free request. */
export async function servicesPage(c: Context<WebEnv>): Promise<Response> {
  return renderServices(c);
}

/**
 * "Ask for this service" (seed 001): becomes a task for the firm (the use case the API calls).
 * Only a service the firm opened to clients may be named; a free request needs words.
 */
export async function askForService(c: Context<WebEnv>): Promise<Response> {
  const db = c.get('deps').database.db;
  const { caller } = c.get('portal');
  const body = await c.req.parseBody();
  const serviceId = typeof body.serviceId === 'string' && body.serviceId !== '' ? body.serviceId : undefined;
  const message = (typeof body.message === 'string' ? body.message : '').trim().slice(0, MAX_MESSAGE);
  if (serviceId) {
    const offer = (await listPortalServices(db, caller.organisationId)).find((candidate) => candidate.serviceId === serviceId);
    if (!offer) return renderServices(c, { error: 'Cette prestation n’est plus proposée en ligne. Décrivez votre besoin dans le formulaire « Un autre besoin ».', message }, 400);
    await requestService(db, caller, { serviceId, message: message || `Je souhaite bénéficier de la prestation « ${offer.title} ».` });
  } else {
    if (!message) return renderServices(c, { error: 'Décrivez votre besoin avant d’envoyer votre demande.' }, 400);
    await requestService(db, caller, { message });
  }
  return c.redirect('/portail/prestations?demande=envoyee', 303);
}
