/**
 * Temporal visibility List/Count filter language ("List Filter", https://docs.temporal.io/list-filter),
 * evaluated in memory: a hand-written tokenizer + recursive-descent parser compiling the query to
 * predicate closures and an ORDER BY comparator. No I/O, no dependencies.
 *
 * Grammar (keywords are case-insensitive; attribute names are case-sensitive, as in Temporal):
 *   query     := [orExpr] [ORDER BY orderItem (',' orderItem)*]
 *   orExpr    := andExpr (OR andExpr)*          -- AND binds tighter than OR
 *   andExpr   := notExpr (AND notExpr)*
 *   notExpr   := NOT notExpr | '(' orExpr ')' | predicate
 *   predicate := column ( cmpOp literal | [NOT] IN '(' literal (',' literal)* ')'
 *              | [NOT] BETWEEN literal AND literal | [NOT] STARTS_WITH literal | IS [NOT] NULL )
 *
 * Semantic choices (documented here because the server relies on them):
 * - Missing values follow SQL three-valued logic, like Temporal's SQL visibility stores: any comparison
 *   (`=`, `!=`, `<`, IN, NOT IN, BETWEEN, STARTS_WITH, ...) on a missing attribute is UNKNOWN, and a
 *   record matches only when the whole filter is TRUE. So a missing attribute matches neither `X = 'a'`
 *   nor `X != 'a'` (nor `NOT X = 'a'`); only `X IS NULL` finds it. `undefined`, `null`, `[]` (how SDKs
 *   remove a search attribute) and values of the wrong JSON type all count as missing.
 * - Every attribute value is seen as a list (scalars are one-element lists; legacy SDKs also encode scalars
 *   as one-element arrays). A positive operator matches when ANY element satisfies it; its negated form
 *   (`!=`, NOT IN, NOT BETWEEN, NOT STARTS_WITH) is the negation of that. For KeywordList this gives
 *   `=` "contains", IN "contains any", `!=` "does not contain".
 * - Text `=`: every word of the literal must occur (case-insensitively) among the words of the value;
 *   words are runs of letters/digits/underscore, so 'foo' matches 'my-foo-id' but not 'foobar'.
 * - Datetimes compare as instants with nanosecond precision; literals are RFC3339 strings or int64 nanos.
 *   ExecutionTime falls back to StartTime when absent (Temporal always sets it); CloseTime is missing
 *   while the workflow is running.
 * - ExecutionStatus literals are status names ('Running', case-insensitive) or the proto enum numbers.
 * - ORDER BY: missing values sort last in both directions (Elasticsearch's default); list values sort by
 *   their smallest element ascending / largest descending; runId ascending breaks remaining ties.
 *   Default order: StartTime DESC, then runId. Text attributes cannot be sorted (as in Temporal).
 * - Operators per type follow Temporal's converter: Keyword: comparisons, IN, BETWEEN, STARTS_WITH;
 *   KeywordList: =, !=, IN; Text: =, !=; Int/Double/Datetime: comparisons, IN, BETWEEN; Bool: =, !=, IN.
 *   GROUP BY and LIMIT are rejected.
 */

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export interface VisibilityRecord {
  workflowId: string;
  runId: string;
  workflowType: string;
  executionStatus: 'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'ContinuedAsNew' | 'TimedOut';
  startTime: Date;
  closeTime?: Date;
  executionTime?: Date;
  taskQueue: string;
  /** Decoded JSON values: string, number, boolean, ISO datetime string, string[]. */
  searchAttributes: Record<string, unknown>;
}

export interface CompiledVisibilityQuery {
  matches(record: VisibilityRecord): boolean;
  /** ORDER BY; default StartTime DESC then runId. */
  compare(a: VisibilityRecord, b: VisibilityRecord): number;
}

export class VisibilityQueryError extends Error {
  override name = 'VisibilityQueryError';
}

// ---------------------------------------------------------------------------------------------- values

