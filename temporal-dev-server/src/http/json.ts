/**
 * Protobuf JSON (the proto3 canonical JSON mapping, as grpc-gateway and Temporal's HTTP API speak
 * it) over the protobufjs reflection root: lowerCamel field names, 64-bit integers as strings,
 * bytes as base64, enums by name, RFC 3339 timestamps, durations like "1.5s", `Any` with "@type",
 * wrappers, Struct/Value/ListValue and FieldMask in their special forms. Unset fields are omitted.
 */
import Long from 'long';
import { root } from '../proto.ts';

/** The parts of protobufjs's reflection API used here. */
export interface ReflectedEnum {
  values: Record<string, number>;
  valuesById: Record<number, string>;
}
export interface ReflectedField {
  name: string;
  type: string;
  repeated: boolean;
  map: boolean;
  keyType?: string;
  resolvedType: ReflectedType | ReflectedEnum | null;
  resolve(): ReflectedField;
}
export interface ReflectedType {
  fullName: string;
  fieldsArray: ReflectedField[];
  fields: Record<string, ReflectedField>;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): Record<string, unknown>;
  fromObject(object: Record<string, unknown>): Record<string, unknown>;
}

/** A request that cannot be read (bad JSON, wrong type): answered 400 INVALID_ARGUMENT. */
export class JsonMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonMappingError';
  }
}

export function lookupType(name: string): ReflectedType {
  return (root as unknown as { lookupType(n: string): ReflectedType }).lookupType(name.replace(/^\./, ''));
}

function isType(t: ReflectedType | ReflectedEnum | null): t is ReflectedType {
  return !!t && 'fieldsArray' in t;
}

function field(f: ReflectedField): ReflectedField {
  return f.resolvedType === null && !SCALARS.has(f.type) ? f.resolve() : f;
}

const SCALARS = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64', 'bool', 'string', 'bytes']);
const LONGS = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INTS = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const WRAPPERS: Record<string, string> = {
  '.google.protobuf.DoubleValue': 'double',
  '.google.protobuf.FloatValue': 'float',
  '.google.protobuf.Int64Value': 'int64',
  '.google.protobuf.UInt64Value': 'uint64',
  '.google.protobuf.Int32Value': 'int32',
  '.google.protobuf.UInt32Value': 'uint32',
  '.google.protobuf.BoolValue': 'bool',
  '.google.protobuf.StringValue': 'string',
  '.google.protobuf.BytesValue': 'bytes',
};

export function lowerCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// message → JSON

/** A decoded message (from `Type.decode`, so own properties are exactly the fields present). */
export function messageToJson(type: ReflectedType, message: Record<string, unknown>): unknown {
  switch (type.fullName) {
    case '.google.protobuf.Timestamp':
      return timestampToJson(message);
    case '.google.protobuf.Duration':
      return durationToJson(message);
    case '.google.protobuf.Any':
      return anyToJson(message);
    case '.google.protobuf.Struct':
      return structToJson(message);
    case '.google.protobuf.Value':
      return valueToJson(message);
    case '.google.protobuf.ListValue':
      return ((message.values as Record<string, unknown>[] | undefined) ?? []).map(valueToJson);
    case '.google.protobuf.FieldMask':
      return ((message.paths as string[] | undefined) ?? []).map(lowerCamel).join(',');
    case '.google.protobuf.Empty':
      return {};
  }
  const wrapped = WRAPPERS[type.fullName];
  if (wrapped) return scalarToJson(wrapped, message.value ?? defaultScalar(wrapped));
  const out: Record<string, unknown> = {};
  for (const raw of type.fieldsArray) {
    const f = field(raw);
    if (!Object.prototype.hasOwnProperty.call(message, f.name)) continue;
    const v = message[f.name];
    if (v === null || v === undefined) continue;
    const key = lowerCamel(f.name);
    if (f.map) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (!entries.length) continue;
      out[key] = Object.fromEntries(entries.map(([k, x]) => [k, valueOfField(f, x)]));
    } else if (f.repeated) {
      const arr = v as unknown[];
      if (!arr.length) continue;
      out[key] = arr.map((x) => valueOfField(f, x));
    } else {
      out[key] = valueOfField(f, v);
    }
  }
  return out;
}

function valueOfField(f: ReflectedField, v: unknown): unknown {
  const t = f.resolvedType;
  if (isType(t)) return messageToJson(t, v as Record<string, unknown>);
  if (t) return (t as ReflectedEnum).valuesById[v as number] ?? v;
  return scalarToJson(f.type, v);
}

function defaultScalar(type: string): unknown {
  if (type === 'bool') return false;
  if (type === 'string') return '';
  if (type === 'bytes') return new Uint8Array();
  return 0;
}

