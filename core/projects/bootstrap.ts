// First-start credentials: the default project and its first key, the instance admin token and the
// session-signing secret. A configured key or token is registered (idempotent); without one, a key
// is generated on the first start only and returned so it can be printed once.
import { createHmac, randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { DEFAULT_PROJECT, generateAdminToken, generateApiKey, hashApiKey, INSTANCE, keyIdOf, type Scope } from './keys.ts';
import { addApiKey, countKeys, ensureProject, getSetting, listActiveKeys, listProjectKeys, putSetting } from './repository.ts';

async function ensureKey(client: ClickHouseClient, projectId: string, configured: string | undefined, scope: Scope, generate: () => string): Promise<string | undefined> {
  if (configured) {
    const known = (await listActiveKeys(client)).some((k) => k.keySha256 === hashApiKey(configured));
    if (!known) await addApiKey(client, projectId, configured, 'from the environment', scope);
    return undefined;
  }
  if ((await countKeys(client, projectId)) > 0) return undefined;
  const generated = generate();
  await addApiKey(client, projectId, generated, 'generated at first start', scope);
  return generated;
}

export async function ensureDefaultProject(client: ClickHouseClient, configuredKey?: string): Promise<{ generatedKey?: string }> {
  await ensureProject(client, DEFAULT_PROJECT, 'Default project');
  return { generatedKey: await ensureKey(client, DEFAULT_PROJECT, configuredKey, 'admin', generateApiKey) };
}

/** The instance admin token (VIGIL_ADMIN_TOKEN, or generated at the first start). */
export async function ensureAdminToken(client: ClickHouseClient, configuredToken?: string): Promise<{ generatedToken?: string }> {
  return { generatedToken: await ensureKey(client, INSTANCE, configuredToken, 'admin', generateAdminToken) };
}

/** The secret that signs UI session cookies, made once per installation. */
export async function ensureSessionSecret(client: ClickHouseClient): Promise<string> {
  const existing = await getSetting(client, 'session_secret');
  if (existing) return existing;
  const secret = randomBytes(32).toString('base64url');
  await putSetting(client, 'session_secret', secret);
  return secret;
}

export const DEMO_PROJECT = 'demo';

/**
 * The `demo` project of `vigil start --demo` with an ingest key (for the built-in traffic) and a
 * read key to sign in with. Both are derived from the installation's session secret, so every
 * start prints the same read key and registers nothing new.
 */
export async function ensureDemoProject(client: ClickHouseClient, secret: string): Promise<{ ingestKey: string; readKey: string }> {
  await ensureProject(client, DEMO_PROJECT, 'Demo traffic');
  const derive = (purpose: string) => `vgl_demo_${createHmac('sha256', secret).update(purpose).digest('base64url').slice(0, 32)}`;
  const ingestKey = derive('demo ingest key');
  const readKey = derive('demo read key');
  const known = new Set((await listProjectKeys(client, DEMO_PROJECT)).map((k) => k.id));
  if (!known.has(keyIdOf(hashApiKey(ingestKey)))) await addApiKey(client, DEMO_PROJECT, ingestKey, 'demo traffic (vigil start --demo)', 'ingest');
  if (!known.has(keyIdOf(hashApiKey(readKey)))) await addApiKey(client, DEMO_PROJECT, readKey, 'demo sign-in (vigil start --demo)', 'read');
  return { ingestKey, readKey };
}
