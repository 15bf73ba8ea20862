// Offline groundedness (hallucination) detection: does an answer say things its context does not?
export {
  DEFAULT_THRESHOLD,
  DEFAULT_THRESHOLDS,
  detectHallucination,
  type ClaimVerdict,
  type DetectionMode,
  type DetectOptions,
  type UnsupportedClaim,
  type Verdict,
} from './detector.ts';
export { unigramOverlap } from './baseline.ts';
export { DETECTION_MODES } from './model.ts';
