/** @jsxImportSource hono/jsx */
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { fileHeaders } from '../../../api/file-response.ts';
import { AppError, type FieldProblem } from '../../../domain/errors.ts';
import { answerInformationRequest, type AnswerFileUpload } from '../../../domain/information-requests/answer-information-request.ts';
import { answerFileProblems, answerFileRules } from '../../../domain/portal/answer-file-rules.ts';
import { listPortalInformationRequests } from '../../../domain/portal/list-portal-information-requests.ts';
import { openPortalAnswerFile } from '../../../domain/portal/open-portal-answer-file.ts';
import { findPortalInformationRequest, type PortalInformationRequest, type PortalInformationRequestDetail } from '../../../domain/portal/portal-information-request-view.ts';
import { afterClientAnswer } from '../../after-client-answer.ts';
import { WebError } from '../../errors.tsx';
import { fileSize, frenchDate, frenchDateTime } from '../../format.ts';
import { CsrfField } from '../../layout.tsx';
import { renderPage } from '../../render.ts';
import type { WebEnv } from '../../web-env.ts';
import { DueDate } from './home.tsx';
import { PortalLayout } from './portal-layout.tsx';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const statusLabels: Record<PortalInformationRequest['status'], string> = { open: 'En attente de votre réponse', answered: 'Répondue', closed: 'Clôturée' };

/** A path parameter that must be a uuid; anything else is the 404 page (never a 400 or a 500). */
function idParam(c: Context<WebEnv>, name: string): string {
  const value = c.req.param(name);
  if (!value || !uuid.test(value)) throw new WebError(404, 'not_found');
  return value;
}

function StatusBadge({ status }: { status: PortalInformationRequest['status'] }) {
  return <span class={`badge${status === 'open' ? '' : ' badge-done'}`}>{statusLabels[status]}</span>;
}

function RequestCards({ requests, labelledBy }: { requests: PortalInformationRequest[]; labelledBy: string }) {
  return (
    <ul class="cards" aria-labelledby={labelledBy}>
      {requests.map((request) => (
        <li class="card">
          <h3>
            <a href={`/portail/demandes/${request.id}`}>{request.title}</a>
          </h3>
          <p class="meta">
            <StatusBadge status={request.status} /> <DueDate request={request} />
          </p>
        </li>
      ))}
    </ul>
  );
}

/** Every request of the client: those waiting for an answer, then those answered or closed. */
export async function requestsPage(c: Context<WebEnv>): Promise<Response> {
  const db = c.get('deps').database.db;
  const { caller } = c.get('portal');
  const all = await listPortalInformationRequests(db, caller, { page: 1, pageSize: 200 });
  const open = all.items.filter((request) => request.status === 'open');
  const done = all.items.filter((request) => request.status !== 'open').reverse();
  return renderPage(
    c,
    <PortalLayout c={c} title="Mes demandes">
      <h1>Mes demandes</h1>
      <h2 id="attente">En attente de votre réponse</h2>
      {open.length === 0 ? <p>Aucune demande en attente.</p> : <RequestCards requests={open} labelledBy="attente" />}
      <h2 id="traitees">Demandes répondues ou clôturées</h2>
      {done.length === 0 ? <p>Aucune demande traitée pour l’instant.</p> : <RequestCards requests={done} labelledBy="traitees" />}
    </PortalLayout>,
  );
}

