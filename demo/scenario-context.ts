// What a scenario needs to know besides its random generator and start time.

export interface ScenarioContext {
  /** The wall clock at generation time: executions in the last two days of it drift (slower). */
  nowMs: number;
  /** Forces a rare case that must appear at least once in a demo (an XSS-looking output). */
  special?: 'xss';
}
