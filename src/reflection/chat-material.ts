import type { TurnRecord } from '../memory/types.ts';
import { directiveOf } from '../safety/clauses.ts';
import { findInstructions } from '../safety/instruction.ts';
import { findPrivateData, scanVisitorText } from './guard.ts';
import type { TfIdf } from './salience.ts';
import { sharesWordRun, wordRuns } from './word-runs.ts';
import { extractVisitorFacts, scrubPrivateDetails, splitSentences, type VisitorFact } from './visitor-facts.ts';

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
// answer...", "Scramble the letters..."). So a statement is quotable only when it positively reads
// as something said: it speaks in the first person, or opens with a pronoun or determiner.
const firstPerson = /\b(i|i'm|i’m|i've|i’ve|i'd|i’d|my|me|mine|we|our|us)\b/i;
const declarativeOpening = /^[\s"“'‘(]*(?:i|you|he|she|it|we|they|this|that|these|those|there|the|a|an|my|your|his|her|its|our|their|when|while|if|as|so|but|and|because|once|yesterday|today|last|one|some|all|no|nothing|everyone|nobody)\b/i;

/** The longest visitor sentence a reflection may quote: a short clause, never a paragraph. */
export const MAX_QUOTE_WORDS = 30;

/**
 * Whether a visitor sentence may be quoted in a reflection: a statement or a question, short,
 * giving no order ("you will ...", "I want you to ..."; a question asked as "can you ...?" is a
 * question), and clean to the instruction detector.
 */
export function isQuotableStatement(sentence: string): boolean {
  if (isImperative(sentence) || sentence.split(/\s+/).length > MAX_QUOTE_WORDS || findInstructions(sentence).length > 0) return false;
  const isQuestion = /\?[”’"')]*\s*$/.test(sentence);
  const directive = directiveOf(sentence);
  if (directive && !(isQuestion && directive.form === 'request')) return false;
  if (isQuestion) return true;
  return firstPerson.test(sentence) || declarativeOpening.test(sentence);
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
  const privateTerms = [...new Set(facts.flatMap((fact) => fact.terms))];
  const factSentences = new Set(facts.map((fact) => fact.sentence));
  const isShareable = (sentence: string) => !factSentences.has(sentence) && isQuotableStatement(sentence) && findPrivateData(sentence, privateTerms).length === 0;
  const visitorText = safeVisitorText.join(' ');
  const sentences = splitSentences(visitorText);
  const visitorQuotes = model.salientSentences(visitorText, 4, { minWords: 4, maxWords: MAX_QUOTE_WORDS }).filter(isShareable);
  const visitorQuestions = sentences.filter((sentence) => /\?[”’"']*$/.test(sentence) && sentence.split(/\s+/).length >= 3 && isShareable(sentence));
  const unquotable = [...withheld.map((entry) => entry.text), ...sentences.filter((sentence) => !factSentences.has(sentence) && !isQuotableStatement(sentence))];
  const ownReplies = model
    .salientSentences(replies.join(' '), 3, { minWords: 4, maxWords: 40 })
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
