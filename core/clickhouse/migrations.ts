// Pure handling of the migration files in sql/: naming, statement splitting, checksums and the
// clustered variant. The migrator (migrator.ts) applies what this returns.
import { createHash } from 'node:crypto';

export interface Migration {
  version: number;
  name: string;
  statements: string[];
  checksum: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function parseMigration(fileName: string, text: string): Migration {
  const match = FILE_NAME.exec(fileName);
  if (!match) throw new Error(`sql/${fileName}: migration files are named NNNN_snake_case.sql`);
  return {
    version: Number(match[1]),
    name: match[2]!,
    statements: splitStatements(text),
    checksum: createHash('sha256').update(text).digest('hex'),
  };
}

/** Statements end with `;` at the end of a line; `--` comment lines are dropped. */
export function splitStatements(text: string): string[] {
  const code = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return code
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Migrations sorted by version; two files with one version is an error. */
export function orderMigrations(migrations: Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.version === sorted[i - 1]!.version) throw new Error(`two migrations share version ${sorted[i]!.version}`);
  }
  return sorted;
}

const REPLICA_ARGS = `'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'`;

/**
 * The clustered variant of one statement: `ON CLUSTER` on every CREATE/ALTER/DROP and the Replicated
 * form of every *MergeTree engine, keeping the engine's own arguments after the replica ones.
 */
export function clusterStatement(statement: string, cluster: string): string {
  const onCluster = ` ON CLUSTER '${cluster.replaceAll("'", "")}'`;
  return statement
    .replace(/^(CREATE\s+(?:TABLE|MATERIALIZED\s+VIEW|VIEW|DICTIONARY)\s+IF\s+NOT\s+EXISTS\s+[\w.]+)/i, `$1${onCluster}`)
    .replace(/^(ALTER\s+TABLE\s+[\w.]+)/i, `$1${onCluster}`)
    .replace(/^(DROP\s+(?:TABLE|VIEW)\s+IF\s+EXISTS\s+[\w.]+)/i, `$1${onCluster}`)
    .replace(/ENGINE\s*=\s*(\w*)MergeTree(?:\(([^)]*)\))?/g, (_all, variant: string, args: string | undefined) => {
      const rest = args && args.trim() ? `, ${args.trim()}` : '';
      return `ENGINE = Replicated${variant}MergeTree(${REPLICA_ARGS}${rest})`;
    });
}
