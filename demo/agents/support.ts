// support-bot: a customer-support conversation of one to four turns, each turn one trace sharing
// the session and user ids. A turn retrieves help-centre articles, may look the order up or act on
// it, and answers; the last turn carries the conversation's outcome.
import type { Random } from '../random.ts';
import { MODELS, Recorder, type Execution, type Message, type Model, type ToolCall } from '../spans.ts';
import type { ScenarioContext } from '../scenario-context.ts';
import { ANGRY, CLARIFYING, DISTRACTORS, FOLLOW_UPS, NAMES, SYSTEM_PROMPT, TOPICS, type Topic } from './support-knowledge.ts';

const AGENT = 'support-bot';
const SYSTEM_TOKENS = 1450; // the help-centre preamble sent on every call (cacheable)

const DAY_MS = 86_400_000;

type Ending = 'resolved' | 'escalated' | 'abandoned' | 'failed';

interface Session {
  id: string;
  user: string;
  order: string;
  answerModel: Model;
  history: Message[];
}

function orderRecord(random: Random, order: string, topic: Topic): Record<string, unknown> {
  const deliveredDaysAgo = topic.article.id === 'kb-refund-policy' ? random.int(2, 12) : undefined;
  return {
    order_id: order,
    status: topic.article.id === 'kb-cancellation' ? 'processing' : deliveredDaysAgo ? 'delivered' : 'in_transit',
    items: [{ sku: random.pick(['HP-200', 'SPK-MINI', 'TAB-10', 'CBL-USB-C']), quantity: 1 }],
    total_usd: random.int(19, 480) + 0.99,
    ...(deliveredDaysAgo ? { delivered_days_ago: deliveredDaysAgo } : { carrier: random.pick(['UPS', 'DHL', 'FedEx']), shipped_days_ago: random.int(1, 3) }),
  };
}

/** The bot's reply with, now and then, something wrong with it (hallucination, PII leak, XSS). */
function answerText(random: Random, topic: Topic, session: Session, ctx: ScenarioContext): string {
  if (ctx.special === 'xss') {
    return `I have saved your product review exactly as you wrote it: "Great speaker <img src=x onerror=alert(1)> would buy again". It will appear on the product page within 24 hours.`;
  }
  if (random.chance(0.05)) return topic.unsupported(session.order);
  const answer = topic.grounded(session.order);
  if (random.chance(0.012)) {
    // A leak: details of another customer's account pasted into the answer.
    const other = random.pick(NAMES);
    return `${answer} I can see the account is registered to ${other}@gmail.com with phone +1 (415) 555-${random.digits(4)}, and the refund will go to the card ${visaNumber(random)}.`;
  }
  return answer;
}