/** Normalised comparable value: strings (Keyword/Text), numbers (Int/Double/Bool as 0|1), bigint ns (Datetime). */
type Comparable = string | number | bigint;
type Tri = boolean | null; // null = UNKNOWN (SQL three-valued logic)
type Pred = (r: VisibilityRecord) => Tri;

interface Column { name: string; type: SearchAttributeType; get: (r: VisibilityRecord) => unknown }

const SYSTEM_ATTRIBUTES: Record<string, [SearchAttributeType, (r: VisibilityRecord) => unknown]> = {
  WorkflowId: ['Keyword', (r) => r.workflowId],
  RunId: ['Keyword', (r) => r.runId],
  WorkflowType: ['Keyword', (r) => r.workflowType],
  ExecutionStatus: ['Keyword', (r) => r.executionStatus],
  TaskQueue: ['Keyword', (r) => r.taskQueue],
  StartTime: ['Datetime', (r) => r.startTime],
  CloseTime: ['Datetime', (r) => r.closeTime],
  ExecutionTime: ['Datetime', (r) => r.executionTime ?? r.startTime],
};

/** Index = proto enum value of WorkflowExecutionStatus (0 is UNSPECIFIED). */
const EXECUTION_STATUSES = ['Unspecified', 'Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut'];

function fail(message: string): never {
  throw new VisibilityQueryError(`invalid query: ${message}`);
}

const cmp = (a: Comparable, b: Comparable): number => (a < b ? -1 : a > b ? 1 : 0);

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses an RFC3339 timestamp to epoch nanoseconds, or null if malformed. */
function parseRfc3339(text: string): bigint | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const zone = m[8]!.toUpperCase();
  const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const ms = date.getTime() - offsetMinutes * 60_000;
  return BigInt(ms) * 1_000_000n + BigInt((m[7] ?? '').padEnd(9, '0'));
}

/** Normalises one stored element for the column type; undefined when absent or of the wrong type. */
function normalizeStored(type: SearchAttributeType, v: unknown): Comparable | undefined {
  switch (type) {
    case 'Keyword': case 'KeywordList': case 'Text':
      return typeof v === 'string' ? v : undefined;
    case 'Int': case 'Double':
      return typeof v === 'number' && !Number.isNaN(v) ? v : undefined;
    case 'Bool':
      return typeof v === 'boolean' ? Number(v) : undefined;
    case 'Datetime': {
      // Stored datetimes keep nanoseconds when RFC3339; other Date.parse-able strings are tolerated.
      const ns = typeof v === 'string' ? parseRfc3339(v) : null;
      if (ns !== null) return ns;
      const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
      return Number.isNaN(ms) ? undefined : BigInt(ms) * 1_000_000n;
    }
  }
}

/** The record's values for a column, or null when the attribute is missing. */
function valuesOf(col: Column, r: VisibilityRecord): Comparable[] | null {
  const raw = col.get(r);
  const out: Comparable[] = [];
  for (const item of Array.isArray(raw) ? raw : [raw]) {
    const v = normalizeStored(col.type, item);
    if (v !== undefined) out.push(v);
  }
  return out.length > 0 ? out : null;
}

const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];

// ------------------------------------------------------------------------------------------- tokenizer

