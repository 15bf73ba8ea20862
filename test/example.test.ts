// The README's snippet (examples/send-trace.ts) really sends a trace that Vigil stores.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getExecution } from '../core/executions/repository.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
beforeAll(async () => {
  vigil = await startTestVigil();
});
afterAll(async () => {
  await vigil?.close();
});

it('examples/send-trace.ts delivers an agent execution', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['examples/send-trace.ts'], {
    env: { ...process.env, VIGIL_API_KEY: vigil.key, VIGIL_OTLP_URL: vigil.otlpHttp },
  });
  const traceId = stdout.match(/sent trace ([0-9a-f]{32})/)![1]!;
  await vigil.flush();
  const execution = await getExecution(vigil.vigil.store.client, 'default', traceId);
  expect(execution).toMatchObject({ name: 'invoke_agent support-bot', agentName: 'support-bot', outcome: 'resolved', spanCount: 2, llmCalls: 1 });
  expect(execution!.costUsd).toBeGreaterThan(0);
});