function scalarToJson(type: string, v: unknown): unknown {
  if (LONGS.has(type)) return Long.isLong(v) ? (v as Long).toString() : String(v);
  if (type === 'bytes') return Buffer.from(v as Uint8Array).toString('base64');
  if ((type === 'double' || type === 'float') && typeof v === 'number' && !Number.isFinite(v)) {
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  return v;
}

function longNumber(v: unknown): number {
  if (Long.isLong(v)) return (v as Long).toNumber();
  return Number(v ?? 0);
}

function timestampToJson(m: Record<string, unknown>): string {
  const seconds = longNumber(m.seconds);
  const nanos = Number(m.nanos ?? 0);
  const iso = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  return `${iso}${fraction(nanos)}Z`;
}

function durationToJson(m: Record<string, unknown>): string {
  const seconds = longNumber(m.seconds);
  const nanos = Number(m.nanos ?? 0);
  const negative = seconds < 0 || nanos < 0;
  return `${negative ? '-' : ''}${Math.abs(seconds)}${fraction(Math.abs(nanos))}s`;
}

/** 0, 3, 6 or 9 fractional digits, as protojson writes them. */
function fraction(nanos: number): string {
  if (!nanos) return '';
  const digits = String(nanos).padStart(9, '0');
  if (nanos % 1_000_000 === 0) return `.${digits.slice(0, 3)}`;
  if (nanos % 1000 === 0) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

function anyToJson(m: Record<string, unknown>): unknown {
  const url = String(m.type_url ?? '');
  const typeName = url.slice(url.lastIndexOf('/') + 1);
  let inner: ReflectedType;
  try {
    inner = lookupType(typeName);
  } catch {
    return { '@type': url, value: Buffer.from((m.value as Uint8Array | undefined) ?? []).toString('base64') };
  }
  const json = messageToJson(inner, inner.decode((m.value as Uint8Array | undefined) ?? new Uint8Array()));
  if (isSpecialJson(inner.fullName)) return { '@type': url, value: json };
  return { '@type': url, ...(json as Record<string, unknown>) };
}

function isSpecialJson(fullName: string): boolean {
  return fullName in WRAPPERS || ['.google.protobuf.Timestamp', '.google.protobuf.Duration', '.google.protobuf.Struct', '.google.protobuf.Value', '.google.protobuf.ListValue', '.google.protobuf.FieldMask', '.google.protobuf.Empty', '.google.protobuf.Any'].includes(fullName);
}

function structToJson(m: Record<string, unknown>): Record<string, unknown> {
  const fields = (m.fields as Record<string, Record<string, unknown>> | undefined) ?? {};
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, valueToJson(v)]));
}

function valueToJson(m: Record<string, unknown>): unknown {
  if ('nullValue' in m && m.nullValue !== undefined && Object.prototype.hasOwnProperty.call(m, 'nullValue')) return null;
  if (Object.prototype.hasOwnProperty.call(m, 'numberValue')) return m.numberValue;
  if (Object.prototype.hasOwnProperty.call(m, 'stringValue')) return m.stringValue;
  if (Object.prototype.hasOwnProperty.call(m, 'boolValue')) return m.boolValue;
  if (Object.prototype.hasOwnProperty.call(m, 'structValue')) return structToJson(m.structValue as Record<string, unknown>);
  if (Object.prototype.hasOwnProperty.call(m, 'listValue')) {
    return (((m.listValue as Record<string, unknown>).values as Record<string, unknown>[] | undefined) ?? []).map(valueToJson);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// JSON → message

/**
 * JSON (request body, path and query values) → a message instance of `type`. Unknown fields are
 * discarded, as grpc-gateway's default unmarshaler does; a value of the wrong kind is an error.
 */
export function jsonToMessage(type: ReflectedType, json: unknown, path = ''): Record<string, unknown> {
  return type.fromObject(jsonToObject(type, json, path) as Record<string, unknown>);
}

/** JSON → the plain object `Type.fromObject` takes. */
function jsonToObject(type: ReflectedType, json: unknown, path: string): unknown {
  switch (type.fullName) {
    case '.google.protobuf.Timestamp':
      return parseTimestamp(json, path);
    case '.google.protobuf.Duration':
      return parseDuration(json, path);
    case '.google.protobuf.Any':
      return parseAny(json, path);
    case '.google.protobuf.Struct':
      return parseStruct(json, path);
    case '.google.protobuf.Value':
      return parseValue(json);
    case '.google.protobuf.ListValue':
      if (!Array.isArray(json)) throw new JsonMappingError(`${path || 'value'}: expected an array`);
      return { values: json.map(parseValue) };
    case '.google.protobuf.FieldMask':
      if (typeof json !== 'string') throw new JsonMappingError(`${path || 'value'}: expected a comma-separated string`);
      return { paths: json.split(',').filter(Boolean).map((p) => p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) };
    case '.google.protobuf.Empty':
      return {};
  }
  const wrapped = WRAPPERS[type.fullName];
  if (wrapped) return { value: scalarFromJson(wrapped, json, path) };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new JsonMappingError(`${path || 'body'}: expected an object`);
  }
  const out: Record<string, unknown> = {};
  const byJsonName = fieldsByJsonName(type);
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    const raw = type.fields[key] ?? byJsonName.get(key) ?? byJsonName.get(lowerCamel(key));
    if (!raw) continue;
    if (value === null) continue;
    const f = field(raw);
    const where = path ? `${path}.${key}` : key;
    if (f.map) {
      if (typeof value !== 'object' || Array.isArray(value)) throw new JsonMappingError(`${where}: expected an object`);
      out[f.name] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, x]) => [k, fieldFromJson(f, x, `${where}.${k}`)]));
    } else if (f.repeated) {
      const arr = Array.isArray(value) ? value : [value];
      out[f.name] = arr.map((x, i) => fieldFromJson(f, x, `${where}[${i}]`));
    } else {
      out[f.name] = fieldFromJson(f, value, where);
    }
  }
  return out;
}

