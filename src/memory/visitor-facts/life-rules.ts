/**
 * Cues for the visitor's life: where they live and come from, their work and studies, what they
 * like and dislike (and stopped liking), their plans with dates, birthday and age.
 */
import { EVENT_WORDS, PEOPLE_WORDS, PET_WORDS } from './fact-lexicon.ts';
import { findDate, findDatePhrase, readJob, readObjects, readPlace, readTopic } from './fact-phrases.ts';
import type { FactRule, RuleFact } from './fact-rule.ts';
import { VISITOR_SUBJECT, type FactAttribute } from './fact-types.ts';

// "I" or "we", then a space or a contraction ("I'm", "we've").
const I = String.raw`\b(?:i|we|and i)(?=[\s'])`;
const adverbs = String.raw`(?:(?:currently|now|still|actually|also|really|absolutely|truly|just|totally|so|do|genuinely|honestly|simply|always|very much|kind of|kinda|sort of)\s+)*`;

const visitor = (value: string | null, extra: Partial<RuleFact> = {}): RuleFact[] => (value ? [{ subject: VISITOR_SUBJECT, value, ...extra }] : []);
const each = (values: string[], attribute?: FactAttribute): RuleFact[] => values.map((value) => ({ subject: VISITOR_SUBJECT, value, ...(attribute ? { attribute } : {}) }));

const eventWords = [...EVENT_WORDS].sort((left, right) => right.length - left.length).join('|');
const eventPhrase = String.raw`((?:[\p{L}'-]+\s+){0,2}?(?:${eventWords}))`;

