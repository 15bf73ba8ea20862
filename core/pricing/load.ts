// Reads price overrides from the file named by VIGIL_PRICES_FILE: YAML or JSON, either a list of
// price entries or {prices: [...]}, each entry validated by PriceEntrySchema.
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../config.ts';
import { PriceEntriesSchema, type PriceEntry } from './schema.ts';

function issuePath(path: readonly PropertyKey[]): string {
  const [index, ...field] = path;
  if (index === undefined) return 'prices';
  return `prices[${String(index)}]${field.map((part) => `.${String(part)}`).join('')}`;
}

/** The line of the value at `path` inside the price list, when the file's text is known. */
type Locate = (path: readonly PropertyKey[]) => number | undefined;

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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const [syntax] = doc.errors;
  if (syntax) throw new ConfigError(`${file}: not valid YAML or JSON (${syntax.message})`);
  const content: unknown = doc.toJS();
  const listPath = Array.isArray(content) ? [] : ['prices'];
  const locate: Locate = (path) => {
    // Point at the offending value, or at the entry when the field is missing altogether.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn([...listPath, ...path.slice(0, depth)], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return parsePriceOverrides(content, file, locate);
}
