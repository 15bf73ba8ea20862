// Explicit vigil.* attributes: set by the application, they override every convention.
import { OUTCOMES, SPAN_TYPES, type Outcome, type SpanType } from '../../core/spans/row.ts';
import type { Attributes } from '../otlp/model.ts';
import { reportedCost, str } from './attributes.ts';
import type { Facts } from './facts.ts';

function isSpanType(value: string): value is SpanType {
  return (SPAN_TYPES as readonly string[]).includes(value);
}

function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

export function vigilFacts(a: Attributes): Facts {
  const type = str(a['vigil.span.type'])?.toLowerCase();
  return {
    kind: type !== undefined && isSpanType(type) ? type : undefined,
    agentName: str(a['vigil.agent.name']),
    sessionId: str(a['vigil.session.id']),
    userId: str(a['vigil.user.id']),
    costUsd: reportedCost(a['vigil.cost.usd']),
  };
}

/** vigil.outcome when it is one of OUTCOMES, else '' (the attribute itself stays in `attributes`). */
export function outcomeOf(a: Attributes): Outcome | '' {
  const value = str(a['vigil.outcome'])?.toLowerCase();
  return value !== undefined && isOutcome(value) ? value : '';
}
