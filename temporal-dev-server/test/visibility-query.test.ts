import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileVisibilityQuery,
  VisibilityQueryError,
  type SearchAttributeType,
  type VisibilityRecord,
} from '../src/visibility-query.ts';

const types: Record<string, SearchAttributeType> = {
  Customer: 'Keyword',
  Notes: 'Text',
  Amount: 'Int',
  Ratio: 'Double',
  Urgent: 'Bool',
  DueAt: 'Datetime',
  Tags: 'KeywordList',
};

function record(id: string, overrides: Partial<VisibilityRecord> = {}): VisibilityRecord {
  return {
    workflowId: id,
    runId: `run-${id}`,
    workflowType: 'quoteWorkflow',
    executionStatus: 'Running',
    startTime: new Date('2024-01-01T00:00:00Z'),
    taskQueue: 'main',
    searchAttributes: {},
    ...overrides,
  };
}

const records: VisibilityRecord[] = [
  record('a', {
    workflowType: 'quoteWorkflow',
    startTime: new Date('2024-01-01T10:00:00Z'),
    searchAttributes: { Customer: 'acme', Notes: 'Relance client-ACME urgente', Amount: 100, Ratio: 0.5, Urgent: true, DueAt: '2024-02-01T00:00:00Z', Tags: ['vip', 'paris'] },
  }),
  record('b', {
    workflowType: 'engagementWorkflow',
    executionStatus: 'Completed',
    startTime: new Date('2024-01-02T10:00:00Z'),
    closeTime: new Date('2024-01-03T10:00:00Z'),
    searchAttributes: { Customer: 'globex', Notes: 'annual review', Amount: 250, Ratio: 1.5, Urgent: false, DueAt: '2024-03-01T00:00:00.000Z', Tags: ['lyon'] },
  }),
  record('c', {
    workflowType: 'quoteWorkflow',
    executionStatus: 'Failed',
    startTime: new Date('2024-01-03T10:00:00Z'),
    closeTime: new Date('2024-01-04T10:00:00Z'),
    taskQueue: 'billing',
    searchAttributes: { Customer: 'acme-france', Amount: 250 },
  }),
  record('d', { startTime: new Date('2024-01-04T10:00:00Z'), searchAttributes: {} }),
];

/** Ids of the fixture records matching the query, in fixture order. */
function ids(query: string): string[] {
  const q = compileVisibilityQuery(query, types);
  return records.filter((r) => q.matches(r)).map((r) => r.workflowId);
}

function sorted(query: string, input: VisibilityRecord[] = records): string[] {
  const q = compileVisibilityQuery(query, types);
  return [...input].sort((x, y) => q.compare(x, y)).map((r) => r.workflowId);
}

function errorOf(query: string): string {
  try {
    compileVisibilityQuery(query, types);
  } catch (e) {
    expect(e).toBeInstanceOf(VisibilityQueryError);
    return (e as Error).message;
  }
  throw new Error(`expected ${query} to be rejected`);
}

