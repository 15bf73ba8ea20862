// YAML files people edit by hand (policy, price overrides): parse once, keep line positions so a
// validation error can point at the line of the offending value.
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';

/** The line of the value at `path`, or of the nearest enclosing node that exists. */
export type Locate = (path: readonly PropertyKey[], key?: string) => number | undefined;

export interface ParsedYaml {
  content: unknown;
  locate: Locate;
}

export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
  readonly line: number | undefined;
  constructor(message: string, line: number | undefined) {
    super(message);
    this.line = line;
  }
}

export function parseYaml(text: string, prefix: readonly PropertyKey[] = []): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const [syntax] = doc.errors;
  if (syntax) throw new YamlSyntaxError(syntax.message.split('\n')[0] ?? 'not valid YAML', syntax.linePos?.[0]?.line);
  const line = (node: unknown): number | undefined => (isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined);
  const locate: Locate = (path, key) => {
    const full = [...prefix, ...path];
    // A named key of a map (an unknown field): point at the key itself.
    if (key !== undefined) {
      const map = doc.getIn(full, true);
      if (isMap(map)) {
        const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
        if (pair) return line(pair.key);
      }
    }
    // Otherwise the offending value, or the enclosing entry when the field is missing altogether.
    for (let depth = full.length; depth >= 0; depth--) {
      const found = line(depth === 0 ? doc.contents : doc.getIn(full.slice(0, depth), true));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return { content: doc.toJS(), locate };
}
