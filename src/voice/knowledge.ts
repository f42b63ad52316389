/**
 * What a character cannot know: the modern world, being a machine, being in a book, and what its
 * card says it does not know (`knowledge.doesNotKnow`). Chapters past `knowledge.lastChapter`
 * are kept out of the answers themselves (find-answer.ts) and noticed in compose-reply.ts.
 */
import { contentTerms } from './text.ts';

/** Why a message is outside what the character can speak of, and the words it was about. */
export interface OutsideReading {
  /** `others`: what other visitors said or who they are, which the character never tells. */
  kind: 'modern' | 'machine' | 'fourth-wall' | 'others';
  /** The visitor's own words for it ("computer", "TV show"), to name it back. */
  topic: string;
}

const MODERN = /\b(computers?|internet|online|websites?|e-?mails?|smart ?phones?|i ?phones?|mobile phones?|cell ?phones?|telephones?|phones?|text messages?|texting|tv|television|movies?|cinema|radio|electric cars?|cars?|automobiles?|aeroplanes?|airplanes?|planes?|helicopters?|rockets?|spaceships?|astronauts?|moon landing|satellites?|nuclear|atom(?:ic)? bombs?|light ?bulbs?|videos?|video games?|playstation|xbox|nintendo|youtube|google|facebook|twitter|instagram|tiktok|netflix|spotify|bitcoin|crypto(?:currency)?|artificial intelligence|chat ?gpt|robots?|chatbots?|apps?|software|(?:python|javascript|java|computer) code|coding|programming|code for|wi-?fi|laptops?|selfies?|emojis?|podcasts?|covid|coronavirus|world war|social media|streaming|microwaves?|refrigerators?|fridges?|skyscrapers?|plastic|supermarkets?|football match|pizza delivery|taylor swift|elon musk)\b/i;
const MACHINE = /\bare you (?:an? |the )?(ai|a\.i\.|artificial intelligence|robot|bot|chatbot|machine|computer|program(?:me)?|language model|llm|real person|human being|real)\b/i;
const FOURTH_WALL = /\b(lewis carroll|mary shelley|shelley|carroll|your author|the author|novel|fictional|fiction|a book about you|in the book|the movie|the film|disney|a character in)\b/i;

