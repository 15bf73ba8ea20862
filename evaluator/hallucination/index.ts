// Offline groundedness (hallucination) detection: does an answer say things its context does not?
export {
  DEFAULT_THRESHOLD,
  detectHallucination,
  type ClaimVerdict,
  type DetectOptions,
  type UnsupportedClaim,
  type Verdict,
} from './detector.ts';
export { unigramOverlap } from './baseline.ts';
