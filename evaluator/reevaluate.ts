// Re-evaluation of history under the policy in force: page through the executions of a range in
// start order and judge each again (replacing its earlier judgements), reporting progress.
import { randomUUID } from 'node:crypto';
import type { Store } from '../core/clickhouse/client.ts';
import type { EvaluationRun, EvaluationRunner, EvaluationRunRequest } from '../core/evaluations/runs.ts';
import type { PolicyStore } from '../core/policy/index.ts';
import { CHECKS, type CheckName } from './checks/result.ts';
import { CostBaselines, judgeBatch } from './judge-batch.ts';
import { countExecutions, readExecutionPage, type ExecutionKey } from './store.ts';

const PAGE = 500;
/** Finished runs are kept this long for their progress to be read. */
const KEEP_MS = 3_600_000;

export function isCheckName(value: string): value is CheckName {
  return (CHECKS as readonly string[]).includes(value);
}

export function createEvaluationRunner(store: Store, policy: PolicyStore, now: () => number = Date.now): EvaluationRunner {
  const runs = new Map<string, EvaluationRun>();
  const baselines = new CostBaselines(store, now);
  // One run at a time per process: runs share the store with the online loop.
  let chain: Promise<void> = Promise.resolve();

  async function execute(run: EvaluationRun): Promise<void> {
    const active = policy.current();
    const only = run.request.check !== undefined && isCheckName(run.request.check) ? run.request.check : undefined;
    let after: ExecutionKey | undefined;
    for (;;) {
      const page = await readExecutionPage(store.client, run.projectId, run.request, after, PAGE);
      if (page.length === 0) break;
      const report = await judgeBatch(store, baselines, active, run.projectId, page.map((e) => ({ traceId: e.traceId, version: now() })), { only });
      run.done += page.length;
      run.flagged += report.flagged;
      after = page.at(-1);
    }
  }

  function forget(): void {
    for (const [id, run] of runs) if (run.finishedAt && now() - Date.parse(run.finishedAt) > KEEP_MS) runs.delete(id);
  }

  return {
    async start(projectId: string, request: EvaluationRunRequest): Promise<EvaluationRun> {
      forget();
      const run: EvaluationRun = {
        id: randomUUID(),
        projectId,
        state: 'running',
        total: await countExecutions(store.client, projectId, request),
        done: 0,
        flagged: 0,
        startedAt: new Date(now()).toISOString(),
        policyHash: policy.current().hash,
        request,
      };
      runs.set(run.id, run);
      chain = chain.then(() =>
        execute(run).then(
          () => {
            run.state = 'done';
            run.finishedAt = new Date(now()).toISOString();
          },
          (error: unknown) => {
            run.state = 'failed';
            run.error = (error as Error).message;
            run.finishedAt = new Date(now()).toISOString();
          },
        ),
      );
      return run;
    },
    get: (projectId, id) => {
      const run = runs.get(id);
      return run?.projectId === projectId ? run : undefined;
    },
  };
}
