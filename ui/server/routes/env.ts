import type { ClickHouseClient } from '@clickhouse/client';
import type { EvaluationRunner, EvaluatorHealth } from '../../../core/evaluations/runs.ts';
import type { Store } from '../../../core/clickhouse/client.ts';
import type { PolicyStore } from '../../../core/policy/index.ts';
import type { Notifier } from '../../../evaluator/alerts/notifier.ts';
import type { Principal } from '../auth.ts';

export type ApiEnv = { Variables: { principal: Principal } };

export interface EvaluationDeps {
  policy: PolicyStore;
  /** Absent in a process that does not judge (role ui against a server). */
  runner?: EvaluationRunner;
  health(): EvaluatorHealth;
}

export interface AlertingDeps {
  /** Test sends; absent in a process that sends no alerts. */
  notifier?: Pick<Notifier, 'sendTest'>;
  /** Where channel URLs and secrets are read from (to say whether each channel is ready). */
  env: Record<string, string | undefined>;
  /** Base of UI links when the policy sets no alerts.publicUrl. */
  publicUrl(): string;
}

export interface RouteDeps {
  client: ClickHouseClient;
  /** Inserts of what the API records: silences, outcome decisions, feedback. */
  writer: Pick<Store, 'insertJsonLines'>;
  evaluation: EvaluationDeps;
  alerting: AlertingDeps;
}
