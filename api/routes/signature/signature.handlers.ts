import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorRefOf, sendMissionCommand } from '../../../adapters/temporal/mission-commands.ts';
import { assertAdmin } from '../../../domain/auth/authenticate-token.ts';
import { actorOf } from '../../../domain/auth/caller.ts';
import { getFirmSignatureSettings, saveFirmSignatureSettings } from '../../../domain/signature/firm-signature-settings.ts';
import { AppError } from '../../../domain/errors.ts';
import { sendLetterForSignature } from '../../../domain/letters/send-letter-for-signature.ts';
import { findMission } from '../../../domain/missions/mission-view.ts';
import { findQuote } from '../../../domain/quotes/quote-view.ts';
import type { SignatureDeps } from '../../../domain/signature/signature-deps.ts';
import { latestSignatureRequestOf, listSignatureEvents, type SignatureRequestView } from '../../../domain/signature/signature-request.ts';
import { sendForSignatureUpdate } from '../../../workflows/mission.contract.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './signature.routes.ts';

export function signatureDepsOf(c: Context<AppEnv>): SignatureDeps {
  const deps = c.get('deps').signature;
  if (!deps) throw new AppError('unavailable', 'La signature n’est pas configurée sur ce serveur');
  return deps;
}

async function withEvents(deps: SignatureDeps, request: SignatureRequestView) {
  const events = await listSignatureEvents(deps.db, request.id);
  return {
    ...request,
    signers: request.signers.map(({ accessTokenHash: _a, otpHash: _o, ...signer }) => signer),
    events,
  };
}

export const send: RouteHandler<typeof routes.sendLetterForSignatureRoute, AppEnv> = async (c) => {
  const deps = signatureDepsOf(c);
  const missionId = c.req.valid('param').id;
  const { way, level } = c.req.valid('json');
  const outcome = await sendLetterForSignature(deps, actorOf(c.get('caller')), missionId, way, { level });
  // The mission's workflow records "sent for signature" and starts waiting (reminders, overdue alert).
  const mission = await findMission(deps.db, c.get('caller').organisationId, missionId);
  if (mission.status === 'validated') await sendMissionCommand(c.get('deps'), mission, sendForSignatureUpdate, [actorRefOf(c.get('caller'))], `send-for-signature/${outcome.request.id}`);
  return c.json({ request: await withEvents(deps, outcome.request), copyPaste: outcome.copyPaste } as never, 201);
};

export const get: RouteHandler<typeof routes.getLetterSignatureRoute, AppEnv> = async (c) => {
  const deps = signatureDepsOf(c);
  const organisationId = c.get('caller').organisationId;
  const missionId = c.req.valid('param').id;
  await findMission(deps.db, organisationId, missionId);
  const request = await latestSignatureRequestOf(deps.db, organisationId, { type: 'mission', id: missionId });
  if (!request) throw AppError.notFound('Signature request');
  return c.json((await withEvents(deps, request)) as never, 200);
};

export const getForQuote: RouteHandler<typeof routes.getQuoteSignatureRoute, AppEnv> = async (c) => {
  const deps = signatureDepsOf(c);
  const organisationId = c.get('caller').organisationId;
  const quote = await findQuote(deps.db, organisationId, c.req.valid('param').id);
  const request = await latestSignatureRequestOf(deps.db, organisationId, { type: 'quote', id: quote.id });
  if (!request) throw AppError.notFound('Signature request');
  return c.json((await withEvents(deps, request)) as never, 200);
};

export const getSettings: RouteHandler<typeof routes.getFirmSignatureSettingsRoute, AppEnv> = async (c) =>
  c.json(await getFirmSignatureSettings(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const saveSettings: RouteHandler<typeof routes.saveFirmSignatureSettingsRoute, AppEnv> = async (c) => {
  assertAdmin(c.get('caller'));
  return c.json(await saveFirmSignatureSettings(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);
};
