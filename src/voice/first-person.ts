/**
 * Narration about the speaking character turned into its own first person: its names and the
 * pronouns that stand for it become I, me, my, myself; the tense stays; quotations are left as
 * they are. "Luckily for Alice, the little magic bottle had now had its full effect" becomes
 * "Luckily for me, ...". The diary uses the same conversion.
 */
import type { Gender } from './voice-character.ts';

/** How the narration names the character. */
export interface SelfReference {
  /** Forms without "the" ("Alice", "Hatter", "Cheshire Cat"); "the" before one is taken with it. */
  forms: string[];
  gender: Gender;
}

/** When a pronoun of the character's gender is taken to stand for it. */
export interface FirstPersonOptions {
  /**
   * 'after-name': only once the sentence has named it; 'from-start': the sentence before was about
   * it; 'always': the text is about it throughout (a card's description of it).
   */
  pronouns: 'after-name' | 'from-start' | 'always';
  /** Forms naming others of the same gender: a mention of one hands the pronouns to it. */
  rivals?: string[];
}

/** The converted text, and whether no name of the character is left outside quotations. */
export interface FirstPersonText {
  text: string;
  isComplete: boolean;
  /** A pronoun of the character's person was left as it was after another was named: it may be either. */
  isAmbiguous: boolean;
}

const PRONOUNS: Record<Gender, { subject: string[]; object: string[]; possessive: string[]; reflexive: string[]; independent: string[] }> = {
  female: { subject: ['she'], object: ['her'], possessive: ['her'], reflexive: ['herself'], independent: ['hers'] },
  male: { subject: ['he'], object: ['him'], possessive: ['his'], reflexive: ['himself'], independent: [] },
  neuter: { subject: ['it'], object: [], possessive: ['its'], reflexive: ['itself'], independent: [] },
  unknown: { subject: [], object: [], possessive: [], reflexive: [], independent: [] },
};

const SPEECH_VERBS = 'said|says|thought|cried|replied|asked|exclaimed|remarked|added|began|went on|continued|shouted|screamed|whispered|muttered|sighed|pleaded|inquired|answered|repeated|interrupted|observed|called out|cried out|sobbed|growled|panted|ventured|explained|retorted|persisted|suggested|grumbled|gasped';
const PREPOSITIONS = new Set('to at of for with by from upon on about towards toward behind before after like than into onto beside near round around past under over against among between without within through beyond unto'.split(' '));
const OBJECT_VERBS = new Set('saw told asked gave let made took heard called sent showed kept left met found brought caught followed offered handed led bade bid watched noticed seized pushed pulled hit struck shook helped thanked invited make give tell see hear call send show keep meet find bring catch follow offer help thank invite'.split(' '));
const VERB_LIKE = new Set(('was were had could would should might must ought cannot did said thought felt began went came saw knew got made took looked seemed kept sat stood ran found heard told asked gave let left put tried turned spoke wanted will shall can may is has does says thinks grinned vanished appeared grew fell cried replied answered remarked likes loves knows sits appears vanishes leaves answers reasons grins keeps carries ' +
  'woke wept fled hid read ate drank slept rose fought caught taught sought brought swam sang lay led met sold sent shook struck swore tore threw understood won wrote became drew chose broke held bit hung shot stole').split(' '));
// Words that open what a verb acts on: "gets them", "dips in", "bites a piece".
const OBJECT_STARTERS = new Set('them it him her me my his the a an in into on at to so very out up off myself herself himself itself away back'.split(' '));
// (and verbs a "her" is the subject of: "let her go")
const NOT_A_NOUN_START = new Set(('to in at on and but or nor with for from by up down out off that so as again very back away over into when if then too all round about more than now here there is was had has being been ever quite just only ' +
  'go come be do have see know feel think say take make get try stay sit stand alone something anything nothing everything').split(' '));
