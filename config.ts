import { z } from 'zod';

/**
 * The service's configuration, parsed once at boot from the environment. No other module reads
 * `process.env`: everything receives the typed `Config` (or the part of it it needs).
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url().optional())
  .optional();

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalUrl,
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('echeance'),
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_TLS: z.stringbool().default(false),
  TEMPORAL_DEV_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(7233),
  TEMPORAL_DEV_TIME_SKIPPING: z.stringbool().default(true),
  // The Temporal UI of the embedded dev server: a port (0 = any free one) or "off".
  TEMPORAL_UI_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(8233),
  TEMPORAL_UI_HOST: z.string().default('127.0.0.1'),
  // Workflows kept in the worker's memory between their tasks (the others replay on their next
  // task), at most what the V8 heap limit holds (temporal.config.ts, cachedWorkflowsFor).
  TEMPORAL_WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(2).default(250),
  RUN_WORKER: z.stringbool().default(true),
  RUN_API: z.stringbool().default(true),
  GOTENBERG_URL: optionalUrl,
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: optionalUrl,
  EMAIL_FROM: z.string().default('Échéance <no-reply@echeance.localhost>'),
  YOUSIGN_API_KEY: optionalString,
  YOUSIGN_BASE_URL: z.url().default('https://api-sandbox.yousign.app/v3'),
  YOUSIGN_WEBHOOK_SECRET: optionalString,
  MISSION_OVERDUE_AFTER_DAYS: z.coerce.number().int().min(1).default(15),
  // Rate limits (api/middleware/rate-limit.ts), per process, per window of RATE_LIMIT_WINDOW_SECONDS.
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_CLIENT_PER_IP: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_CLIENT_PER_TOKEN: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_AUTH_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
  RATE_LIMIT_AUTH_FAILURES_PER_TOKEN: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_PREVIEWS_PER_USER: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_MAX_KEYS: z.coerce.number().int().min(100).default(10_000),
  /** Reverse proxies in front of the API that append to X-Forwarded-For (api/client-address.ts); 0: none, the header is ignored. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
})
  // The embedded defaults (PGlite, the dev Temporal server) are for development: production
  // names its database and its Temporal cluster, or does not start.
  .superRefine((config, context) => {
    if (config.NODE_ENV !== 'production') return;
    if (!config.DATABASE_URL) context.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required when NODE_ENV=production (the embedded PGlite database is for development)' });
    if (!config.TEMPORAL_ADDRESS) context.addIssue({ code: 'custom', path: ['TEMPORAL_ADDRESS'], message: 'required when NODE_ENV=production (the embedded Temporal dev server is for development)' });
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment, throwing one `ConfigError` that lists every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`),
  );
}

/** Boot-time entry: parses `process.env` or stops the process with the list of bad variables. */
export function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
