// The default project and its first key. With VIGIL_API_KEY the key is registered (idempotent);
// without it a key is generated on the first start only and returned so it can be printed once.
import type { ClickHouseClient } from '@clickhouse/client';
import { DEFAULT_PROJECT, generateApiKey, hashApiKey } from './keys.ts';
import { addApiKey, countKeys, ensureProject, listActiveKeys } from './repository.ts';

export async function ensureDefaultProject(client: ClickHouseClient, configuredKey?: string): Promise<{ generatedKey?: string }> {
  await ensureProject(client, DEFAULT_PROJECT, 'Default project');
  if (configuredKey) {
    const known = (await listActiveKeys(client)).some((k) => k.keySha256 === hashApiKey(configuredKey));
    if (!known) await addApiKey(client, DEFAULT_PROJECT, configuredKey, 'VIGIL_API_KEY');
    return {};
  }
  if ((await countKeys(client, DEFAULT_PROJECT)) > 0) return {};
  const generatedKey = generateApiKey();
  await addApiKey(client, DEFAULT_PROJECT, generatedKey, 'generated at first start');
  return { generatedKey };
}
