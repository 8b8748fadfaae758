/**
 * `npm run bench:prospects`: seeds 100,000 prospects, 300,000 contacts and 500,000 follow-up
 * actions in a database of its own on the local PostgreSQL, times every filter of the advanced
 * search (and a few combinations) through the HTTP app — p95 must stay under 50 ms — then
 * exports all prospects to .xlsx in a child process (under 5 s, peak RSS under 250 MB), prints
 * each figure, and drops the database.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the admin URL.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { pino } from 'pino';
import { createApp } from '../api/app.ts';
import { parseConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { issueApiToken } from '../domain/auth/issue-api-token.ts';
import { bootstrapOrganisation } from '../domain/organisations/bootstrap-organisation.ts';
import { createUser } from '../domain/users/create-user.ts';
import { seedProspectsBench } from './prospects-seed.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = 'echeance_bench_prospects';
const prospectCount = Number(process.env.BENCH_PROSPECTS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 40);
const onlyExport = process.env.BENCH_ONLY === 'export';

const urlOf = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE ${databaseName}`);
const database = await openDatabase({ url: urlOf(databaseName), max: 4 });
let failed = false;
try {
  await database.migrate();
  const seedStarted = performance.now();
  const boot = await bootstrapOrganisation(database.db, {
    organisationName: 'Réseau Bench',
    firmName: 'Cabinet Bench',
    admin: { email: 'admin@bench.test', firstName: 'Ada', lastName: 'Admin' },
  });
  const actor = { kind: 'user' as const, organisationId: boot.organisation.id, userId: boot.admin.id, label: 'Ada Admin' };
  const userIds = [boot.admin.id];
  for (let i = 1; i < 20; i++) {
    const user = await createUser(database.db, actor, {
      email: `commercial${i}@bench.test`,
      firstName: `Commercial${i}`,
      lastName: 'Bench',
      role: 'collaborator',
      notifyBy: 'email',
      canBeSourceSalesperson: true,
      firmIds: [boot.firm.id],
      services: boot.firm.services,
    });
    userIds.push(user.id);
  }
  const sql = postgres(urlOf(databaseName), { max: 1, onnotice: () => {} });
  await seedProspectsBench(sql, { organisationId: boot.organisation.id, userIds, prospects: prospectCount });
  await sql.unsafe('VACUUM ANALYZE');
  const [counts] = await sql`select (select count(*) from prospects)::int as prospects, (select count(*) from prospect_contacts)::int as contacts, (select count(*) from prospect_actions)::int as actions`;
  await sql.end();
  console.log(`seeded ${counts!.prospects} prospects, ${counts!.contacts} contacts, ${counts!.actions} actions in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  const app = createApp({ config: parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: urlOf(databaseName), TEMPORAL_ADDRESS: '127.0.0.1:7233' }), database, logger: pino({ level: 'silent' }) });
  const { token } = await issueApiToken(database.db, { organisationId: boot.organisation.id, userId: boot.admin.id, name: 'bench' });
  const salesperson = userIds[3]!;
  const cases: Array<[string, string]> = [
    ['no filter (first page)', ''],
    ['company name (partial, accents)', 'companyName=crêperie%20dur'],
    ['company name (2 letters)', 'companyName=ga'],
    ['contact name (common surname)', 'contactName=martin'],
    ['contact name (first + last)', 'contactName=chloe%20ro'],
    ['phone (digits)', 'phone=06%2012%2034'],
    ['email', 'email=marie.dubois12'],
    ['NAF', 'naf=69.20Z'],
    ['client type', 'clientType=association'],
    ['note', 'note=urgent'],
    ['SIRET', 'siret=0000012'],
    ['stage signed + lost', 'stage=signed,lost'],
    ['stage in progress', 'stage=in_progress'],
    ['without salesperson', 'withoutSalesperson=true'],
    ['business acquirer', 'businessAcquirer=true'],
    ['source', 'source=Parrainage'],
    ['source salesperson', `sourceSalespersonId=${salesperson}`],
    ['operational salesperson', `operationalSalespersonId=${salesperson}`],
    ['created between', `createdFrom=${new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10)}&createdTo=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}`],
    ['combo: company + stage', 'companyName=boulangerie&stage=in_progress'],
    ['combo: source + acquirer + salesperson', `source=Web&businessAcquirer=true&operationalSalespersonId=${salesperson}`],
    ['combo: contact + client type + created', `contactName=martin&clientType=company&createdFrom=${new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10)}`],
    ['sorted by next action, page 20', 'sort=nextActionDate&order=asc&page=20'],
  ];
  const headers = { Authorization: `Bearer ${token}` };
  console.log(`\nadvanced search, ${runs} runs each (through the HTTP app):`);
  console.log('filter'.padEnd(42), 'matches'.padStart(8), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'max ms'.padStart(8));
  const results: Array<{ name: string; total: number; p50: number; p95: number }> = [];
  for (const [name, query] of onlyExport ? [] : cases) {
    let total = 0;
    for (let i = 0; i < 3; i++) await app.request(`/api/v1/prospects?${query}`, { headers });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const response = await app.request(`/api/v1/prospects?${query}`, { headers });
      const body = (await response.json()) as { total: number };
      times.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status} ${JSON.stringify(body)}`);
      total = body.total;
    }
    const p95 = percentile(times, 95);
    results.push({ name, total, p50: percentile(times, 50), p95 });
    console.log(name.padEnd(42), String(total).padStart(8), percentile(times, 50).toFixed(1).padStart(8), p95.toFixed(1).padStart(8), Math.max(...times).toFixed(1).padStart(8), p95 < 50 ? '' : '  OVER 50 ms');
  }

  const child = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./prospects-export.ts', import.meta.url)), urlOf(databaseName), boot.organisation.id], {
    encoding: 'utf8',
  });
  const exported = JSON.parse(child.trim().split('\n').pop()!) as { rows: number; elapsedMs: number; bytes: number; baselineRssMb: number; peakRssMb: number };
  console.log(
    `\nexport of all ${exported.rows} prospects (.xlsx, streamed): ${(exported.elapsedMs / 1000).toFixed(2)} s, ${(exported.bytes / 1024 / 1024).toFixed(1)} MB, RSS ${exported.baselineRssMb.toFixed(0)} MB before, peak ${exported.peakRssMb.toFixed(0)} MB` +
      (exported.elapsedMs < 5000 && exported.peakRssMb < 250 ? '' : '  OVER BUDGET'),
  );
  failed = results.some((r) => r.p95 >= 50) || exported.elapsedMs >= 5000 || exported.peakRssMb >= 250 || exported.rows !== counts!.prospects;
} finally {
  await database.close();
  // BENCH_KEEP=1 leaves the database for profiling (`tsx bench/prospects-export.ts <url> <organisationId>`).
  if (!process.env.BENCH_KEEP) await admin.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
