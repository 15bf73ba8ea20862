// Rows of the BEGIN benchmark (Dziri et al., TACL 2022), the labelled data the detector is
// calibrated on. The TSV holds free text with stray quotes, so it is split on tabs only.

export type BeginLabel = 'Fully attributable' | 'Not fully attributable' | 'Generic';

export interface BeginRow {
  readonly source: string;
  readonly model: string;
  readonly knowledge: string;
  readonly response: string;
  readonly label: BeginLabel;
}

const LABELS: ReadonlySet<string> = new Set(['Fully attributable', 'Not fully attributable', 'Generic']);
const COLUMNS = ['model_name', 'data_source', 'knowledge', 'message', 'response', 'begin_label'];

/** Parse one BEGIN TSV file. Throws on a header or row that does not have the expected shape. */
export function parseBeginTsv(text: string): BeginRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines.shift()?.split('\t');
  if (header?.join('\t') !== COLUMNS.join('\t')) {
    throw new Error(`BEGIN TSV header should be ${COLUMNS.join(', ')}; got ${header?.join(', ')}`);
  }
  return lines.map((line, index) => {
    const [model, source, knowledge, , response, label] = line.split('\t').map((cell) => cell.trim());
    if (model === undefined || source === undefined || knowledge === undefined || response === undefined ||
        label === undefined || !LABELS.has(label)) {
      throw new Error(`BEGIN TSV line ${index + 2}: expected 6 tab-separated columns and a known label`);
    }
    return { model, source, knowledge, response, label: label as BeginLabel };
  });
}

/** True for rows that count in the metrics: `Generic` responses carry no claim to attribute. */
export function isScored(row: BeginRow): boolean {
  return row.label !== 'Generic';
}

/** The positive class is the hallucinated one. */
export function isHallucinated(row: BeginRow): boolean {
  return row.label === 'Not fully attributable';
}
