// The optional LLM judge for groundedness: an OpenAI-compatible endpoint asked only about the
// executions the offline detector is unsure of.
export { judgeResult, shouldJudge, tallyJudging, type JudgeTally } from './cascade.ts';
export { createJudge, type Judge, type JudgeDeps, type JudgeOutcome } from './client.ts';
export { buildJudgeMessages, buildJudgeRequest, escapeData, type ChatMessage, type JudgeInput, type JudgeRequestBody } from './prompt.ts';
export { DEFAULT_JUDGE_RETRY_CAPACITY, JUDGE_RETRY_DELAYS_MS, JudgeRetryQueue, type JudgeRetry, type JudgeRetryOptions, type RetryDecision } from './retry.ts';
export {
  DEFAULT_AZURE_API_VERSION,
  DEFAULT_JUDGE_BAND,
  DEFAULT_JUDGE_MAX_OUTPUT_TOKENS,
  DEFAULT_JUDGE_TIMEOUT_MS,
  JudgeSettingsSchema,
  resolveApiKey,
  type JudgeBand,
  type JudgeSettings,
  type JudgeSettingsInput,
} from './settings.ts';
export { EVALUATOR_INSTRUCTIONS_REASON, instructionsForEvaluator, parseJudgeReply, type ParsedVerdict, type JudgeClaim } from './verdict.ts';
