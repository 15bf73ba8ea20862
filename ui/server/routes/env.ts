import type { ClickHouseClient } from '@clickhouse/client';
import type { Principal } from '../auth.ts';

export type ApiEnv = { Variables: { principal: Principal } };

export interface RouteDeps {
  client: ClickHouseClient;
}
