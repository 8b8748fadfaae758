/**
 * Child process of `npm run bench:prospects`: exports every prospect of the organisation with
 * the export use case the HTTP route streams (exceljs WorkbookWriter), into a byte-counting sink,
 * and prints the elapsed time, size, and this process's RSS before the export and at its peak,
 * as JSON. Run apart so the peak RSS is the export's alone (plus Node, tsx and the imports).
 */
import { Writable } from 'node:stream';
import { openDatabase } from '../db/client.ts';
import { exportProspects } from '../domain/prospects/export-prospects.ts';
import { prospectSearchSchema } from '../domain/prospects/search-filters.ts';

const [url, organisationId] = process.argv.slice(2);
const database = await openDatabase({ url: url!, max: 4 });
let bytes = 0;
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    bytes += chunk.byteLength;
    done();
  },
});
const finished = new Promise<void>((resolve, reject) => sink.on('finish', resolve).on('error', reject));
global.gc?.();
const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const started = performance.now();
const { rows } = await exportProspects(database.db, organisationId!, prospectSearchSchema.parse({}), sink);
sink.end();
await finished;
const elapsedMs = performance.now() - started;
clearInterval(sampler);
await database.close();
const peakRssMb = Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1024 / 1024;
process.stdout.write(`${JSON.stringify({ rows, elapsedMs, bytes, baselineRssMb, peakRssMb })}\n`);
