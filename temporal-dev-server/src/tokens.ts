/** Task tokens: opaque bytes for the worker, JSON for us. */
import { invalidArgument } from './errors.ts';

export type TaskToken =
  | { k: 'w'; ns: string; wid: string; rid: string; s: number; a: number }
  | { k: 'a'; ns: string; wid: string; rid: string; s: number; a: number }
  | { k: 'q'; ns: string; wid: string; rid: string; q: string };

export function encodeToken(t: TaskToken): Uint8Array {
  return Buffer.from(JSON.stringify(t), 'utf8');
}

export function decodeToken(bytes: Uint8Array | null | undefined): TaskToken {
  if (!bytes || bytes.length === 0) throw invalidArgument('Task token not set on request.');
  try {
    const t = JSON.parse(Buffer.from(bytes).toString('utf8')) as TaskToken;
    if (!t || typeof t !== 'object' || !('k' in t)) throw new Error('bad token');
    return t;
  } catch {
    throw invalidArgument('Error deserializing task token.');
  }
}
