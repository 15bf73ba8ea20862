import { InvalidArgumentError, type Command } from 'commander';

const DEFAULT_OTLP_URL = 'http://127.0.0.1:4318/v1/traces';

function positiveInteger(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new InvalidArgumentError(`must be a whole number from 0 to ${max}.`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number above 0.');
  return n;
}

const DEMO_HELP = `
Sends realistic agent traffic to a running Vigil: a support bot with retrieval and multi-turn
sessions, an incident-triage agent and a supply-chain agent, on OpenAI, Anthropic, Google and a
self-hosted model. It includes what Vigil is there to catch: failed tool calls, rate limits, slow
outliers, answers their retrieved documents do not support, leaked personal data, a tool loop,
and a drift (incident-triage is slower in the last two days).

First it backfills --days of history (the same data for the same --seed), then, unless --no-live,
keeps sending about --rate executions a minute until Ctrl-C or SIGTERM.
History older than Vigil's retention (VIGIL_RETENTION_DAYS, 30 by default) is rejected.

Environment: VIGIL_API_KEY (the key when --key is not given), VIGIL_OTLP_URL (when --url is not given).

Examples:
  VIGIL_API_KEY=vgl_... vigil demo
  vigil demo --key vgl_... --days 3 --per-day 100 --no-live`;

interface DemoCommandOptions {
  url?: string;
  key?: string;
  days: number;
  perDay: number;
  live: boolean;
  rate: number;
  seed?: number;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Send demo traffic (three agents, two weeks of history, then live) to a running Vigil.')
    .option('--url <url>', `OTLP/HTTP endpoint of Vigil (default: VIGIL_OTLP_URL or ${DEFAULT_OTLP_URL})`)
    .option('--key <key>', 'ingest API key (default: VIGIL_API_KEY)')
    .option('--days <n>', 'days of history to backfill', positiveInteger(365), 14)
    .option('--per-day <n>', 'executions per day of history', positiveInteger(100_000), 300)
    .option('--live', 'keep sending live traffic after the backfill', true)
    .option('--no-live', 'stop after the backfill')
    .option('--rate <n>', 'live executions per minute', positiveNumber, 6)
    .option('--seed <n>', 'seed of the backfill (default: a fixed one; same seed, same history)', positiveInteger(2 ** 32 - 1))
    .addHelpText('after', DEMO_HELP)
    .action(async (options: DemoCommandOptions) => {
      const key = options.key ?? process.env['VIGIL_API_KEY'];
      if (!key) {
        process.stderr.write('error: no API key: pass --key or set VIGIL_API_KEY (the key printed at first start)\n');
        process.exitCode = 1;
        return;
      }
      const { runDemo } = await import('../../demo/run.ts');
      const { DemoError } = await import('../../demo/send.ts');
      const controller = new AbortController();
      const stop = () => {
        if (controller.signal.aborted) process.exit(130); // a second Ctrl-C: do not wait for the flush
        process.stderr.write('demo: stopping, sending what is left\n');
        controller.abort();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      try {
        const { executions, spans } = await runDemo({
          otlpUrl: options.url ?? process.env['VIGIL_OTLP_URL'] ?? DEFAULT_OTLP_URL,
          key,
          days: options.days,
          perDay: options.perDay,
          live: options.live,
          ratePerMinute: options.rate,
          signal: controller.signal,
          ...(options.seed === undefined ? {} : { seed: options.seed }),
        });
        process.stderr.write(`demo: sent ${executions} executions (${spans} spans)\n`);
      } catch (error) {
        if (!(error instanceof DemoError)) throw error;
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = 1;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
