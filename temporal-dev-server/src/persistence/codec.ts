/**
 * How saved state is spelled on disk. History events are protobuf bytes (base64), exactly what
 * the server sends; everything else is JSON in which bytes and 64-bit integers are tagged
 * (`{"$b": base64}`, `{"$l": "123"}`) so payloads and Longs come back as they were.
 */
import Long from 'long';
import { api, type HistoryEvent } from '../proto.ts';

const HistoryEventType = api.history.v1.HistoryEvent;

export function encodeEvent(e: HistoryEvent): string {
  return Buffer.from(HistoryEventType.encode(e).finish()).toString('base64');
}

export function decodeEvent(s: string): HistoryEvent {
  return HistoryEventType.decode(Buffer.from(s, 'base64'));
}

/** A JSON-safe copy of `v` (bytes → `$b`, Long → `$l`, Map → object, undefined fields dropped). */
export function toPlain(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return { $b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Long.isLong(v)) return { $l: (v as Long).toString() };
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) return toPlain(Object.fromEntries(v));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined || typeof x === 'function') continue;
    out[k] = toPlain(x);
  }
  return out;
}

/** The inverse of `toPlain`. */
export function fromPlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(fromPlain);
  const o = v as Record<string, unknown>;
  if (typeof o.$b === 'string' && Object.keys(o).length === 1) return new Uint8Array(Buffer.from(o.$b, 'base64'));
  if (typeof o.$l === 'string' && Object.keys(o).length === 1) return Long.fromString(o.$l);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = fromPlain(x);
  return out;
}