describe('visibility query: filtering', () => {
  it('matches every record when the query is empty or blank', () => {
    expect(ids('')).toEqual(['a', 'b', 'c', 'd']);
    expect(ids('   \n ')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('compares system keyword attributes with = and !=', () => {
    expect(ids(`WorkflowType = 'quoteWorkflow'`)).toEqual(['a', 'c', 'd']);
    expect(ids(`WorkflowType != 'quoteWorkflow'`)).toEqual(['b']);
    expect(ids(`WorkflowType <> 'quoteWorkflow'`)).toEqual(['b']);
    expect(ids(`TaskQueue = "billing"`)).toEqual(['c']);
    expect(ids(`RunId = 'run-b'`)).toEqual(['b']);
  });

  it('filters ExecutionStatus by name, case-insensitively, or by enum number', () => {
    expect(ids(`ExecutionStatus = 'Running'`)).toEqual(['a', 'd']);
    expect(ids(`ExecutionStatus = 'completed'`)).toEqual(['b']);
    expect(ids(`ExecutionStatus = 3`)).toEqual(['c']);
    expect(ids(`ExecutionStatus IN ('Completed', 'Failed')`)).toEqual(['b', 'c']);
  });

  it('orders keyword comparisons lexicographically', () => {
    expect(ids(`Customer > 'acme'`)).toEqual(['b', 'c']);
    expect(ids(`Customer >= 'acme'`)).toEqual(['a', 'b', 'c']);
    expect(ids(`Customer < 'b'`)).toEqual(['a', 'c']);
    expect(ids(`Customer <= 'acme'`)).toEqual(['a']);
  });

  it('compares Int and Double attributes numerically', () => {
    expect(ids('Amount = 250')).toEqual(['b', 'c']);
    expect(ids('Amount > 100')).toEqual(['b', 'c']);
    expect(ids('Amount >= 100')).toEqual(['a', 'b', 'c']);
    expect(ids('Amount < 250')).toEqual(['a']);
    expect(ids('Amount <= 250.0')).toEqual(['a', 'b', 'c']);
    expect(ids('Ratio > 0.75')).toEqual(['b']);
    expect(ids('Ratio < 1e0')).toEqual(['a']);
    expect(ids('Amount > -1')).toEqual(['a', 'b', 'c']);
  });

  it('matches Bool attributes against true and false literals in any case', () => {
    expect(ids('Urgent = true')).toEqual(['a']);
    expect(ids('Urgent = FALSE')).toEqual(['b']);
    expect(ids('Urgent != true')).toEqual(['b']);
  });

  it('supports IN and NOT IN lists', () => {
    expect(ids(`Customer IN ('acme', 'globex')`)).toEqual(['a', 'b']);
    expect(ids(`Customer NOT IN ('acme', 'globex')`)).toEqual(['c']);
    expect(ids('Amount in (100)')).toEqual(['a']);
  });

  it('supports inclusive BETWEEN and NOT BETWEEN', () => {
    expect(ids('Amount BETWEEN 100 AND 200')).toEqual(['a']);
    expect(ids('Amount BETWEEN 100 AND 250')).toEqual(['a', 'b', 'c']);
    expect(ids('Amount NOT BETWEEN 100 AND 200')).toEqual(['b', 'c']);
    expect(ids(`Customer BETWEEN 'acme' AND 'acme-z'`)).toEqual(['a', 'c']);
  });

  it('supports STARTS_WITH and NOT STARTS_WITH on keywords', () => {
    expect(ids(`Customer STARTS_WITH 'acme'`)).toEqual(['a', 'c']);
    expect(ids(`Customer NOT STARTS_WITH 'acme'`)).toEqual(['b']);
    expect(ids(`WorkflowType starts_with 'engagement'`)).toEqual(['b']);
  });

  it('treats IS NULL and IS NOT NULL as presence tests', () => {
    expect(ids('CloseTime IS NULL')).toEqual(['a', 'd']);
    expect(ids('CloseTime IS NOT NULL')).toEqual(['b', 'c']);
    expect(ids('Tags is null')).toEqual(['c', 'd']);
    expect(ids('Notes IS NOT NULL')).toEqual(['a', 'b']);
  });

  it('never matches a missing attribute with any comparison, negated ones included', () => {
    expect(ids(`Customer = 'acme'`)).not.toContain('d');
    expect(ids(`Customer != 'acme'`)).toEqual(['b', 'c']);
    expect(ids(`Customer NOT IN ('zzz')`)).toEqual(['a', 'b', 'c']);
    expect(ids('Urgent != true')).not.toContain('c');
    expect(ids(`NOT Customer = 'acme'`)).toEqual(['b', 'c']);
    expect(ids(`NOT (Customer = 'x' AND Amount = 1)`)).toEqual(['a', 'b', 'c']);
  });

  it('treats an empty list or a value of the wrong JSON type as missing', () => {
    const q = compileVisibilityQuery('Tags IS NULL AND Amount IS NULL', types);
    expect(q.matches(record('x', { searchAttributes: { Tags: [], Amount: 'not a number' } }))).toBe(true);
  });

  it('accepts scalars stored as one-element arrays', () => {
    const q = compileVisibilityQuery(`Customer = 'acme' AND Amount = 5`, types);
    expect(q.matches(record('x', { searchAttributes: { Customer: ['acme'], Amount: [5] } }))).toBe(true);
  });
});

describe('visibility query: Text and KeywordList', () => {
  it('matches Text = when every word of the literal occurs in the value, case-insensitively', () => {
    expect(ids(`Notes = 'acme'`)).toEqual(['a']);
    expect(ids(`Notes = 'URGENTE relance'`)).toEqual(['a']);
    expect(ids(`Notes = 'review'`)).toEqual(['b']);
    expect(ids(`Notes = 'acm'`)).toEqual([]);
    expect(ids(`Notes = 'annual acme'`)).toEqual([]);
    expect(ids(`Notes != 'acme'`)).toEqual(['b']);
  });

  it('matches KeywordList = when the list contains the value', () => {
    expect(ids(`Tags = 'vip'`)).toEqual(['a']);
    expect(ids(`Tags = 'lyon'`)).toEqual(['b']);
    expect(ids(`Tags = 'vi'`)).toEqual([]);
  });

  it('matches KeywordList IN when the list contains any of the values', () => {
    expect(ids(`Tags IN ('paris', 'lyon')`)).toEqual(['a', 'b']);
    expect(ids(`Tags IN ('nice')`)).toEqual([]);
  });

  it('matches KeywordList != and NOT IN when the list contains none of the values', () => {
    expect(ids(`Tags != 'vip'`)).toEqual(['b']);
    expect(ids(`Tags NOT IN ('paris', 'marseille')`)).toEqual(['b']);
  });
});

describe('visibility query: datetimes', () => {
  it('compares system datetimes against RFC3339 literals with any offset', () => {
    expect(ids(`StartTime > '2024-01-02T10:00:00Z'`)).toEqual(['c', 'd']);
    expect(ids(`StartTime >= '2024-01-02T10:00:00Z'`)).toEqual(['b', 'c', 'd']);
    expect(ids(`StartTime = '2024-01-02T11:00:00+01:00'`)).toEqual(['b']);
    expect(ids(`StartTime < '2024-01-02T05:00:00-05:00'`)).toEqual(['a']);
  });

  it('accepts int64 nanosecond literals', () => {
    const ns = BigInt(Date.parse('2024-01-02T10:00:00Z')) * 1_000_000n;
    expect(ids(`StartTime = ${ns}`)).toEqual(['b']);
    expect(ids(`StartTime BETWEEN ${ns} AND ${ns + 1n}`)).toEqual(['b']);
  });

  it('keeps nanosecond precision when comparing', () => {
    expect(ids(`StartTime >= '2024-01-02T10:00:00.000000001Z' AND StartTime < '2024-01-03T00:00:00Z'`)).toEqual([]);
    expect(ids(`StartTime > '2024-01-02T09:59:59.999999999Z' AND StartTime < '2024-01-03T00:00:00Z'`)).toEqual(['b']);
  });

  it('compares custom Datetime attributes stored as ISO strings', () => {
    expect(ids(`DueAt > '2024-02-15T00:00:00Z'`)).toEqual(['b']);
    expect(ids(`DueAt BETWEEN '2024-01-01T00:00:00Z' AND '2024-02-01T00:00:00Z'`)).toEqual(['a']);
  });

  it('falls back to StartTime for a missing ExecutionTime and treats a running CloseTime as missing', () => {
    expect(ids(`ExecutionTime = '2024-01-04T10:00:00Z'`)).toEqual(['d']);
    expect(ids(`CloseTime < '2030-01-01T00:00:00Z'`)).toEqual(['b', 'c']);
  });
});

describe('visibility query: syntax', () => {
  it('binds AND tighter than OR', () => {
    // Left-to-right grouping would give ['b'] for both.
    expect(ids(`Amount = 100 OR Amount = 250 AND Customer = 'globex'`)).toEqual(['a', 'b']);
    expect(ids(`Customer = 'globex' AND Amount = 250 OR Urgent = true`)).toEqual(['a', 'b']);
  });

  it('lets parentheses override precedence', () => {
    expect(ids(`(Amount = 100 OR Amount = 250) AND Customer = 'globex'`)).toEqual(['b']);
    expect(ids(`Customer = 'globex' AND (Amount = 250 OR Urgent = true)`)).toEqual(['b']);
    expect(ids(`(Customer = 'globex' OR Customer = 'acme') AND (Amount = 100)`)).toEqual(['a']);
    expect(ids(`((WorkflowId = 'd'))`)).toEqual(['d']);
  });

  it('does not confuse the AND of BETWEEN with a conjunction', () => {
    expect(ids(`Amount BETWEEN 0 AND 150 AND Urgent = true OR WorkflowId = 'd'`)).toEqual(['a', 'd']);
  });

  it('treats keywords case-insensitively', () => {
    expect(ids(`Customer = 'acme' aNd Amount = 100`)).toEqual(['a']);
    expect(ids(`Customer not in ('acme') Or Urgent Is Not Null`)).toEqual(['a', 'b', 'c']);
  });

  it('unescapes quotes and backslashes in string literals', () => {
    const q = compileVisibilityQuery(`WorkflowId = 'it''s' OR WorkflowId = 'it\\'s' OR WorkflowId = "say \\"hi\\"\\n"`, types);
    expect(q.matches(record(`it's`))).toBe(true);
    expect(q.matches(record('say "hi"\n'))).toBe(true);
    expect(q.matches(record('its'))).toBe(false);
  });

  it('accepts backtick-quoted attribute names, including ones that are not identifiers', () => {
    const q = compileVisibilityQuery('`Client Name` = \'x\' AND `Amount` = 1', { ...types, 'Client Name': 'Keyword' });
    expect(q.matches(record('x', { searchAttributes: { 'Client Name': 'x', Amount: 1 } }))).toBe(true);
  });
});

describe('visibility query: ORDER BY', () => {
  it('orders by StartTime descending, then runId, by default', () => {
    expect(sorted('')).toEqual(['d', 'c', 'b', 'a']);
    const sameStart = [record('y'), record('x'), record('z')];
    expect(sorted(`WorkflowType = 'x'`, sameStart)).toEqual(['x', 'y', 'z']);
  });

  it('orders by several columns with explicit directions', () => {
    expect(sorted('ORDER BY Amount DESC, WorkflowId ASC')).toEqual(['b', 'c', 'a', 'd']);
    expect(sorted('order by Amount desc, StartTime desc')).toEqual(['c', 'b', 'a', 'd']);
    expect(sorted(`ExecutionStatus != 'Failed' ORDER BY Customer`)).toEqual(['a', 'c', 'b', 'd']);
    expect(sorted('ORDER BY Tags ASC')).toEqual(['b', 'a', 'c', 'd']); // lists sort by smallest element: lyon < paris
    expect(sorted('ORDER BY Tags DESC')).toEqual(['a', 'b', 'c', 'd']); // ...and by largest descending: vip > lyon
  });

  it('sorts missing values last in both directions', () => {
    expect(sorted('ORDER BY CloseTime ASC')).toEqual(['b', 'c', 'a', 'd']);
    expect(sorted('ORDER BY CloseTime DESC')).toEqual(['c', 'b', 'a', 'd']);
  });

  it('yields a consistent total order on arbitrary records', () => {
    const q = compileVisibilityQuery('ORDER BY Amount ASC, Tags DESC', types);
    const arb = fc.record({
      id: fc.string({ maxLength: 3 }),
      amount: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
      tags: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
    }).map(({ id, amount, tags }) => record(id, { searchAttributes: { Amount: amount, Tags: tags } }));
    fc.assert(fc.property(arb, arb, arb, (x, y, z) => {
      expect(Math.sign(q.compare(x, y))).toBe(-Math.sign(q.compare(y, x)) || 0);
      if (q.compare(x, y) <= 0 && q.compare(y, z) <= 0) expect(q.compare(x, z)).toBeLessThanOrEqual(0);
    }));
  });
});

describe('visibility query: errors', () => {
  it('rejects an unknown search attribute by name', () => {
    expect(errorOf(`Nope = 'x'`)).toBe('invalid query: unknown search attribute Nope');
    expect(errorOf(`workflowId = 'x'`)).toContain('unknown search attribute workflowId');
    expect(errorOf('ORDER BY Nope')).toContain('unknown search attribute Nope');
  });

  it('rejects literals of the wrong type for the attribute', () => {
    expect(errorOf(`Amount = 'abc'`)).toContain('invalid value');
    expect(errorOf(`Urgent = 1`)).toContain('of type Bool');
    expect(errorOf('Customer = 5')).toContain('of type Keyword');
    expect(errorOf(`StartTime > 'yesterday'`)).toContain('unable to parse datetime');
    expect(errorOf(`StartTime > '2024-02-30T00:00:00Z'`)).toContain('unable to parse datetime');
    expect(errorOf('StartTime > 1.5')).toContain('invalid value');
    expect(errorOf(`ExecutionStatus = 'Sleeping'`)).toContain('invalid ExecutionStatus');
    expect(errorOf(`Notes = '  - '`)).toContain('no words');
  });

  it('rejects operators the attribute type does not support', () => {
    expect(errorOf(`Notes STARTS_WITH 'a'`)).toContain(`operator 'STARTS_WITH' is not supported for search attribute Notes of type Text`);
    expect(errorOf(`Tags > 'a'`)).toContain('of type KeywordList');
    expect(errorOf(`Tags NOT BETWEEN 'a' AND 'b'`)).toContain(`'NOT BETWEEN'`);
    expect(errorOf('Amount STARTS_WITH 1')).toContain('of type Int');
    expect(errorOf('Urgent > false')).toContain('of type Bool');
    expect(errorOf('ORDER BY Notes')).toContain('cannot ORDER BY');
  });

  it('reports malformed syntax with a position', () => {
    expect(errorOf(`WorkflowId = 'x' AND`)).toContain('expected a search attribute name but found end of query');
    expect(errorOf(`(WorkflowId = 'x'`)).toContain(`expected ')'`);
    expect(errorOf(`WorkflowId = 'x`)).toContain('unterminated string');
    expect(errorOf(`WorkflowId 'x'`)).toBe(`invalid query: expected an operator after WorkflowId but found 'x' at position 11`);
    expect(errorOf(`WorkflowId = x`)).toContain('did you forget to quote it?');
    expect(errorOf(`WorkflowId = 'x' WorkflowId = 'y'`)).toContain('at position 17');
    expect(errorOf(`WorkflowId IN ()`)).toContain('expected a value');
    expect(errorOf(`WorkflowId = 'x' # comment`)).toContain(`unexpected character '#'`);
    expect(errorOf(`'x' = WorkflowId`)).toContain('expected a search attribute name');
    expect(errorOf(`WorkflowId IS 'x'`)).toContain('expected NULL');
  });

  it('rejects GROUP BY and LIMIT clauses', () => {
    expect(errorOf('GROUP BY ExecutionStatus')).toContain('GROUP BY clause is not supported');
    expect(errorOf(`WorkflowId = 'x' LIMIT 3`)).toContain('LIMIT clause is not supported');
  });
});
