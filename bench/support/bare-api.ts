/**
 * The baseline of `bench:api`: a bare Hono app on the same Node server adapter, answering the
 * same rows by one query each, with no authentication, logging or validation.
 * `tsx bench/support/bare-api.ts <port> <database url> <pool size>`: the bench gives it the
 * API's pool size, and starts it with the same Node flags and NODE_ENV as the API.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';

const [port, url, poolMax] = process.argv.slice(2);
const sql = postgres(url!, { max: Number(poolMax), onnotice: () => {} });
const app = new Hono();
app.get('/clients/:id', async (c) => c.json((await sql`SELECT * FROM clients WHERE id = ${c.req.param('id')}`)[0]));
app.get('/missions/:id', async (c) => c.json((await sql`SELECT * FROM missions WHERE id = ${c.req.param('id')}`)[0]));
const server = serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, () => console.log(JSON.stringify({ msg: 'listening' })));
// Exits through its handlers (not killed outright), so a CPU profile gets written.
process.once('SIGTERM', () => server.close(() => void sql.end({ timeout: 1 }).then(() => process.exit(0))));
