// The one way repositories read rows: bound parameters, JSONEachRow, typed at the call site.
// Rows are still raw (UInt64 as strings); each repository parses its own shape.
import type { ClickHouseClient } from '@clickhouse/client';

export async function queryRows<Row>(client: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<Row>();
}
