/**
 * Protobuf codec: the protobufjs reflection root shipped by `@temporalio/proto` (the same one the
 * TypeScript client uses), so field names, int64 (Long), enums (numbers), bytes (Uint8Array) and
 * `google.protobuf.Any` (`type_url`) behave exactly as the SDK expects.
 */
import protoPkg from '@temporalio/proto';
import type { temporal, google } from '@temporalio/proto';
import Long from 'long';

export type { temporal, google };

export const root = protoPkg;
export const api = protoPkg.temporal.api;
export const gp = protoPkg.google.protobuf;
export const enums = protoPkg.temporal.api.enums.v1;

export const EventType = enums.EventType;
export const CommandType = enums.CommandType;
export const Status = enums.WorkflowExecutionStatus;
export const RetryState = enums.RetryState;
export const TimeoutType = enums.TimeoutType;

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export type Payloads = temporal.api.common.v1.IPayloads;
export type Payload = temporal.api.common.v1.IPayload;
export type Failure = temporal.api.failure.v1.IFailure;
export type RetryPolicy = temporal.api.common.v1.IRetryPolicy;
export type Duration = google.protobuf.IDuration;
export type Timestamp = google.protobuf.ITimestamp;
export type SearchAttributes = temporal.api.common.v1.ISearchAttributes;
export type Memo = temporal.api.common.v1.IMemo;
export type Header = temporal.api.common.v1.IHeader;
export type WorkflowExecution = temporal.api.common.v1.IWorkflowExecution;

/** protobufjs decodes int64 as Long objects; we only ever write plain numbers. */
type LongLike = number | string | null | undefined | { low: number; high: number; unsigned?: boolean; toNumber?: () => number };

/** int64 → JS number (all our values fit in 2^53). */
export function num(v: LongLike): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (typeof v.toNumber === 'function') return v.toNumber();
  const low = v.low >>> 0;
  return v.unsigned ? v.high * 4294967296 + low : (v.high | 0) * 4294967296 + low;
}

export type { Long };

/** int64 field value (the generated types want Long; protobufjs also accepts numbers at runtime). */
export function L(n: number): Long {
  return Long.fromNumber(n);
}

export function tsFromMs(ms: number): { seconds: Long; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return { seconds: Long.fromNumber(seconds), nanos };
}

export function msFromTs(ts: Timestamp | null | undefined): number | undefined {
  if (!ts) return undefined;
  return num(ts.seconds as LongLike) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

/** Duration → milliseconds; undefined when unset or zero. */
export function durMs(d: Duration | null | undefined): number | undefined {
  if (!d) return undefined;
  const ms = num(d.seconds as LongLike) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
  return ms > 0 ? ms : undefined;
}

export function durFromMs(ms: number): { seconds: Long; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return { seconds: Long.fromNumber(seconds), nanos };
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A json/plain payload, as the SDK's default converter writes it. */
export function jsonPayload(value: unknown, type?: string): Payload {
  const metadata: Record<string, Uint8Array> = { encoding: enc.encode('json/plain') };
  if (type) metadata.type = enc.encode(type);
  return { metadata, data: enc.encode(JSON.stringify(value)) };
}

export function payloadEncoding(p: Payload | null | undefined): string | undefined {
  const e = p?.metadata?.encoding;
  return e ? dec.decode(e) : undefined;
}

export function payloadMetaString(p: Payload | null | undefined, key: string): string | undefined {
  const e = p?.metadata?.[key];
  return e ? dec.decode(e) : undefined;
}

/** Decode a json/plain (or binary/null) payload; undefined for anything else. */
export function decodeJsonPayload(p: Payload | null | undefined): unknown {
  if (!p) return undefined;
  const encoding = payloadEncoding(p);
  if (encoding === 'binary/null') return null;
  if (encoding === 'json/plain' || encoding === undefined) {
    if (!p.data || p.data.length === 0) return null;
    try {
      return JSON.parse(dec.decode(p.data));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function newAny(typeName: string, bytes: Uint8Array): google.protobuf.IAny {
  return { type_url: `type.googleapis.com/${typeName}`, value: bytes };
}

export function anyTypeName(a: google.protobuf.IAny | null | undefined): string {
  const url = a?.type_url ?? '';
  const i = url.lastIndexOf('/');
  return i >= 0 ? url.slice(i + 1) : url;
}
