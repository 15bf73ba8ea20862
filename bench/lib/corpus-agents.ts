// Who produces the generated traffic: six agents with their own models, tools, trace sizes and
// error rates, and the eight models they call (priced from the shipped price table).
import type { Outcome } from '../../core/spans/row.ts';

export interface ModelSpec {
  name: string;
  provider: string;
  /** Median time to first token. */
  ttftMs: number;
  /** Generation time per output token. */
  msPerToken: number;
  /** Spends hidden reasoning tokens (counted in output tokens). */
  reasons?: boolean;
}

export const MODELS = {
  'gpt-4o': { name: 'gpt-4o', provider: 'openai', ttftMs: 450, msPerToken: 12 },
  'gpt-4o-mini': { name: 'gpt-4o-mini', provider: 'openai', ttftMs: 300, msPerToken: 8 },
  'gpt-4.1': { name: 'gpt-4.1', provider: 'openai', ttftMs: 500, msPerToken: 13 },
  'o3-mini': { name: 'o3-mini', provider: 'openai', ttftMs: 900, msPerToken: 7, reasons: true },
  'claude-sonnet-4-5': { name: 'claude-sonnet-4-5', provider: 'anthropic', ttftMs: 700, msPerToken: 14 },
  'claude-haiku-4-5': { name: 'claude-haiku-4-5', provider: 'anthropic', ttftMs: 350, msPerToken: 7 },
  'gemini-2.5-flash': { name: 'gemini-2.5-flash', provider: 'google', ttftMs: 400, msPerToken: 5 },
  'text-embedding-3-small': { name: 'text-embedding-3-small', provider: 'openai', ttftMs: 60, msPerToken: 0 },
} satisfies Record<string, ModelSpec>;

export type ModelName = keyof typeof MODELS;

export interface AgentSpec {
  name: string;
  service: string;
  version: string;
  /** Share of executions (relative). */
  weight: number;
  /** "You are …" in the system prompt. */
  role: string;
  /** Chat models and their relative use. */
  models: [ModelName, number][];
  tools: string[];
  /** A nested agent some longer executions hand part of the work to. */
  subAgent: string;
  /** Probability that an execution starts with a retrieval. */
  retrieval: number;
  /** Spans per execution: minSpans + an exponential with mean extraSpans, at most 40. */
  minSpans: number;
  extraSpans: number;
  errorRate: number;
  outcomes: [Outcome | '', number][];
  /** Instrumentation scope that would have recorded the spans. */
  scope: [string, string];
  /** Prompt tokens beyond the visible text (tool schemas, few-shot examples). */
  hiddenPromptTokens: number;
}

export const AGENTS: AgentSpec[] = [
  {
    name: 'support-bot', service: 'support-agent', version: '2.4.1', weight: 30, role: 'the support assistant of an online shop',
    models: [['gpt-4o-mini', 6], ['claude-sonnet-4-5', 3], ['claude-haiku-4-5', 1]],
    tools: ['lookup_order', 'create_ticket', 'issue_refund', 'check_stock'], subAgent: 'refund-specialist',
    retrieval: 0.8, minSpans: 3, extraSpans: 8, errorRate: 0.04,
    outcomes: [['resolved', 70], ['escalated', 15], ['abandoned', 8], ['', 7]],
    scope: ['openinference.instrumentation.langchain', '0.1.52'], hiddenPromptTokens: 1200,
  },
  {
    name: 'research-assistant', service: 'research-api', version: '1.9.0', weight: 12, role: 'a careful research assistant',
    models: [['gpt-4.1', 4], ['o3-mini', 3], ['claude-sonnet-4-5', 3]],
    tools: ['web_search', 'fetch_page', 'extract_table'], subAgent: 'web-researcher',
    retrieval: 0.5, minSpans: 5, extraSpans: 13, errorRate: 0.08,
    outcomes: [['resolved', 80], ['abandoned', 10], ['', 10]],
    scope: ['opentelemetry.instrumentation.openai_agents', '0.4.1'], hiddenPromptTokens: 2500,
  },
  {
    name: 'code-reviewer', service: 'devtools', version: '0.12.3', weight: 8, role: 'a senior engineer reviewing pull requests',
    models: [['claude-sonnet-4-5', 6], ['gpt-4.1', 2], ['o3-mini', 2]],
    tools: ['read_file', 'run_tests', 'search_code'], subAgent: 'test-runner',
    retrieval: 0.2, minSpans: 5, extraSpans: 11, errorRate: 0.07,
    outcomes: [['resolved', 75], ['escalated', 15], ['', 10]],
    scope: ['vigil.sdk', '0.3.0'], hiddenPromptTokens: 3000,
  },
  {
    name: 'sales-qualifier', service: 'crm-agent', version: '3.1.0', weight: 15, role: 'a sales development assistant',
    models: [['gemini-2.5-flash', 7], ['gpt-4o-mini', 3]],
    tools: ['crm_lookup', 'enrich_company', 'schedule_meeting'], subAgent: 'enrichment',
    retrieval: 0.3, minSpans: 3, extraSpans: 5, errorRate: 0.03,
    outcomes: [['resolved', 60], ['abandoned', 25], ['', 15]],
    scope: ['ai', '5.0.8'], hiddenPromptTokens: 900,
  },
  {
    name: 'travel-planner', service: 'travel-api', version: '1.2.7', weight: 10, role: 'a travel planning assistant',
    models: [['gpt-4o', 7], ['gemini-2.5-flash', 3]],
    tools: ['search_flights', 'search_hotels', 'get_weather'], subAgent: 'booking',
    retrieval: 0.2, minSpans: 4, extraSpans: 9, errorRate: 0.06,
    outcomes: [['resolved', 65], ['abandoned', 20], ['escalated', 5], ['', 10]],
    scope: ['opentelemetry.instrumentation.openai', '0.40.2'], hiddenPromptTokens: 1500,
  },
  {
    name: 'doc-summarizer', service: 'docs-pipeline', version: '4.0.2', weight: 25, role: 'a summarizer of internal documents',
    models: [['claude-haiku-4-5', 6], ['gemini-2.5-flash', 4]],
    tools: [], subAgent: 'section-summarizer',
    retrieval: 0.9, minSpans: 3, extraSpans: 2.3, errorRate: 0.03,
    outcomes: [['resolved', 90], ['', 10]],
    scope: ['openinference.instrumentation.llama_index', '3.2.0'], hiddenPromptTokens: 400,
  },
];

export const AGENT_WEIGHTS = AGENTS.map((a) => a.weight);
