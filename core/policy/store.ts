// The policy in force, reloaded when its file changes. An invalid edit is refused: the previous
// policy stays in force and the problem is kept for `GET /api/policy` and the log.
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { DEFAULT_POLICY, loadPolicyFile, PolicyError, type Policy, type PolicyProblem } from './load.ts';

export interface PolicyStore {
  current(): Policy;
  /** Problems of the last reload attempt that was refused; empty when the file in force is the newest. */
  rejected(): readonly PolicyProblem[];
  /** Re-reads the file now (also done on every change). Returns true when a new policy took effect. */
  reload(): boolean;
  close(): void;
}

export interface PolicyStoreOptions {
  /** How often the file's modification time is polled (fs.watchFile survives editors that replace files). */
  intervalMs?: number;
  log?: (message: string) => void;
}

/**
 * The store for `file` (VIGIL_POLICY), or the built-in defaults when no file is configured. An
 * invalid file at start throws: a process should not start on a policy no one can read.
 */
export function createPolicyStore(file: string | undefined, options: PolicyStoreOptions = {}): PolicyStore {
  const log = options.log ?? ((message: string) => console.error(message));
  if (file === undefined) {
    return { current: () => DEFAULT_POLICY, rejected: () => [], reload: () => false, close: () => {} };
  }
  let policy = loadPolicyFile(file);
  let problems: readonly PolicyProblem[] = [];
  const reload = (): boolean => {
    try {
      const next = loadPolicyFile(file);
      problems = [];
      if (next.hash === policy.hash) return false;
      policy = next;
      log(`policy ${file} reloaded: version ${next.hash}`);
      return true;
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      problems = error.problems;
      log(`${error.message}\nthe previous policy (version ${policy.hash}) stays in force`);
      return false;
    }
  };
  const onChange = (now: Stats, before: Stats) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) reload();
  };
  watchFile(file, { interval: options.intervalMs ?? 1000, persistent: false }, onChange);
  return {
    current: () => policy,
    rejected: () => problems,
    reload,
    close: () => unwatchFile(file, onChange),
  };
}