/** "driving test on Thursday" from "driving test" and the rest of the clause; null without a date. */
function dated(event: string, rest: string): string | null {
  const modifiers = event.toLowerCase().split(/\s+/);
  // "my sister's wedding" and "my dog's surgery" are someone else's.
  if (modifiers.some((word) => /['’]s$/.test(word) || PEOPLE_WORDS.has(word) || PET_WORDS.has(word))) return null;
  const date = findDate(rest);
  return date ? `${event.toLowerCase()} ${date}` : null;
}

/** Where the visitor lives and comes from, their work and studies. */
export const placeAndWorkRules: FactRule[] = [
  {
    attribute: 'lives_in',
    cue: new RegExp(String.raw`${I}\s*${adverbs}(?:live|am living|'m living|are living|'re living|have been living|'ve been living|reside|am based|'m based|are based|'re based|have lived|'ve lived|am staying|'m staying)\s+(?:now\s+)?(?:(?:alone|by myself|on my own|happily|quietly)\s+|with\s+(?:my\s+|a\s+|an\s+|the\s+|our\s+)?[a-z]+(?:\s+and\s+(?:my\s+|our\s+)?[a-z]+)?\s+)?(?:in|on|near|just outside|outside|on the outskirts of)\s+`, 'gi'),
    read: (rest) => visitor(readPlace(rest)),
  },
  {
    attribute: 'lives_in',
    cue: /\bmy home(?:\s+town)? is(?: now)?(?: in)?\s+|\bhome (?:for me )?is(?: now)?\s+/gi,
    read: (rest) => (/^\s*\p{Lu}/u.test(rest) ? visitor(readPlace(rest)) : []),
  },
  {
    attribute: 'lives_in',
    isUpdate: true,
    cue: new RegExp(String.raw`${I}\s*(?:have\s+|'ve\s+|just\s+|recently\s+|finally\s+|actually\s+|since\s+|now\s+)*(?:moved|relocated)\s+(?:back\s+|house\s+)?(?:from\s+(\S+(?:\s+\p{Lu}\S*)?)\s+)?(?:to|into)\s+`, 'giu'),
    read: (rest, match) => visitor(readPlace(rest), match[1] ? { replaces: { attribute: 'lives_in', value: match[1].replace(/[,.]$/, '') } } : {}),
  },
  {
    attribute: 'no_longer_lives_in',
    handlesNegation: true,
    cue: /\bi\s+(?:no longer|don't|do not)\s+live\s+in\s+(?=.*\b(?:any ?more|any longer|no longer)\b)|\bi\s+no longer\s+live\s+in\s+/gi,
    read: (rest) => visitor(readPlace(rest)),
  },
  {
    attribute: 'comes_from',
    cue: new RegExp(String.raw`${I}\s*(?:(?:am|'m|are|'re)\s+(?:originally\s+|actually\s+|also\s+)?from|(?:originally\s+|also\s+)?(?:come|hail)\s+from|(?:was|were)\s+born(?:\s+and\s+(?:raised|bred))?\s+in|(?:grew up|was raised|were raised)\s+(?:in|on|near|just outside|outside))\s+`, 'gi'),
    read: (rest) => visitor(readPlace(rest)),
  },
  {
    attribute: 'comes_from',
    cue: /\bmy hometown is\s+|\boriginally,? i'm from\s+|\bborn and raised in\s+/gi,
    read: (rest) => visitor(readPlace(rest)),
  },
  {
    attribute: 'works_as',
    cue: new RegExp(String.raw`${I}\s*${adverbs}(?:work|am working|'m working|have worked|'ve worked|earn my living|make a living)\s+as\s+(?:an?\s+)?|\bi\s+(?:got|have|'ve got|started)\s+(?:a|my|the)\s+(?:new\s+)?job\s+as\s+(?:an?\s+)?|\bi\s+(?:started|began)\s+working\s+as\s+(?:an?\s+)?|\bmy\s+job\s+is\s+(?:being\s+)?(?:an?\s+)?|\bi\s+(?:retrain(?:ed)?|am training|'m training|trained|qualified)\s+(?:to be\s+|as\s+)(?:an?\s+)?`, 'gi'),
    read: (rest, match) => visitor(readJob(rest, { isCued: !/training|trained|qualified|retrain/i.test(match[0]) })),
  },
  {
    attribute: 'works_as',
    cue: new RegExp(String.raw`\b(?:i am|i'm|im)\s+(?:now\s+|currently\s+|actually\s+|also\s+|still\s+|just\s+)?(?:an?\s+)|\bi\s+(?:became|have become|'ve become)\s+(?:an?\s+)`, 'gi'),
    read: (rest, match) => visitor(readJob(rest, { isCued: false }), /became|become|now/i.test(match[0]) ? { isUpdate: true } : {}),
  },
  {
    // "I'm Ben, a clockmaker", "My name is Ana, a nurse": the work said beside the name.
    attribute: 'works_as',
    cue: /\b(?:i am|i'm|im|my name is|my name's|call me)\s+\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*)?\s*,\s+(?:and\s+)?(?:an?\s+)/giu,
    read: (rest) => visitor(readJob(rest, { isCued: false })),
  },
  {
    // "I'm a nurse from Lyon", "I'm Ben, a clockmaker from York": where they are from, after the work.
    attribute: 'comes_from',
    cue: /\b(?:i am|i'm|im)\s+(?:\p{Lu}[\p{L}'-]*\s*,\s+)?(?:an?\s+)[\p{L}'-]+(?:\s+[\p{L}'-]+)?\s+from\s+(?=\p{Lu})/giu,
    read: (rest) => visitor(readPlace(rest)),
  },
  {
    attribute: 'works_as',
    cue: /\b(?:i am|i'm|im)\s+(?:now\s+)?(?=(?:retired|unemployed|self-employed|a stay-at-home (?:mum|mom|dad|parent))\b)/gi,
    read: (rest) => visitor(/^(?:retired|unemployed|self-employed|a stay-at-home (?:mum|mom|dad|parent))/i.exec(rest)?.[0]?.toLowerCase() ?? null),
  },
  {
    attribute: 'no_longer_works_as',
    handlesNegation: true,
    cue: /\b(?:i am|i'm|im)\s+not\s+(?:an?\s+)(?=.*\b(?:any ?more|any longer|now)\b)|\bi\s+(?:no longer|don't|do not)\s+work\s+as\s+(?:an?\s+)?(?=.*\b(?:any ?more|any longer|no longer)\b)|\bi\s+no longer\s+work\s+as\s+(?:an?\s+)?|\bi\s+(?:quit|left|lost)\s+my\s+job\s+as\s+(?:an?\s+)?|\bi\s+used\s+to\s+be\s+(?:an?\s+)|\bi\s+used\s+to\s+work\s+as\s+(?:an?\s+)?/gi,
    read: (rest) => visitor(readJob(rest, { isCued: false })),
  },
  {
    // "I teach maths" → a maths teacher.
    attribute: 'works_as',
    cue: new RegExp(String.raw`${I}\s*(?:now\s+|also\s+)?teach\s+`, 'gi'),
    read: (rest) => {
      const topic = readTopic(rest);
      return visitor(topic ? `${topic.toLowerCase()} teacher` : 'teacher');
    },
  },
  {
    attribute: 'works_at',
    cue: new RegExp(String.raw`${I}\s*${adverbs}work\s+(?:at|for)\s+`, 'gi'),
    read: (rest) => {
      const place = readPlace(rest);
      return place && /^\p{Lu}/u.test(rest.replace(/^\s*the\s+/i, '')) ? visitor(place) : [];
    },
  },
  {
    attribute: 'studies',
    cue: new RegExp(String.raw`${I}\s*${adverbs}(?:study|am studying|'m studying|are studying|have been studying|'ve been studying|major in|am majoring in|'m majoring in|am doing a (?:degree|phd|masters?|master's|course|diploma|ba|bsc|ma|msc) in|'m doing a (?:degree|phd|masters?|master's|course|diploma|ba|bsc|ma|msc) in|(?:have|'ve) (?:just )?started (?:studying|a degree in|a course in))\s+`, 'gi'),
    read: (rest) => (/^\s*at\s/i.test(rest) ? [] : visitor(readTopic(rest))),
  },
  {
    attribute: 'studies_at',
    cue: new RegExp(String.raw`${I}\s*${adverbs}(?:study|am studying|'m studying|am a student|'m a student|go to school|go to university|go to college)\s+(?:\p{L}+\s+){0,3}?at\s+`, 'giu'),
    read: (rest) => {
      const place = readPlace(rest);
      return place && /^\p{Lu}/u.test(rest.replace(/^\s*the\s+/i, '')) ? visitor(place) : [];
    },
  },
];

const likeVerbs = String.raw`(?:love|loves|like|likes|adore|enjoy|enjoys|am into|'m into|am really into|'m really into|am a (?:big |huge |great )?fan of|'m a (?:big |huge |great )?fan of|am fond of|'m fond of|am passionate about|'m passionate about|am crazy about|'m crazy about|am obsessed with|'m obsessed with|am mad about|'m mad about|can't get enough of|prefer)`;
const dislikeVerbs = String.raw`(?:hate|dislike|detest|loathe|despise|abhor|can't stand|cannot stand|can't bear|cannot bear|do not like|don't like|dont like|do not enjoy|don't enjoy|don't really like|do not really like|am not (?:a )?(?:big |huge )?fan of|'m not (?:a )?(?:big |huge )?fan of|am not into|'m not into|am not fond of|'m not fond of)`;
const stopVerbs = String.raw`(?:stopped|quit|gave up|have given up|'ve given up|have stopped|'ve stopped|have quit|'ve quit|am done with|'m done with|am off|'m off|no longer (?:like|love|drink|eat|enjoy|play|do)|don't (?:drink|eat|like|play|do) .{1,40}? any ?more)`;

/** Likes, dislikes, what the visitor stopped liking and what replaced it. */
export const likingRules: FactRule[] = [
  {
    attribute: 'likes',
    cue: new RegExp(String.raw`${I}\s*${adverbs}${likeVerbs}\s+`, 'gi'),
    // "I prefer to be called Lee" is the name they go by (names.ts), not a taste.
    read: (rest) => (/^(?:to\s+be\s+(?:called|known\s+as|named|addressed\s+as)|to\s+go\s+by|being\s+called)\b/i.test(rest) ? [] : each(readObjects(rest))),
  },
  {
    attribute: 'likes',
    cue: /\bmy\s+(?:absolute\s+|all-time\s+)?favou?rite\s+(?:[\p{L}-]+\s+){1,2}?(?:is|are)\s+/giu,
    read: (rest) => each(readObjects(rest)),
  },
  {
    attribute: 'likes',
    cue: /\b(?:i|we)\s+(?:only\s+|mostly\s+|usually\s+|always\s+)?(?:drink|eat|play|listen to|watch)\s+(?=.*\b(?:every (?:day|morning|evening|night)|all the time|now|these days)\b)|\b(?:i|we)\s+(?:only|mostly|always)\s+(?:drink|eat|play|listen to|watch)\s+/gi,
    read: (rest) => each(readObjects(rest)),
  },
  {
    attribute: 'dislikes',
    handlesNegation: true,
    cue: new RegExp(String.raw`${I}\s*${adverbs}${dislikeVerbs}\s+`, 'gi'),
    read: (rest) => {
      // "I don't like tea any more" is a change of taste, not a dislike from the start.
      const isChange = /\b(?:any ?more|any longer)\b/i.test(rest);
      return each(readObjects(rest), isChange ? 'no_longer_likes' : undefined);
    },
  },
  {
    attribute: 'no_longer_likes',
    handlesNegation: true,
    cue: new RegExp(String.raw`${I}\s*${adverbs}${stopVerbs}\s*`, 'gi'),
    read: (rest, match) => {
      const verb = /no longer (\w+)|don't (\w+) (.{1,40}?) any ?more/i.exec(match[0]);
      // "I don't drink tea any more": the thing sits inside the cue.
      if (verb?.[3]) return each(readObjects(verb[3]));
      return each(readObjects(rest));
    },
  },
  {
    // The replacement of what the visitor stopped: "it is only lemonade now", "now I drink lemonade".
    attribute: 'likes',
    isUpdate: true,
    cue: /\b(?:it'?s|it is|its)\s+(?:only|just|all)\s+(?=.*\bnow\b)|\bnow\s+(?:i|we)\s+(?:only\s+|mostly\s+)?(?:drink|eat|like|prefer|love|have|play)\s+|\b(?:i|we)(?=[\s'])\s*(?:have\s+|'ve\s+)?(?:switched|changed|moved on)\s+(?:over\s+)?to\s+|\b(?:i|we)\s+(?:only\s+)?(?:drink|eat|prefer|have)\s+(?=.*\binstead\b)/gi,
    read: (rest) => each(readObjects(rest.replace(/\s+now\b.*$/i, ''))),
  },
];

/** Plans with dates, birthdays and ages. */
export const eventRules: FactRule[] = [
  {
    // "I'm pregnant", "we're expecting a baby": kept as said, with its date when one is said.
    attribute: 'event',
    cue: /\b(?:i am|i'm|im|we are|we're)\s+(?:now\s+|finally\s+|actually\s+)?(?=(?:pregnant|expecting)\b)/gi,
    read: (rest) => {
      const said = /^(?:pregnant(?:\s+with\s+(?:twins|(?:my|our)\s+(?:first|second|third)(?:\s+(?:child|baby))?))?|expecting(?:\s+(?:a|our|my)\s+(?:(?:first|second|third)\s+)?(?:baby|child)|\s+twins)?)/i.exec(rest)?.[0];
      // "I'm expecting a parcel" is no baby: a bare "expecting" only when nothing follows it.
      if (!said || (/^expecting$/i.test(said) && !/^expecting\s*(?:[.!,;]|$)/i.test(rest))) return [];
      const date = findDatePhrase(rest.slice(said.length));
      return visitor(date && date.index <= 4 ? `${said.toLowerCase()} ${date.text}` : said.toLowerCase());
    },
  },
  {
    attribute: 'event',
    cue: new RegExp(String.raw`\bmy\s+${eventPhrase}\s+(?:is|will be|'s|has been moved|was moved|got moved|has moved|is now)\s+`, 'giu'),
    // A birthday has a rule of its own.
    read: (rest, match) => (/birthday$/i.test(match[1]!) ? [] : visitor(dated(match[1]!, rest))),
  },
  {
    attribute: 'event',
    cue: new RegExp(String.raw`\b(?:i|we)(?=[\s'])\s*(?:have|'ve got|have got|'ve|am having|'m having|got)\s+(?:an?|my|the|two|three|some)?\s*${eventPhrase}\s+`, 'giu'),
    read: (rest, match) => visitor(dated(match[1]!, rest)),
  },
  {
    attribute: 'event',
    cue: /\b(?:i am|i'm|we are|we're)\s+((?:going|flying|travelling|traveling|driving|off|moving|heading|leaving)\s+(?:to|for|back to)|getting married|starting (?:a |my )?(?:new )?(?:job|school|university|college)|graduating|retiring)\b/gi,
    read: (rest, match) => {
      const date = findDatePhrase(rest);
      if (!date || date.index > 40) return [];
      const where = rest.slice(0, date.index).trim().replace(/[,;]$/, '');
      return visitor([match[1]!.toLowerCase(), where, date.text].filter((part) => part !== '').join(' ').replace(/\s+/g, ' '));
    },
  },
  {
    attribute: 'birthday',
    cue: /\bmy birthday(?:'s| is)\s+(?:on\s+)?/gi,
    read: (rest) => visitor(findDate(`on ${rest}`)?.replace(/^on\s+/i, '') ?? null),
  },
  {
    attribute: 'age',
    cue: /\b(?:i am|i'm|im|i just turned|i've just turned|i turned)\s+(?=\d)/gi,
    read: (rest) => {
      const match = /^(\d{1,3})(?:\s+years?\s+old|\s+y\/?o)?\s*(?:$|[,.!;]|and\b|now\b|today\b)/.exec(rest.trim());
      const age = match ? Number(match[1]) : Number.NaN;
      return age >= 3 && age <= 110 ? visitor(String(age)) : [];
    },
  },
];
