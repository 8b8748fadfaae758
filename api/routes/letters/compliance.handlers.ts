import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getClientAml, saveClientAml } from '../../../domain/aml/client-aml.ts';
import { actorOf } from '../../../domain/auth/caller.ts';
import { AppError } from '../../../domain/errors.ts';
import { addLegalInformationSheet, getFirmLegalInformation, saveFirmLegalInformation, setLetterAttachment } from '../../../domain/letters/legal-information-sheet.ts';
import { businessDateOf } from '../../../domain/calendar/paris-time.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './compliance.routes.ts';

const db = (c: Context<AppEnv>) => c.get('deps').database.db;
const today = () => businessDateOf(Date.now());

export const getLegalInformation: RouteHandler<typeof routes.getFirmLegalInformationRoute, AppEnv> = async (c) =>
  c.json(await getFirmLegalInformation(db(c), c.get('caller').organisationId, c.req.valid('param').id), 200);

export const saveLegalInformation: RouteHandler<typeof routes.saveFirmLegalInformationRoute, AppEnv> = async (c) => {
  return c.json(await saveFirmLegalInformation(db(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);
};

export const addFil: RouteHandler<typeof routes.addFilRoute, AppEnv> = async (c) => {
  const { documentStorage: storage, pdfRenderer: renderer } = c.get('deps');
  if (!storage || !renderer) throw new AppError('unavailable', 'Le stockage des documents ou le rendu PDF n’est pas configuré');
  return c.json(await addLegalInformationSheet({ db: db(c), storage, renderer }, actorOf(c.get('caller')), c.req.valid('param').id), 201);
};

export const attach: RouteHandler<typeof routes.attachDocumentRoute, AppEnv> = async (c) => {
  const { id, documentId } = c.req.valid('param');
  return c.json({ attachmentDocumentIds: await setLetterAttachment(db(c), actorOf(c.get('caller')), id, documentId, true) }, 200);
};

export const detach: RouteHandler<typeof routes.detachDocumentRoute, AppEnv> = async (c) => {
  const { id, documentId } = c.req.valid('param');
  return c.json({ attachmentDocumentIds: await setLetterAttachment(db(c), actorOf(c.get('caller')), id, documentId, false) }, 200);
};

export const getAml: RouteHandler<typeof routes.getClientAmlRoute, AppEnv> = async (c) =>
  c.json(await getClientAml(db(c), c.get('caller').organisationId, c.req.valid('param').id, today()), 200);

export const saveAml: RouteHandler<typeof routes.saveClientAmlRoute, AppEnv> = async (c) =>
  c.json(await saveClientAml(db(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'), today()), 200);
