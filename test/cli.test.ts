// The CLI as a client of a running Vigil: `vigil start --demo` fills the demo project and prints a
// key to sign in with; projects and keys are managed over the HTTP API with the admin token; and
// every data command says plainly when no Vigil runs.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigilProcess, type VigilProcess } from './helpers/process.ts';

const run = promisify(execFile);
const ADMIN = 'vgla_cli_test_admin_token_0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
let vigil: VigilProcess;
let api: string;

async function vigilCli(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/vigil.ts', ...args], { env: { ...process.env, VIGIL_URL: api, VIGIL_ADMIN_TOKEN: ADMIN, ...env } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(async () => {
  vigil = startVigilProcess({ VIGIL_DATA_DIR: dataDir, VIGIL_ADMIN_TOKEN: ADMIN }, ['--demo']);
  await vigil.waitFor(/vigil: ready/);
  api = vigil.output().match(/query API\s+(http:\S+)\/api/)![1]!;
}, 120_000);
afterAll(async () => {
  vigil?.child.kill('SIGTERM');
  await vigil?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('vigil start --demo', () => {
  it('backfills two weeks into the demo project and prints a read key to sign in with', async () => {
    const [, readKey] = await vigil.waitFor(/sign in at \S+ with its read key:\n\n\s+(vgl_demo_\S+)/);
    await vigil.waitFor(/demo: backfilled (\d+) executions/, 120_000);
    const page = (await (await fetch(`${api}/api/traces?from=15d&limit=1`, { headers: { authorization: `Bearer ${readKey}` } })).json()) as { total: number };
    expect(page.total).toBeGreaterThan(3000);
    const facets = (await (await fetch(`${api}/api/facets?from=15d`, { headers: { authorization: `Bearer ${readKey}` } })).json()) as { agents: { value: string }[] };
    expect(facets.agents.map((a) => a.value)).toEqual(expect.arrayContaining(['support-bot', 'incident-triage', 'supply-chain-exceptions']));
    // The demo key reads the demo project only.
    const other = await fetch(`${api}/api/traces`, { headers: { authorization: `Bearer ${readKey}`, 'x-vigil-project': 'default' } });
    expect(other.status).toBe(403);
  }, 180_000);
});

describe('vigil projects and keys', () => {
  it('creates a project and keys, lists them without the secrets, and revokes', async () => {
    expect((await vigilCli(['projects', 'create', 'shop', '--name', 'Shop'])).stdout).toMatch(/created project "shop"/);
    expect((await vigilCli(['projects', 'list'])).stdout).toMatch(/shop\s+Shop/);
    const created = await vigilCli(['keys', 'create', '--project', 'shop', '--scope', 'read', '--label', 'dashboards']);
    const key = created.stdout.trim();
    expect(key).toMatch(/^vgl_/);
    expect((await fetch(`${api}/api/traces`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const listed = await vigilCli(['keys', 'list', '--project', 'shop']);
    expect(listed.stdout).toMatch(/read\s+active/);
    expect(listed.stdout).not.toContain(key);
    const id = /^([0-9a-f]{12})\s+read/m.exec(listed.stdout)![1]!;
    expect((await vigilCli(['keys', 'revoke', '--project', 'shop', id])).stdout).toMatch(/revoked/);
    expect((await fetch(`${api}/api/traces`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  it('explains refusals and a missing Vigil in one line', async () => {
    const wrongScope = await vigilCli(['keys', 'create', '--scope', 'root']);
    expect(wrongScope.code).not.toBe(0);
    expect(wrongScope.stderr).toMatch(/Allowed choices are ingest, read, admin/);
    const notAdmin = await vigilCli(['projects', 'create', 'x'], { VIGIL_ADMIN_TOKEN: 'vgla_not_the_token_0000000000' });
    expect(notAdmin.stderr).toMatch(/401 unknown or revoked API key/);
    const nobody = await vigilCli(['projects', 'list'], { VIGIL_URL: 'http://127.0.0.1:9' });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/no Vigil running at http:\/\/127\.0\.0\.1:9 .*npm start/);
    const help = await vigilCli(['keys', 'create', '--help']);
    expect(help.stdout).toMatch(/--scope <scope>/);
  });
});
