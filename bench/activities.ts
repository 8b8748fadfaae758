/**
 * `npm run bench:activities`: the CPU of the two activities an occurrence costs the worker's main
 * thread, measured in one process without Temporal. On a scratch PostgreSQL database it creates
 * the engine bench's missions (a monthly VAT request and a quarterly task over 2027, one client
 * each), then calls the use cases behind the activities the way the workflows do:
 * `createOccurrence` for each of the 16 deadlines of each mission, then
 * `sendInformationRequestEmail` for each request's creation email, then its reminder, then its
 * overdue email (2.25 emails per occurrence), through the worker's email sender (the outbox:
 * a `.eml` file and an `outbox_emails` row).
 *
 * One call at a time, after a warm-up round of the same calls on other missions. For each phase it
 * prints the process's CPU per call (`process.cpuUsage`: user + system, every thread), the wall
 * p50 and the SQL statements per call (counted by the driver's `debug` hook), and the load average
 * beside them; then the CPU per occurrence (one creation plus its 2.25 emails).
 *
 * BENCH_MISSIONS (default 32, i.e. 512 occurrences) sets the measured missions; BENCH_CPU_PROFILE_DIR
 * writes a V8 CPU profile of the measured phases there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { DatabaseOutboxStore } from '../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../adapters/email/outbox-email-sender.ts';
import { openDatabase, schema, type Db } from '../db/client.ts';
import type { Actor } from '../domain/history/record-history.ts';
import { computeDeadlines } from '../domain/missions/compute-deadlines.ts';
import { activateMission } from '../domain/missions/activate-mission.ts';
import { createMission } from '../domain/missions/create-mission.ts';
import { lineScheduleOf } from '../domain/missions/mission-view.ts';
import { signMission } from '../domain/missions/sign-mission.ts';
import { validateMission } from '../domain/missions/validate-mission.ts';
import { createOccurrence } from '../domain/occurrences/create-occurrence.ts';
import { overdueInstant, reminderInstant } from '../domain/portal/request-email-schedule.ts';
import { DEFAULT_REMINDER_DAYS_BEFORE, sendInformationRequestEmail } from '../domain/portal/send-information-request-email.ts';
import { seedBenchFirm } from './support/seed-bench.ts';
import { createBenchDatabase, loadAverage, percentile, round } from './support/measure.ts';

const measuredMissions = Number(process.env.BENCH_MISSIONS ?? 32);
const warmUpMissions = 8;
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;

const bench = await createBenchDatabase('echeance_bench_activities');
const outboxDirectory = mkdtempSync(path.join(os.tmpdir(), 'echeance-bench-outbox-'));
const migrated = await openDatabase({ url: bench.url, max: 1 });
await migrated.migrate();
await migrated.close();

// The worker's driver and pool, with a counter of the statements it sends.
let statements = 0;
const sql = postgres(bench.url, { max: 10, onnotice: () => {}, debug: () => void statements++ });
const db = drizzle(sql, { schema }) as unknown as Db;
const emailSender = new OutboxEmailSender({ store: new DatabaseOutboxStore(db), directory: outboxDirectory });
const emailDeps = { db, emailSender, from: 'Cabinet Bench <noreply@bench.test>', publicBaseUrl: 'http://127.0.0.1:3000' };

try {
  const firm = await seedBenchFirm(db);
  const organisationId = (await sql`SELECT id FROM organisations`)[0]!.id as string;
  const admin: Actor = { kind: 'user', organisationId, userId: (await sql`SELECT id FROM users`)[0]!.id as string, label: 'Ada Admin' };

  /** An active mission of the engine bench for a new client, with each line's deadlines over 2027. */
  const seedActiveMission = async (index: number) => {
    const client = await firm.seedClient(index);
    const mission = await createMission(db, admin, {
      clientId: client.id,
      name: 'TVA et révision 2027',
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      createPastOccurrences: false,
      lines: [
        { serviceId: firm.vat.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 },
        { serviceId: firm.review.id, frequency: 'quarterly', deadlineRule: { kind: 'end-of-period' } },
      ],
    });
    const at = new Date('2026-12-01T08:00:00Z');
    await validateMission(db, admin, mission.id, at);
    await signMission(db, admin, mission.id, { signatureId: `sig-${mission.id}`, signer: 'Claire Martin', signedAt: at.toISOString(), level: 'manual' });
    const active = await activateMission(db, { kind: 'system', organisationId, label: 'Bench' }, mission.id, at);
    return active.lines.map((line) => ({ missionId: mission.id, lineId: line.id, deadlines: computeDeadlines(lineScheduleOf(line), { startDate: active.startDate, endDate: active.endDate }) }));
  };

  interface Phase {
    calls: number;
    cpuMs: number;
    wallMs: number[];
    statements: number;
  }
  /** Runs the calls one at a time, measuring them as one phase. */
  const measure = async <T>(items: readonly T[], call: (item: T) => Promise<unknown>): Promise<Phase> => {
    const wallMs: number[] = [];
    const statementsBefore = statements;
    const cpuBefore = process.cpuUsage();
    for (const item of items) {
      const started = performance.now();
      await call(item);
      wallMs.push(performance.now() - started);
    }
    const cpu = process.cpuUsage(cpuBefore);
    return { calls: items.length, cpuMs: (cpu.user + cpu.system) / 1000, wallMs, statements: statements - statementsBefore };
  };

  /** One round over fresh missions: their occurrences, then every request's three emails. */
  const runRound = async (firstIndex: number, missionCount: number) => {
    const lines = [];
    for (let i = 0; i < missionCount; i++) lines.push(...(await seedActiveMission(firstIndex + i)));
    const occurrences = lines.flatMap((line) => line.deadlines.map((deadline) => ({ ...line, deadline })));
    const requests: { id: string; dueDate: string }[] = [];
    const system: Actor = { kind: 'system', organisationId, label: 'Workflow bench' };
    const creating = await measure(occurrences, async ({ missionId, lineId, deadline }) => {
      const created = await createOccurrence(db, { ...system, label: `Workflow mission/${missionId}` }, { missionId, lineId, deadline, at: new Date(`${deadline}T00:00:00Z`) });
      if (created.outcome !== 'created') throw new Error(`occurrence ${lineId} ${deadline}: ${created.outcome}`);
      for (const id of created.informationRequestIds) requests.push({ id, dueDate: deadline });
    });
    const email = (kind: 'created' | 'reminder' | 'overdue', at: (dueDate: string) => string) => async (request: { id: string; dueDate: string }) => {
      const result = await sendInformationRequestEmail(emailDeps, { organisationId, requestId: request.id, kind, now: new Date(at(request.dueDate)) });
      if (result.outcome !== 'sent') throw new Error(`${kind} email of ${request.id}: ${result.outcome}`);
    };
    const created = await measure(requests, email('created', (dueDate) => `${dueDate}T00:00:00Z`));
    const reminders = await measure(requests, email('reminder', (dueDate) => reminderInstant(dueDate, DEFAULT_REMINDER_DAYS_BEFORE)));
    const overdue = await measure(requests, email('overdue', overdueInstant));
    return { occurrences: occurrences.length, phases: { createOccurrence: creating, 'creation email': created, 'reminder email': reminders, 'overdue email': overdue } };
  };

  await runRound(0, warmUpMissions);
  const session = profileDir ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const load = loadAverage();
  const measured = await runRound(warmUpMissions, measuredMissions);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    const file = path.join(profileDir!, `activities-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`CPU profile: ${file}`);
  }

  console.log(`bench:activities — ${measured.occurrences} occurrences (${measuredMissions} missions), one call at a time, after ${warmUpMissions} missions of warm-up`);
  console.log(`load average before: ${load}; after: ${loadAverage()}`);
  console.log('| call | calls | CPU ms per call | wall p50 ms | SQL statements per call |');
  console.log('|---|---|---|---|---|');
  let cpuMs = 0;
  for (const [name, phase] of Object.entries(measured.phases)) {
    cpuMs += phase.cpuMs;
    console.log(`| ${name} | ${phase.calls} | ${round(phase.cpuMs / phase.calls, 2)} | ${round(percentile(phase.wallMs, 50), 2)} | ${round(phase.statements / phase.calls, 1)} |`);
  }
  console.log(`CPU per occurrence (its creation and its requests' emails): ${round(cpuMs / measured.occurrences, 2)} ms`);
} finally {
  await sql.end({ timeout: 5 });
  await bench.drop();
  rmSync(outboxDirectory, { recursive: true, force: true });
}
