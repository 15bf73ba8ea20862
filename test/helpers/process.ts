// Runs `vigil start` as a real child process and reads what it prints.
import { spawn, type ChildProcess } from 'node:child_process';

export interface VigilProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the output once `pattern` appears, or rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `nodeArgs` go to Node itself (`--cpu-prof`, heap flags), before the script. */
export function startVigilProcess(env: Record<string, string>, args: string[] = [], nodeArgs: string[] = []): VigilProcess {
  const child = spawn(process.execPath, [...nodeArgs, 'bin/vigil.ts', 'start', ...args], {
    env: { ...process.env, VIGIL_OTLP_HTTP_PORT: '0', VIGIL_OTLP_GRPC_PORT: '0', VIGIL_HTTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      listeners.forEach((l) => l());
      resolve({ code, signal });
    }),
  );
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) return finish(() => resolve(match));
          if (child.exitCode !== null) finish(() => reject(new Error(`vigil exited (${child.exitCode}) before printing ${pattern}:\n${output}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}
