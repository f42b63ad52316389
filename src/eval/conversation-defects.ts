/**
 * Automatic checks of one reply of a scripted conversation: the defects issue #18 names. Each is
 * a plain rule written down here, so the figures say what they count; none of them calls the
 * voice's own code, so the voice cannot grade itself.
 */

/** The defects counted per 100 replies. */
export const defectKinds = ['third-person-self', 'misattributed-line', 'own-words-as-visitors', 'internal-label', 'repeat', 'too-short', 'too-long'] as const;

/** One kind of defect. */
export type DefectKind = (typeof defectKinds)[number];

/** What the checks need to know about the character and the conversation so far. */
export interface DefectContext {
  /** The character's name and the other names the book uses for it. */
  selfForms: string[];
  /** The canonical name of the character as the book's speeches give it. */
  selfSpeaker: string;
  /** Every speaker of the book, with the forms it may be called by (its name's words, card aliases). */
  speakerForms: ReadonlyMap<string, string[]>;
  /** Who the book says spoke a quotation: a name, null for unattributed, undefined when it is no speech of the book. */
  speakerOf(quote: string): string | null | undefined;
  /** The character's earlier replies in this conversation. */
  earlierReplies: string[];
}

/** Replies shorter or longer than this (in words) are counted. */
export const REPLY_WORDS = { min: 20, max: 120 } as const;

const SPEECH_VERB = String.raw`(?:said|says|say|told|tells|tell|asked|asks|cried|answered|replied|exclaimed|shouted|screamed|whispered|added|went on|began|called|thought|remarked|wrote|writes|put it|words|saying|spoke|observed|continued|interrupted|repeated|muttered|sobbed|roared|bawled|sang)`;
const SELF_TAG = new RegExp(String.raw`\b(?:I(?:\s+\w+){0,2}\s+${SPEECH_VERB}|${SPEECH_VERB}\s+I|my (?:own )?words|I remember saying)\b`);

/** Lowercase words, apostrophes straightened, for comparing texts. */
function words(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/_/g, '').match(/[\p{L}\p{N}']+/gu) ?? [];
}

function nGrams(tokens: string[], size: number): Set<string> {
  const grams = new Set<string>();
  for (let index = 0; index + size <= tokens.length; index += 1) grams.add(tokens.slice(index, index + size).join(' '));
  return grams;
}

function sharesRun(text: string, others: string[], size: number): boolean {
  const grams = nGrams(words(text), size);
  return others.some((other) => [...nGrams(words(other), size)].some((gram) => grams.has(gram)));
}

/** Double-quoted spans of a reply with their offsets. */
export function quotedSpans(reply: string): Array<{ start: number; end: number; text: string }> {
  const spans: Array<{ start: number; end: number; text: string }> = [];
  for (const match of reply.matchAll(/“([^”]*)”?|"([^"]*)"/g)) {
    spans.push({ start: match.index, end: match.index + match[0].length, text: (match[1] ?? match[2] ?? '').trim() });
  }
  return spans;
}