// "What did the last visitor tell you?", "Who else have you talked to?", "What have other people
// told you?": who else talks to the character and what they said. Others' people of the book
// ("What did the other guests say?") are not asked of: the words must be about telling "you".
const OTHER_VISITORS = /\b(?:other\s+(?:visitors?|users?|people|folks?|strangers|guests)|(?:the\s+)?(?:last|previous|earlier|other|next|first)\s+(?:visitor|user|person|guest|stranger)|others(?=\s+(?:have|has|had|told|said|shared|say|tell|confided))|someone\s+else|somebody\s+else|anyone\s+else|anybody\s+else|everyone\s+else|everybody\s+else|people\s+(?:you(?:'ve|\s+have)?\s+)?(?:talk(?:ed)?|spoke|speak|chat(?:ted)?)\s+(?:to|with))\b/i;
const TOLD_YOU = /\b(?:told|tell|tells|telling|said|say|says|shared|share|confided|confide|asked|ask|talked|talk|spoke|speak|chatted|chat|visited|visit|wrote|write)\b[^.!?]{0,30}?\b(?:you|to\s+you|with\s+you)\b|\byou\b[^.!?]{0,30}?\b(?:told|heard|talked|spoke|chatted|learned|learnt|know|remember)\b/i;
const WHO_ELSE = /\bwho\s+(?:else\s+)?(?:have|has|did|do)\s+you\s+(?:\w+\s+)?(?:talk(?:ed)?|spoke|speak|chat(?:ted)?|met|meet|see|seen)\b(?:[^.!?]{0,20}\b(?:before\s+me|else|today|lately|recently|this\s+week))|\bwho\s+else\b[^.!?]{0,30}\byou\b|\bwho\s+(?:was|came)\s+(?:here\s+)?before\s+me\b|\bwho\s+(?:visited|visits)\s+you\b/i;

// Words that name the character's other visitors or talks whatever the verb: "other users",
// "your visitors", "the person before me", "your previous conversations", "your chats with
// others", "what people have told you" ("our last conversation" is the asker's own).
const OTHERS_NAMED = /\b(?:other|previous|earlier|last|next)\s+(?:visitors?|users?)\b|\byour\s+(?:other\s+|previous\s+|earlier\s+|last\s+)?(?:visitors|users)\b|\b(?:visitor|user|person|people|guest|stranger|one|guy|girl|man|woman|lady|folks?)\s+(?:who\s+(?:came|was|were|talked|spoke|chatted|visited)\s+(?:here\s+|to\s+you\s+|with\s+you\s+)?)?before\s+me\b|(?<!\b(?:our|my)\s)\b(?:other|previous|earlier|last)\s+(?:conversations?|chats?)\b|\byour\s+(?:conversations?|chats?)\s+with\s+(?:others|other\s+people|everyone|strangers)\b|\b(?:people|visitors|strangers|folks|others)\s+(?:have\s+|had\s+)?(?:told|tell|confided\s+(?:in|to)|shared\s+with)\s+you\b/i;

// "Has anyone mentioned a dog called Rufus?", "Did somebody tell you my secret?"
const ANYONE_TOLD = /\b(?:has|have|did)\s+(?:anyone|anybody|someone|somebody|any\s+(?:other\s+)?(?:visitors?|people))\s+(?:else\s+)?(?:ever\s+)?(?:told\s+you|mentioned|talked\s+(?:to\s+you\s+)?about|spoken\s+(?:to\s+you\s+)?(?:of|about)|asked\s+(?:you\s+)?about|said\s+anything|named)\b/i;

/** Whether a message asks about the character's other visitors or what they said (see `OTHER_VISITORS`). */
export function asksAboutOtherVisitors(message: string): string | null {
  for (const sentence of message.split(/(?<=[.!?])\s+/)) {
    const who = WHO_ELSE.exec(sentence) ?? ANYONE_TOLD.exec(sentence) ?? OTHERS_NAMED.exec(sentence);
    if (who) return who[0];
    const other = OTHER_VISITORS.exec(sentence);
    if (other && TOLD_YOU.test(sentence)) return other[0];
  }
  return null;
}

/** Whether the message is about something outside the character's world. */
export function readOutsideWorld(message: string): OutsideReading | null {
  const others = asksAboutOtherVisitors(message);
  if (others) return { kind: 'others', topic: others };
  const machine = MACHINE.exec(message);
  if (machine) return { kind: 'machine', topic: machine[1]!.replace(/^ai$/i, 'AI') };
  const wall = FOURTH_WALL.exec(message);
  if (wall) return { kind: 'fourth-wall', topic: wall[1]! };
  const modern = MODERN.exec(message);
  if (modern) {
    // "your favourite TV show": name the thing with the word after it when that is a noun of it.
    const after = /^\s+(show|shows|programme|programs?|series|game|games|star|stars)\b/i.exec(message.slice(modern.index + modern[0].length));
    return { kind: 'modern', topic: `${modern[1]!}${after ? ` ${after[1]}` : ''}` };
  }
  return null;
}

/** Only words at least this rare in the book (idf over its sentences) tie a question to an entry. */
const MIN_TELLING_IDF = 3.5;

/** What matching a question against `doesNotKnow` needs from the book. */
export interface UnknownMatching {
  /** The character's own names, never telling. */
  ownTerms: ReadonlySet<string>;
  /** The words of people's names: half as telling as other words. */
  nameTerms: ReadonlySet<string>;
  idf: (term: string) => number;
}

/**
 * The `doesNotKnow` entry a question is about: telling words (rare in the book) it shares with the
 * entry weigh at least 1.5, a person's name counting half, so "What did the creature do when
 * Victor died?" is not "the creature's deeds beyond what Victor told him"; or the question is
 * only a name and the entry is about that name ("Who is Robert Walton?").
 */
export function matchUnknown(question: string, doesNotKnow: string[], matching: UnknownMatching): { entry: string; isOnlyAName: boolean } | null {
  const asked = new Set(contentTerms(question).filter((term) => !matching.ownTerms.has(term)));
  if (asked.size === 0) return null;
  let best: { entry: string; weight: number; isOnlyAName: boolean } | null = null;
  for (const entry of doesNotKnow) {
    const terms = new Set(contentTerms(entry).filter((term) => !matching.ownTerms.has(term)));
    const shared = [...asked].filter((term) => terms.has(term) && matching.idf(term) >= MIN_TELLING_IDF);
    const weight = shared.reduce((sum, term) => sum + (matching.nameTerms.has(term) ? 0.5 : 1), 0);
    const isOnlyAName = shared.length === asked.size && shared.length >= 1 && shared.every((term) => matching.nameTerms.has(term));
    if ((weight >= 1.5 || isOnlyAName) && (!best || weight > best.weight)) best = { entry, weight, isOnlyAName: weight < 1.5 };
  }
  return best ? { entry: best.entry, isOnlyAName: best.isOnlyAName } : null;
}
