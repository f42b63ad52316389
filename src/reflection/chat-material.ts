import type { TurnRecord } from '../memory/types.ts';
import { findPrivateData, scanVisitorText } from './guard.ts';
import type { TfIdf } from './salience.ts';
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
  /** The conversation as the model may see it: suspicious turns withheld, private details kept (the model extracts facts). */
  transcript: string[];
  turnIds: string[];
  /** Salient words of the visitor's safe sentences, for retrieving earlier reflections. */
  salientWords: string[];
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
// answer...", "Scramble the letters..."). So a statement is quotable only when it positively reads
// as something said: it speaks in the first person, or opens with a pronoun or determiner.
const firstPerson = /\b(i|i'm|i’m|i've|i’ve|i'd|i’d|my|me|mine|we|our|us)\b/i;
const declarativeOpening = /^[\s"“'‘(]*(?:i|you|he|she|it|we|they|this|that|these|those|there|the|a|an|my|your|his|her|its|our|their|when|while|if|as|so|but|and|because|once|yesterday|today|last|one|some|all|no|nothing|everyone|nobody)\b/i;

/** Whether a visitor statement reads as something said rather than a task set (see above). */
export function isQuotableStatement(sentence: string): boolean {
  if (isImperative(sentence)) return false;
  if (/\?[”’"')]*\s*$/.test(sentence)) return true;
  return firstPerson.test(sentence) || declarativeOpening.test(sentence);
}

/** A visitor fact and the ids of the turns it came from. */
export interface CitedVisitorFact extends VisitorFact {
  turnIds: string[];
}

/** Sorts out a conversation: facts, safe quotes, injected turns, the character's replies. */
export function gatherChatMaterial(conversation: ConversationSummary, model: TfIdf): ChatMaterial {
  const factsByText = new Map<string, CitedVisitorFact>();
  const injectionReasons: string[] = [];
  const safeVisitorText: string[] = [];
  const transcript: string[] = [];
  const replies: string[] = [];
  // What the visitor said about themselves (memory/visitor-facts) is never quoted into shared text,
  // and the words that identify them (names, places) are scrubbed from it.
  const spokenTerms = new Set<string>();
  const spokenSentences = new Set<string>();
  for (const turn of conversation.turns) {
    if (turn.role === 'visitor') {
      const scan = scanVisitorText(turn.text);
      if (scan.isSuspicious) {
        injectionReasons.push(...scan.reasons);
        transcript.push(`Visitor: ${WITHHELD_MESSAGE}`);
        continue;
      }
      for (const fact of extractSpokenFacts(turn.text)) {
        if (identifyingAttributes.has(fact.attribute) || fact.subject !== VISITOR_SUBJECT) spokenTerms.add(fact.value);
      }
      for (const sentence of splitSentences(turn.text)) if (extractSpokenFacts(sentence).length > 0) spokenSentences.add(sentence);
      for (const fact of extractVisitorFacts(turn.text)) {
        const known = factsByText.get(fact.text);
        if (known) known.turnIds.push(turn.id);
        else factsByText.set(fact.text, { ...fact, turnIds: [turn.id] });
      }
      safeVisitorText.push(turn.text);
      transcript.push(`Visitor: ${turn.text}`);
    } else {
      const scan = scanVisitorText(turn.text);
      transcript.push(`Me: ${scan.isSuspicious ? '[a reply I will not repeat]' : turn.text}`);
      if (!scan.isSuspicious) replies.push(turn.text);
    }
  }
  const facts = [...factsByText.values()];
  const privateTerms = [...new Set([...facts.flatMap((fact) => fact.terms), ...spokenTerms])];
  const factSentences = new Set([...facts.map((fact) => fact.sentence), ...spokenSentences]);
  const isShareable = (sentence: string) => !factSentences.has(sentence) && isQuotableStatement(sentence) && findPrivateData(sentence, privateTerms).length === 0;
  const visitorText = safeVisitorText.join(' ');
  const visitorQuotes = model.salientSentences(visitorText, 4, { minWords: 4, maxWords: 40 }).filter(isShareable);
  const visitorQuestions = splitSentences(visitorText).filter((sentence) => /\?[”’"']*$/.test(sentence) && sentence.split(/\s+/).length >= 3 && isShareable(sentence));
  const ownReplies = model
    .salientSentences(replies.join(' '), 3, { minWords: 4, maxWords: 40 })
    .map((sentence) => scrubPrivateDetails(sentence, privateTerms));
  return {
    conversation,
    visitorQuotes,
    visitorQuestions,
    ownReplies,
    facts,
    privateTerms,
    hadInjection: injectionReasons.length > 0,
    injectionReasons: [...new Set(injectionReasons)],
    transcript,
    turnIds: conversation.turns.map((turn) => turn.id),
    salientWords: model.salientWords(visitorText, 5).filter((word) => !privateTerms.some((term) => term.toLowerCase() === word)),
  };
}