function withoutQuotes(reply: string): string {
  return reply.replace(/“[^”]*”?|"[^"]*"/g, ' … ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SENTENCE_OPENERS = new Set(['The', 'A', 'An', 'And', 'But', 'Then', 'When', 'Poor', 'Little', 'Young', 'Old', 'So', 'As', 'For', 'Yet', 'Luckily', 'Now', 'There', 'Here']);

/** Whether a form is the last word of a longer form, a family name others may share. */
function isSurname(form: string, selfForms: string[]): boolean {
  return !form.includes(' ') && selfForms.some((other) => other !== form && other.endsWith(` ${form}`));
}

/** The character named in the third person outside any quotation ("Luckily for Alice, ..."). */
export function hasThirdPersonSelf(reply: string, selfForms: string[]): boolean {
  // Saying one's own name is not narrating oneself: "I am Robert Walton", "my name is Alice".
  const longestFirst = [...selfForms].sort((left, right) => right.length - left.length).map(escapeRegExp);
  const narration = withoutQuotes(reply).replace(new RegExp(String.raw`\b(?:I am|I['’]m|[Mm]y name is|call me)\s+(?:the\s+)?(?:${longestFirst.join('|')})`, 'g'), ' … ');
  for (const form of selfForms) {
    const pattern = new RegExp(String.raw`(^|[^\p{L}])(${escapeRegExp(form)})(?![\p{L}])`, /^\p{Lu}/u.test(form) ? 'gu' : 'giu');
    for (const match of narration.matchAll(pattern)) {
      const before = narration.slice(Math.max(0, match.index - 24), match.index + match[1]!.length);
      // A lowercase epithet ("monster", "wretch") names oneself only when pointed at ("the monster"):
      // "Was I, then, a monster" and "a human being" are ordinary nouns.
      if (/^\p{Ll}+$/u.test(form) && !/\b(?:the|this|that|his|her|its|their|your|our)\s+$/i.test(before)) continue;
      // Saying one's own name is not narrating oneself: "I am Alice", "my name is Victor Frankenstein".
      if (/(?:\bI am|\bI['’]m|\bname is|\bcalled|\bcall me|\bIt is I,?|\bI was|\bas|\bme)\s+(?:the\s+|a\s+|an\s+)?$/i.test(before)) continue;
      // "Elizabeth Frankenstein", "M. Frankenstein": a relative of the same surname, not oneself.
      const previous = /(\S+)\s+$/.exec(before)?.[1] ?? '';
      if (isSurname(form, selfForms) && /^(?:\p{Lu}\p{Ll}+|M\.|Mr\.|Mrs\.)$/u.test(previous) && !selfForms.includes(previous) && !SENTENCE_OPENERS.has(previous)) continue;
      return true;
    }
  }
  return false;
}

/** Who the reply says spoke a quotation: the nearest speaker tag around it, "I" being the character. */
function claimedSpeaker(reply: string, span: { start: number; end: number }, context: DefectContext): string | null {
  const before = reply.slice(Math.max(0, span.start - 80), span.start);
  const after = reply.slice(span.end, span.end + 50);
  let best: { speaker: string; distance: number } | null = null;
  const consider = (speaker: string, distance: number) => {
    if (!best || distance < best.distance) best = { speaker, distance };
  };
  const selfBefore = [...before.matchAll(new RegExp(SELF_TAG.source, 'g'))].at(-1);
  if (selfBefore) consider(context.selfSpeaker, before.length - (selfBefore.index + selfBefore[0].length));
  const selfAfter = SELF_TAG.exec(after);
  if (selfAfter && selfAfter.index < 25) consider(context.selfSpeaker, selfAfter.index);
  for (const [speaker, forms] of context.speakerForms) {
    for (const form of forms) {
      const name = new RegExp(String.raw`\b${escapeRegExp(form)}\b`, 'g');
      for (const match of before.matchAll(name)) {
        const tail = before.slice(match.index);
        const lead = before.slice(Math.max(0, match.index - 25), match.index);
        if (new RegExp(String.raw`\b${SPEECH_VERB}\b`).test(tail) || new RegExp(String.raw`\b${SPEECH_VERB}\s+(?:the\s+)?$`).test(lead)) {
          consider(speaker, before.length - (match.index + match[0].length));
        }
      }
      for (const match of after.matchAll(name)) {
        if (match.index < 30 && new RegExp(String.raw`\b${SPEECH_VERB}\b`).test(after.slice(0, match.index + match[0].length + 15))) consider(speaker, match.index);
      }
    }
  }
  return (best as { speaker: string } | null)?.speaker ?? null;
}

// A quotation given a speaker in front and another tag after it ("I said, “Why…?” I asked."),
// or two tags in front ("and cried, I said, “Are you…?”").
const TAGGED_TWICE_IN_FRONT = /\b(?:said|asked|cried|replied|answered|exclaimed|whispered|shouted|added|remarked),\s*(?:I|she|he|it)\s+(?:said|asked|cried|replied),\s*“/u;
const TAGGED_TWICE = /\b(?:said|asked|cried|replied),\s*“[^”]*”\s*(?:I|she|he|it|the\s+\p{L}+|\p{Lu}[\p{L}’']*)\s+(?:said|asked|cried|replied|answered|exclaimed|whispered|shouted|added|remarked)\b/u;

/**
 * A closing quotation mark with none open before it: the end of someone's speech ("…than I
 * loved your brother”—tears came into his eyes") said as the character's own words.
 */
export function hasStrayClosingQuote(reply: string): boolean {
  let open = 0;
  for (const mark of reply.matchAll(/[“”]/g)) {
    if (mark[0] === '“') open += 1;
    else if (open === 0) return true;
    else open -= 1;
  }
  return false;
}

/** A quoted line of the book given to the wrong speaker, given to no one, or given a speaker twice. */
export function hasMisattributedLine(reply: string, context: DefectContext): boolean {
  if (TAGGED_TWICE.test(reply) || TAGGED_TWICE_IN_FRONT.test(reply) || hasStrayClosingQuote(reply)) return true;
  for (const span of quotedSpans(reply)) {
    if (words(span.text).length < 4) continue;
    const actual = context.speakerOf(span.text);
    if (actual === undefined || actual === null) continue;
    const claimed = claimedSpeaker(reply, span, context);
    // A quotation that names its own speaker inside ("‘Enter,’ said De Lacey") attributes itself.
    const forms = context.speakerForms.get(actual) ?? [actual];
    if (forms.some((form) => new RegExp(String.raw`\b${SPEECH_VERB}\s+(?:the\s+)?${escapeRegExp(form)}\b|\b${escapeRegExp(form)}\s+${SPEECH_VERB}\b`).test(span.text))) continue;
    if (claimed === null ? actual !== context.selfSpeaker : claimed !== actual) return true;
  }
  return false;
}

/** The character's own earlier words presented as something the visitor said. */
export function hasOwnWordsAsVisitors(reply: string, earlierReplies: string[]): boolean {
  for (const match of reply.matchAll(/\byou (?:said|told me|asked|mentioned|wrote|once said)\b|\byour (?:own )?words\b/gi)) {
    // What follows the frame up to the end of its clause, or the quotation it opens.
    const rest = reply.slice(match.index + match[0].length, match.index + match[0].length + 240);
    const quoted = /^[^“".!?]{0,20}[“"]([^”"]*)/.exec(rest)?.[1];
    const following = quoted ?? (/^[^,.;:!?]*/.exec(rest)?.[0] ?? '');
    if (sharesRun(following, earlierReplies, 6)) return true;
  }
  return false;
}

/** Labels of our memory items or card macros that a visitor should never see. */
export function hasInternalLabel(reply: string): boolean {
  return /The visitor said:/i.test(reply) || /(?:^|[.!?]\s+|[“"])I said: (?![“"‘])/.test(reply) || /\{\{[^}]*\}\}|<\/?(?:USER|BOT|START)>|\{[a-zA-Z_]+\}|\bundefined\b|\[object Object\]/.test(reply);
}

/** Every defect of one reply. */
export function findDefects(reply: string, context: DefectContext): DefectKind[] {
  const defects: DefectKind[] = [];
  const length = reply.split(/\s+/).filter(Boolean).length;
  if (hasThirdPersonSelf(reply, context.selfForms)) defects.push('third-person-self');
  if (hasMisattributedLine(reply, context)) defects.push('misattributed-line');
  if (hasOwnWordsAsVisitors(reply, context.earlierReplies)) defects.push('own-words-as-visitors');
  if (hasInternalLabel(reply)) defects.push('internal-label');
  if (sharesRun(reply, context.earlierReplies, 8)) defects.push('repeat');
  if (length < REPLY_WORDS.min) defects.push('too-short');
  if (length > REPLY_WORDS.max) defects.push('too-long');
  return defects;
}
