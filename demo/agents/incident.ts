// incident-triage: takes an alert, investigates with tools (logs, metrics, deploys, dependencies),
// summarises, and pages on-call or posts a note. Long traces (10 to 40 spans); now and then a log
// query times out, the agent loops on one tool, or it gives up. Slower in the last two days (drift).
import type { Random } from '../random.ts';
import type { ScenarioContext } from '../scenario-context.ts';
import { MODELS, Recorder, type Execution, type Message, type ToolCall } from '../spans.ts';

const AGENT = 'incident-triage';
const DAY_MS = 86_400_000;
const SYSTEM = `You are the on-call triage agent for the Northwind platform. Given an alert, investigate with the tools (fetch_alert, query_logs, get_metrics, get_recent_deploys, get_dependency_status), find the most likely cause, then either page the owning team with page_oncall (customer impact) or post a note with post_incident_note (no impact). Cite the evidence: log lines, metric values, deploy ids.`;

interface Alert {
  service: string;
  team: string;
  title: string;
  cause: string;
  logs: string[];
  impact: boolean;
}

const ALERTS: readonly Alert[] = [
  { service: 'checkout-api', team: 'payments', title: 'High 5xx error rate on checkout-api (7.2% > 2% for 10m)', cause: 'deploy 4f2c9e1 introduced a null dereference in the coupon validator', logs: ['ERROR CouponValidator: TypeError: Cannot read properties of null (reading "code")', 'WARN  upstream 500 from /v2/checkout/confirm (312 in 5m)'], impact: true },
  { service: 'payments-worker', team: 'payments', title: 'Queue depth above 10k on payments-worker', cause: 'the card processor answers slowly (p95 4.8s), so workers fall behind', logs: ['WARN  processor call took 5120ms (timeout 6000ms)', 'INFO  retry 2/3 for charge ch_88231'], impact: true },
  { service: 'search-api', team: 'discovery', title: 'p95 latency above 1.5s on search-api', cause: 'a missing index on products.category_id after last night\'s migration', logs: ['WARN  slow query 2.3s: SELECT * FROM products WHERE category_id = $1', 'INFO  cache hit ratio 0.41'], impact: true },
  { service: 'auth-service', team: 'identity', title: 'Login failures spiking on auth-service', cause: 'a credential-stuffing burst from 3 ASNs, blocked by the rate limiter as designed', logs: ['WARN  rate limit exceeded for 185.220.101.0/24', 'INFO  blocked 14,212 attempts in 10m'], impact: false },
  { service: 'inventory-sync', team: 'fulfilment', title: 'inventory-sync job missed 3 scheduled runs', cause: 'the job runner was restarted during node maintenance; the next run succeeded', logs: ['INFO  node ip-10-0-3-17 drained for maintenance', 'INFO  inventory-sync run 48211 finished in 41s'], impact: false },
];

const TOOLS = ['query_logs', 'get_metrics', 'get_recent_deploys', 'get_dependency_status'] as const;

function toolCall(random: Random, r: Recorder, name: (typeof TOOLS)[number], alert: Alert): ToolCall {
  const args: Record<string, Record<string, unknown>> = {
    query_logs: { service: alert.service, query: random.pick(['level:error', 'level:warn OR level:error', 'status:5xx', 'timeout']), since: random.pick(['15m', '30m', '1h']) },
    get_metrics: { service: alert.service, metric: random.pick(['error_rate', 'latency_p95', 'cpu', 'queue_depth']), window: '1h' },
    get_recent_deploys: { service: alert.service, limit: 5 },
    get_dependency_status: { service: alert.service },
  };
  return { id: r.callId(), name, args: args[name] as Record<string, unknown> };
}

function toolResult(random: Random, name: string, alert: Alert, atMs: number): unknown {
  switch (name) {
    case 'query_logs':
      return { lines: alert.logs.map((line) => `${new Date(atMs - random.int(0, 1_800_000)).toISOString()} ${line}`), matched: random.int(40, 4000) };
    case 'get_metrics':
      return { points: Array.from({ length: 6 }, () => Math.round(random.next() * 1000) / 10), unit: random.pick(['%', 'ms', 'count']) };
    case 'get_recent_deploys':
      return { deploys: [{ id: random.hex(7), author: random.pick(['dana', 'kofi', 'ines', 'mark']), minutes_ago: random.int(5, 300) }] };
    default:
      return { dependencies: [{ name: 'postgres-main', status: 'ok' }, { name: 'redis-cache', status: random.pick(['ok', 'degraded']) }] };
  }
}

