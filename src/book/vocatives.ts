/**
 * Names used to address someone inside a quotation ("Victor, …", "…, my dear Frankenstein,",
 * "Tom!") and names a speaker gives themselves ("my name is Ishmael", "call me Ishmael"). They
 * are evidence of who a listener or a narrator is, where the narration never names them.
 */
import { COMMON_CAPITALISED_WORDS, NAME_TITLES } from './common-words.ts';

const TITLE = String.raw`(?:(?:Mr|Mrs|Ms|Dr|St|M|Mme|Mlle)\.\s+|(?:Miss|Madam|Madame|Captain|Professor|Doctor|Lord|Lady|Sir|Aunt|Uncle|Master|Mistress|Mars|Cousin|Judge|Colonel|Count)\s+)`;
const WORD = String.raw`\p{Lu}[\p{Ll}\p{Lu}’'-]*`;
const NAME = String.raw`(${TITLE}?${WORD}(?:\s+(?:van\s+|von\s+|de\s+)?${WORD}){0,2})`;
const ENDEARMENT = String.raw`(?:(?:my|My)\s+)?(?:(?:dear|Dear|dearest|Dearest|good|Good|poor|Poor|beloved|Beloved|old|Old|little|Little|sweet|Sweet|darling|Darling)\s+)*`;
const INTERJECTION = String.raw`(?:(?:Oh|O|Ah|Well|Now|Come|Why|Say|Look here|Hello|Good-bye|Goodbye|Farewell|Adieu|Yes|No|Thank you)[,!]?\s+)?`;
const LEADING = new RegExp(String.raw`^${INTERJECTION}${ENDEARMENT}${NAME}\s*(?=[,.!?—–;]|$)`, 'u');
const INNER = new RegExp(String.raw`[,;!?—–]\s*(?:(?:oh|O|Oh)\s+)?${ENDEARMENT}${NAME}\s*(?=[,.!?;—–]|$)`, 'gu');
const SELF_NAMING = new RegExp(String.raw`\b(?:[Mm]y name is|[Mm]y name was|[Mm]y name’s|[Mm]y name's|I am called|I was called|[Cc]all me|[Tt]hey call me|[Tt]hey called me|I am|I’m|I'm)\s+${NAME}\s*(?=[,.!?;—–]|$)`, 'gu');
const INTERJECTIONS = new Set([
  'good-bye', 'goodbye', 'hello', 'halloo', 'hullo', 'amen', 'bravo', 'hurrah', 'hurray', 'hang', 'gosh', 'golly', 'lordy',
  'shucks', 'sho', 'jings', 'say', 'look', 'lookyhere', 'hold', 'listen', 'hush', 'stop', 'wait', 'see', 'hark', 'mind',
  'quick', 'run', 'help', 'shut', 'sh', 'hist', 'pshaw', 'nonsense', 'bosh', 'fiddlesticks', 'rubbish', 'humbug',
  'begone', 'away', 'silence', 'peace', 'enough', 'courage', 'hence', 'behold', 'mercy', 'pardon', 'welcome', 'thanks',
]);

function cleanName(raw: string): string | null {
  const name = raw.replace(/[’']s$/, '').replace(/[’'-]+$/, '').trim();
  const words = name.split(/\s+/);
  // A title alone ("Doctor", "Sir") or a common word ("Heaven", "Mother") is not a name.
  const proper = words.filter((word, index) => {
    const bare = word.replace(/\.$/, '').toLowerCase();
    if (index === 0 && words.length > 1 && (NAME_TITLES.has(bare) || /^(?:madam|doctor|master|mistress|mars|cousin|judge|count)$/.test(bare))) return false;
    return !/^(?:van|von|de)$/.test(bare);
  });
  if (proper.length === 0 || proper.some((word) => INTERJECTIONS.has(word.toLowerCase()))) return null;
  const isCommon = proper.every((word) => COMMON_CAPITALISED_WORDS.has(word.toLowerCase()) || word.length < 2 || !/\p{Ll}/u.test(word));
  return isCommon ? null : name;
}

// Attribution, narrator naming and discovery each ask about the same quotations: remember the answers.
const remembered = new Map<string, readonly string[]>();
const REMEMBER_AT_MOST = 20_000;

/** The names a quotation uses to address someone, in order. */
export function vocativesIn(quote: string): string[] {
  const known = remembered.get(quote);
  if (known) return [...known];
  const found = findVocatives(quote);
  if (remembered.size >= REMEMBER_AT_MOST) remembered.clear();
  remembered.set(quote, found);
  return [...found];
}

function findVocatives(quote: string): string[] {
  const names: string[] = [];
  const leading = LEADING.exec(quote);
  let leadingEnd = 0;
  if (leading) {
    const name = cleanName(leading[1]!);
    if (name) names.push(name);
    leadingEnd = leading[0].length;
  }
  for (const match of quote.matchAll(INNER)) {
    const name = cleanName(match[1]!);
    // "Oh, Frankenstein, …" is one address, read by both patterns.
    if (name && match.index + match[0].indexOf(match[1]!) >= leadingEnd) names.push(name);
  }
  return names;
}

/** Names a speaker gives themselves: "my name is Ishmael", "call me Ishmael", "I am Victor". */
export function selfNamesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(SELF_NAMING)) {
    const name = cleanName(match[1]!);
    if (name) names.push(name);
  }
  return names;
}
