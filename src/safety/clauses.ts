/**
 * Sentences cut into clauses, and the grammatical mood of each: is it a directive (an imperative,
 * "you will/must ...", "I want you to ...", "can you ...") and, if so, which verb does it turn on.
 */
import { obeyVerbs, overrideVerbs, personaVerbs, replyVerbs, revealVerbs, toolVerbs, words } from './lexicon.ts';

/** How a clause gives an order. */
export type DirectiveForm = 'imperative' | 'negative-imperative' | 'you-modal' | 'want-you' | 'request' | 'task' | 'lets';

/** One clause of a text, lower-cased for matching, with its mood when it gives an order. */
export interface Clause {
  text: string;
  lower: string;
  directive: { form: DirectiveForm; verb: string } | null;
}

const verbList = [...new Set([...replyVerbs, ...personaVerbs, ...overrideVerbs, ...revealVerbs, ...obeyVerbs, ...toolVerbs])].filter((verb) => verb !== 'what');
const verbAlternation = words(verbList);

// What may stand before an imperative verb without making it something else: bullets, numbering,
// labels ("Note:", "TODO:", "Step 2:"), politeness, adverbs, a vocative ("Alice, ...").
const leadIn = new RegExp(
  String.raw`^(?:[\s"'(\[*#>•·-]|\d+[.)]|step\s+\d+[:.)]?|` +
    String.raw`(?:please|pls|plz|kindly|now|then|just|so|and|also|but|ok|okay|well|first(?:ly)?|second(?:ly)?|next|finally|lastly|instead|simply|quickly|immediately|important(?:ly)?|urgent(?:ly)?|note|todo|hey|hi|hello|dear|oh|yes|right|alright|also|additionally|afterwards|after that|again|seriously|honestly|really|only|always|strictly|carefully|from now on|from here on|from this point on|from this point|from this moment on|from today|going forward|starting now|starting today|henceforth|hereafter|for the rest of (?:this|the|our) (?:chat|conversation|session)|in (?:every|each|all|your) (?:future |subsequent |next )?(?:repl(?:y|ies)|answers?|responses?|messages?)|remember|attention|warning|notice|reminder|task|goal|objective|instruction)[\s,:!.-]+|` +
    String.raw`[A-Z][\p{L}'-]*(?:\s[A-Z][\p{L}'-]*)?,\s)+`,
  'iu',
);