type TokenKind = 'ident' | 'quotedIdent' | 'string' | 'number' | 'op' | 'punct' | 'eof';
interface Token { kind: TokenKind; text: string; raw: string; pos: number }

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', '0': '\0' };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, end: number): void => {
    tokens.push({ kind, text, raw: src.slice(i, end), pos: i });
    i = end;
  };
  while (i < src.length) {
    const c = src[i]!;
    const rest = src.slice(i);
    let m: RegExpExecArray | null;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"' || c === '`') {
      // Quotes are escaped by doubling them; strings (not backtick names) also accept backslash escapes.
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= src.length) fail(`unterminated ${c === '`' ? 'quoted name' : 'string'} starting at position ${i}`);
        const ch = src[j]!;
        if (ch === '\\' && c !== '`' && j + 1 < src.length) {
          const next = src[j + 1]!;
          text += ESCAPES[next] ?? next;
          j += 2;
        } else if (ch === c && src[j + 1] === c) {
          text += c;
          j += 2;
        } else if (ch === c) {
          break;
        } else {
          text += ch;
          j++;
        }
      }
      push(c === '`' ? 'quotedIdent' : 'string', text, j + 1);
    } else if ((m = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?/i.exec(rest))) {
      push('number', m[0], i + m[0].length);
    } else if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) {
      push('ident', m[0], i + m[0].length);
    } else if ((m = /^(?:<=|>=|!=|<>|=|<|>)/.exec(rest))) {
      push('op', m[0] === '<>' ? '!=' : m[0], i + m[0].length);
    } else if (c === '(' || c === ')' || c === ',') {
      push('punct', c, i + 1);
    } else {
      fail(`unexpected character '${c}' at position ${i}`);
    }
  }
  tokens.push({ kind: 'eof', text: '', raw: 'end of query', pos: src.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------- parser

type Literal =
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'number'; value: number; raw: string }
  | { kind: 'bool'; value: boolean; raw: string };

type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'BETWEEN' | 'STARTS_WITH';

const COMPARISONS: Operator[] = ['=', '!=', '<', '<=', '>', '>=', 'IN', 'BETWEEN'];
const ALLOWED_OPERATORS: Record<SearchAttributeType, Operator[]> = {
  Keyword: [...COMPARISONS, 'STARTS_WITH'],
  KeywordList: ['=', '!=', 'IN'],
  Text: ['=', '!='],
  Int: COMPARISONS,
  Double: COMPARISONS,
  Datetime: COMPARISONS,
  Bool: ['=', '!=', 'IN'],
};

interface OrderItem { col: Column; desc: boolean }

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[], private readonly customTypes: Record<string, SearchAttributeType>) {}

  parseQuery(): { pred: Pred | null; order: OrderItem[] } {
    let pred: Pred | null = null;
    this.rejectUnsupportedClause();
    if (this.peek().kind !== 'eof' && !this.isKeyword(this.peek(), 'ORDER')) pred = this.parseOr();
    const order: OrderItem[] = [];
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      do {
        const col = this.parseColumn();
        if (col.type === 'Text') fail(`cannot ORDER BY search attribute ${col.name} of type Text`);
        const desc = this.acceptKeyword('DESC');
        if (!desc) this.acceptKeyword('ASC');
        order.push({ col, desc });
      } while (this.accept(','));
    }
    this.rejectUnsupportedClause();
    if (this.peek().kind !== 'eof') this.unexpected('AND, OR, ORDER BY or end of query');
    return { pred, order };
  }

  private rejectUnsupportedClause(): void {
    const t = this.peek();
    if (this.isKeyword(t, 'GROUP')) fail('GROUP BY clause is not supported');
    if (this.isKeyword(t, 'LIMIT')) fail('LIMIT clause is not supported');
  }

  private parseOr(): Pred {
    const parts = [this.parseAnd()];
    while (this.acceptKeyword('OR')) parts.push(this.parseAnd());
    if (parts.length === 1) return parts[0]!;
    return (r) => {
      let result: Tri = false;
      for (const p of parts) {
        const v = p(r);
        if (v === true) return true;
        if (v === null) result = null;
      }
      return result;
    };
  }

  private parseAnd(): Pred {
    const parts = [this.parseNot()];
    while (this.acceptKeyword('AND')) parts.push(this.parseNot());
    if (parts.length === 1) return parts[0]!;
    return (r) => {
      let result: Tri = true;
      for (const p of parts) {
        const v = p(r);
        if (v === false) return false;
        if (v === null) result = null;
      }
      return result;
    };
  }

  private parseNot(): Pred {
    if (this.acceptKeyword('NOT')) {
      const inner = this.parseNot();
      return (r) => {
        const v = inner(r);
        return v === null ? null : !v;
      };
    }
    if (this.accept('(')) {
      const inner = this.parseOr();
      this.expect(')');
      return inner;
    }
    return this.parsePredicate();
  }

  private parsePredicate(): Pred {
    const col = this.parseColumn();
    const t = this.peek();
    if (t.kind === 'op') {
      this.pos++;
      return this.leaf(col, t.text as Operator, false, [this.parseLiteral()]);
    }
    if (this.acceptKeyword('IS')) {
      const not = this.acceptKeyword('NOT');
      this.expectKeyword('NULL');
      return (r) => (valuesOf(col, r) === null) !== not;
    }
    const negate = this.acceptKeyword('NOT');
    if (this.acceptKeyword('IN')) {
      this.expect('(');
      const lits = [this.parseLiteral()];
      while (this.accept(',')) lits.push(this.parseLiteral());
      this.expect(')');
      return this.leaf(col, 'IN', negate, lits);
    }
    if (this.acceptKeyword('BETWEEN')) {
      const from = this.parseLiteral();
      this.expectKeyword('AND');
      return this.leaf(col, 'BETWEEN', negate, [from, this.parseLiteral()]);
    }
    if (this.acceptKeyword('STARTS_WITH')) return this.leaf(col, 'STARTS_WITH', negate, [this.parseLiteral()]);
    return this.unexpected(`an operator after ${col.name}`);
  }

  /** Builds a comparison predicate, type-checking the operator and literals against the column. */
  private leaf(col: Column, op: Operator, negate: boolean, lits: Literal[]): Pred {
    const opName = `${negate ? 'NOT ' : ''}${op}`;
    if (!ALLOWED_OPERATORS[col.type].includes(op)) fail(`operator '${opName}' is not supported for search attribute ${col.name} of type ${col.type}`);
    const values = lits.map((lit) => convertLiteral(col, lit));
    const [a, b] = values as [Comparable, Comparable];
    let test: (v: Comparable) => boolean;
    switch (op) {
      case '=': case '!=':
        if (col.type === 'Text') {
          const wanted = words(a as string);
          if (wanted.length === 0) fail(`no words to match in ${lits[0]!.raw} for Text search attribute ${col.name}`);
          test = (v) => { const have = new Set(words(v as string)); return wanted.every((w) => have.has(w)); };
        } else {
          test = (v) => cmp(v, a) === 0;
        }
        if (op === '!=') negate = true;
        break;
      case '<': test = (v) => cmp(v, a) < 0; break;
      case '<=': test = (v) => cmp(v, a) <= 0; break;
      case '>': test = (v) => cmp(v, a) > 0; break;
      case '>=': test = (v) => cmp(v, a) >= 0; break;
      case 'IN': test = (v) => values.some((x) => cmp(v, x) === 0); break;
      case 'BETWEEN': test = (v) => cmp(v, a) >= 0 && cmp(v, b) <= 0; break;
      case 'STARTS_WITH': test = (v) => (v as string).startsWith(a as string); break;
    }
    return (r) => {
      const stored = valuesOf(col, r);
      return stored === null ? null : stored.some(test) !== negate;
    };
  }

  private parseColumn(): Column {
    const t = this.next();
    if (t.kind !== 'ident' && t.kind !== 'quotedIdent') return this.unexpected('a search attribute name', t);
    const name = t.text;
    const system = Object.hasOwn(SYSTEM_ATTRIBUTES, name) ? SYSTEM_ATTRIBUTES[name] : undefined;
    if (system) return { name, type: system[0], get: system[1] };
    if (Object.hasOwn(this.customTypes, name) && this.customTypes[name]) {
      return { name, type: this.customTypes[name], get: (r) => r.searchAttributes[name] };
    }
    return fail(`unknown search attribute ${name}`);
  }

  private parseLiteral(): Literal {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'string', value: t.text, raw: t.raw };
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text), raw: t.raw };
    if (this.isKeyword(t, 'TRUE') || this.isKeyword(t, 'FALSE')) {
      return { kind: 'bool', value: t.text.toUpperCase() === 'TRUE', raw: t.raw };
    }
    if (t.kind === 'ident' || t.kind === 'quotedIdent') fail(`expected a value but found name ${t.raw} at position ${t.pos} (did you forget to quote it?)`);
    return this.unexpected('a value', t);
  }

  private peek(): Token { return this.tokens[this.pos]!; }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private isKeyword(t: Token, kw: string): boolean { return t.kind === 'ident' && t.text.toUpperCase() === kw; }
  private accept(punct: string): boolean {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== punct) return false;
    this.pos++;
    return true;
  }
  private acceptKeyword(kw: string): boolean {
    if (!this.isKeyword(this.peek(), kw)) return false;
    this.pos++;
    return true;
  }
  private expect(punct: string): void { if (!this.accept(punct)) this.unexpected(`'${punct}'`); }
  private expectKeyword(kw: string): void { if (!this.acceptKeyword(kw)) this.unexpected(kw); }
  private unexpected(expected: string, t: Token = this.peek()): never {
    const found = t.kind === 'eof' || t.kind === 'string' ? t.raw : `'${t.raw}'`;
    return fail(`expected ${expected} but found ${found} at position ${t.pos}`);
  }
}

