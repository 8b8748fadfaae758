/** Minimal leveled logger. Silent unless a level is configured (the SDK hands us the test's stdout). */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const ORDER: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 };

export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (v === 'warning') return 'warn';
  if (v === 'off' || v === 'none' || v === 'fatal' || v === 'panic') return 'silent';
  return v in ORDER ? (v as LogLevel) : undefined;
}

export class Logger {
  constructor(public level: LogLevel = 'silent') {}

  enabled(level: Exclude<LogLevel, 'silent'>): boolean {
    return ORDER[this.level] >= ORDER[level];
  }

  private write(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [temporal-dev-server] ${msg}${
      fields ? ' ' + safeJson(fields) : ''
    }\n`;
    process.stderr.write(line);
  }

  error(msg: string, fields?: Record<string, unknown>): void { this.write('error', msg, fields); }
  warn(msg: string, fields?: Record<string, unknown>): void { this.write('warn', msg, fields); }
  info(msg: string, fields?: Record<string, unknown>): void { this.write('info', msg, fields); }
  debug(msg: string, fields?: Record<string, unknown>): void { this.write('debug', msg, fields); }
  trace(msg: string, fields?: Record<string, unknown>): void { this.write('trace', msg, fields); }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, val: unknown) => (typeof val === 'bigint' ? val.toString() : val));
  } catch {
    return String(v);
  }
}
