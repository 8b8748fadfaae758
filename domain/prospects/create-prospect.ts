import type { Db } from '../../db/client.ts';
import { prospects } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertSalespeople } from './assert-salespeople.ts';
import { prospectEntityTypes } from './history-subjects.ts';
import type { ProspectInput } from './prospect-input.ts';
import { toProspectView, type ProspectRow, type ProspectView } from './prospect-view.ts';
import { phoneDigitsOrNull, searchText, searchTextOrNull } from './search-keys.ts';

/** The search keys derived from a prospect's fields, written with every change. */
export function prospectSearchColumns(fields: Pick<ProspectRow, 'companyName' | 'note' | 'phone' | 'foreignPhone'>) {
  return {
    companyNameSearch: searchText(fields.companyName),
    noteSearch: searchTextOrNull(fields.note),
    phoneDigits: phoneDigitsOrNull(fields.phone),
    foreignPhoneDigits: phoneDigitsOrNull(fields.foreignPhone),
  };
}

/**
 * Creates a prospect of the actor's organisation. Its source salesperson must hold that
 * capacity and have firm access; both salespeople must be active staff.
 */
export async function createProspect(db: Db, actor: Actor, input: ProspectInput): Promise<ProspectView> {
  return db.transaction(async (tx) => {
    await assertSalespeople(tx, actor.organisationId, input);
    const fields = {
      ...input,
      legalForm: input.legalForm ?? null,
      siret: input.siret ?? null,
      nafCode: input.nafCode ?? null,
      note: input.note ?? null,
      phone: input.phone ?? null,
      foreignPhone: input.foreignPhone ?? null,
    };
    const [row] = await tx
      .insert(prospects)
      .values({ ...fields, ...prospectSearchColumns(fields), organisationId: actor.organisationId })
      .returning();
    const view = toProspectView(row!);
    await recordHistory(tx, actor, { type: prospectEntityTypes.prospect, id: view.id }, { action: 'create', after: view });
    return view;
  });
}
