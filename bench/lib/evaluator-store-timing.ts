// Where the evaluator's time goes: a store that passes everything through and adds up the wall
// time of each kind of statement, from the call to the parsed rows (engine, transfer and JSON
// parsing). The evaluator awaits each statement before the next, so what these do not cover is
// its own JavaScript: extracting facts, running the checks, building the rows.
import type { ClickHouseClient, QueryParams } from '@clickhouse/client';
import type { Store } from '../../core/clickhouse/client.ts';

/** Statement kinds, recognised by their SQL (evaluator/store.ts, core/evaluations/repository.ts). */
export const SCAN = 'scan the span stream (readTouchedTraces, readNextIngest)';
const KINDS: [string, RegExp][] = [
  [SCAN, /FROM spans\s+WHERE ingested_at/],
  ['already judged? (getJudgedTraces)', /FROM evaluations[\s\S]*source = 'guardrail'/],
  ['trace time range (readTraces, on executions)', /FROM executions WHERE project_id = \{projectId: String\} AND trace_id IN/],
  ['spans of the traces (readTraces)', /FROM spans\s+WHERE project_id[\s\S]*trace_id IN/],
  ['cost baselines (readCostSample)', /GROUP BY trace_id HAVING max\(agent_name\)/],
  ['watermark', /evaluator_state/],
];

export interface StatementTime {
  kind: string;
  calls: number;
  ms: number;
  rows: number;
}

export function timedStore(store: Store): { store: Store; times(): StatementTime[] } {
  const times = new Map<string, StatementTime>();
  const add = (kind: string, ms: number, rows: number) => {
    const entry = times.get(kind) ?? { kind, calls: 0, ms: 0, rows: 0 };
    entry.calls++;
    entry.ms += ms;
    entry.rows += rows;
    times.set(kind, entry);
  };
  const client = new Proxy(store.client, {
    get(target, property) {
      if (property !== 'query') {
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (params: QueryParams) => {
        const kind = KINDS.find(([, pattern]) => pattern.test(params.query))?.[0] ?? 'other queries';
        const started = performance.now();
        const result = await target.query(params);
        // The repositories read with json(); timing it too counts the parsing of the rows.
        return new Proxy(result, {
          get(resultTarget, name) {
            const value: unknown = Reflect.get(resultTarget, name, resultTarget);
            if (name !== 'json' || typeof value !== 'function') return typeof value === 'function' ? value.bind(resultTarget) : value;
            return async () => {
              const rows: unknown = await (value as () => Promise<unknown>).call(resultTarget);
              add(kind, performance.now() - started, Array.isArray(rows) ? rows.length : 0);
              return rows;
            };
          },
        });
      };
    },
  }) as ClickHouseClient;
  const insertJsonLines = async (table: string, lines: readonly string[]) => {
    const started = performance.now();
    await store.insertJsonLines(table, lines);
    add(`insert into ${table}`, performance.now() - started, lines.length);
  };
  return { store: { ...store, client, insertJsonLines }, times: () => [...times.values()] };
}
