// Prose for generated spans: sentences of common and domain words with ids, amounts and dates mixed
// in, drawn so that text columns compress roughly like real chat text rather than like one repeated
// template. The word RARE_WORD appears nowhere here; the generator adds it to a chosen share of
// answers so that a text search has a known selectivity.
import type { Rng } from './prng.ts';

export const RARE_WORD = 'chargeback';

const WORDS = (
  'the a an and or but if then so because while after before when where which that this these those it its ' +
  'you your we our they their he she his her i me my to of in on at for from with without by about into over under ' +
  'is are was were be been being have has had do does did can could will would should may might must not no yes ' +
  'please thanks sorry sure okay right also only just still again already soon now today tomorrow yesterday week month ' +
  'order orders shipment parcel package delivery tracking carrier warehouse address customer account invoice payment ' +
  'refund return exchange replacement discount coupon price total balance charge subscription plan renewal cancel ' +
  'policy terms warranty damaged missing late delayed wrong size colour color item items product products stock ' +
  'available unavailable store online support agent team ticket case issue problem question answer request status ' +
  'update updated confirm confirmed check checked verify verified receipt email phone message chat call number code ' +
  'report summary document documents section page file files result results search query data record records field ' +
  'value values table column row rows metric metrics error errors warning failure failed success successful retry ' +
  'timeout latency limit rate quota usage tokens model models prompt response context window cache cached input output ' +
  'function tool tools argument arguments parameter parameters schema version release deploy deployment build test tests ' +
  'review reviewed change changes commit branch merge pull diff line lines bug fix patch feature config setting settings ' +
  'flight flights hotel hotels booking bookings trip travel itinerary departure arrival airport seat seats fare fares ' +
  'lead leads prospect company companies meeting meetings demo pricing contract renewal budget quarter revenue pipeline ' +
  'article articles paper papers source sources citation citations topic topics summary summaries paragraph key points ' +
  'first second third next last new old recent previous following current standard express priority free extra ' +
  'good great better best bad worse quick quickly slow slowly easy hard clear clearly exact exactly likely usually ' +
  'need needs want wants get gets got make makes made take takes took give gives gave send sends sent receive received ' +
  'find found look looked show shows shown help helps helped explain explains describe describes compare compares ' +
  'include includes included contain contains list lists provide provides provided require requires required ' +
  'within between during across around until since per each every all any some many most more less few several ' +
  'days hours minutes business weekend morning evening time date schedule scheduled window deadline estimate estimated'
).split(' ');

/** Skewed toward the start of the list, as word frequencies are. */
function word(rng: Rng): string {
  const u = rng.next();
  return WORDS[Math.floor(u * u * WORDS.length)]!;
}

function token(rng: Rng): string {
  switch (rng.int(0, 5)) {
    case 0:
      return `A-${rng.int(10000, 99999)}`;
    case 1:
      return `$${rng.int(5, 900)}.${String(rng.int(0, 99)).padStart(2, '0')}`;
    case 2:
      return `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    case 3:
      return String(rng.int(2, 500));
    case 4:
      return `#${rng.int(100000, 999999)}`;
    default:
      return `${rng.int(1, 48)}h`;
  }
}

export function words(rng: Rng, count: number): string {
  let text = word(rng);
  for (let i = 1; i < count; i++) text += ' ' + (rng.chance(0.08) ? token(rng) : word(rng));
  return text;
}

export function sentence(rng: Rng, minWords = 6, maxWords = 18, end = '.'): string {
  const text = words(rng, rng.int(minWords, maxWords));
  return text[0]!.toUpperCase() + text.slice(1) + end;
}

export function paragraph(rng: Rng, minSentences: number, maxSentences: number): string {
  let text = sentence(rng);
  for (let i = rng.int(minSentences, maxSentences) - 1; i > 0; i--) text += ' ' + sentence(rng);
  return text;
}

/** A fixed system prompt of about `sentences` sentences for one agent, the same on every call. */
export function systemPrompt(rng: Rng, role: string, sentences: number): string {
  return `You are ${role}. ` + paragraph(rng, sentences, sentences);
}

/** A short JSON object as a tool's arguments or result, with a few typed fields. */
export function toolJson(rng: Rng, fields: number): string {
  // Built as text: words and tokens never need JSON escaping.
  let json = `{"id":"A-${rng.int(10000, 99999)}"`;
  for (let i = 0; i < fields; i++) {
    const value = rng.chance(0.5) ? `"${words(rng, rng.int(1, 8))}"` : String(rng.int(0, 5000));
    json += `,"${word(rng)}_${word(rng)}":${value}`;
  }
  return json + '}';
}
