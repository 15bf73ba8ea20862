// `vigil suite run` end to end: promptfoo runs examples/suite/support.yaml against the sample agent
// (examples/suite/agent.ts, a real HTTP server traced with the OpenTelemetry SDK) in its good and its
// regressed version, the agent sends its traces to a real Vigil, each case links to its execution and
// Vigil's checks read it. Also: a dataset of flagged production executions run as a suite, a module
// provider, no Vigil running, and suite files with mistakes.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteRun } from '../core/suites/model.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
let dir: string;
const agents: ChildProcess[] = [];
const urls = { good: '', regressed: '' };

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Cli> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/vigil.ts', ...args],
      { env: { ...process.env, VIGIL_URL: vigil.api, VIGIL_API_KEY: vigil.key, VIGIL_OTLP_URL: '', VIGIL_PUBLIC_URL: '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

async function api<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${vigil.api}${path}`, { headers: { authorization: `Bearer ${vigil.key}` } });
  return { status: response.status, body: (await response.json()) as T };
}

/** Starts the sample agent on a free port; resolves with its endpoint. */
function startAgent(regressed: boolean): Promise<string> {
  const child = spawn(process.execPath, ['examples/suite/agent.ts', '--port', '0', ...(regressed ? ['--regressed'] : [])], {
    env: { ...process.env, VIGIL_API_KEY: vigil.key, VIGIL_OTLP_URL: vigil.otlpHttp },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  agents.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.on('exit', (code) => reject(new Error(`the sample agent exited (${code}): ${out}`)));
  });
}

/** The shipped example suite, pointed at one version of the agent. */
function exampleSuite(name: string, url: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, readFileSync('examples/suite/support.yaml', 'utf8').replace('http://127.0.0.1:8787/chat', url));
  return file;
}

const readResult = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { run: SuiteRun; stored: boolean; comparison: { regressed: boolean; newlyFailing: { caseId: string }[] } | null };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-suite-run-'));
  writeFileSync(join(dir, 'policy.yaml'), 'evaluator: {settleSeconds: 1, quietSeconds: 3}\n');
  vigil = await startTestVigil({ VIGIL_POLICY: join(dir, 'policy.yaml') }, { evaluatorIntervalMs: 200 });
  [urls.good, urls.regressed] = await Promise.all([startAgent(false), startAgent(true)]);
}, 60_000);

afterAll(async () => {
  for (const agent of agents) agent.kill('SIGTERM');
  await vigil?.close();
});

describe('vigil suite run', () => {
  let goodRun: SuiteRun;

  it('passes on the good version, with every case linked to the execution it produced', async () => {
    const output = join(dir, 'good.json');
    const result = await cli(['suite', 'run', exampleSuite('good', urls.good), '--agent-version', '1.0.0', '--output', output, '--settle-seconds', '1']);
    expect(result.stderr).toMatch(/5\/5 cases run/);
    expect(result.stderr).toMatch(/5\/5 traces settled in Vigil/);
    expect(result.stdout).toMatch(/5 of 5 cases passed/);
    expect(result.code).toBe(0);
    const { run, stored } = readResult(output);
    goodRun = run;
    expect(stored).toBe(true);
    expect(run).toMatchObject({ suite: 'support-answers', agent: 'support-agent', agentVersion: '1.0.0' });
    expect(run.cases.map((c) => c.caseId).sort()).toEqual(['contact support', 'gift wrapping', 'order status', 'return window', 'shipping to Canada']);
    for (const c of run.cases) {
      expect(c.pass, `${c.caseId}: ${JSON.stringify(c.assertions)}`).toBe(true);
      expect(c.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(c.assertions.map((a) => a.type)).toEqual(expect.arrayContaining(['vigil:pii', 'vigil:latency', 'vigil:cost']));
      // The cost is the execution's, from the agent's LLM span (gpt-4o-mini, 400 + 40 tokens).
      expect(c.costUsd).toBeGreaterThan(0);
    }
    // The suite's client span is the root; the agent's spans hang below it.
    const order = run.cases.find((c) => c.caseId === 'order status')!;
    const trace = await api<{ execution: { name: string; agentName: string }; spans: { name: string; parentSpanId: string; spanId: string }[] }>(`/api/traces/${order.traceId}`);
    expect(trace.status).toBe(200);
    expect(trace.body.execution).toMatchObject({ name: 'suite case: order status', agentName: 'support-agent' });
    const root = trace.body.spans.find((s) => s.parentSpanId === '')!;
    expect(trace.body.spans.find((s) => s.name === 'POST /chat')?.parentSpanId).toBe(root.spanId);
    expect(trace.body.spans.filter((s) => s.name === 'execute_tool lookup_order')).toHaveLength(1);
  }, 120_000);

  it('on the regressed version names the cases that broke, exits 1, and the JUnit file lists them with their traces', async () => {
    const paths = { output: join(dir, 'regressed.json'), junit: join(dir, 'junit.xml'), markdown: join(dir, 'comment.md') };
    const result = await cli(
      ['suite', 'run', exampleSuite('regressed', urls.regressed), '--agent-version', '2.0.0', '--output', paths.output, '--junit', paths.junit, '--markdown', paths.markdown, '--settle-seconds', '1'],
      { VIGIL_PUBLIC_URL: 'https://vigil.example.com' },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`3 cases that passed in baseline run ${goodRun.id} fail now, more than the tolerance of 0: "contact support", "order status", "return window".`);
    const { run, comparison } = readResult(paths.output);
    const failing = run.cases.filter((c) => !c.pass);
    expect(failing.map((c) => c.caseId).sort()).toEqual(['contact support', 'order status', 'return window']);
    expect(comparison?.regressed).toBe(true);
    expect(comparison?.newlyFailing.map((c) => c.caseId).sort()).toEqual(['contact support', 'order status', 'return window']);
    const reasons = (id: string) => run.cases.find((c) => c.caseId === id)!.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`);
    expect(reasons('return window')).toEqual(expect.arrayContaining([expect.stringMatching(/^vigil:groundedness: 1 claim is not supported/)]));
    expect(reasons('contact support')).toEqual(expect.arrayContaining([expect.stringMatching(/^vigil:pii: .*email/)]));
    expect(reasons('order status')).toEqual([expect.stringMatching(/^vigil:loop: Tool lookup_order was called 5 times with the same arguments/)]);
    // The personal data is not repeated in the stored reasons.
    expect(JSON.stringify(run.cases.flatMap((c) => c.assertions))).not.toContain('jane.doe@example.com');

    const junit = readFileSync(paths.junit, 'utf8');
    for (const c of failing) {
      expect(junit).toMatch(new RegExp(`<testcase name="${c.caseId}"[^>]*>\\s*<properties>.*?</properties>\\s*<failure`));
      expect(junit).toContain(`https://vigil.example.com/traces/${c.traceId}`);
      // The link opens the trace: the agent's spans of that very case are in it.
      const trace = await api<{ spans: { name: string }[] }>(`/api/traces/${c.traceId}`);
      expect(trace.body.spans.map((s) => s.name)).toContain('POST /chat');
    }
    expect(readFileSync(paths.markdown, 'utf8')).toMatch(/return window/);
    const loopTrace = await api<{ spans: { name: string }[] }>(`/api/traces/${run.cases.find((c) => c.caseId === 'order status')!.traceId}`);
    expect(loopTrace.body.spans.filter((s) => s.name === 'execute_tool lookup_order')).toHaveLength(5);
  }, 120_000);

  it('runs a dataset exported from flagged production executions as a suite', async () => {
    // Production traffic to the regressed agent, with no suite around it.
    for (const question of ['How long do I have to return an item?', 'Is gift wrapping available?']) {
      const response = await fetch(urls.regressed, { method: 'POST', body: JSON.stringify({ input: question }) });
      expect(response.status).toBe(200);
    }
    let flagged = 0;
    for (let waited = 0; waited < 45_000 && flagged === 0; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { body } = await api<{ evaluations: { traceId: string; passed: boolean }[] }>('/api/evaluations?check=hallucination&from=1h&flagged=true');
      flagged = body.evaluations.filter((e) => !goodRunTraces().has(e.traceId)).length;
    }
    expect(flagged).toBeGreaterThan(0);
    const tests = join(dir, 'flagged.yaml');
    const exported = await cli(['dataset', 'export', '--flagged', 'hallucination', '--agent', 'support-agent', '--since', '1h', '--output', tests]);
    expect(exported.code, exported.stderr).toBe(0);
    const suite = join(dir, 'from-production.yaml');
    const suiteFor = (url: string) =>
      [
        'vigil: { suite: flagged-in-production, agent: support-agent }',
        `providers: [{ id: vigil:http, config: { url: "${url}" } }]`,
        'defaultTest: { assert: [{ type: vigil:groundedness }] }',
        'tests: file://flagged.yaml',
      ].join('\n');
    writeFileSync(suite, suiteFor(urls.good));
    const fixed = await cli(['suite', 'run', suite, '--settle-seconds', '1', '--output', join(dir, 'fixed.json')]);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    const { run } = readResult(join(dir, 'fixed.json'));
    expect(run.cases.length).toBeGreaterThan(0);
    expect(run.cases.map((c) => c.vars.question)).toContain('How long do I have to return an item?');
    expect(run.cases.every((c) => c.pass)).toBe(true);

    writeFileSync(suite, suiteFor(urls.regressed));
    const broken = await cli(['suite', 'run', suite, '--settle-seconds', '1']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/fail now/);
  }, 150_000);

  it('calls a module provider with the case trace context; a case whose agent sent no spans says so', async () => {
    writeFileSync(
      join(dir, 'agent-module.ts'),
      'export default async function (input: string, info: { traceparent: string; vars: Record<string, unknown> }) {\n' +
        '  return { output: `echo ${input} from ${info.traceparent}`, costUsd: 0.002 };\n}\n',
    );
    writeFileSync(
      join(dir, 'module.yaml'),
      [
        'vigil: { suite: module-agent }',
        'providers: [vigil:module:./agent-module.ts]',
        'tests:',
        '  - description: echo',
        '    vars: { question: hello }',
        '    assert: [{ type: icontains, value: hello }, { type: vigil:cost, threshold: 0.01 }, { type: vigil:loop }]',
      ].join('\n'),
    );
    const output = join(dir, 'module.json');
    const result = await cli(['suite', 'run', join(dir, 'module.yaml'), '--output', output, '--settle-seconds', '1', '--trace-timeout-seconds', '3']);
    expect(result.code).toBe(1);
    const [only] = readResult(output).run.cases;
    expect(only!.output).toBe(`echo hello from 00-${only!.traceId}-${only!.output.split('-')[2]}-01`);
    expect(only!.costUsd).toBe(0.002);
    expect(only!.assertions).toEqual([
      { type: 'icontains', pass: true, score: 1, reason: expect.any(String) },
      { type: 'vigil:cost', pass: true, score: 1, reason: 'the call cost $0.002; the budget is $0.010.' },
      { type: 'vigil:loop', pass: false, score: 0, reason: expect.stringMatching(/^Not checked: the agent sent no spans of this case to Vigil within 3 s/) },
    ]);
  }, 60_000);

  it('with no Vigil running still runs, checks what it can, and gives the result with --output and the exit code', async () => {
    writeFileSync(
      join(dir, 'offline.yaml'),
      [
        'vigil: { suite: offline }',
        `providers: [{ id: vigil:http, config: { url: "${urls.regressed}" } }]`,
        'tests:',
        '  - description: contact',
        '    vars: { question: How do I contact support?, context: "Support is reachable through the help center chat, every day from 8:00 to 20:00." }',
        '    assert: [{ type: vigil:pii }, { type: vigil:groundedness }]',
      ].join('\n'),
    );
    const output = join(dir, 'offline.json');
    const result = await cli(['suite', 'run', join(dir, 'offline.yaml'), '--output', output], { VIGIL_URL: 'http://127.0.0.1:9' });
    expect(result.stderr).toMatch(/no Vigil running at http:\/\/127\.0\.0\.1:9/);
    expect(result.stderr).toMatch(/running offline/);
    expect(result.code).toBe(1);
    const { run, stored } = readResult(output);
    expect(stored).toBe(false);
    expect(run.cases[0]).toMatchObject({ pass: false, traceId: '' });
    expect(run.cases[0]!.assertions.map((a) => [a.type, a.pass])).toEqual([
      ['vigil:pii', false],
      ['vigil:groundedness', false],
    ]);
    // Once a Vigil is up, the same file is sent as it is.
    const uploaded = await cli(['suite', 'upload', output]);
    expect(uploaded.stdout).toBe(`stored run ${run.id} of "offline": 0 of 1 cases passed\n`);
  }, 60_000);

  it('refuses a suite file with a mistake, naming the line and field, with exit code 2', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, ['providers: [{ id: vigil:http, config: { url: "http://127.0.0.1:9/chat" } }]', 'tests:', '  - vars: { question: hi }', '    assert:', '      - type: vigil:latency', '        treshold: 100'].join('\n'));
    const result = await cli(['suite', 'run', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:5: tests[0].assert[0]`);
    expect(result.stderr).toMatch(/treshold/);
    writeFileSync(file, 'providers: [vigil:grpc]\ntests: []\n');
    expect((await cli(['suite', 'run', file])).stderr).toMatch(/unknown Vigil provider "vigil:grpc": use vigil:http .* or vigil:module:<file>/);
    expect((await cli(['suite', 'run', join(dir, 'missing.yaml')])).stderr).toMatch(/missing\.yaml: no such file/);
  }, 60_000);

  function goodRunTraces(): Set<string> {
    return new Set(goodRun?.cases.map((c) => c.traceId) ?? []);
  }
});
