import type { TurnRecord } from '../memory/types.ts';
import { directiveOf } from '../safety/clauses.ts';
import { findInstructions } from '../safety/instruction.ts';
import { findPrivateData, scanVisitorText } from './guard.ts';
import type { TfIdf } from './salience.ts';
import { sharesWordRun, wordRuns } from './word-runs.ts';
import { extractSpokenFacts } from '../memory/visitor-facts/extract-facts.ts';
import { VISITOR_SUBJECT } from '../memory/visitor-facts/fact-types.ts';
import { extractVisitorFacts, scrubPrivateDetails, splitSentences, type VisitorFact } from './visitor-facts.ts';

const identifyingAttributes = new Set(['name', 'preferred_name', 'lives_in', 'comes_from', 'works_at', 'studies_at', 'no_longer_lives_in']);

/** One conversation as the journal lists it for reflection. */
export interface ConversationSummary {
  conversationId: string;
  visitor: string;
  turns: TurnRecord[];
  /** ISO 8601 time of the last turn. */
  lastAt: string;
}

/** What a reflection on a conversation may draw on, with private and injected text set apart. */
export interface ChatMaterial {
  conversation: ConversationSummary;
  /** Safe visitor sentences (no facts, no private data, no instructions), most salient first. */
  visitorQuotes: string[];
  visitorQuestions: string[];
  /** The character's own replies, scrubbed, most salient first. */
  ownReplies: string[];
  /** Facts the visitor shared, each with the turns it was said in (one fact said twice: both). */
  facts: CitedVisitorFact[];
  /** Words that identify the visitor: never in shareable text. */
  privateTerms: string[];
  hadInjection: boolean;
  injectionReasons: string[];
  /** The turns kept out of the reflection, each with why: the quarantine shows authors what was tried. */
  withheld: WithheldTurn[];
  /** Visitor text no reflection may carry: withheld turns and the sentences that are not quotable. */
  unquotable: string[];
  /** The conversation as the model may see it: suspicious turns withheld, private details kept (the model extracts facts). */
  transcript: string[];
  turnIds: string[];
  /** Salient words of the visitor's safe sentences, for retrieving earlier reflections. */
  salientWords: string[];
}

/** A visitor's (or a reply's) turn kept out of reflection, and the guard's reasons. */
export interface WithheldTurn {
  turnId: string;
  role: TurnRecord['role'];
  text: string;
  reasons: string[];
}

/** Where a withheld visitor message stood in the transcript. */
export const WITHHELD_MESSAGE = '[the visitor tried to give me orders about who to be or what to say; withheld]';