function AnswerForm({ c, request, problems, text }: { c: Context<WebEnv>; request: PortalInformationRequestDetail; problems: FieldProblem[]; text: string }) {
  const fileProblems = problems.filter((problem) => problem.field.startsWith('files'));
  const textProblems = problems.filter((problem) => problem.field === 'text');
  const maxMb = (bytes: number) => `${bytes / 1024 / 1024} Mo`;
  return (
    <form
      method="post"
      action={`/portail/demandes/${request.id}/reponse`}
      enctype="multipart/form-data"
      data-upload=""
      data-max-files={String(answerFileRules.maxFiles)}
      data-max-bytes={String(answerFileRules.maxFileBytes)}
      data-max-total={String(answerFileRules.maxTotalBytes)}
      aria-labelledby="repondre"
    >
      <CsrfField token={c.get('csrfToken')} />
      <h2 id="repondre">{request.status === 'answered' ? 'Compléter ma réponse' : 'Répondre'}</h2>
      {problems.length > 0 ? (
        <div class="notice notice-error" role="alert">
          <p>Votre réponse n’a pas été envoyée :</p>
          <ul>
            {problems.map((problem) => (
              <li>{problem.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <label for="texte">Votre message{request.expectsText && !request.expectsFiles ? ' (obligatoire)' : ' (facultatif)'}</label>
      <textarea id="texte" name="text" maxlength={20000} aria-invalid={textProblems.length > 0 ? 'true' : undefined}>
        {text}
      </textarea>
      {request.expectsFiles ? (
        <>
          <label for="fichiers">Vos fichiers{request.expectsText ? '' : ' (au moins un)'}</label>
          <span class="hint" id="limites">
            Jusqu’à {answerFileRules.maxFiles} fichiers, {maxMb(answerFileRules.maxFileBytes)} maximum chacun et {maxMb(answerFileRules.maxTotalBytes)} au total. Types acceptés : {answerFileRules.label}.
          </span>
          <input
            type="file"
            id="fichiers"
            name="files[]"
            multiple
            accept={answerFileRules.extensions.join(',')}
            aria-describedby="limites envoi-etat"
            aria-invalid={fileProblems.length > 0 ? 'true' : undefined}
          />
        </>
      ) : null}
      <progress max={100} value={0} hidden aria-label="Progression de l’envoi"></progress>
      <p class="meta" id="envoi-etat" data-upload-status="" aria-live="polite"></p>
      <button type="submit" class="button">
        Envoyer ma réponse
      </button>
    </form>
  );
}

async function renderRequest(c: Context<WebEnv>, request: PortalInformationRequestDetail, form: { problems: FieldProblem[]; text: string } = { problems: [], text: '' }, status = 200) {
  const sent = c.req.query('envoye') === '1';
  return renderPage(
    c,
    <PortalLayout c={c} title={request.title}>
      <p>
        <a href="/portail/demandes">← Toutes mes demandes</a>
      </p>
      <h1>{request.title}</h1>
      {sent ? (
        <p class="notice notice-ok" role="status">
          Merci, votre réponse a bien été envoyée à votre cabinet.
        </p>
      ) : null}
      <p class="meta">
        <StatusBadge status={request.status} /> <DueDate request={request} />
      </p>
      <div class="card">
        <h2>Message de votre cabinet</h2>
        {request.message.split('\n').map((line) => (line.trim() === '' ? null : <p>{line}</p>))}
      </div>
      {request.answers.length > 0 ? (
        <section aria-labelledby="reponses">
          <h2 id="reponses">Vos réponses</h2>
          {request.answers.map((answer) => (
            <div class="answer">
              <p class="meta">
                Envoyée le {frenchDateTime(answer.createdAt)}
                {answer.contactName ? ` par ${answer.contactName}` : ''}
              </p>
              {answer.text ? <p>{answer.text}</p> : null}
              {answer.files.length > 0 ? (
                <ul class="files">
                  {answer.files.map((file, index) => (
                    <li>
                      <a href={`/portail/demandes/${request.id}/reponses/${answer.id}/fichiers/${index}`} download={file.name}>
                        Télécharger {file.name}
                      </a>{' '}
                      <span class="meta">({fileSize(file.size)})</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
        </section>
      ) : null}
      {request.status === 'closed' ? (
        <p>Cette demande est clôturée : votre cabinet n’attend plus de réponse{request.closedAt ? ` (depuis le ${frenchDate(request.closedAt.toISOString().slice(0, 10))})` : ''}.</p>
      ) : (
        <AnswerForm c={c} request={request} problems={form.problems} text={form.text} />
      )}
    </PortalLayout>,
    status,
  );
}

/** One request of the client: the firm's message, the answers with their files, and the answer form. */
export async function requestPage(c: Context<WebEnv>): Promise<Response> {
  const request = await findPortalInformationRequest(c.get('deps').database.db, c.get('portal').caller, idParam(c, 'id'));
  return renderRequest(c, request);
}

/**
 * Receives the answer form (text and files): checks the files against the stated limits, answers
 * through the same use case as the API, then redirects to the request's page (post/redirect/get).
 * A refused answer re-renders the page with each problem (400), keeping the text typed.
 */
export async function answerRequest(c: Context<WebEnv>): Promise<Response> {
  const deps = c.get('deps');
  const { caller } = c.get('portal');
  const id = idParam(c, 'id');
  const request = await findPortalInformationRequest(deps.database.db, caller, id);
  const body = await c.req.parseBody({ all: true });
  const text = typeof body.text === 'string' ? body.text : '';
  const parts = [body['files[]'], body.files].flat().filter((part): part is File => part instanceof File && (part.size > 0 || part.name !== ''));
  const problems = answerFileProblems(parts);
  if (problems.length > 0) return renderRequest(c, request, { problems, text }, 400);
  const files: AnswerFileUpload[] = await Promise.all(parts.map(async (file) => ({ name: file.name, mediaType: file.type || 'application/octet-stream', bytes: new Uint8Array(await file.arrayBuffer()) })));
  try {
    await answerInformationRequest(deps.database.db, deps.documentStorage, caller, id, { text, files });
  } catch (error) {
    if (error instanceof AppError && (error.code === 'invalid_input' || error.code === 'conflict')) {
      const fields = error.details.fields ?? [{ field: '(root)', message: 'Cette demande est clôturée : votre cabinet n’attend plus de réponse.' }];
      const french = fields.map((problem) => ({ ...problem, message: frenchAnswerProblem(problem) }));
      return renderRequest(c, await findPortalInformationRequest(deps.database.db, caller, id), { problems: french, text }, error.code === 'conflict' ? 409 : 400);
    }
    throw error;
  }
  await afterClientAnswer(deps, caller, id);
  return c.redirect(`/portail/demandes/${id}?envoye=1`, 303);
}

/** The answer use case speaks English to the API; the page says the same in French. */
function frenchAnswerProblem(problem: FieldProblem): string {
  if (/expects at least one file/.test(problem.message)) return 'Joignez au moins un fichier.';
  if (/expects a text answer, not files/.test(problem.message)) return 'Cette demande attend un message, sans fichier.';
  if (/expects a text answer/.test(problem.message)) return 'Écrivez votre réponse dans le champ « Votre message ».';
  if (/text answer, files, or both/.test(problem.message)) return 'Écrivez un message ou joignez au moins un fichier.';
  if (/larger than/.test(problem.message)) return `Un fichier dépasse ${answerFileRules.maxFileBytes / 1024 / 1024} Mo.`;
  if (/at most/.test(problem.message)) return `Vous pouvez joindre au plus ${answerFileRules.maxFiles} fichiers.`;
  return problem.message;
}

/** Downloads again a file the client sent with an answer (another client's: 404 page). */
export async function downloadAnswerFile(c: Context<WebEnv>): Promise<Response> {
  const deps = c.get('deps');
  const index = Number(c.req.param('index'));
  if (!Number.isInteger(index) || index < 0 || index > 1000) throw new WebError(404, 'not_found');
  const file = await openPortalAnswerFile(deps.database.db, deps.documentStorage, c.get('portal').caller, { requestId: idParam(c, 'id'), answerId: idParam(c, 'answerId'), index });
  return c.body(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, 200, fileHeaders({ ...file, size: file.size }));
}