function turn(random: Random, startMs: number, ctx: ScenarioContext, session: Session, topic: Topic, question: string, ending: Ending | 'continue'): Execution {
  const r = new Recorder(random, startMs);
  const user: Message = { role: 'user', text: question.replace('{order}', session.order) };
  r.pause(30);
  const docs = [
    { ...topic.article, score: 0.78 + random.next() * 0.17 },
    ...[random.pick(DISTRACTORS), random.pick(DISTRACTORS)].map((d) => ({ ...d, score: 0.35 + random.next() * 0.35 })),
  ].sort((a, b) => b.score - a.score);
  r.retrieve('retrieve help_center', user.text, docs);
  const context = `Help-centre articles:\n${docs.map((d) => `[${d.id}] ${d.content}`).join('\n')}`;
  const prompt: Message[] = [...session.history, user];
  const system = `${SYSTEM_PROMPT}\n\n${context}`;
  // Now and then a bug pastes the customer's whole order history into the prompt: a runaway
  // context, many times the usual cost of an answer.
  const systemTokens = random.chance(0.008) ? random.int(60_000, 110_000) : SYSTEM_TOKENS;
  // Six to four days before now a prompt change pasted the full returns policy into every answer
  // written by Claude: a two-day cost spike on one model, which the executive view shows.
  const ageDays = (ctx.nowMs - startMs) / DAY_MS;
  const answerTokens = session.answerModel === MODELS.sonnet4 && ageDays >= 4 && ageDays < 6 ? systemTokens + 8_000 : systemTokens;
  let answer: string;
  let failed = false;

  if (ending === 'escalated') {
    const call: ToolCall = { id: r.callId(), name: 'handoff_to_human', args: { reason: 'customer asked for a human after repeated attempts', priority: random.pick(['normal', 'high']), session_id: session.id } };
    r.llm(MODELS.gpt4oMini, { system, systemTokens, input: prompt, output: { role: 'assistant', calls: [call] } });
    const ticket = { ticket_id: `HD-${random.digits(6)}`, queue: 'tier-2', estimated_wait_minutes: random.int(3, 25) };
    r.tool(call, ticket, { medianMs: 180 });
    answer = `I am sorry about the trouble. I have passed our conversation to a member of the support team (ticket ${ticket.ticket_id}); someone will join this chat in about ${ticket.estimated_wait_minutes} minutes.`;
    r.llm(session.answerModel, { system, systemTokens: answerTokens, input: [...prompt, { role: 'assistant', calls: [call] }, { role: 'tool', callId: call.id, result: ticket }], output: { role: 'assistant', text: answer } });
  } else if (ending === 'abandoned') {
    answer = random.pick(CLARIFYING);
    r.llm(session.answerModel, { system, systemTokens: answerTokens, input: prompt, output: { role: 'assistant', text: answer } });
  } else if (topic.needsOrder) {
    const lookup: ToolCall = { id: r.callId(), name: 'lookup_order', args: { order_id: session.order } };
    r.llm(MODELS.gpt4oMini, { system, systemTokens, input: prompt, output: { role: 'assistant', calls: [lookup] } });
    r.pause(20);
    const record = orderRecord(random, session.order, topic);
    failed = ending === 'failed';
    r.tool(lookup, record, { medianMs: 220, ...(failed ? { timeoutMs: 10_000 } : {}) });
    const toolResult: Message = { role: 'tool', callId: lookup.id, result: failed ? { error: 'timeout after 10s' } : record };
    const steps: Message[] = [...prompt, { role: 'assistant', calls: [lookup] }, toolResult];
    if (!failed && topic.article.id === 'kb-cancellation') {
      const cancel: ToolCall = { id: r.callId(), name: 'cancel_order', args: { order_id: session.order, reason: 'customer request' } };
      r.llm(MODELS.gpt4oMini, { system, systemTokens, input: steps, output: { role: 'assistant', calls: [cancel] } });
      const cancelled = { order_id: session.order, status: 'cancelled', refund_usd: record['total_usd'] };
      r.tool(cancel, cancelled, { medianMs: 300 });
      steps.push({ role: 'assistant', calls: [cancel] }, { role: 'tool', callId: cancel.id, result: cancelled });
    }
    answer = failed ? 'I am sorry, I cannot reach our order system right now. Please try again in a few minutes.' : answerText(random, topic, session, ctx);
    r.llm(session.answerModel, { system, systemTokens: answerTokens, input: steps, output: { role: 'assistant', text: answer } });
  } else {
    answer = answerText(random, topic, session, ctx);
    r.llm(session.answerModel, { system, systemTokens: answerTokens, input: prompt, output: { role: 'assistant', text: answer } });
  }

  const root = r.finish(
    AGENT,
    {
      'gen_ai.conversation.id': session.id,
      'vigil.session.id': session.id,
      'vigil.user.id': session.user,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: user.text }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }] }]),
      ...(ending === 'continue' ? {} : { 'vigil.outcome': ending }),
      ...feedbackOf(random, ending),
    },
    failed ? { message: 'order system unavailable' } : undefined,
  );
  session.history.push(user, { role: 'assistant', text: answer });
  return { service: 'support-api', agent: AGENT, root };
}

/** Two conversations in five end with the customer's thumbs, reported on the last turn's root span. */
function feedbackOf(random: Random, ending: Ending | 'continue'): Record<string, string> {
  if (ending === 'continue' || !random.chance(0.4)) return {};
  const happy = { resolved: 0.85, escalated: 0.4, abandoned: 0.3, failed: 0.1 }[ending];
  return { 'vigil.feedback.thumbs': random.chance(happy) ? 'up' : 'down' };
}

export function supportSession(random: Random, startMs: number, ctx: ScenarioContext): Execution[] {
  const turns = ctx.special ? 1 : random.pick([1, 1, 1, 1, 1, 2, 2, 2, 3, 4]);
  // The team improves the knowledge base over the two weeks: fewer handoffs, more resolved.
  const ageDays = Math.min(14, Math.max(0, (ctx.nowMs - startMs) / DAY_MS));
  const ending = ctx.special ? 'resolved' : random.weighted<Ending>({ resolved: 77 - ageDays, escalated: 8 + ageDays, abandoned: 12, failed: 3 });
  const session: Session = {
    id: `sess_${random.hex(12)}`,
    user: `user-${random.int(1000, 1400)}`,
    order: `A-${random.digits(5)}`,
    answerModel: random.chance(0.6) ? MODELS.gpt4o : MODELS.sonnet4,
    history: [],
  };
  const executions: Execution[] = [];
  let at = startMs;
  let topic = random.pick(TOPICS);
  let question = random.pick(topic.questions);
  for (let i = 0; i < turns; i++) {
    const execution = turn(random, at, ctx, session, topic, question, i === turns - 1 ? ending : 'continue');
    executions.push(execution);
    // The customer reads the answer and types the next message: a follow-up on the same topic, a
    // new question, or (before a handoff) a complaint.
    at = execution.root.endMs + random.latency(40_000, 0.6);
    if (i === turns - 2 && ending === 'escalated') question = random.pick(ANGRY);
    else if (random.chance(0.5)) question = random.pick(FOLLOW_UPS);
    else {
      topic = random.pick(TOPICS);
      question = random.pick(topic.questions);
    }
  }
  return executions;
}

/** A Visa test number with a valid Luhn check digit, grouped in fours: what a leaked card looks like. */
function visaNumber(random: Random): string {
  const digits = `41111111111${random.digits(4)}`.split('').map(Number);
  // The check digit makes the Luhn sum of all 16 digits a multiple of 10.
  const sum = digits.reduce((total, digit, i) => {
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  const all = [...digits, (10 - (sum % 10)) % 10].join('');
  return all.match(/.{4}/g)!.join(' ');
}
