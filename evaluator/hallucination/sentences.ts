// Sentence boundaries, shared by claim splitting (answer) and passage splitting (context).

// A sentence ends at . ! ? followed by space and not preceded by a known abbreviation, an
// initial ("J. Smith") or a digit-dot-digit decimal (the space requirement covers decimals).
const ABBREVIATION = /\b(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|etc|inc|ltd|co|no|e\.g|i\.e|u\.s)$/i;
const INITIAL = /(?:^|[\s.])\p{Lu}$/u;

/** Split running text into sentences, keeping each sentence's own punctuation. */
export function splitSentences(line: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of line.matchAll(/[.!?]+(?=\s|$)/g)) {
    const end = (match.index ?? 0) + match[0].length;
    const head = line.slice(start, match.index);
    if (match[0] === '.' && (ABBREVIATION.test(head) || INITIAL.test(head)) && end < line.length) continue;
    sentences.push(line.slice(start, end));
    start = end;
  }
  sentences.push(line.slice(start));
  return sentences;
}
