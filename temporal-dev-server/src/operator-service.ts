/** temporal.api.operatorservice.v1.OperatorService: search attributes. */
import type { Handlers } from './grpc.ts';
import { invalidArgument, notFound } from './errors.ts';
import { saTypeFromEnum, saTypeToEnum, SYSTEM_SEARCH_ATTRIBUTES } from './namespaces.ts';
import type { temporal } from './proto.ts';
import type { ServerState } from './state.ts';

type OS = typeof temporal.api.operatorservice.v1;
type Req<K extends keyof OS> = OS[K] extends { decode(...a: never[]): infer R } ? R : never;

export function operatorServiceHandlers(s: ServerState): Handlers {
  const { namespaces } = s;
  return {
    AddSearchAttributes: (r: Req<'AddSearchAttributesRequest'>) => {
      const n = namespaces.get(r.namespace || s.defaultNamespace);
      for (const [name, t] of Object.entries(r.searchAttributes ?? {})) {
        const type = saTypeFromEnum(t);
        if (!type) throw invalidArgument(`Unknown search attribute type ${t} for ${name}.`);
        namespaces.addSearchAttribute(n, name, type);
      }
      return {};
    },
    RemoveSearchAttributes: (r: Req<'RemoveSearchAttributesRequest'>) => {
      const n = namespaces.get(r.namespace || s.defaultNamespace);
      for (const name of r.searchAttributes ?? []) {
        if (!n.searchAttributes.delete(name)) throw notFound(`Search attribute ${name} doesn't exist.`);
      }
      return {};
    },
    ListSearchAttributes: (r: Req<'ListSearchAttributesRequest'>) => {
      const n = namespaces.get(r.namespace || s.defaultNamespace);
      const system: Record<string, number> = {};
      for (const [k, t] of Object.entries(SYSTEM_SEARCH_ATTRIBUTES)) system[k] = saTypeToEnum(t);
      const custom: Record<string, number> = {};
      for (const [k, t] of n.searchAttributes) custom[k] = saTypeToEnum(t);
      return { customAttributes: custom, systemAttributes: system, storageSchema: {} };
    },
    DeleteNamespace: () => {
      throw invalidArgument('DeleteNamespace is not supported by temporal-dev-server');
    },
    ListClusters: () => ({
      clusters: [{ clusterName: 'active', clusterId: 'temporal-dev-server', address: '', initialFailoverVersion: 1, historyShardCount: 1, isConnectionEnabled: true }],
      nextPageToken: new Uint8Array(0),
    }),
  };
}

