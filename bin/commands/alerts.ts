// `vigil alerts …`: the alerts of the running Vigil, test sends to a channel, silences. Everything
// goes through the HTTP API (the data belongs to the server process).
import { Command, Option } from 'commander';
import type { Alert, TestSend } from '../../ui/server/alert-schemas.ts';
import { CliError, request, withConnection, type ClientOptions } from '../client.ts';

type Common = ClientOptions & { project?: string; json?: boolean };

const clientOf = (options: Common): ClientOptions => ({ ...options, projectHeader: options.project });
const projectOption = () => new Option('--project <id>', 'the project, with the admin token (a key implies its own project)');

function line(a: Alert): string {
  const silenced = a.silencedUntil ? `  (silenced until ${a.silencedUntil})` : '';
  return `${a.status.toUpperCase().padEnd(8)} ${a.severity.padEnd(8)} ${a.fingerprint}  ${a.rule}: ${a.summary}${silenced}`;
}

export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('Alerts of the running Vigil: list them, test a channel, silence one.');

  withConnection(
    alerts
      .command('list')
      .description('Alerts and their state, firing first')
      .addOption(new Option('--status <status>', 'which alerts').choices(['active', 'firing', 'pending', 'resolved', 'all']).default('active'))
      .addOption(projectOption())
      .option('--json', 'print JSON'),
  ).action(async (options: Common & { status: string }) => {
    const { alerts: list } = await request<{ alerts: Alert[] }>(clientOf(options), 'GET', `/api/alerts?status=${options.status}`);
    if (options.json) return console.log(JSON.stringify(list, null, 2));
    if (list.length === 0) return console.log(`no ${options.status === 'all' ? '' : `${options.status} `}alerts`);
    for (const a of list) console.log(line(a));
  });

  withConnection(
    alerts
      .command('test')
      .description("Send a test notification to a channel of the policy through the running Vigil and print the receiver's answer. Needs an admin key or the admin token.")
      .argument('<channel>', 'a channel name from the policy\'s alerts.channels')
      .addOption(projectOption())
      .option('--json', 'print JSON')
      .addHelpText('after', '\nExample: VIGIL_ADMIN_TOKEN=... vigil alerts test oncall-slack'),
  ).action(async (channel: string, options: Common) => {
    const result = await request<TestSend>(clientOf(options), 'POST', `/api/alerts/channels/${encodeURIComponent(channel)}/test`);
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else {
      const status = result.httpStatus === null ? 'no HTTP answer' : `HTTP ${result.httpStatus}`;
      console.log(`${channel}: ${result.delivered ? 'delivered' : 'NOT delivered'} (${status}, ${Math.round(result.latencyMs)} ms)`);
      if (result.error) console.log(`  ${result.error}`);
      if (result.response) console.log(`  receiver said: ${result.response.slice(0, 500)}`);
    }
    if (!result.delivered) process.exitCode = 1;
  });

  withConnection(
    alerts
      .command('silence')
      .description('Hold back the notifications of one alert for a while. Needs an admin key or the admin token.')
      .argument('<fingerprint>', 'the alert (vigil alerts list shows fingerprints)')
      .requiredOption('--for <duration>', 'how long: 30m, 2h, 1d')
      .option('--comment <text>', 'why (shown on the alerts page)', '')
      .addOption(projectOption()),
  ).action(async (fingerprint: string, options: Common & { for: string; comment: string }) => {
    if (!/^\d+[mhdw]$/.test(options.for)) throw new CliError(`--for ${options.for}: give a duration such as 30m, 2h or 1d`);
    const silence = await request<{ until: string }>(clientOf(options), 'POST', `/api/alerts/${fingerprint}/silence`, { until: options.for, comment: options.comment });
    console.log(`${fingerprint}: silenced until ${silence.until}`);
  });

  withConnection(
    alerts
      .command('unsilence')
      .description('Lift the silence of one alert. Needs an admin key or the admin token.')
      .argument('<fingerprint>', 'the alert')
      .addOption(projectOption()),
  ).action(async (fingerprint: string, options: Common) => {
    await request(clientOf(options), 'DELETE', `/api/alerts/${fingerprint}/silence`);
    console.log(`${fingerprint}: silence lifted`);
  });
}
