// Datasets from the UI: which executions are selected on a page, and what a dataset may be named.
// Selections are immutable sets of trace ids, replaced on every change so `$state` sees them.

/** The API's rule for dataset names (ui/server/routes/datasets.ts). */
export const DATASET_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
/** The most trace ids one request may add. */
export const MAX_ITEMS = 1000;
const TRACE_ID = /^[0-9a-fA-F]{32}$/;

export type PageSelection = 'none' | 'some' | 'all';

/** Why `name` cannot name a dataset, or null when it can. */
export function datasetNameProblem(name: string): string | null {
  if (name === '') return 'Choose a dataset or type a new name.';
  if (name.length > 100) return 'A dataset name is at most 100 characters.';
  if (!DATASET_NAME.test(name)) return 'Use only letters, digits, _ . or - (no spaces).';
  return null;
}

export function toggleOne(selected: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(selected);
  if (!next.delete(key)) next.add(key);
  return next;
}

/** How many of the page's rows are selected, for the "select all" box (checked, mixed, clear). */
export function pageSelection(selected: ReadonlySet<string>, keys: readonly string[]): PageSelection {
  const count = keys.filter((key) => selected.has(key)).length;
  if (count === 0) return 'none';
  return count === new Set(keys).size ? 'all' : 'some';
}

/** "Select all on this page": clears the page's rows when all are selected, else selects them all. */
export function togglePage(selected: ReadonlySet<string>, keys: readonly string[]): Set<string> {
  const next = new Set(selected);
  if (pageSelection(selected, keys) === 'all') for (const key of keys) next.delete(key);
  else for (const key of keys) next.add(key);
  return next;
}

/** The selected trace ids among those shown, once each, in page order: what the action sends.
 *  Selections of rows no longer shown (filters changed) are not sent. */
export function selectedTraceIds(selected: ReadonlySet<string>, shown: readonly (string | null)[]): string[] {
  return [...new Set(shown.filter((id): id is string => id !== null && TRACE_ID.test(id) && selected.has(id)))];
}

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** What adding did: "Added 2. 12 executions in refunds." */
export function describeAdded(result: { dataset: string; added: number; items: number }): string {
  return `Added ${result.added.toLocaleString('en-US')}. ${plural(result.items, 'execution')} in ${result.dataset}.`;
}

export function datasetExportPath(name: string): string {
  return `/api/datasets/${encodeURIComponent(name)}/export`;
}
