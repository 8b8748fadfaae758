/**
 * Temporal's JSON history format (what `temporal workflow show --output json` and the UI's
 * download write), read and written with the protobufjs copy that built `@temporalio/proto`.
 *
 * `@temporalio/common`'s `historyToJSON` / `historyFromJSON` do the same, but they use the
 * protobufjs copy `@temporalio/common` resolves; when the install holds several copies (it
 * does today: @temporalio/common and @temporalio/proto each carry one) protojson rejects the
 * other copy's types with "type must be a Type". Resolving protobufjs from @temporalio/proto's
 * own location works with one copy or several.
 */
import { createRequire } from 'node:module';
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

const requireFromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const protojson = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
const History = proto.temporal.api.history.v1.History;

/** A fetched history (e.g. `handle.fetchHistory()`) as Temporal's JSON history object. */
export function historyToJson(history: temporal.api.history.v1.IHistory): unknown {
  return protojson.toJson(History, History.fromObject(history));
}

/** Temporal's JSON history object back to the History message `Worker.runReplayHistory` takes. */
export function historyFromJson(json: unknown): temporal.api.history.v1.History {
  const loaded = protojson.fromJson(History, json, { ignoreUnknownFields: true });
  if (loaded === null || typeof loaded !== 'object') throw new TypeError('invalid history JSON');
  return loaded as temporal.api.history.v1.History;
}