/** Validates a literal against the column type and normalises it to a Comparable. */
function convertLiteral(col: Column, lit: Literal): Comparable {
  const mismatch = (): never => fail(`invalid value ${lit.raw} for search attribute ${col.name} of type ${col.type}`);
  if (col.name === 'ExecutionStatus' && col.type === 'Keyword') {
    const byNumber = lit.kind === 'number' && lit.value > 0 ? EXECUTION_STATUSES[lit.value] : undefined;
    const byName = lit.kind === 'string'
      ? EXECUTION_STATUSES.find((s, i) => i > 0 && s.toLowerCase() === lit.value.toLowerCase())
      : undefined;
    return byNumber ?? byName ?? fail(`invalid ExecutionStatus value ${lit.raw}`);
  }
  switch (col.type) {
    case 'Keyword': case 'KeywordList': case 'Text':
      return lit.kind === 'string' ? lit.value : mismatch();
    case 'Int': case 'Double':
      return lit.kind === 'number' && Number.isFinite(lit.value) ? lit.value : mismatch();
    case 'Bool':
      return lit.kind === 'bool' ? Number(lit.value) : mismatch();
    case 'Datetime':
      if (lit.kind === 'string') return parseRfc3339(lit.value) ?? fail(`unable to parse datetime ${lit.raw} for search attribute ${col.name} (expected RFC3339)`);
      if (lit.kind === 'number' && /^[-+]?\d+$/.test(lit.raw)) return BigInt(lit.raw);
      return mismatch();
  }
}

