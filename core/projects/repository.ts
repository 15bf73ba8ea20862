// Projects and API keys (tables from sql/0005_projects.sql).
import type { ClickHouseClient } from '@clickhouse/client';
import { hashApiKey } from './keys.ts';

export interface ApiKeyRecord {
  keySha256: string;
  projectId: string;
}

export async function ensureProject(client: ClickHouseClient, projectId: string, name = projectId): Promise<void> {
  const result = await client.query({
    query: 'SELECT count() AS n FROM projects WHERE project_id = {projectId: String}',
    query_params: { projectId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string }>();
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
  const result = await client.query({
    query: `SELECT key_sha256, argMax(project_id, updated_at) AS project_id, argMax(revoked, updated_at) AS revoked
            FROM api_keys GROUP BY key_sha256 HAVING revoked = 0`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ key_sha256: string; project_id: string }>();
  return rows.map((r) => ({ keySha256: r.key_sha256, projectId: r.project_id }));
}

export async function countKeys(client: ClickHouseClient, projectId: string): Promise<number> {
  const result = await client.query({
    query: 'SELECT uniqExact(key_sha256) AS n FROM api_keys WHERE project_id = {projectId: String}',
    query_params: { projectId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n ?? 0);
}
