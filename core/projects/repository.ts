// Projects and API keys (tables from sql/0005_projects.sql).
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../clickhouse/query.ts';
import { hashApiKey } from './keys.ts';

export interface ApiKeyRecord {
  keySha256: string;
  projectId: string;
}

export async function ensureProject(client: ClickHouseClient, projectId: string, name = projectId): Promise<void> {
  const [row] = await queryRows<{ n: string }>(client, 'SELECT count() AS n FROM projects WHERE project_id = {projectId: String}', { projectId });
  if (Number(row?.n ?? 0) > 0) return;
  await client.insert({ table: 'projects', values: [{ project_id: projectId, name }], format: 'JSONEachRow' });
}

export async function addApiKey(client: ClickHouseClient, projectId: string, key: string, label: string): Promise<void> {
  await client.insert({
    table: 'api_keys',
    values: [{ key_sha256: hashApiKey(key), project_id: projectId, label }],
    format: 'JSONEachRow',
  });
}

/** Every key that is not revoked. */
export async function listActiveKeys(client: ClickHouseClient): Promise<ApiKeyRecord[]> {
  const rows = await queryRows<{ key_sha256: string; project_id: string }>(
    client,
    `SELECT key_sha256, argMax(project_id, updated_at) AS project_id, argMax(revoked, updated_at) AS revoked
     FROM api_keys GROUP BY key_sha256 HAVING revoked = 0`,
  );
  return rows.map((r) => ({ keySha256: r.key_sha256, projectId: r.project_id }));
}

export async function countKeys(client: ClickHouseClient, projectId: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(client, 'SELECT uniqExact(key_sha256) AS n FROM api_keys WHERE project_id = {projectId: String}', { projectId });
  return Number(row?.n ?? 0);
}
