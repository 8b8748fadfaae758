import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { historyEntries } from '../../../db/schema/index.ts';
import { jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

const json = z.unknown().openapi({ description: 'Any JSON value' });
export const historyEntrySchema = createSelectSchema(historyEntries, {
  occurredAt: z.iso.datetime(),
  oldValue: json,
  newValue: json,
}).openapi('HistoryEntry');

export const listHistory = createRoute({
  method: 'get',
  path: '/history',
  tags: ['History'],
  summary: 'Read the change log (who, when, entity, field, old → new)',
  request: { query: paginationQuery.extend({ entityType: z.string().optional(), entityId: z.string().optional() }) },
  responses: { 200: jsonResponse(pageOf(historyEntrySchema, 'HistoryPage'), 'A page of history entries'), 400: problemResponses[400], 401: problemResponses[401] },
});
