// Reads price overrides from the file named by VIGIL_PRICES_FILE: YAML or JSON, either a list of
// price entries or {prices: [...]}, each entry validated by PriceEntrySchema.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.ts';
import { parseYaml, YamlSyntaxError, type Locate } from '../yaml.ts';
import { PriceEntriesSchema, type PriceEntry } from './schema.ts';

function issuePath(path: readonly PropertyKey[]): string {
  const [index, ...field] = path;
  if (index === undefined) return 'prices';
  return `prices[${String(index)}]${field.map((part) => `.${String(part)}`).join('')}`;
}

/** Validated overrides from already-parsed file content; `where` names the file in errors. */
export function parsePriceOverrides(content: unknown, where: string, locate: Locate = () => undefined): PriceEntry[] {
  const list =
    Array.isArray(content) ? content
    : content !== null && typeof content === 'object' && 'prices' in content ? content.prices
    : undefined;
  if (list === undefined) throw new ConfigError(`${where}: expected a list of price entries or {prices: [...]}`);
  const parsed = PriceEntriesSchema.safeParse(list);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const line = locate(issue.path);
    return `  ${where}${line === undefined ? '' : `:${line}`}: ${issuePath(issue.path)}: ${issue.message}`;
  });
  throw new ConfigError(`invalid price overrides:\n${lines.join('\n')}`);
}

export function loadPriceOverrides(file: string): PriceEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`VIGIL_PRICES_FILE=${file}: cannot read the file (${(error as Error).message})`);
  }
  let parsed;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new ConfigError(`${file}: not valid YAML or JSON (${error.message})`);
    throw error;
  }
  const listPath = Array.isArray(parsed.content) ? [] : ['prices'];
  const locate: Locate = (path) => parsed.locate([...listPath, ...path]);
  return parsePriceOverrides(parsed.content, file, locate);
}
