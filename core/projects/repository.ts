// Projects, API keys and instance settings (sql/0004_projects.sql, sql/0005_scopes_and_search.sql).
// Keys are stored only as a SHA-256 digest; rows are versioned (ReplacingMergeTree by updated_at),
// so a revocation is a newer row and reads take the latest version of each key.
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../clickhouse/query.ts';
import { hashApiKey, INSTANCE, keyIdOf, type Scope } from './keys.ts';

export interface ApiKeyRecord {
  keySha256: string;
  projectId: string;
  scope: Scope;
}

export interface ProjectRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface KeyInfo {
  id: string;
  projectId: string;
  scope: Scope;
  label: string;
  createdAt: string;
  revoked: boolean;
}

const iso = (clickhouseTime: string) => `${clickhouseTime.replace(' ', 'T')}Z`;

export async function ensureProject(client: ClickHouseClient, projectId: string, name = projectId): Promise<void> {
  if (await getProject(client, projectId)) return;
  await client.insert({ table: 'projects', values: [{ project_id: projectId, name }], format: 'JSONEachRow' });
}

export async function getProject(client: ClickHouseClient, projectId: string): Promise<ProjectRecord | undefined> {
  return (await listProjects(client)).find((p) => p.id === projectId);
}

export async function listProjects(client: ClickHouseClient): Promise<ProjectRecord[]> {
  const rows = await queryRows<{ project_id: string; name: string; created: string }>(
    client,
    `SELECT project_id, argMax(name, created_at) AS name, toString(min(created_at)) AS created
     FROM projects GROUP BY project_id ORDER BY project_id`,
  );
  return rows.map((r) => ({ id: r.project_id, name: r.name, createdAt: iso(r.created) }));
}

export async function addApiKey(client: ClickHouseClient, projectId: string, key: string, label: string, scope: Scope = 'admin'): Promise<void> {
  await client.insert({
    table: 'api_keys',
    values: [{ key_sha256: hashApiKey(key), project_id: projectId, scope, label }],
    format: 'JSONEachRow',
  });
}

/** Every key that is not revoked, the instance admin token included (project '*'). */
export async function listActiveKeys(client: ClickHouseClient): Promise<ApiKeyRecord[]> {
  const rows = await queryRows<{ key_sha256: string; project_id: string; scope: Scope }>(
    client,
    `SELECT key_sha256, argMax(project_id, updated_at) AS project_id, argMax(scope, updated_at) AS scope,
            argMax(revoked, updated_at) AS revoked
     FROM api_keys GROUP BY key_sha256 HAVING revoked = 0`,
  );
  return rows.map((r) => ({ keySha256: r.key_sha256, projectId: r.project_id, scope: r.scope }));
}

/** The keys of one project, revoked ones included, newest first. */
export async function listProjectKeys(client: ClickHouseClient, projectId: string): Promise<KeyInfo[]> {
  const rows = await queryRows<{ key_sha256: string; scope: Scope; label: string; created: string; revoked: number }>(
    client,
    `SELECT key_sha256, argMax(scope, updated_at) AS scope, argMax(label, updated_at) AS label,
            toString(min(created_at)) AS created, argMax(revoked, updated_at) AS revoked
     FROM api_keys WHERE project_id = {projectId: String}
     GROUP BY key_sha256 ORDER BY created DESC`,
    { projectId },
  );
  return rows.map((r) => ({ id: keyIdOf(r.key_sha256), projectId, scope: r.scope, label: r.label, createdAt: iso(r.created), revoked: Number(r.revoked) === 1 }));
}

/** Revokes the key of this project whose id (digest prefix) matches; false when there is none. */
export async function revokeKey(client: ClickHouseClient, projectId: string, keyId: string): Promise<boolean> {
  const [row] = await queryRows<{ key_sha256: string; scope: Scope; label: string; created: string }>(
    client,
    `SELECT key_sha256, argMax(scope, updated_at) AS scope, argMax(label, updated_at) AS label, min(created_at) AS created
     FROM api_keys WHERE project_id = {projectId: String} AND startsWith(key_sha256, {keyId: String})
     GROUP BY key_sha256`,
    { projectId, keyId },
  );
  if (!row) return false;
  await client.insert({
    table: 'api_keys',
    values: [{ key_sha256: row.key_sha256, project_id: projectId, scope: row.scope, label: row.label, created_at: row.created, revoked: 1 }],
    format: 'JSONEachRow',
  });
  return true;
}

export async function countKeys(client: ClickHouseClient, projectId: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(client, 'SELECT uniqExact(key_sha256) AS n FROM api_keys WHERE project_id = {projectId: String}', { projectId });
  return Number(row?.n ?? 0);
}

export const countAdminTokens = (client: ClickHouseClient) => countKeys(client, INSTANCE);

export async function getSetting(client: ClickHouseClient, name: string): Promise<string | undefined> {
  const [row] = await queryRows<{ value: string }>(client, 'SELECT argMax(value, updated_at) AS value FROM instance_settings WHERE name = {name: String} GROUP BY name', { name });
  return row?.value;
}

export async function putSetting(client: ClickHouseClient, name: string, value: string): Promise<void> {
  await client.insert({ table: 'instance_settings', values: [{ name, value }], format: 'JSONEachRow' });
}
