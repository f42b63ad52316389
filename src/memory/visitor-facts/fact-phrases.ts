/**
 * Readers of the value that follows a fact's cue ("my name is" → "Sam"; "I live in" → "Lyon"):
 * each takes the rest of the clause and returns the value, or null when what follows is not one.
 */
import { JOB_WORDS, NOT_NAMES, NOT_PLACES, STOP_WORDS } from './fact-lexicon.ts';

const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word);
const wordPattern = /^[\p{L}][\p{L}'’-]*/u;

function leadingWords(rest: string): string[] {
  return rest.replace(/^[\s,:–—-]+/, '').split(/\s+/).filter((word) => word.length > 0);
}

/** A word without the punctuation that clings to it. */
function bare(word: string): string {
  return word.replace(/^["“‘'(]+/, '').replace(/["”’')\].,!?;:]+$/, '');
}

function endsPhrase(word: string): boolean {
  return /[.,!?;:)]$/.test(word);
}

/** Capitalises the first letter of each word ("sam" → "Sam"). */
export function titleCase(text: string): string {
  return text.replace(/(^|[\s-])(\p{Ll})/gu, (_match, before: string, letter: string) => `${before}${letter.toUpperCase()}`);
}

/** Months that are also given names (April, May, June, July, August). */
const GIVEN_NAME_MONTHS = new Set(['april', 'may', 'june', 'july', 'august']);

/**
 * A person's or pet's name: up to three capitalised words ("Mary Jane Watson"), or, after a strong
 * cue ("my name is", "called"), one lowercase word that is not an ordinary one ("sam" → "Sam").
 */
export function readName(rest: string, options: { allowLowercase: boolean }): string | null {
  const words = leadingWords(rest);
  const first = words[0];
  if (!first) return null;
  const firstBare = bare(first);
  if (!wordPattern.test(firstBare) || firstBare !== firstBare.match(wordPattern)![0]) return null;
  if (/['’]s$/.test(firstBare)) return null;
  // "My name is June": after a strong cue, a capitalised month that people are named for is a name.
  const isGivenMonth = options.allowLowercase && isCapitalised(firstBare) && GIVEN_NAME_MONTHS.has(firstBare.toLowerCase());
  if (!isGivenMonth && (NOT_NAMES.has(firstBare.toLowerCase()) || STOP_WORDS.has(firstBare.toLowerCase()))) return null;
  if (!isCapitalised(firstBare)) {
    if (!options.allowLowercase || firstBare.length < 2 || firstBare.length > 20) return null;
    const next = words[1] ? bare(words[1]).toLowerCase() : '';
    // "my name is sam and ..." is a name; "my name is hard to say" is not.
    if (!endsPhrase(first) && next !== '' && !STOP_WORDS.has(next) && !['and', 'but', 'by', 'though'].includes(next)) return null;
    return titleCase(firstBare);
  }
  const parts = [firstBare];
  let previous = first;
  for (const word of words.slice(1, 3)) {
    if (endsPhrase(previous)) break;
    const candidate = bare(word);
    if (!isCapitalised(candidate) || !wordPattern.test(candidate) || NOT_NAMES.has(candidate.toLowerCase()) || /['’]s$/.test(candidate)) break;
    parts.push(candidate);
    previous = word;
  }
  return parts.join(' ');
}

const placeConnectors = new Set(['de', 'la', 'le', 'les', 'del', 'da', 'do', 'dos', 'das', 'upon', 'on', 'of', 'am', 'im', 'sur', 'en', 'y', 'du', 'des', 'van', 'von', 'al', 'el', 'an', 'der']);
const placeKinds = String.raw`(?:town|village|city|island|hamlet|place|suburb|port|farm|ranch|estate|boat|houseboat|region|county|country|valley|district)`;
const placeAdjectives = String.raw`(?:(?:small|little|tiny|big|large|quiet|beautiful|lovely|nice|old|busy|sleepy|coastal|seaside|mountain|rural)\s+)*`;

/**
 * A place: capitalised words with their connectors ("Rio de Janeiro", "Stratford-upon-Avon"),
 * "a little town called Tromsø" (the name), or one lowercase word that is not an ordinary one.
 */
// Kinds of place a visitor may live in without naming one.
const LANDSCAPES = new Set(['mountains', 'hills', 'countryside', 'suburbs', 'woods', 'forest', 'highlands', 'valley', 'coast', 'seaside', 'desert', 'islands', 'outback', 'moors', 'fens', 'lakes']);

export function readPlace(rest: string): string | null {
  let text = rest.replace(/^[\s,:]+/, '');
  const named = new RegExp(String.raw`^(?:an?|the)\s+${placeAdjectives}${placeKinds}\s+(?:called|named|by the name of)\s+`, 'iu').exec(text);
  const near = new RegExp(String.raw`^(?:an?|the)\s+${placeAdjectives}${placeKinds}\s+(?:near|outside|in|on the outskirts of|just outside|close to|north of|south of|east of|west of)\s+`, 'iu').exec(text);
  // "the heart of London", "the outskirts of Leeds": the place is the one named after "of".
  const partOf = /^the\s+(?:edge|middle|heart|centre|center|outskirts|north|south|east|west|far north|far south)\s+of\s+(?=\p{Lu})/u.exec(text);
  if (named) text = text.slice(named[0].length);
  else if (near) text = text.slice(near[0].length);
  else if (partOf) text = text.slice(partOf[0].length);
  const hadThe = /^the\s+/i.test(text);
  text = text.replace(/^the\s+/i, '');
  const words = leadingWords(text);
  const first = words[0] ? bare(words[0]) : '';
  if (!first || !/^[\p{L}]/u.test(first)) return null;
  // "the mountains", "the countryside": a kind of place, said as it was, not a name ("Mountains").
  // "the mountains of Wales" keeps Wales.
  const then = words[1] ? bare(words[1]).toLowerCase() : '';
  if (hadThe && !isCapitalised(first) && LANDSCAPES.has(first.toLowerCase())) {
    const of = words[2] ? bare(words[2]) : '';
    if (then === 'of' && !endsPhrase(words[0]!) && isCapitalised(of)) return `the ${first.toLowerCase()} of ${of}`;
    if (endsPhrase(words[0]!) || then === '' || (STOP_WORDS.has(then) && then !== 'of')) return `the ${first.toLowerCase()}`;
  }
  if (!isCapitalised(first)) {
    if (STOP_WORDS.has(first.toLowerCase()) || NOT_NAMES.has(first.toLowerCase()) || NOT_PLACES.has(first.toLowerCase()) || first.length < 3) return null;
    const next = words[1] ? bare(words[1]).toLowerCase() : '';
    if (!endsPhrase(words[0]!) && next !== '' && !STOP_WORDS.has(next) && !['with', 'and', 'for', 'since', 'now'].includes(next)) return null;
    return titleCase(first);
  }
  if (NOT_NAMES.has(first.toLowerCase())) return null;
  const parts = [first];
  let last = words[0]!;
  for (const word of words.slice(1, 6)) {
    if (endsPhrase(last)) break;
    const candidate = bare(word);
    if (isCapitalised(candidate) && !NOT_NAMES.has(candidate.toLowerCase())) parts.push(candidate);
    else if (placeConnectors.has(candidate)) parts.push(candidate);
    else break;
    last = word;
  }
  while (parts.length > 1 && placeConnectors.has(parts.at(-1)!)) parts.pop();
  return parts.join(' ');
}

// Where a liked thing ends: a new clause, a reason, a time, an intensifier.
const objectCutters = /\s+(?:because|but|when|whenever|while|since|as well|too|so much|very much|a lot|a bunch|more than (?:anything|anyone|ever)|the most|in the (?:morning|mornings|evening|evenings|afternoon|afternoons|night|winter|summer)|at night|on (?:weekends|sundays|saturdays)|every (?:day|morning|evening|night|week|weekend)|these days|nowadays|now|anymore|any more|any longer|instead|lately|recently|though|honestly|really|actually|if|which|that is|who)\b.*$/i;
const notObjects = /^(?:you|it|it's|that|this|those|these|them|him|her|your|yours|what|how|when|where|why|who|which|the way|there|here|me|myself|so|too|very|a lot|some|any|anything|everything|nothing|something|one|being here|talking|chatting|to talk|to chat)\b/i;

/** The thing a visitor likes or dislikes ("sailing", "baking bread"); coordinated things come apart. */
export function readObjects(rest: string): string[] {
  const clause = rest.replace(/^[\s,:]+/, '').split(/[.!?;:()]|,\s*(?=(?:which|who|because|but|though|so)\b)/)[0] ?? '';
  const cut = clause.replace(objectCutters, '').replace(/\s+(?:so|very|really)$/i, '').trim();
  if (cut === '' || notObjects.test(cut)) return [];
  return cut
    .split(/\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+/)
    .map((part) => part.trim().replace(/^(?:also|both|all)\s+/i, ''))
    .filter((part) => part.length > 1 && !notObjects.test(part) && part.split(/\s+/).length <= 6 && !STOP_WORDS.has(part.toLowerCase()));
}

const jobSuffix = /(?:ist|ician|ologist|grapher|eer|smith|wright|monger|maker|worker|keeper|man|woman)$/;
const jobCutters = new Set(['in', 'at', 'for', 'with', 'and', 'but', 'from', 'by', 'since', 'who', 'which', 'so', 'because', 'on', 'near', 'now', 'here', 'there', 'of']);

/**
 * A job after "a"/"an" ("nurse", "software engineer", "retired teacher"): at most three words,
 * the last of them a known job or job-like word, unless `isCued` (after "I work as").
 */
export function readJob(rest: string, options: { isCued: boolean }): string | null {
  const words = leadingWords(rest.replace(/^\s*(?:an?|the)\s+/i, ''));
  const parts: string[] = [];
  for (const word of words.slice(0, 3)) {
    const candidate = bare(word).toLowerCase();
    if (!/^[\p{L}][\p{L}'-]*$/u.test(candidate) || jobCutters.has(candidate) || STOP_WORDS.has(candidate)) break;
    parts.push(candidate);
    if (endsPhrase(word)) break;
  }
  while (parts.length > 0) {
    const last = parts.at(-1)!;
    if (JOB_WORDS.has(last) || (!options.isCued && jobSuffix.test(last) && last.length > 5)) return parts.join(' ');
    if (options.isCued) return parts.join(' ');
    parts.pop();
  }
  return null;
}

/** What a visitor studies ("marine biology", "law"): up to three words, stopping at "at", "in"... */
export function readTopic(rest: string): string | null {
  const words = leadingWords(rest);
  const parts: string[] = [];
  for (const word of words.slice(0, 3)) {
    const candidate = bare(word);
    const lower = candidate.toLowerCase();
    if (!/^[\p{L}][\p{L}'-]*$/u.test(candidate) || jobCutters.has(lower) || STOP_WORDS.has(lower) || ['hard', 'a', 'lot', 'here', 'there', 'abroad', 'online', 'part-time', 'full-time'].includes(lower)) break;
    parts.push(candidate);
    if (endsPhrase(word)) break;
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

const weekday = String.raw`(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?`;
const month = String.raw`(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)`;
const ordinal = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
const datePattern = new RegExp(
  String.raw`\b(?:` +
    [
      String.raw`(?:on\s+)?(?:this\s+|next\s+|coming\s+)?${weekday}(?:\s+(?:morning|afternoon|evening|night))?(?:\s+the\s+${ordinal})?`,
      String.raw`(?:this|next|the coming|in a|in two|in three|in a few|in \d+)\s+(?:weeks?|weekend|months?|years?|days?|summer|winter|spring|autumn|fall|term|semester)`,
      String.raw`tomorrow(?:\s+(?:morning|afternoon|evening|night))?`,
      String.raw`today|tonight|this (?:morning|afternoon|evening)`,
      String.raw`(?:on\s+)?(?:the\s+)?${ordinal}(?:\s+of)?\s+${month}(?:\s+\d{4})?`,
      String.raw`(?:on\s+)?${month}\s+(?:the\s+)?${ordinal}(?:,?\s+\d{4})?`,
      String.raw`(?:in|this|next)\s+${month}`,
      String.raw`on the ${ordinal}`,
      String.raw`at the end of (?:the |this |next )?(?:week|month|year|term)`,
      String.raw`(?:on\s+)?\d{4}-\d{2}-\d{2}`,
    ].join('|') +
    String.raw`)\b`,
  'i',
);

/** The first date or time phrase in the text ("on Friday", "next month", "June 14th"), as said, and where it starts. */
export function findDatePhrase(text: string): { text: string; index: number } | null {
  const match = datePattern.exec(text);
  return match ? { text: match[0].trim(), index: match.index } : null;
}

/** The first date or time phrase in the text, as said. */
export function findDate(text: string): string | null {
  return findDatePhrase(text)?.text ?? null;
}
