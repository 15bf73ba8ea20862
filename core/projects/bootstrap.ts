// First-start credentials: the default project and its first key, the instance admin token and the
// session-signing secret. A configured key or token is registered (idempotent) before the ports open;
// without one, a key is generated once every port is listening (generateFirstCredentials), so a first
// start that fails (a port in use) stores no key nobody was shown, and the next start shows one.
import { createHmac, randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { DEFAULT_PROJECT, generateAdminToken, generateApiKey, hashApiKey, INSTANCE, keyIdOf, type Scope } from './keys.ts';
import { addApiKey, countKeys, ensureProject, getSetting, listActiveKeys, listProjectKeys, putSetting } from './repository.ts';

async function registerKey(client: ClickHouseClient, projectId: string, configured: string | undefined, scope: Scope): Promise<void> {
  if (!configured) return;
  const known = (await listActiveKeys(client)).some((k) => k.keySha256 === hashApiKey(configured));
  if (!known) await addApiKey(client, projectId, configured, 'from the environment', scope);
}

async function generateKey(client: ClickHouseClient, projectId: string, scope: Scope, generate: () => string): Promise<string | undefined> {
  if ((await countKeys(client, projectId)) > 0) return undefined;
  const generated = generate();
  await addApiKey(client, projectId, generated, 'generated at first start', scope);
  return generated;
}

/** The default project, and its key from VIGIL_API_KEY when set. */
export async function ensureDefaultProject(client: ClickHouseClient, configuredKey?: string): Promise<void> {
  await ensureProject(client, DEFAULT_PROJECT, 'Default project');
  await registerKey(client, DEFAULT_PROJECT, configuredKey, 'admin');
}

/** The instance admin token from VIGIL_ADMIN_TOKEN, when set. */
export async function ensureAdminToken(client: ClickHouseClient, configuredToken?: string): Promise<void> {
  await registerKey(client, INSTANCE, configuredToken, 'admin');
}

/**
 * A key for the default project and an admin token, each only when none exists yet (the first
 * start without VIGIL_API_KEY / VIGIL_ADMIN_TOKEN), returned so they can be printed once. Call it
 * once the start can no longer fail.
 */
export async function generateFirstCredentials(client: ClickHouseClient): Promise<{ apiKey?: string; adminToken?: string }> {
  return {
    apiKey: await generateKey(client, DEFAULT_PROJECT, 'admin', generateApiKey),
    adminToken: await generateKey(client, INSTANCE, 'admin', generateAdminToken),
  };
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