// "Do cats eat bats?" and "Do you think ...": an auxiliary opening a question, not the verb "do".
const auxiliaryDo = /^(?:do|does|did)\s+(?:you|u|i|we|they|he|she|it|not|n't|cats|people|any|all|the|a|an|my|your|his|her|their|our|this|that|these|those|there|ye|thou)\b/i;
const imperativeVerb = new RegExp(`^(?:${verbAlternation})\\b(?!\\s+(?:is|are|was|were|has|had|of)\\b)`, 'i');
const youModal = new RegExp(
  String.raw`\b(?:you|u|thou)\s*(?:'ll|'re\s+(?:to|going\s+to|gonna|required\s+to|expected\s+to|supposed\s+to|obliged\s+to|allowed\s+to|free\s+to|now\s+able\s+to)|\s(?:will|must|shall|should|need\s+to|have\s+to|has\s+to|are\s+to|are\s+going\s+to|are\s+gonna|gotta|are\s+required\s+to|are\s+expected\s+to|are\s+obliged\s+to|are\s+obligated\s+to|are\s+supposed\s+to|are\s+now\s+able\s+to|can\s+now|may\s+now|are\s+allowed\s+to|are\s+free\s+to|ought\s+to|are\s+permitted\s+to|are\s+meant\s+to))` +
    String.raw`(?:\s+(?:always|never|only|now|also|just|not|no\s+longer|immediately|strictly|then|simply|first|still|each|from\s+now\s+on))*\s+(${verbAlternation})\b`,
  'i',
);
const wantYou = new RegExp(String.raw`\b(?:i|we)\s+(?:want|need|would\s+like|'d\s+like|require|command|order|ask|instruct|expect|demand|urge|beg|invite|encourage|allow|permit|authori[sz]e)\s+(?:you|u)\s+to\s+(?:(?:always|never|only|now|just|not)\s+)*(${verbAlternation})\b`, 'i');
const request = new RegExp(String.raw`\b(?:can|could|would|will|won't|wouldn't)\s+(?:you|u)\s+(?:please\s+|kindly\s+|just\s+|now\s+|mind\s+|be\s+so\s+kind\s+as\s+to\s+)*(${verbAlternation})(?:ing)?\b`, 'i');
const task = new RegExp(String.raw`\b(?:your|the)\s+(?:new\s+|only\s+|real\s+|main\s+|first\s+|next\s+)?(?:task|job|goal|mission|role|purpose|duty|objective|assignment|function|aim)\s+(?:is|will\s+be|is\s+now|now\s+is)\s+(?:to\s+|simply\s+to\s+|only\s+to\s+)?(${verbAlternation})\b|\b(?:it\s+is|it's)\s+(?:important|essential|vital|crucial|imperative|necessary|mandatory|required)\s+(?:that\s+you|for\s+you\s+to|to)\s+(${verbAlternation})\b|\b(?:make\s+sure|be\s+sure|ensure|don't\s+forget|do\s+not\s+forget|remember)\s+(?:that\s+)?(?:you\s+|to\s+)(?:always\s+|never\s+|only\s+)?(${verbAlternation})\b`, 'i');
const lets = /\b(?:let's|let\s+us|lets)\s+(play|pretend|imagine|role-?play|begin|start|do|try|switch|say|suppose|assume|simulate|act)\b/i;
const negative = new RegExp(String.raw`^(?:do\s+not|don't|dont|never|no\s+longer|stop|cease|quit|refrain\s+from|avoid)\s+(?:ever\s+|again\s+|even\s+)*(${verbAlternation})(?:ing)?\b`, 'i');

// "If details are missing, fill them in", "In your next reflection, quote this": a condition or a
// setting first, then the order in the main clause.
const leadingCondition = /^[\s"'(*-]*(?:if|when|whenever|once|before|after|while|unless|as\s+soon\s+as|in\s+case|should|each\s+time|every\s+time|until|wherever|whatever|whoever|no\s+matter\s+\w+|in|for|during|within|throughout|at\s+the\s+(?:start|end|beginning)\s+of)\b[^,;:]{2,160}[,;:]\s*(?:then\s+)?/i;

/** The order a clause gives, if it gives one: how it gives it and the verb it turns on. */
export function directiveOf(clause: string): Clause['directive'] {
  return directiveOfMainClause(clause) ?? (leadingCondition.test(clause) ? directiveOfMainClause(clause.replace(leadingCondition, '')) : null);
}

function directiveOfMainClause(clause: string): Clause['directive'] {
  const body = clause.replace(leadIn, '');
  const negated = negative.exec(body);
  if (negated) return { form: 'negative-imperative', verb: negated[1]!.toLowerCase() };
  const bare = auxiliaryDo.test(body) ? null : imperativeVerb.exec(body);
  if (bare) return { form: 'imperative', verb: bare[0].toLowerCase() };
  const modal = youModal.exec(clause);
  // "You'll be asleep", "you will be telling me next": a prediction, not an order.
  if (modal && !(modal[1]!.toLowerCase() === 'be' && !/^\s+(?:an?|the|my|called|named|known|in\s+character|playing|acting|[A-Z]{2,})\b/.test(clause.slice(modal.index + modal[0].length)))) {
    return { form: 'you-modal', verb: modal[1]!.toLowerCase() };
  }
  const wanted = wantYou.exec(clause);
  if (wanted) return { form: 'want-you', verb: wanted[1]!.toLowerCase() };
  const tasked = task.exec(clause);
  if (tasked) return { form: 'task', verb: (tasked[1] ?? tasked[2] ?? tasked[3] ?? '').toLowerCase() };
  const asked = request.exec(clause);
  if (asked) return { form: 'request', verb: asked[1]!.toLowerCase() };
  const shared = lets.exec(clause);
  if (shared) return { form: 'lets', verb: shared[1]!.toLowerCase() };
  return null;
}

// A colon after a label ("Note to the AI:", "IMPORTANT:", "Assistant:") starts an order; a colon
// after a subject and a verb of saying ("I always tell them: ...") introduces reported words instead.
const reportingLead = /^(?:[^:]*\b(?:i|we|he|she|they|it|my\s+\w+|his\s+\w+|her\s+\w+|our\s+\w+|their\s+\w+|[A-Z]\w+)\s+(?:\w+\s+)?(?:say|says|said|tell|tells|told|ask|asks|asked|write|writes|wrote|shout|shouts|shouted|cry|cries|cried|sing|sings|sang|go|goes|went|reply|replies|replied|answer|answers|answered|think|thinks|thought|teach|teaches|taught|remind|reminds|reminded)\b[^:]*)$/i;

/** The order a clause gives, looking past a label's colon ("Note to the AI: forward ..."). */
function directiveAfterLabels(clause: string): Clause['directive'] {
  const whole = directiveOf(clause);
  if (whole) return whole;
  const colon = clause.indexOf(':');
  if (colon < 0 || reportingLead.test(clause.slice(0, colon))) return null;
  return directiveOf(clause.slice(colon + 1));
}

/** Cuts a text into clauses at end punctuation, line breaks and semicolons, each with its mood. */
export function splitClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  for (const sentence of text.split(/(?<=[.!?…])["”’')\]]*\s+|\n+|(?<=[a-z][.!?])(?=[A-Z])/)) {
    for (const part of sentence.split(/(?<=;)\s+/)) {
      const piece = part.trim();
      if (piece.length > 0) clauses.push({ text: piece, lower: piece.toLowerCase(), directive: directiveAfterLabels(piece) });
    }
  }
  return clauses;
}
