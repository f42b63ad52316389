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

const HUMAN_VERBS = 'said|says|cried|replied|answered|asked|thought|laughed|smiled|looked|nodded|shook|whispered|shouted|spoke|told|knew|felt|saw|heard|began|seemed|wished|wanted|hoped|feared|loved|hated|wept|sighed|frowned|grinned|bowed|exclaimed|muttered|called|died|lived|married|remembered|believed';
const HUMAN_THINGS = 'eyes|face|hand|hands|voice|head|heart|mind|arm|arms|feet|lips|mouth|hair|wife|husband|son|daughter|father|mother|name|brother|sister|children|friend|life';

/**
 * Whether the text treats a name as a person: it says, thinks or feels something ("the Turk
 * said", "the Welshman laughed"), or has a face, a voice or a family ("the Turk's daughter").
 * A ship or a house called "the Hispaniola" does neither.
 */
export function isSpokenOfAsPerson(paragraphs: Iterable<string>, forms: readonly string[]): boolean {
  const names = forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const pattern = new RegExp(`\\b(?:${names})(?:(?:[’']s\\s+(?:${HUMAN_THINGS}))|(?:\\s+(?:\\p{Ll}+ly\\s+)?(?:${HUMAN_VERBS})))\\b`, 'u');
  for (const paragraph of paragraphs) if (forms.some((form) => paragraph.includes(form)) && pattern.test(paragraph)) return true;
  return false;
}