export function incidentExecution(random: Random, startMs: number, ctx: ScenarioContext): Execution {
  const drifting = startMs >= ctx.nowMs - 2 * DAY_MS;
  const r = new Recorder(random, startMs, drifting ? 1.8 : 1);
  const alert = random.pick(ALERTS);
  const alertId = `ALR-${random.digits(6)}`;
  const question = `Alert ${alertId} fired: ${alert.title}. Triage it.`;
  const history: Message[] = [{ role: 'user', text: question }];

  const fetch: ToolCall = { id: r.callId(), name: 'fetch_alert', args: { alert_id: alertId } };
  r.llm(MODELS.haiku35, { system: SYSTEM, systemTokens: 1800, input: history, output: { role: 'assistant', calls: [fetch] } });
  const details = { alert_id: alertId, service: alert.service, title: alert.title, started_minutes_ago: random.int(3, 40), severity: alert.impact ? 'high' : 'low' };
  r.tool(fetch, details, { medianMs: 150 });
  history.push({ role: 'assistant', calls: [fetch] }, { role: 'tool', callId: fetch.id, result: details });
  // Past incidents with the same symptom: where the agent's "most likely cause" comes from.
  r.retrieve('search past incidents', alert.title, [
    { id: `INC-${random.digits(5)}`, content: `Past incident on ${alert.service}: ${alert.title}. Cause: ${alert.cause}. Customer impact: ${alert.impact ? 'yes' : 'no'}.`, score: 0.8 + random.next() / 10 },
  ]);

  const loops = random.chance(0.03);
  const fails = !loops && random.chance(0.04);
  const steps = random.int(3, 10);
  let timeouts = 0;
  for (let step = 0; step < steps; step++) {
    const call = toolCall(random, r, step === 0 ? 'query_logs' : random.pick(TOOLS), alert);
    r.llm(MODELS.sonnet4, { system: SYSTEM, systemTokens: 1800, input: history, output: { role: 'assistant', text: `Checking ${call.name.replaceAll('_', ' ')} for ${alert.service}.`, calls: [call] } });
    const timesOut = call.name === 'query_logs' && (fails || random.chance(0.06));
    const result = toolResult(random, call.name, alert, r.now);
    r.tool(call, result, { medianMs: call.name === 'query_logs' ? 1400 : 350, ...(timesOut ? { timeoutMs: 30_000 } : {}) });
    history.push({ role: 'assistant', calls: [call] }, { role: 'tool', callId: call.id, result: timesOut ? { error: 'log query timed out after 30s' } : result });
    if (timesOut) timeouts++;
    if (fails && timeouts >= 2) break;
  }

  if (loops) {
    // Stuck: the model asks for the same query again and again, getting the same empty answer.
    const args = { service: alert.service, query: 'trace_id:unknown', since: '5m' };
    for (let i = 0; i < random.int(6, 9); i++) {
      const call: ToolCall = { id: r.callId(), name: 'query_logs', args };
      r.llm(MODELS.sonnet4, { system: SYSTEM, systemTokens: 1800, input: history, output: { role: 'assistant', text: 'No results yet, querying the logs again.', calls: [call] } });
      r.tool(call, { lines: [], matched: 0 }, { medianMs: 900 });
      history.push({ role: 'assistant', calls: [call] }, { role: 'tool', callId: call.id, result: { lines: [], matched: 0 } });
    }
  }

  if (fails && timeouts >= 2) {
    const answer = `I could not triage ${alertId}: the log backend timed out twice. Please look at ${alert.service} manually.`;
    return { service: 'ops-agents', agent: AGENT, root: r.finish(AGENT, rootAttributes(question, answer, 'failed'), { message: 'log backend unavailable', exception: { type: 'ToolError', message: 'query_logs failed 2 times in a row' } }) };
  }

  const summary = loops
    ? `Could not find the cause of ${alertId} (${alert.title}); the log search returned nothing. Paging ${alert.team} to take over.`
    : `${alert.title}. Most likely cause: ${alert.cause}. Evidence: "${alert.logs[0]}". ${alert.impact ? `Customer impact: yes; paging ${alert.team}.` : 'No customer impact; no action needed.'}`;
  r.llm(MODELS.sonnet4, { system: SYSTEM, systemTokens: 1800, input: history, output: { role: 'assistant', text: summary }, temperature: 0 });
  const page = loops || alert.impact;
  const action: ToolCall = page
    ? { id: r.callId(), name: 'page_oncall', args: { team: alert.team, severity: loops ? 'medium' : 'high', summary } }
    : { id: r.callId(), name: 'post_incident_note', args: { channel: `#${alert.team}-alerts`, text: summary } };
  r.tool(action, page ? { incident_id: `INC-${random.digits(5)}`, paged: `${alert.team}-primary` } : { posted: true }, { medianMs: 400 });
  return { service: 'ops-agents', agent: AGENT, root: r.finish(AGENT, rootAttributes(question, summary, page ? 'escalated' : 'resolved')) };
}

function rootAttributes(question: string, answer: string, outcome: string): Record<string, string> {
  return {
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }] }]),
    'vigil.outcome': outcome,
  };
}
