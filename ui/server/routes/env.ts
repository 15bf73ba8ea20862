import type { ClickHouseClient } from '@clickhouse/client';
import type { EvaluationRunner, EvaluatorHealth } from '../../../core/evaluations/runs.ts';
import type { PolicyStore } from '../../../core/policy/index.ts';
import type { Principal } from '../auth.ts';

export type ApiEnv = { Variables: { principal: Principal } };

export interface EvaluationDeps {
  policy: PolicyStore;
  /** Absent in a process that does not judge (role ui against a server). */
  runner?: EvaluationRunner;
  health(): EvaluatorHealth;
}

export interface RouteDeps {
  client: ClickHouseClient;
  evaluation: EvaluationDeps;
}