const jsonNameCache = new WeakMap<ReflectedType, Map<string, ReflectedField>>();
function fieldsByJsonName(type: ReflectedType): Map<string, ReflectedField> {
  let m = jsonNameCache.get(type);
  if (!m) {
    m = new Map(type.fieldsArray.map((f) => [lowerCamel(f.name), f]));
    jsonNameCache.set(type, m);
  }
  return m;
}

function fieldFromJson(f: ReflectedField, value: unknown, where: string): unknown {
  const t = f.resolvedType;
  if (isType(t)) {
    // fromObject wants plain objects; Any/WKT already produce plain objects, messages nest.
    return jsonToObject(t, value, where);
  }
  if (t) {
    const e = t as ReflectedEnum;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string') {
      if (value in e.values) return e.values[value];
      if (/^-?\d+$/.test(value)) return Number(value);
    }
    throw new JsonMappingError(`${where}: unknown enum value ${JSON.stringify(value)}`);
  }
  return scalarFromJson(f.type, value, where);
}

function scalarFromJson(type: string, value: unknown, where: string): unknown {
  if (type === 'string') {
    if (typeof value !== 'string') throw new JsonMappingError(`${where}: expected a string`);
    return value;
  }
  if (type === 'bool') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new JsonMappingError(`${where}: expected a boolean`);
  }
  if (type === 'bytes') {
    if (typeof value !== 'string') throw new JsonMappingError(`${where}: expected base64`);
    return new Uint8Array(Buffer.from(value, 'base64'));
  }
  if (LONGS.has(type)) {
    if ((typeof value === 'string' && /^-?\d+$/.test(value)) || (typeof value === 'number' && Number.isInteger(value))) {
      return Long.fromValue(typeof value === 'number' ? value : value, type.startsWith('u') || type === 'fixed64');
    }
    throw new JsonMappingError(`${where}: expected an integer`);
  }
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n) || (INTS.has(type) && !Number.isInteger(n))) {
    if (value === 'NaN') return Number.NaN;
    throw new JsonMappingError(`${where}: expected a number`);
  }
  return n;
}

function parseTimestamp(json: unknown, where: string): { seconds: Long; nanos: number } {
  const m = typeof json === 'string' ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(json) : null;
  if (!m) throw new JsonMappingError(`${where || 'value'}: expected an RFC 3339 timestamp`);
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) throw new JsonMappingError(`${where || 'value'}: expected an RFC 3339 timestamp`);
  return { seconds: Long.fromNumber(Math.floor(ms / 1000)), nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

function parseDuration(json: unknown, where: string): { seconds: Long; nanos: number } {
  const m = typeof json === 'string' ? /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(json) : null;
  if (!m) throw new JsonMappingError(`${where || 'value'}: expected a duration such as "10s"`);
  const sign = m[1] ? -1 : 1;
  return { seconds: Long.fromNumber(sign * Number(m[2])), nanos: sign * Number((m[3] ?? '').padEnd(9, '0')) };
}

function parseAny(json: unknown, where: string): { type_url: string; value: Uint8Array } {
  if (json === null || typeof json !== 'object' || typeof (json as { '@type'?: unknown })['@type'] !== 'string') {
    throw new JsonMappingError(`${where || 'value'}: expected an object with "@type"`);
  }
  const { '@type': url, ...rest } = json as Record<string, unknown> & { '@type': string };
  const inner = lookupType(url.slice(url.lastIndexOf('/') + 1));
  const body = isSpecialJson(inner.fullName) ? rest.value : rest;
  return { type_url: url, value: inner.encode(jsonToMessage(inner, body, where)).finish() };
}

function parseStruct(json: unknown, where: string): { fields: Record<string, unknown> } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new JsonMappingError(`${where || 'value'}: expected an object`);
  return { fields: Object.fromEntries(Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, parseValue(v)])) };
}

function parseValue(json: unknown): Record<string, unknown> {
  if (json === null || json === undefined) return { nullValue: 0 };
  if (typeof json === 'number') return { numberValue: json };
  if (typeof json === 'string') return { stringValue: json };
  if (typeof json === 'boolean') return { boolValue: json };
  if (Array.isArray(json)) return { listValue: { values: json.map(parseValue) } };
  return { structValue: parseStruct(json, '') };
}
