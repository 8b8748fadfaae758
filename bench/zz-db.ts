import { and, eq, sql as dsql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { schema, type Db, preparedPerDb } from '../db/client.ts';
import { clients, informationRequests, portalSettings, organisations } from '../db/schema/index.ts';
import { createBenchDatabase } from './support/measure.ts';
import { openDatabase } from '../db/client.ts';
const bench = await createBenchDatabase('echeance_zz_activity');
const m = await openDatabase({ url: bench.url, max: 1 }); await m.migrate(); await m.close();
const sql = postgres(bench.url, { max: 10, onnotice: () => {} });
const db = drizzle(sql, { schema }) as unknown as Db;
// uses the migrated template? create tables quickly: use an existing db
const time = async (name: string, n: number, f: () => Promise<unknown>) => {
  for (let i = 0; i < 100; i++) await f();
  const before = process.cpuUsage(); const t = performance.now();
  for (let i = 0; i < n; i++) await f();
  const cpu = process.cpuUsage(before);
  console.log(name.padEnd(30), ((cpu.user + cpu.system) / 1000 / n).toFixed(3), 'ms CPU', ((performance.now() - t) / n).toFixed(3), 'ms wall');
};
await time('raw select 1', 1000, () => sql`select 1`);
await time('raw unsafe unprepared', 1000, () => sql.unsafe('select $1::int as a', [1], { prepare: false }));
await time('raw unsafe prepared', 1000, () => sql.unsafe('select $1::int as a', [1], { prepare: true }));
const id = '00000000-0000-0000-0000-000000000000';
const q = () => db.select({ request: informationRequests, client: clients, reminderDaysBefore: portalSettings.reminderDaysBefore }).from(informationRequests).innerJoin(clients, eq(clients.id, informationRequests.clientId)).leftJoin(portalSettings, eq(portalSettings.organisationId, informationRequests.organisationId)).where(and(eq(informationRequests.organisationId, id), eq(informationRequests.id, id)));
await time('drizzle build only', 1000, async () => q().toSQL());
await time('drizzle join select', 1000, () => q());
const p = q().prepare('x');
await time('drizzle prepared', 1000, () => p.execute());
await sql.end(); await bench.drop();