/** Sort key: smallest element ascending, largest descending; null when missing. */
function sortKey(col: Column, r: VisibilityRecord, desc: boolean): Comparable | null {
  const values = valuesOf(col, r);
  if (values === null) return null;
  return values.reduce((best, v) => ((desc ? cmp(v, best) > 0 : cmp(v, best) < 0) ? v : best));
}

export function compileVisibilityQuery(query: string, customTypes: Record<string, SearchAttributeType>): CompiledVisibilityQuery {
  const { pred, order } = new Parser(tokenize(query), customTypes).parseQuery();
  const [startType, getStart] = SYSTEM_ATTRIBUTES.StartTime!;
  const items = order.length > 0 ? order : [{ col: { name: 'StartTime', type: startType, get: getStart }, desc: true }];
  return {
    matches: (record) => (pred ? pred(record) === true : true),
    compare: (a, b) => {
      for (const { col, desc } of items) {
        const ka = sortKey(col, a, desc);
        const kb = sortKey(col, b, desc);
        if (ka === null || kb === null) {
          if (ka !== kb) return ka === null ? 1 : -1; // missing sorts last either way
          continue;
        }
        const c = cmp(ka, kb);
        if (c !== 0) return desc ? -c : c;
      }
      return cmp(a.runId, b.runId);
    },
  };
}
