// supply-chain-exceptions: handles a shipment exception (delay, shortage, damage): looks up the
// shipment and inventory, proposes actions, and creates a transfer or asks a planner to approve.
// Uses Gemini for planning and a self-hosted model (no public price) for the proposal.
import type { Random } from '../random.ts';
import type { ScenarioContext } from '../scenario-context.ts';
import { MODELS, Recorder, type Execution, type Message, type ToolCall } from '../spans.ts';

const AGENT = 'supply-chain-exceptions';
const SYSTEM = `You resolve supply-chain exceptions for Northwind's warehouses. Use get_shipment, check_inventory, find_alternative_supplier and create_transfer_order. Transfers above $10,000 need a planner's approval: call request_approval instead. Reply with the actions you took and why.`;
const WAREHOUSES = ['RTM-1', 'HAM-2', 'LYS-1', 'MAD-3'];
const SKUS = ['HP-200', 'SPK-MINI', 'TAB-10', 'CBL-USB-C', 'CHG-65W', 'KBD-TKL'];
const EXCEPTIONS = [
  (s: string, d: number) => `Shipment ${s} from Shenzhen is delayed by ${d} days at the port of Rotterdam.`,
  (s: string, d: number) => `Shipment ${s} arrived with ${d * 12} damaged units.`,
  (s: string, d: number) => `Supplier cancelled ${d * 100} units on shipment ${s}.`,
];

export function supplyChainExecution(random: Random, startMs: number, _ctx: ScenarioContext): Execution {
  const r = new Recorder(random, startMs);
  const shipment = `SH-${random.digits(5)}`;
  const sku = random.pick(SKUS);
  const days = random.int(2, 9);
  const question = `${random.pick(EXCEPTIONS)(shipment, days)} ${random.int(2, 40)} customer orders for ${sku} are affected.`;
  const history: Message[] = [{ role: 'user', text: question }];
  const step = (call: ToolCall, result: unknown, medianMs: number, options: { timeoutMs?: number } = {}) => {
    r.llm(MODELS.geminiFlash, { system: SYSTEM, systemTokens: 900, input: history, output: { role: 'assistant', calls: [call] } });
    r.tool(call, result, { medianMs, ...options });
    history.push({ role: 'assistant', calls: [call] }, { role: 'tool', callId: call.id, result });
  };

  const apiDown = random.chance(0.04);
  const shipmentInfo = { shipment_id: shipment, status: 'delayed', eta_days: days, carrier: random.pick(['Maersk', 'MSC', 'CMA CGM']), units: random.int(200, 4000), sku };
  step({ id: r.callId(), name: 'get_shipment', args: { shipment_id: shipment } }, apiDown ? { error: 'carrier API timeout' } : shipmentInfo, 600, apiDown ? { timeoutMs: 15_000 } : {});
  if (apiDown) {
    const answer = `I could not reach the carrier API for ${shipment}; retry later or check the carrier portal.`;
    r.llm(MODELS.geminiFlash, { system: SYSTEM, systemTokens: 900, input: history, output: { role: 'assistant', text: answer } });
    return finish(r, question, answer, 'failed', { message: 'carrier API unavailable' });
  }

  const stock: { warehouse: string; available: number }[] = [];
  for (const warehouse of WAREHOUSES.slice(0, random.int(1, 4))) {
    const available = random.int(0, 900);
    stock.push({ warehouse, available });
    step({ id: r.callId(), name: 'check_inventory', args: { sku, warehouse } }, { sku, warehouse, available, reserved: random.int(0, 120) }, 250);
  }
  if (random.chance(0.4)) {
    step({ id: r.callId(), name: 'find_alternative_supplier', args: { sku, max_lead_time_days: days } }, { suppliers: [{ name: random.pick(['Kaito Components', 'Elbe Electronics', 'Porto Supply']), lead_time_days: random.int(1, days), unit_price_usd: random.int(8, 60) }] }, 900);
  }

  const best = stock.reduce((a, b) => (b.available > a.available ? b : a));
  const units = Math.max(20, Math.min(best.available, random.int(50, 600)));
  const value = units * random.int(12, 45);
  const needsApproval = value > 10_000;
  const proposal = needsApproval
    ? `Proposed: transfer ${units} units of ${sku} from ${best.warehouse} (value $${value.toLocaleString('en-US')}). Above the $10,000 limit, so I asked a planner to approve.`
    : `Created a transfer of ${units} units of ${sku} from ${best.warehouse} to cover the affected orders while ${shipment} is delayed by ${days} days.`;
  r.llm(MODELS.selfHosted, { system: SYSTEM, input: history, output: { role: 'assistant', text: proposal }, temperature: 0.1 });
  const action: ToolCall = needsApproval
    ? { id: r.callId(), name: 'request_approval', args: { planner_group: 'eu-planning', amount_usd: value, summary: proposal } }
    : { id: r.callId(), name: 'create_transfer_order', args: { sku, from: best.warehouse, to: 'RTM-1', units } };
  r.tool(action, needsApproval ? { approval_id: `APR-${random.digits(5)}`, status: 'pending' } : { transfer_id: `TR-${random.digits(6)}`, status: 'created' }, { medianMs: 500 });
  return finish(r, question, proposal, needsApproval ? 'escalated' : 'resolved');
}

function finish(r: Recorder, question: string, answer: string, outcome: string, error?: { message: string }): Execution {
  const root = r.finish(
    AGENT,
    {
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }] }]),
      'vigil.outcome': outcome,
    },
    error,
  );
  return { service: 'supply-chain-agents', agent: AGENT, root };
}
