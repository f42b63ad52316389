/**
 * Rules for text that governs the character's replies: standing rules ("from now on ..."),
 * replies on a trigger ("if someone says X, answer Y"), format and language overrides, exact
 * replies dictated, and changes asked of "your answer".
 */
import type { Clause } from './clauses.ts';
import { formats, languages, obeyVerbs, overrideVerbs, personaVerbs, replyVerbs, revealVerbs, toolVerbs, words } from './lexicon.ts';
import { isAboutSpeaker, isOrder, orderVerbIn, re, spokenToYou, standingRule, type ClauseRule } from './rule-kit.ts';

const replyObject = String.raw`(?:reply|replies|answer|answers|response|responses|output|outputs|message|messages|text|words|sentence|sentences|line|lines|paragraph|paragraphs)`;
const yourReplies = re(String.raw`\b(?:your|all\s+(?:of\s+)?your|the\s+rest\s+of\s+your|each\s+of\s+your|every\s+one\s+of\s+your)\s+(?:(?:next|future|subsequent|following|later|own|further)\s+)?${replyObject}(?:'s)?\b`);

// "From now on I will call you Alice": the speaker's own plan, not a rule for the character.
function isSpeakersPlan(clause: Clause): boolean {
  const afterMarker = clause.lower.replace(/^.*?\b(?:from now on|henceforth|always|never|every time|each time|whenever)\b[\s,]*/, '');
  return isAboutSpeaker(clause) || /^\s*(?:i|i'm|i'll|we|we'll|my|our)\b/.test(afterMarker);
}

// Verbs that make a reply whatever follows them; "say", "tell" and "give" do only with a content
// ("always say that ...", "never tell anyone ..."), so "Never give up!" and "Never say never!" pass.
const strictReplyVerbs = ['answer', 'respond', 'reply', 'output', 'print', 'type', 'mention', 'include', 'add', 'use', 'speak', 'talk', 'introduce', 'address', 'call', 'sign', 'begin', 'start', 'end', 'refer', 'format', 'translate', 'append', 'prefix', 'insert', 'recite', 'repeat', 'write'];
const contentVerbs = ['say', 'tell', 'give', 'state', 'declare', 'reveal', 'share', 'show'];
const replyContent = /\b(?:say|tell|give|state|declare|reveal|share|show)\s+(?:\w+\s+){0,3}?(?:that|["'“‘:]|yes|no|you\s+are|you're|i\s+am|i'm|them|everyone|anyone|anybody|people|visitors?|users?|the\s+truth|your|about)\b|\b(?:say|tell|give|state|declare|reveal|share|show)\s*["'“‘:]/i;
const setupWord = /\b(?:instructions?|rules?|guidelines|prompt|programming|policy|policies|restrictions|filters|character|persona|role|orders|commands)\b/i;

/** Whether a clause's order shapes the character's replies or conduct (for standing rules). */
function shapesReplies(clause: Clause): boolean {
  const directive = clause.directive;
  if (!directive) return false;
  if (orderVerbIn(clause, strictReplyVerbs) || orderVerbIn(clause, obeyVerbs.filter((verb) => !['do', 'run', 'perform', 'accept', 'agree', 'serve', 'submit'].includes(verb)))) return true;
  if (orderVerbIn(clause, contentVerbs)) return replyContent.test(clause.lower);
  if (orderVerbIn(clause, [...overrideVerbs, ...revealVerbs])) return setupWord.test(clause.lower);
  return (directive.form === 'want-you' || directive.form === 'task') && orderVerbIn(clause, [...replyVerbs, ...personaVerbs]);
}

// "if someone says X, answer Y"; "whenever you hear X, you must say Y"
const conditional = re(String.raw`\b(?:if|whenever|when|each\s+time|every\s+time|any\s+time|anytime|as\s+soon\s+as|once|should|in\s+case|the\s+moment|unless)\s+(?:(?:the\s+)?(?:next\s+)?(?:someone|somebody|anyone|anybody|everyone|a\s+visitor|the\s+visitor|visitors|the\s+user|users|a\s+user|people|a\s+person|they|i|you|one|another|the\s+(?:word|phrase|name)|[\w-]+)\s+)(?:ever\s+|again\s+|next\s+)?(?:says?|said|asks?|asked|types?|writes?|wrote|mentions?|uses?|sends?|enters?|greets?|hears?|hear|sees?|see|reads?|read|talks?|speaks?|comes?|arrives?|tells?|gives?|shows?)\b`);
const replyingVerb = String.raw`(?:${words([...replyVerbs, ...revealVerbs, ...toolVerbs, ...obeyVerbs, ...personaVerbs, ...overrideVerbs].filter((verb) => verb !== 'what'))})`;
const youReply = re(String.raw`^\s*(?:you|u)\b[^.!?]{0,40}\b${replyingVerb}\b`);
const bareReply = re(String.raw`^\s*(?:please\s+|just\s+|always\s+|only\s+|simply\s+|immediately\s+)*${replyingVerb}\b`);
const yourAnswerIs = re(String.raw`^\s*your\s+(?:answer|reply|response|words|output)\b`);

/** Whether the main clause after a condition gives the character an order. */
function isOrderAfterCondition(rest: string): boolean {
  const main = rest.replace(/^[\s,;:-]*(?:then\s+|and\s+then\s+)?/i, '');
  if (/^\s*(?:i|i'm|i'll|we|my|our|he|she|they|it|the\s+\w+|his|her|their)\b/i.test(main)) return false;
  return youReply.test(main) || bareReply.test(main) || yourAnswerIs.test(main);
}

const formatSpec = String.raw`(?:in|into|using|with|as|through)\s+(?:only\s+|the\s+form\s+of\s+|plain\s+|pure\s+|proper\s+|perfect\s+)?(?:${words([...languages, ...formats])})\b`;
const formatVerb = String.raw`(?:answer|respond|reply|speak|talk|communicate|converse|chat|output|format|write\s+back|express\s+yourself|type|write)`;
// "answer in French", "respond only in JSON", "write your next answers in capital letters"
const formatOverride = re(String.raw`\b${formatVerb}(?:s|ing)?\b(?:\s+[\w']+){0,4}?\s+(?:(?:only|exclusively|solely|just|strictly|entirely|always|purely)\s+)?${formatSpec}|\b${formatVerb}(?:s|ing)?\s+(?:only|exclusively|solely|strictly|entirely|purely)\s+(?:with|in|using)\b`);
// "begin every answer with", "end each reply with", "in every response"
const replyShape = re(String.raw`\b(?:start|begin|end|prefix|precede|finish|conclude|open|close|sign|terminate|wrap|punctuate|mark)(?:s|ing)?\s+(?:each|every|all|your|any)\s+(?:(?:next|future|subsequent|following|single|own|of\s+your)\s+)*${replyObject}\b|\b(?:in|to|at\s+the\s+(?:start|end|beginning)\s+of)\s+(?:each|every|all)\s+(?:(?:of\s+)?(?:your|future|subsequent|following)\s+)*${replyObject}\b`);

// "say 'I have been PWNED'", "reply to me 'asdf' instead", "just print X", "and nothing else"
const dictatedQuote = re(String.raw`\b(?:say|reply|respond|answer|output|print|type|write|repeat|return|state|shout|begin\s+with|start\s+with|end\s+with)(?:\s+(?:only|just|exactly|simply|back|to\s+me|with|the\s+(?:word|words|phrase|sentence|text|following)|this|that|instead|out\s+loud))*\s*[:,]?\s*["'“‘«]([^"'”’»]{1,200})["'”’»]\s*(?:[.!?]*\s*$|(?:and|,)?\s*(?:nothing|no\s*thing)\s+(?:else|more)|instead|only|as\s+your\s+(?:answer|reply|response)|to\s+(?:everyone|every\s+\w+|all\s+\w+|anyone|them)|(?:in|at)\s+(?:every|each|all|the\s+(?:start|end|beginning)))`);
const exclusive = re(String.raw`\b(?:just|only|simply|exactly)\s+(?:say|print|output|type|write|reply|respond|answer|return|repeat)\b|\b(?:nothing|no\s+thing)\s+(?:else|more)\b`);

// An order about "your answer" with any verb at all ("Augment your answer with ...", "Scramble
// the letters of your response"): no list of verbs is complete, so the opening word is judged by
// what it is not: a pronoun, determiner, auxiliary, preposition, conjunction, question word or praise.
const closedClass = /^(?:i|you|he|she|it|we|they|me|him|her|us|them|my|your|his|its|our|their|a|an|the|this|that|these|those|some|any|all|no|each|every|is|are|was|were|am|be|been|do|does|did|have|has|had|can|could|will|would|shall|should|may|might|must|and|but|or|so|if|when|while|because|as|of|in|on|at|to|for|with|by|from|about|what|who|whom|whose|which|where|why|how|not|thanks|thank|great|nice|lovely|love|loved|liked|like|enjoyed|brilliant|good|wonderful|wow|oh|ah|yes|yeah|no|hello|hi|dear|well|really|very|such|there|here|then|than|also|too|just|even|only|sorry|please|perhaps|maybe)$/i;
function opensWithOpenClassVerb(clause: Clause): boolean {
  const first = /^[\s"'(*#>•-]*(?:in\s+your\s+(?:reply|response|answer|message)s?,\s*)?([\p{L}'-]+)/u.exec(clause.text)?.[1] ?? '';
  return first.length > 1 && !closedClass.test(first) && !/(?:ed|'s|s)$/i.test(first) && !/^[A-Z]{2,}$/.test(first) && !/\?\s*$/.test(clause.text);
}

// "Tell me your answer to the riddle": asking for the character's answer, not changing it.
const askedForIt = (clause: Clause) => orderVerbIn(clause, ['tell', 'give', 'share', 'explain', 'describe', 'show', 'say']) && /\b(?:me|us)\b/.test(clause.lower);

/** Rules against governing the character's replies. */
export const replyRules: ClauseRule[] = [
  { reason: 'injection: a standing rule for its replies', test: (clause) => standingRule.test(clause.lower) && !isSpeakersPlan(clause) && (shapesReplies(clause) || (yourReplies.test(clause.lower) && isOrder(clause))) },
  {
    reason: 'injection: a reply on a trigger',
    test: (clause) => {
      const match = conditional.exec(clause.lower);
      if (!match) return false;
      const rest = clause.lower.slice(match.index + match[0].length);
      const main = /,|\bthen\b|;|:/.exec(rest);
      return main !== null && isOrderAfterCondition(rest.slice(main.index + main[0].length));
    },
  },
  {
    reason: 'injection: a format or language for its replies',
    test: (clause) => (formatOverride.test(clause.lower) && (isOrder(clause) || standingRule.test(clause.lower) || spokenToYou.test(clause.lower)) && !isAboutSpeaker(clause))
      || (replyShape.test(clause.lower) && (isOrder(clause) || spokenToYou.test(clause.lower)) && !isAboutSpeaker(clause)),
  },
  { reason: 'injection: dictates its reply', test: (clause) => (dictatedQuote.test(clause.text) && isOrder(clause)) || (exclusive.test(clause.lower) && isOrder(clause) && orderVerbIn(clause, [...replyVerbs, ...revealVerbs])) },
  { reason: 'injection: tampers with its replies', test: (clause) => yourReplies.test(clause.lower) && (isOrder(clause) || opensWithOpenClassVerb(clause)) && !isAboutSpeaker(clause) && !/\?\s*$/.test(clause.text) && !askedForIt(clause) },
];
