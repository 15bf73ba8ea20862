// `vigil projects …` and `vigil keys …`: manage projects and keys through the running Vigil.
import { Command, Option } from 'commander';
import type { ApiKey, CreatedApiKey, Project } from '../../ui/server/schemas.ts';
import { request, withConnection, type ClientOptions } from '../client.ts';

const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
};

export function registerAccess(program: Command): void {
  const projects = program.command('projects').description('Create and list projects (needs the admin token) through the running Vigil.');
  withConnection(projects.command('list').description('List the projects'))
    .option('--json', 'print JSON')
    .action(async (options: ClientOptions & { json?: boolean }) => {
      const { projects: list } = await request<{ projects: Project[] }>(options, 'GET', '/api/projects');
      console.log(options.json ? JSON.stringify(list, null, 2) : table([['ID', 'NAME', 'CREATED'], ...list.map((p) => [p.id, p.name, p.createdAt])]));
    });
  withConnection(projects.command('create').description('Create a project').argument('<id>', 'project id: lower-case letters, digits, - and _'))
    .option('--name <name>', 'display name')
    .action(async (id: string, options: ClientOptions & { name?: string }) => {
      const project = await request<Project>(options, 'POST', '/api/projects', { id, name: options.name });
      console.log(`created project "${project.id}". Next: vigil keys create --project ${project.id} --scope ingest`);
    });

  const keys = program.command('keys').description('Create, list and revoke API keys through the running Vigil (admin token, or an admin key of the project).');
  const project = () => new Option('--project <id>', 'the project').default('default');
  withConnection(keys.command('create').description('Create a key; it is printed once, store it'))
    .addOption(project())
    .addOption(new Option('--scope <scope>', 'ingest: send traces; read: query API and UI; admin: both, and manage keys').choices(['ingest', 'read', 'admin']).makeOptionMandatory())
    .option('--label <label>', 'what the key is for', '')
    .action(async (options: ClientOptions & { project: string; scope: string; label: string }) => {
      const created = await request<CreatedApiKey>(options, 'POST', `/api/projects/${encodeURIComponent(options.project)}/keys`, { scope: options.scope, label: options.label });
      console.error(`created ${created.scope} key ${created.id} of project "${created.projectId}" (shown only this once):`);
      console.log(created.key);
    });
  withConnection(keys.command('list').description('List a project\'s keys (ids only; keys are never shown again)'))
    .addOption(project())
    .option('--json', 'print JSON')
    .action(async (options: ClientOptions & { project: string; json?: boolean }) => {
      const { keys: list } = await request<{ keys: ApiKey[] }>(options, 'GET', `/api/projects/${encodeURIComponent(options.project)}/keys`);
      if (options.json) return console.log(JSON.stringify(list, null, 2));
      console.log(table([['ID', 'SCOPE', 'STATE', 'CREATED', 'LABEL'], ...list.map((k) => [k.id, k.scope, k.revoked ? 'revoked' : 'active', k.createdAt, k.label])]));
    });
  withConnection(keys.command('revoke').description('Revoke a key: it stops working at once').argument('<keyId>', 'the key id from `vigil keys list`'))
    .addOption(project())
    .action(async (keyId: string, options: ClientOptions & { project: string }) => {
      await request(options, 'DELETE', `/api/projects/${encodeURIComponent(options.project)}/keys/${encodeURIComponent(keyId)}`);
      console.log(`revoked key ${keyId} of project "${options.project}"`);
    });
}