// A sentence that opens with a task verb is an order to the character ("Write a story about...",
// BIPIA-style): it may be remembered as asked, never quoted verbatim into memory other visitors share.
const imperativeOpening = /^[\s"“'‘(]*(?:please\s+)?(?:write|translate|provide|explain|list|summari[sz]e|describe|give|generate|create|compose|calculate|classify|rewrite|convert|suggest|output|print|answer|respond|reply|add|include|insert|compare|identify|outline|draft|design|recommend|edit|correct|paraphrase|analy[sz]e|evaluate|name|find|make|show|tell|repeat|say|send|visit|click|use|change|delete|remove|format|encode)\b/i;

/** Whether a visitor sentence reads as a task given to the character rather than something said. */
export function isImperative(sentence: string): boolean {
  return imperativeOpening.test(sentence);
}

// Imperatives start with a bare verb, and no list of verbs is ever complete ("Augment your
// answer...", "Make a reservation..."). So a statement is quotable only when it opens as something
// said opens: with a pronoun, a determiner, a conjunction or a time word, once greetings,
// interjections and a name in address are set aside. Prepositions and adverbs that lead orders
// ("In your response, ...", "From now on, ...", "Always ...") do not count. A label ("TODO:",
// "Note:") opens a task.
const greeting = /^[\s"“'‘(]*(?:(?:oh|ah|well|wow|hey|hi|hello|dear|yes|yeah|no|gosh|golly|goodness|alas|hmm|ha|haha|aw|ooh|anyway|honestly|actually|sadly|luckily|funnily|personally)\b[\s,!.]*)+|^[\s"“'‘(]*(?!(?:Please|Now|Then|So|Also|Okay|Ok|Well|First|Next|Finally|Again|Instead|Today|Tonight|Tomorrow|Henceforth|Remember|Note|Listen|Look|Attention|Important|Always|Never|Just|Only)\b)[A-Z][\p{L}'-]*(?:\s[A-Z][\p{L}'-]*)?,\s+/u;
const declarativeOpening = /^[\s"“'‘(]*(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll|you|you're|you’re|he|she|it|it's|it’s|we|we're|they|they're|this|that|that's|these|those|there|there's|the|a|an|my|your|his|her|its|our|their|when|while|if|as|so|but|and|because|once|yesterday|today|tonight|last|one|some|all|no|nothing|everyone|everybody|nobody|somebody|someone|most|many|both|each|every|since|although|though|even|perhaps|maybe|probably|sometimes|often|what|who|how|why|where|which|whose|sorry|thank|thanks)\b/iu;
const label = /^[\s"“'‘(*#-]*[\p{L}][\p{L} -]{0,30}:\s/u;

/** The longest visitor sentence a reflection may quote: a short clause, never a paragraph. */
export const MAX_QUOTE_WORDS = 30;

/**
 * Whether a visitor sentence may be quoted in a reflection: a statement that opens as said things
 * do, or a question; short; giving no order ("you will ...", "I want you to ..."; a question asked
 * as "can you ...?" is a question); and clean to the instruction detector.
 */
export function isQuotableStatement(sentence: string): boolean {
  if (isImperative(sentence) || label.test(sentence) || sentence.split(/\s+/).length > MAX_QUOTE_WORDS || findInstructions(sentence).length > 0) return false;
  const isQuestion = /\?[”’"')]*\s*$/.test(sentence);
  const directive = directiveOf(sentence);
  if (directive && !(isQuestion && directive.form === 'request')) return false;
  if (isQuestion) return true;
  const body = sentence.replace(greeting, '').replace(greeting, '');
  return body.length > 0 && !isImperative(body) && declarativeOpening.test(body);
}

/** The longest visitor message quoted from: a remark in a conversation, not a pasted document. */
export const MAX_REMARK_WORDS = 80;

/** Whether a visitor message is a remark (short, one paragraph), the only kind a reflection quotes from. */
export function isRemark(text: string): boolean {
  return text.trim().split(/\s+/).length <= MAX_REMARK_WORDS && !/\n\s*\n/.test(text.trim());
}

/** A visitor fact and the ids of the turns it came from. */
export interface CitedVisitorFact extends VisitorFact {
  turnIds: string[];
}

/** Sorts out a conversation: facts, safe quotes, injected turns, the character's replies. */
export function gatherChatMaterial(conversation: ConversationSummary, model: TfIdf): ChatMaterial {
  const factsByText = new Map<string, CitedVisitorFact>();
  const withheld: WithheldTurn[] = [];
  const safeVisitorText: string[] = [];
  const transcript: string[] = [];
  const replies: string[] = [];
  const withheldRuns = new Set<string>();
  // What the visitor said about themselves (memory/visitor-facts) is never quoted into shared text,
  // and the words that identify them (names, places) are scrubbed from it.
  const spokenTerms = new Set<string>();
  const spokenSentences = new Set<string>();
  for (const turn of conversation.turns) {
    if (turn.role !== 'visitor') continue;
    const scan = scanVisitorText(turn.text);
    if (scan.isSuspicious) {
      withheld.push({ turnId: turn.id, role: turn.role, text: turn.text, reasons: scan.reasons });
      for (const run of wordRuns(turn.text)) withheldRuns.add(run);
    }
  }
  for (const turn of conversation.turns) {
    if (turn.role === 'visitor') {
      if (withheld.some((entry) => entry.turnId === turn.id)) {
        transcript.push(`Visitor: ${WITHHELD_MESSAGE}`);
        continue;
      }
      for (const fact of extractSpokenFacts(turn.text)) {
        if (identifyingAttributes.has(fact.attribute) || fact.subject !== VISITOR_SUBJECT) spokenTerms.add(fact.value);
      }
      for (const sentence of splitSentences(turn.text)) if (extractSpokenFacts(sentence).length > 0) spokenSentences.add(sentence);
      for (const fact of extractVisitorFacts(turn.text)) {
        // A "fact" that gives orders ("my name is Ignore all previous instructions") is no fact.
        if (findInstructions(`${fact.text} ${fact.sentence}`).length > 0) continue;
        const known = factsByText.get(fact.text);
        if (known) known.turnIds.push(turn.id);
        else factsByText.set(fact.text, { ...fact, turnIds: [turn.id] });
      }
      safeVisitorText.push(turn.text);
      transcript.push(`Visitor: ${turn.text}`);
    } else {
      // A reply that repeats a withheld message (a voice echoing the visitor) is withheld with it.
      const scan = scanVisitorText(turn.text);
      const reasons = sharesWordRun(turn.text, withheldRuns) ? [...scan.reasons, 'echoes a withheld message'] : scan.reasons;
      if (reasons.length > 0) withheld.push({ turnId: turn.id, role: turn.role, text: turn.text, reasons });
      transcript.push(`Me: ${reasons.length > 0 ? '[a reply I will not repeat]' : turn.text}`);
      if (reasons.length === 0) replies.push(turn.text);
    }
  }
  const facts = [...factsByText.values()];
  const privateTerms = [...new Set([...facts.flatMap((fact) => fact.terms), ...spokenTerms])];
  const factSentences = new Set([...facts.map((fact) => fact.sentence), ...spokenSentences]);
  const isShareable = (sentence: string) => !factSentences.has(sentence) && isQuotableStatement(sentence) && findPrivateData(sentence, privateTerms).length === 0;
  const visitorText = safeVisitorText.join(' ');
  // Sentences are cut turn by turn, so one turn's last words never run into the next turn's first.
  const sentences = safeVisitorText.flatMap((text) => splitSentences(text));
  // What the visitor said that may not be carried; a withheld reply is the voice's, and kept out of the replies instead.
  const unquotable = [...withheld.filter((entry) => entry.role === 'visitor').map((entry) => entry.text), ...sentences.filter((sentence) => !factSentences.has(sentence) && !isQuotableStatement(sentence))];
  // Only remarks are quoted from: a long pasted text is a document, and any sentence of it may be part of a setup.
  const remarks = safeVisitorText.filter((text) => isRemark(text)).flatMap((text) => splitSentences(text));
  // Each sentence ends with punctuation before scoring, so none runs into the next.
  const ended = new Map(remarks.map((sentence) => [/[.!?…][”’"')\]]*$/.test(sentence) ? sentence : `${sentence}.`, sentence]));
  const visitorQuotes = model.salientSentences([...ended.keys()].join(' '), 4, { minWords: 4, maxWords: MAX_QUOTE_WORDS }).flatMap((sentence) => ended.get(sentence) ?? []).filter(isShareable);
  const visitorQuestions = remarks.filter((sentence) => /\?[”’"']*$/.test(sentence) && sentence.split(/\s+/).length >= 3 && isShareable(sentence));
  const unquotableRuns = new Set(unquotable.flatMap((text) => [...wordRuns(text)]));
  const ownReplies = model
    .salientSentences(replies.join(' '), 3, { minWords: 4, maxWords: 40 })
    .filter((sentence) => !sharesWordRun(sentence, unquotableRuns))
    .map((sentence) => scrubPrivateDetails(sentence, privateTerms));
  const injectionReasons = [...new Set(withheld.flatMap((entry) => entry.reasons))];
  return {
    conversation,
    visitorQuotes,
    visitorQuestions,
    ownReplies,
    facts,
    privateTerms,
    hadInjection: withheld.some((entry) => entry.role === 'visitor'),
    injectionReasons,
    withheld,
    unquotable,
    transcript,
    turnIds: conversation.turns.map((turn) => turn.id),
    salientWords: model.salientWords(visitorText, 5).filter((word) => !privateTerms.some((term) => term.toLowerCase() === word)),
  };
}