const NOT_PRESENT_VERBS = new Set('was has is this thus always perhaps as its hers his us yes less across sometimes towards afterwards besides nevertheless unless whereas'.split(' '));
const ADVERBS = new Set('always never often only still just also then soon once quite really sometimes even seldom rarely usually generally hardly scarcely ever'.split(' '));

// Adjectives without an adjective's ending that stand before a name as its epithet.
const EPITHETS = 'wise|real|poor|little|old|young|mad|dear|brave|good|great|sad|angry|unhappy|foolish|silly|kind|gentle|noble|proud|weary|lonely|tiny|huge';
// Words that open another clause, with a subject of its own, after the character's "I".
// ("Alice begged them to let her go": another, "them", is who lets, so "her" is the character.)
const CLAUSE_OPENERS = new Set('that which who whom whose when while if because as though although until till before after since where whether unless the a an them him us you it they he she we one'.split(' '));

/** Applies `change` to the parts of `text` outside double quotations. */
function outsideQuotations(text: string, change: (part: string) => string): string {
  return text.split(/(“[^”]*”?)/u).map((part) => (part.startsWith('“') ? part : change(part))).join('');
}

function isVerbOrPreposition(word: string): boolean {
  return PREPOSITIONS.has(word) || OBJECT_VERBS.has(word) || /ed$/.test(word);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matchCase(replacement: string, isSentenceStart: boolean): string {
  if (replacement === 'I' || replacement.startsWith('I’') || replacement.startsWith("I'")) return replacement;
  return isSentenceStart ? replacement.charAt(0).toUpperCase() + replacement.slice(1) : replacement;
}

/** The first person singular form of a present-tense verb after "I" ("keeps" -> "keep", "is" -> "am"). */
function agree(verb: string): string {
  const lower = verb.toLowerCase();
  const fixed: Record<string, string> = { is: 'am', has: 'have', does: 'do', 'doesn’t': 'don’t', "doesn't": "don't", 'hasn’t': 'haven’t', "hasn't": "haven't", 'isn’t': 'am not', "isn't": 'am not', goes: 'go', lies: 'lie', dies: 'die', ties: 'tie' };
  if (fixed[lower]) return fixed[lower]!;
  if (NOT_PRESENT_VERBS.has(lower) || lower.length <= 3 || !lower.endsWith('s') || lower.endsWith('ss') || lower.endsWith('us')) return verb;
  if (/ies$/.test(lower)) return verb.slice(0, -3) + 'y';
  if (/(?:ch|sh|x|z|o)es$/.test(lower)) return verb.slice(0, -2);
  return verb.slice(0, -1);
}

/** Turns narration about the character into its own first person (see the module comment). */
export function toFirstPerson(text: string, self: SelfReference, options: FirstPersonOptions): FirstPersonText {
  const forms = [...self.forms].sort((left, right) => right.length - left.length).map(escape);
  if (forms.length === 0) return { text, isComplete: true, isAmbiguous: false };
  // "the wretched Hatter" is the character as much as "the Hatter": one word between that reads
  // as an adjective ("the chief difficulty Alice found" and "the moment Alice appeared" are not).
  const epithet = String.raw`(?:(?:${EPITHETS})\s+|\p{Ll}+(?:ed|ble|ful|ous|ive|less|ish)\s+)`;
  const name = String.raw`(?:[Pp]oor\s+little\s+|[Pp]oor\s+|[Ll]ittle\s+)?(?:[Tt]he\s+(?:${epithet})?)?(?:${forms.join('|')})(?![\p{L}])`;
  // Inverted speech tags and motion: "said Alice" -> "Alice said", "away went Alice" -> "away Alice went";
  // only in the narration: inside a quotation "I thought it would" is not a tag.
  let prepared = outsideQuotations(text, (part) => part
    .replace(new RegExp(String.raw`\b(${SPEECH_VERBS})\s+(${name})`, 'gu'), '$2 $1')
    .replace(new RegExp(String.raw`\b(away|off|down|up|in|out|on|back|over)\s+(went|ran|came|flew|rushed|fell)\s+(${name})`, 'gu'), '$1 $3 $2'));
  const pronouns = PRONOUNS[self.gender];
  if (pronouns.subject.length > 0) {
    // Only as a tag after a quotation ("“...,” said she"): "Alice thought she might" is no tag.
    prepared = outsideQuotations(prepared, (part) => part.replace(new RegExp(String.raw`^(\s*)(${SPEECH_VERBS})\s+(${pronouns.subject.join('|')})\b`), '$1$3 $2'));
  }
  const tokens = prepared.match(/[\p{L}’']+|[^\p{L}’']+/gu) ?? [];
  // Matched at a word, against the text from it on: "March Hare" is two words.
  const rival = options.rivals && options.rivals.length > 0 ? new RegExp(String.raw`^(?:${[...options.rivals].sort((left, right) => right.length - left.length).map(escape).join('|')})(?![\p{L}])`, 'u') : null;
  const out: string[] = [];
  let depth = 0;
  let isActive = options.pronouns !== 'after-name';
  let hasRival = false;
  let isAmbiguous = false;
  let hasSelf = false;
  let isRivalActing = false;
  let agreeNext = false;
  // Once "I" is the subject, later verbs of the same clause agree with it too ("I try ... and get").
  let isSubjectI = false;
  // The words since the character became "I" in this sentence (null when it is not the subject):
  // an object pronoun of its own clause is someone else, or it would be "herself".
  let wordsSinceI: string[] | null = null;
  // Such a pronoun was found: the same pronouns later in the sentence are that other one's too.
  let isOtherPronounNamed = false;
  const nextWord = (from: number): string => {
    for (let index = from; index < tokens.length; index += 1) {
      const token = tokens[index]!;
      if (/\p{L}/u.test(token)) return token;
      if (/\S/.test(token)) return '';
    }
    return '';
  };
  const nextVerbish = (from: number): boolean => {
    for (let index = from; index < tokens.length; index += 1) {
      const token = tokens[index]!;
      if (!/\p{L}/u.test(token)) {
        if (/\S/.test(token)) return false;
        continue;
      }
      const lower = token.toLowerCase();
      if (ADVERBS.has(lower)) continue;
      return VERB_LIKE.has(lower) || /ed$/.test(lower);
    }
    return false;
  };
  const isSentenceStart = (): boolean => {
    const before = out.join('').replace(/\s+$/, '');
    return before.length === 0 || /[.!?“"(]$/.test(before);
  };
  const previousWord = (): string => {
    for (let index = out.length - 1; index >= 0; index -= 1) {
      const token = out[index]!;
      if (/\p{L}/u.test(token)) return token.toLowerCase();
      if (/\S/.test(token)) return '';
    }
    return '';
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (!/\p{L}/u.test(token)) {
      for (const mark of token) {
        if (mark === '“') depth += 1;
        else if (mark === '”') depth = Math.max(0, depth - 1);
        else if (/[.;:!?]/.test(mark)) {
          isSubjectI = false;
          wordsSinceI = null;
          if (/[.!?]/.test(mark)) isOtherPronounNamed = false;
        }
      }
      out.push(token);
      continue;
    }
    if (depth > 0) {
      out.push(token);
      continue;
    }
    // A name of the character, with "the" and "poor" before it when they belong to it.
    const rest = tokens.slice(index).join('');
    const named = new RegExp(String.raw`^${name}(?:(’s|'s)(?![\p{L}]))?`, 'u').exec(rest);
    if (named && !/\bI am(?:\s+the)?\s*$/.test(out.join(''))) {
      const consumed = named[0];
      let length = 0;
      let last = index;
      while (length < consumed.length && last < tokens.length) length += tokens[last++]!.length;
      const following = nextWord(last);
      const before = previousWord();
      let replacement: string;
      if (named[1]) replacement = 'my';
      // "Poor Alice!" with no verb after it is "Poor me!", as after a verb or a preposition.
      else if (/^(?:poor|little)\b/i.test(consumed) && (PREPOSITIONS.has(before) || OBJECT_VERBS.has(before) || !nextVerbish(last))) replacement = `${consumed.split(/\s+/)[0]!.toLowerCase()} me`;
      else if (nextVerbish(last)) replacement = 'I';
      else if (PREPOSITIONS.has(before) || OBJECT_VERBS.has(before)) replacement = 'me';
      else replacement = 'I';
      out.push(matchCase(replacement, isSentenceStart()));
      // The regex may stop inside a token ("Alice’s"): keep what is left of it.
      if (length > consumed.length) out.push(tokens[last - 1]!.slice(tokens[last - 1]!.length - (length - consumed.length)));
      index = last - 1;
      hasSelf = true;
      // Named as the subject, the character is who a later pronoun stands for, even after another
      // was named ("just as the Dormouse crossed..., the wretched Hatter trembled so that he
      // shook"); named as an object, it is not ("the Duchess said to Alice... as she spoke").
      isActive = !hasRival || replacement === 'I';
      wordsSinceI = replacement === 'I' ? [] : null;
      agreeNext = replacement === 'I';
      isSubjectI ||= agreeNext;
      continue;
    }
    const lower = token.toLowerCase();
    const rivalMatch = rival && /^\p{Lu}/u.test(token) ? rival.exec(tokens.slice(index, index + 8).join('')) : null;
    if (rivalMatch) {
      wordsSinceI = null;
      isActive = false;
      hasRival = true;
      // The words after the whole name ("March Hare" is two tokens and the space between).
      let after = index;
      for (let length = 0; length < rivalMatch[0].length && after < tokens.length; after += 1) length += tokens[after]!.length;
      // "the Dormouse followed him", "the March Hare, who had followed him": a named other that
      // acts leaves its object to the character; "hand in hand with Dinah, and saying to her" does not.
      const actsInRelative = /^,?\s*(?:who|which|that)\s/u.test(tokens.slice(after, after + 3).join(''));
      isRivalActing = actsInRelative || (nextVerbish(after) && !PREPOSITIONS.has(previousWord()) && previousWord() !== 'and');
    }
    // "her" is an object ("find her in", "let her go") unless a noun follows it ("her hand").
    const isHerObject = lower === 'her' && (nextWord(index + 1) === '' || NOT_A_NOUN_START.has(nextWord(index + 1).toLowerCase()) || /^[^\s\p{L}]/u.test(tokens[index + 1] ?? ''));
    const isObjectForm = pronouns.object.includes(lower) && (lower !== 'her' || isHerObject);
    // "Alice was very glad to find her in such a pleasant temper": the object of the character's
    // own clause is another (who is left as she is, and so are her later "her"s in the sentence).
    if (isActive && ((isObjectForm && wordsSinceI !== null && !wordsSinceI.some((word) => CLAUSE_OPENERS.has(word)) && (OBJECT_VERBS.has(previousWord()) || VERB_LIKE.has(previousWord()) || /ed$/.test(previousWord()))) || (isOtherPronounNamed && (pronouns.object.includes(lower) || pronouns.possessive.includes(lower))))) {
      isOtherPronounNamed = true;
      isAmbiguous = true;
      out.push(token);
      wordsSinceI?.push(lower);
      continue;
    }
    if (isActive && (pronouns.subject.includes(lower) || pronouns.object.includes(lower) || pronouns.possessive.includes(lower) || pronouns.reflexive.includes(lower) || pronouns.independent.includes(lower) || /^(?:she|he)[’'](?:s|d|ll)$/.test(lower))) {
      const following = nextWord(index + 1).toLowerCase();
      let replacement: string | null = null;
      if (/^(?:she|he)[’'](?:s|d|ll)$/.test(lower)) replacement = lower.endsWith('s') ? (['been', 'got', 'had'].includes(following) ? 'I’ve' : 'I’m') : `I’${lower.slice(-1) === 'd' ? 'd' : 'll'}`;
      else if (pronouns.reflexive.includes(lower)) replacement = 'myself';
      else if (pronouns.independent.includes(lower)) replacement = 'mine';
      else if (pronouns.subject.includes(lower) && self.gender === 'neuter' && options.pronouns === 'always' && (['of', 'to', 'at', 'with'].includes(previousWord()) || OBJECT_VERBS.has(previousWord()))) replacement = 'me';
      else if (pronouns.subject.includes(lower)) replacement = self.gender === 'neuter' && !nextVerbish(index + 1) ? null : 'I';
      else if (lower === 'her') replacement = following && !NOT_A_NOUN_START.has(following) && !/^[^\s\p{L}]/u.test(tokens[index + 1] ?? '') ? 'my' : 'me';
      else if (lower === 'his') replacement = following && !NOT_A_NOUN_START.has(following) ? 'my' : 'mine';
      else if (pronouns.possessive.includes(lower)) replacement = 'my';
      else if (pronouns.object.includes(lower)) replacement = 'me';
      if (replacement) {
        out.push(matchCase(replacement, isSentenceStart()));
        hasSelf = true;
        agreeNext = replacement === 'I';
        isSubjectI ||= agreeNext;
        continue;
      }
    }
    // "the Dormouse followed him", "flinging the baby at her": after another is named, an object
    // pronoun is not that other (it would say himself), so it is still the character.
    const isObject = lower === 'him' || isHerObject;
    if (hasRival && isRivalActing && hasSelf && isObject && (pronouns.object.includes(lower) || pronouns.possessive.includes(lower)) && isVerbOrPreposition(previousWord())) {
      out.push('me');
      continue;
    }
    const isOwnPronoun = pronouns.subject.includes(lower) || pronouns.possessive.includes(lower) || pronouns.object.includes(lower) || pronouns.reflexive.includes(lower);
    if (hasRival && isOwnPronoun && (self.gender !== 'neuter' || lower === 'its')) isAmbiguous = true;
    if (agreeNext && ADVERBS.has(lower)) {
      out.push(token);
      continue;
    }
    const previous = previousWord();
    const isCoordinated = isSubjectI && (previous === 'and' || /,\s*$/.test(out.join(''))) && (lower === 'is' || (lower.endsWith('s') && OBJECT_STARTERS.has(nextWord(index + 1).toLowerCase())));
    out.push(agreeNext || isCoordinated ? agree(token) : token);
    wordsSinceI?.push(lower);
    agreeNext = false;
  }
  // "the Hatter and the March Hare went" is "the March Hare and I went", not "I and the March Hare".
  const converted = outsideQuotations(out.join('').replace(/\bI I\b/g, 'I'), (part) =>
    part.replace(/\bI and ((?:the |[Mm]y )?\p{Lu}[\p{L}-]*(?: \p{Lu}[\p{L}-]*){0,2})(?![\p{L}’'])/gu, (_match, other: string, offset: number, whole: string) =>
      `${/(?:^|[.!?]\s+)$/.test(whole.slice(0, offset)) ? other.charAt(0).toUpperCase() + other.slice(1) : other} and I`));
  const left = new RegExp(String.raw`(?<![\p{L}])(?:${forms.join('|')})(?![\p{L}])`, 'u');
  const outsideQuotes = converted.replace(/“[^”]*”?/g, ' ').replace(new RegExp(String.raw`\bI am (?:the\s+)?(?:${forms.join('|')})`, 'gu'), ' ');
  return { text: converted, isComplete: !left.test(outsideQuotes), isAmbiguous };
}
