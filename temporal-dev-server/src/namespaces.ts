/** Namespaces and the search attributes registered on them. */
import { invalidArgument, namespaceNotFound, ServiceError, GrpcStatus } from './errors.ts';
import { enums } from './proto.ts';

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export const SA_TYPES: SearchAttributeType[] = ['Keyword', 'Text', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'];

const IVT = enums.IndexedValueType;
const TYPE_TO_ENUM: Record<SearchAttributeType, number> = {
  Text: IVT.INDEXED_VALUE_TYPE_TEXT,
  Keyword: IVT.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IVT.INDEXED_VALUE_TYPE_INT,
  Double: IVT.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IVT.INDEXED_VALUE_TYPE_BOOL,
  Datetime: IVT.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IVT.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

export function saTypeToEnum(t: SearchAttributeType): number {
  return TYPE_TO_ENUM[t];
}

export function saTypeFromEnum(n: number): SearchAttributeType | undefined {
  for (const [k, v] of Object.entries(TYPE_TO_ENUM)) if (v === n) return k as SearchAttributeType;
  return undefined;
}

/** Accepts CLI spellings: Keyword, keyword, KEYWORD, keyword_list, KeywordList, datetime, date... */
export function parseSaType(s: string): SearchAttributeType | undefined {
  const norm = s.replace(/[_\s-]/g, '').toLowerCase();
  for (const t of SA_TYPES) if (t.toLowerCase() === norm) return t;
  if (norm === 'float') return 'Double';
  if (norm === 'integer') return 'Int';
  if (norm === 'boolean') return 'Bool';
  if (norm === 'date' || norm === 'timestamp') return 'Datetime';
  return undefined;
}

/** System search attributes (queryable, not registrable). */
export const SYSTEM_SEARCH_ATTRIBUTES: Record<string, SearchAttributeType> = {
  WorkflowId: 'Keyword',
  RunId: 'Keyword',
  WorkflowType: 'Keyword',
  ExecutionStatus: 'Keyword',
  StartTime: 'Datetime',
  CloseTime: 'Datetime',
  ExecutionTime: 'Datetime',
  TaskQueue: 'Keyword',
  ExecutionDuration: 'Int',
  HistoryLength: 'Int',
  TemporalChangeVersion: 'KeywordList',
  BinaryChecksums: 'KeywordList',
  BuildIds: 'KeywordList',
  BatcherUser: 'Keyword',
  TemporalScheduledStartTime: 'Datetime',
  TemporalScheduledById: 'Keyword',
  TemporalSchedulePaused: 'Bool',
  TemporalNamespaceDivision: 'Keyword',
  TemporalPauseInfo: 'KeywordList',
  TemporalWorkerDeploymentVersion: 'Keyword',
  TemporalWorkerDeployment: 'Keyword',
  TemporalWorkflowVersioningBehavior: 'Keyword',
  TemporalReportedProblems: 'KeywordList',
};

/** How long closed runs are kept before they are deleted, unless the namespace says otherwise. */
export const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

export interface Namespace {
  name: string;
  id: string;
  description: string;
  ownerEmail: string;
  retentionMs: number;
  data: Record<string, string>;
  registeredAt: number;
  searchAttributes: Map<string, SearchAttributeType>;
}

export class Namespaces {
  private readonly byName = new Map<string, Namespace>();

  register(name: string, opts: Partial<Omit<Namespace, 'name' | 'searchAttributes'>> = {}): Namespace {
    if (this.byName.has(name)) {
      throw new ServiceError(GrpcStatus.ALREADY_EXISTS, `Namespace ${name} already exists.`);
    }
    const ns: Namespace = {
      name,
      id: opts.id ?? cryptoRandomId(),
      description: opts.description ?? '',
      ownerEmail: opts.ownerEmail ?? '',
      retentionMs: opts.retentionMs ?? DEFAULT_RETENTION_MS,
      data: opts.data ?? {},
      registeredAt: opts.registeredAt ?? Date.now(),
      searchAttributes: new Map(),
    };
    this.byName.set(name, ns);
    return ns;
  }

  ensure(name: string): Namespace {
    return this.byName.get(name) ?? this.register(name);
  }

  get(name: string): Namespace {
    const ns = this.byName.get(name) ?? [...this.byName.values()].find((n) => n.id === name);
    if (!ns) throw namespaceNotFound(name);
    return ns;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  list(): Namespace[] {
    return [...this.byName.values()];
  }

  addSearchAttribute(ns: Namespace, name: string, type: SearchAttributeType): void {
    if (name in SYSTEM_SEARCH_ATTRIBUTES) throw invalidArgument(`Search attribute ${name} is reserved by system.`);
    const existing = ns.searchAttributes.get(name);
    if (existing && existing !== type) {
      throw invalidArgument(`Search attribute ${name} already exists with type ${existing}.`);
    }
    ns.searchAttributes.set(name, type);
  }

  /** All searchable attribute types of a namespace (system + custom). */
  allTypes(ns: Namespace): Record<string, SearchAttributeType> {
    return { ...SYSTEM_SEARCH_ATTRIBUTES, ...Object.fromEntries(ns.searchAttributes) };
  }
}

function cryptoRandomId(): string {
  return globalThis.crypto.randomUUID();
}
