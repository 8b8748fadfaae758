import { and, asc, desc, eq, gte, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { prospectClientTypes, prospectStatuses, prospects, users } from '../../db/schema/index.ts';
import { addDays } from '../calendar/iso-date.ts';
import { parisInstant } from '../calendar/paris-time.ts';
import { isoDateSchema } from './prospect-input.ts';
import { likeLiteral, phoneDigits, searchText } from './search-keys.ts';

/** Repeated (`stage=a&stage=b`) or comma-separated (`stage=a,b`) query values. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).filter(Boolean)), z.array(item).max(20).optional());

const text = z.string().trim().min(1).max(200).optional();

export const prospectSortFields = ['companyName', 'createdAt', 'lastActionDate', 'nextActionDate', 'city', 'source'] as const;

/** The advanced search (recherche avancée) of the prospects list, shared by the list and the export. */
export const prospectSearchFields = z.object({
    companyName: text,
    contactName: text,
    phone: text,
    email: text,
    naf: text,
    clientType: listOf(z.enum(prospectClientTypes)),
    note: text,
    siret: text,
    stage: listOf(z.enum(prospectStatuses)),
    withoutSalesperson: z.stringbool().optional(),
    businessAcquirer: z.stringbool().optional(),
    source: text,
    sourceSalespersonId: z.uuid().optional(),
    operationalSalespersonId: z.uuid().optional(),
    createdFrom: isoDateSchema.optional(),
    createdTo: isoDateSchema.optional(),
    sort: z.enum(prospectSortFields).default('companyName'),
    order: z.enum(['asc', 'desc']).default('asc'),
});

/** The creation-date bounds of a search must be in order. */
export function withOrderedCreationDates<T extends z.ZodType<{ createdFrom?: string | undefined; createdTo?: string | undefined }>>(schema: T) {
  return schema.refine((filter) => !filter.createdFrom || !filter.createdTo || filter.createdFrom <= filter.createdTo, {
    message: 'must not be before createdFrom',
    path: ['createdTo'],
  });
}

export const prospectSearchSchema = withOrderedCreationDates(prospectSearchFields);
export type ProspectSearch = z.infer<typeof prospectSearchFields>;

const contains = (value: string) => `%${likeLiteral(value)}%`;

/**
 * The WHERE clause of a search, always scoped to the organisation. Text filters are partial,
 * case- and accent-insensitive matches on the normalised columns (trigram-indexed); phones are
 * compared on digits, on the prospect's numbers and its contacts'.
 */
export function prospectSearchCondition(organisationId: string, filter: ProspectSearch): SQL {
  const conditions: SQL[] = [eq(prospects.organisationId, organisationId)];
  if (filter.companyName) conditions.push(like(prospects.companyNameSearch, contains(searchText(filter.companyName))));
  if (filter.note) conditions.push(like(prospects.noteSearch, contains(searchText(filter.note))));
  // Contacts' keys are kept on the prospect (refreshContactKeys), so these stay one-table matches.
  if (filter.contactName) conditions.push(like(prospects.contactNamesSearch, contains(searchText(filter.contactName))));
  if (filter.email) conditions.push(like(prospects.contactEmailsSearch, contains(filter.email.trim().toLowerCase())));
  if (filter.phone) {
    const pattern = contains(phoneDigits(filter.phone));
    conditions.push(or(like(prospects.phoneDigits, pattern), like(prospects.foreignPhoneDigits, pattern), like(prospects.contactPhonesDigits, pattern))!);
  }
  if (filter.naf) conditions.push(like(prospects.nafCode, `${likeLiteral(filter.naf.toUpperCase())}%`));
  if (filter.siret) conditions.push(like(prospects.siret, `${likeLiteral(filter.siret.replace(/[\s.]/g, ''))}%`));
  if (filter.clientType?.length) conditions.push(inArray(prospects.clientType, filter.clientType));
  if (filter.stage?.length) conditions.push(inArray(prospects.status, filter.stage));
  if (filter.businessAcquirer !== undefined) conditions.push(eq(prospects.businessAcquirer, filter.businessAcquirer));
  if (filter.source) conditions.push(eq(prospects.source, filter.source));
  if (filter.sourceSalespersonId) conditions.push(eq(prospects.sourceSalespersonId, filter.sourceSalespersonId));
  if (filter.operationalSalespersonId) conditions.push(eq(prospects.operationalSalespersonId, filter.operationalSalespersonId));
  if (filter.withoutSalesperson !== undefined) {
    // "Without salesperson": nobody follows the prospect any more (no operational salesperson,
    // or one who was deactivated).
    const inactive = sql`(select ${users.id} from ${users} where ${users.organisationId} = ${organisationId} and ${users.deactivatedAt} is not null)`;
    const without = or(isNull(prospects.operationalSalespersonId), inArray(prospects.operationalSalespersonId, inactive))!;
    conditions.push(filter.withoutSalesperson ? without : sql`not (${without})`);
  }
  if (filter.createdFrom) conditions.push(gte(prospects.createdAt, parisInstant(filter.createdFrom)));
  if (filter.createdTo) conditions.push(lt(prospects.createdAt, parisInstant(addDays(filter.createdTo, 1))));
  return and(...conditions)!;
}

const sortColumns = {
  companyName: prospects.companyNameSearch,
  createdAt: prospects.createdAt,
  lastActionDate: prospects.lastActionDate,
  nextActionDate: prospects.nextActionDate,
  city: prospects.city,
  source: prospects.source,
} as const;

/** ORDER BY of a search: the chosen column, then the id so pages never overlap. */
export function prospectSearchOrder(filter: Pick<ProspectSearch, 'sort' | 'order'>): SQL[] {
  const column = sortColumns[filter.sort];
  return filter.order === 'asc' ? [asc(column), asc(prospects.id)] : [desc(column), desc(prospects.id)];
}
