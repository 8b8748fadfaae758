import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { PdfRenderError } from '../../../adapters/pdf/pdf-render-error.ts';
import { actorOf } from '../../../domain/auth/caller.ts';
import { listCustomFields } from '../../../domain/custom-fields/custom-fields.ts';
import { AppError } from '../../../domain/errors.ts';
import { missionLetterData, prospectFileLetterData } from '../../../domain/letters/build-letter-scope.ts';
import { createLetterModel, findLetterModel, listLetterModels, updateLetterModel } from '../../../domain/letters/letter-models.ts';
import { getMissionLetter, previewMissionLetter, saveMissionLetter } from '../../../domain/letters/mission-letter.ts';
import { printLetter, type PrintedLetter } from '../../../domain/letters/print-letter.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './letters.routes.ts';

/** Previews are served from the API's origin: nothing active in them. */
const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

const db = (c: Context<AppEnv>) => c.get('deps').database.db;

/** Every custom key of the organisation, whatever the mission type: what model texts may print. */
async function customKeys(c: Context<AppEnv>): Promise<string[]> {
  const types = ['accounting', 'legal', 'payroll', 'tax', 'audit', 'wealth', 'training', 'consulting', 'other'] as const;
  const lists = await Promise.all(types.map((type) => listCustomFields(db(c), c.get('caller').organisationId, type, { includeArchived: true })));
  return [...new Set(lists.flat().map((field) => field.key))];
}

async function send(c: Context<AppEnv>, print: () => Promise<PrintedLetter>): Promise<Response> {
  let printed: PrintedLetter;
  try {
    printed = await print();
  } catch (error) {
    if (!(error instanceof PdfRenderError)) throw error;
    c.get('deps').logger.error({ err: error }, 'letter: PDF rendering failed');
    throw new AppError('unavailable', `Le PDF n’a pas pu être produit : ${error.message}`);
  }
  const headers: Record<string, string> = { 'Content-Type': printed.mediaType, 'Content-Disposition': `inline; filename="${printed.fileName}"` };
  if (printed.mediaType.startsWith('text/html')) headers['Content-Security-Policy'] = PREVIEW_CSP;
  return c.body(printed.bytes as Uint8Array<ArrayBuffer>, 200, headers);
}

export const listModels: RouteHandler<typeof routes.listLetterModelsRoute, AppEnv> = async (c) =>
  c.json({ items: await listLetterModels(db(c), c.get('caller').organisationId, c.req.valid('query').firmId) }, 200);

export const createModel: RouteHandler<typeof routes.createLetterModelRoute, AppEnv> = async (c) => {
  return c.json(await createLetterModel(db(c), actorOf(c.get('caller')), c.req.valid('json'), await customKeys(c)), 201);
};

export const updateModel: RouteHandler<typeof routes.updateLetterModelRoute, AppEnv> = async (c) => {
  return c.json(await updateLetterModel(db(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'), await customKeys(c)), 200);
};

export const printModel: RouteHandler<typeof routes.printLetterModelRoute, AppEnv> = async (c) => {
  const organisationId = c.get('caller').organisationId;
  const model = await findLetterModel(db(c), organisationId, c.req.valid('param').id);
  const subject = c.req.valid('json');
  const data = 'missionId' in subject ? await missionLetterData(db(c), organisationId, subject.missionId) : await prospectFileLetterData(db(c), organisationId, subject.prospectFileId);
  return send(c, () => printLetter(data, model, c.req.valid('query').format, c.get('deps').pdfRenderer)) as never;
};

export const getLetter: RouteHandler<typeof routes.getMissionLetterRoute, AppEnv> = async (c) =>
  c.json(await getMissionLetter(db(c), c.get('caller').organisationId, c.req.valid('param').id), 200);

export const saveLetter: RouteHandler<typeof routes.saveMissionLetterRoute, AppEnv> = async (c) =>
  c.json(await saveMissionLetter(db(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);

export const previewLetter: RouteHandler<typeof routes.previewMissionLetterRoute, AppEnv> = async (c) => {
  const changes = (c.req.valid('json') as Parameters<typeof previewMissionLetter>[3] | undefined) ?? {};
  return send(c, () => previewMissionLetter(db(c), c.get('caller').organisationId, c.req.valid('param').id, changes, c.req.valid('query').format, c.get('deps').pdfRenderer)) as never;
};
