/**
 * Which capitalised forms can name a person. Kept: forms capitalised mid-sentence at least twice
 * (or that speak). Left out: words mostly written in lowercase elsewhere ("Nature"/"nature"),
 * places (mostly after "in/at/to/from", or ending in "Hill", "Island", "Street", "Hall"…),
 * months and days in dates ("3 May", "June 5th"), groups ("the Indians", "the Bennets"), a title
 * of a saint or street ("St. Petersburg"), and compound nouns ("Sunday-school").
 */
import type { NameCount } from './find-names.ts';

const PLACE_WORDS = new Set([
  'hill', 'hills', 'island', 'isle', 'islands', 'cave', 'caves', 'river', 'street', 'lane', 'road', 'square', 'hall',
  'house', 'park', 'abbey', 'castle', 'court', 'manor', 'lodge', 'cottage', 'farm', 'wood', 'woods', 'forest', 'valley',
  'mountain', 'mountains', 'lake', 'bay', 'sea', 'ocean', 'bridge', 'gate', 'tower', 'palace', 'church', 'chapel',
  'cathedral', 'inn', 'tavern', 'hotel', 'town', 'city', 'village', 'county', 'shire', 'place', 'row', 'terrace',
  'gardens', 'common', 'heath', 'moor', 'point', 'cape', 'harbour', 'harbor', 'station', 'school', 'college',
  'university', 'hospital', 'asylum', 'prison', 'gaol', 'creek', 'brook', 'springs', 'falls', 'desert', 'plains',
  'channel', 'straits', 'strait', 'gulf', 'coast', 'downs', 'fields', 'quay', 'wharf', 'docks', 'crescent',
  'avenue', 'alley', 'priory', 'grange', 'heights', 'crossing', 'mill', 'mills', 'market', 'cross', 'main',
]);
const PLACE_FIRST_WORDS = new Set(['mount', 'mont', 'lake', 'fort', 'port', 'cape', 'loch', 'glen']);
const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

/** Whether a form names a place by its shape: "Cardiff Hill", "Mont Blanc", "St. Petersburg". */
export function isPlaceName(name: NameCount): boolean {
  const words = name.words.map((word) => word.toLowerCase());
  if (name.title === 'st') return true;
  if (words.length > 1 && PLACE_FIRST_WORDS.has(words[0]!)) return true;
  return words.length > 1 && PLACE_WORDS.has(words.at(-1)!);
}

/** Whether a form is a month or day used in dates ("3 May", "June 5th"). */
function isDate(name: NameCount): boolean {
  return name.words.length === 1 && name.title === null && MONTHS.has(name.words[0]!.toLowerCase()) && name.nearNumber * 3 >= name.total;
}

/** Whether a form names a group: a plural mostly after "the" ("the Indians", "the Harpers"). */
function isGroup(name: NameCount): boolean {
  const last = name.words.at(-1) ?? '';
  return name.title === null && /[^su]s$/.test(last) && name.afterThe * 2 >= name.total;
}

/** "Sunday-school", "Camp-Life": a compound noun, not a name; "Jean-Paul" keeps its capitals. */
function isCompoundNoun(name: NameCount): boolean {
  return name.words.some((word) => /-\p{Ll}/u.test(word));
}

/**
 * Whether a form may name a person; `lines` is how often it speaks, `addressed` how often a
 * quotation addresses someone by it (which stands for being capitalised mid-sentence).
 */
export function isAcceptedName(name: NameCount, lines: number, lowercaseCounts: ReadonlyMap<string, number>, addressed = 0): boolean {
  if (isDate(name) || isPlaceName(name) || isGroup(name) || isCompoundNoun(name)) return false;
  if (lines > 0) return true;
  if (name.midSentence < 2 && addressed < 2) return false;
  if (name.afterPlacePreposition * 2 >= name.total) return false;
  if (name.title === null && name.words.length === 1) {
    const lower = lowercaseCounts.get(name.words[0]!.toLowerCase()) ?? 0;
    if (lower > 2 * name.midSentence + 2) return false;
  }
  return true;
}
