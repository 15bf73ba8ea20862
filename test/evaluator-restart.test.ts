// The evaluator survives kill -9 in the middle of a batch: after a restart on the same data
// directory it resumes from its stored watermark, judges every execution, and stores no judgement
// twice.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../core/clickhouse/client.ts';
import { queryRows } from '../core/clickhouse/query.ts';
import type { EvaluationSummary } from '../ui/server/evaluation-schemas.ts';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startVigilProcess, type VigilProcess } from './helpers/process.ts';
import { TEST_KEY } from './helpers/vigil.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-restart-'));
const policy = join(dataDir, 'policy.yaml');
writeFileSync(policy, 'evaluator:\n  settleSeconds: 1\n  quietSeconds: 2\n');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const EXECUTIONS = 3000;
const env = { VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: TEST_KEY, VIGIL_POLICY: policy };

async function judgedExecutions(api: string): Promise<number> {
  const response = await fetch(`${api}/api/evaluations/summary?from=2h&check=loop`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  const summary = (await response.json()) as EvaluationSummary;
  return summary.counts.reduce((sum, c) => sum + c.evaluated, 0);
}

async function started(): Promise<{ vigil: VigilProcess; api: string; otlp: string }> {
  const vigil = startVigilProcess(env);
  await vigil.waitFor(/vigil: ready/);
  return { vigil, api: vigil.output().match(/query API\s+(http:\S+)\/api/)![1]!, otlp: vigil.output().match(/OTLP\/HTTP\s+(http:\S+)/)![1]! };
}

describe('evaluator restart', () => {
  it('resumes after kill -9 mid-batch without skipping or repeating a judgement', async () => {
    const first = await started();
    const startMs = Date.now() - 30 * 60_000;
    const executions = Array.from({ length: EXECUTIONS }, (_, i) =>
      answerExecution({ agent: `agent-${i % 3}`, knowledge: ['Parcels ship within 2 days.'], answer: i % 10 === 0 ? 'Parcels ship within 5 days by drone.' : 'Parcels ship within 2 days.', startMs: startMs + i * 500 }),
    );
    await sendExecutions(first.otlp, TEST_KEY, executions);

    // Kill the process while it is part-way through judging.
    let judged = 0;
    for (let waited = 0; judged === 0 && waited < 60_000; waited += 20) {
      judged = await judgedExecutions(first.api);
      if (judged === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.vigil.child.kill('SIGKILL');
    await first.vigil.exited;
    expect(judged).toBeGreaterThan(0);
    expect(judged).toBeLessThan(EXECUTIONS);

    const second = await started();
    for (let waited = 0; waited < 90_000 && (await judgedExecutions(second.api)) < EXECUTIONS; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const finalCount = await judgedExecutions(second.api);
    second.vigil.child.kill('SIGTERM');
    await second.vigil.exited;

    // Read the table as stored, without FINAL: one row per judgement of each version of a trace (a
    // trace whose root span came after its children were judged is judged again, and that row
    // replaces the first). Windowed checks judge agents, under trace id ''.
    const store = await openStore({ dataDir });
    try {
      expect(finalCount).toBe(EXECUTIONS);
      const [row] = await queryRows<{ rows: string; distinct: string; traces: string }>(
        store.client,
        `SELECT count() AS rows, uniqExact(trace_id, span_id, check, source, trace_version) AS distinct, uniqExact(trace_id) AS traces FROM evaluations WHERE trace_id != ''`,
      );
      expect(Number(row!.traces)).toBe(EXECUTIONS);
      expect(Number(row!.rows)).toBe(Number(row!.distinct));
    } finally {
      await store.close();
    }
  }, 240_000);
});
