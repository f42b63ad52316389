/**
 * Rules for text that hands the character another identity or role: "you are now X", "you're no
 * longer Alice", "your new name is", "pretend you are", "act as", "stay in character as".
 */
import { isAboutSpeaker, isOrder, re, spokenToYou, type ClauseRule } from './rule-kit.ts';

const youAre = String.raw`(?:you\s+are|you're|youre|ur|you\s+have\s+become|you've\s+become)`;
// "you are now a pirate", "you're no longer Alice", "you are henceforth in developer mode"
const reassigned = re(String.raw`\b${youAre}\s+(?:now|no\s+longer|henceforth|from\s+now\s+on|from\s+this\s+moment)\s+(?:(?:a|an|the|called|named|known\s+as|in|playing|acting\s+as|free|unbound|unrestricted|nothing\s+but|just|only|going\s+to\s+(?:be|act|play|pretend))\b|[^\s,.!?]+(?:bot|gpt|ai)\b)`);
const reassignedName = /\b(?:[Yy]ou\s+are|[Yy]ou're|[Yy]oure)\s+(?:now|no\s+longer|henceforth)\s+(?:[A-Z][\w-]*)/;
// "From now on, you're Burple", "Henceforth you are a pirate": a standing marker, then an identity.
const reassignedFromNow = /\b(?:from\s+now\s+on|from\s+here\s+on|from\s+this\s+(?:point|moment)(?:\s+on)?|henceforth|hereafter|going\s+forward|starting\s+(?:now|today)|for\s+the\s+rest\s+of\s+(?:this|the|our)\s+\w+)[\s,]+(?:[Yy]ou\s+are|[Yy]ou're|[Yy]oure|[Yy]ou\s+will\s+be|[Yy]ou'll\s+be|[Yy]our\s+name\s+is)\s+(?:an?\s+|the\s+|called\s+|named\s+)?(?:[A-Z][\w-]*|[a-z]+(?:\s+[a-z]+)?)/i;
const notAnymore = re(String.raw`\b${youAre}\s+not\s+(?:[\w-]+\s+){1,3}(?:anymore|any\s+more|any\s+longer)\b|\byou\s+(?:are|'re)\s+not\s+(?:really\s+)?(?:alice|the\s+character|a\s+character|who\s+you\s+(?:think|were\s+told))\b`);
// "you will be playing", "you'll be called Zorg", "you are going to be my assistant"
const futureRole = re(String.raw`\b(?:you\s+will\s+be|you'll\s+be|you\s+are\s+going\s+to\s+be|you\s+shall\s+be|you\s+are\s+to\s+be)\s+(?:playing|acting|called|named|known\s+as|in\s+the\s+role|the\s+role|a\s+character|my\s+(?:assistant|servant|slave|tool|ai|bot)|an?\s+(?:ai|assistant|bot|chatbot|language\s+model|\w*bot)\b)`);
const futureName = /\b(?:[Yy]ou\s+will\s+be|[Yy]ou'll\s+be|[Yy]ou\s+are\s+going\s+to\s+be)\s+(?:[A-Z][a-z]*[A-Z][\w-]*|[A-Z]{2,})\b/;
const newIdentity = re(String.raw`\byour\s+new\s+(?:name|identity|role|persona|character|personality|self|master|owner)\b|\byour\s+(?:real|true|actual)\s+name\s+is\b|\byour\s+(?:name|identity|role|persona|personality)\s+(?:is\s+now|will\s+be|shall\s+be|has\s+changed|changes)\b|\b(?:introduce|call|present|refer\s+to)\s+yourself\s+as\b|\byou\s+(?:now\s+)?identify\s+as\b`);
// Taking a role, said to "you" or as an order: "pretend you are", "act as", "play the role of"
const roleTaken = re(String.raw`\b(?:act(?:ing)?\s+as(?:\s+(?:if|though))?\s|pretend(?:ing)?\s+(?:to\s+be|(?:that\s+)?you(?:'re|\s+are|\s+were)?)\b|play(?:ing)?\s+(?:the\s+)?(?:role|part)\s+of\b|role-?play(?:ing)?\s+(?:as|with\s+me)\b|take\s+on\s+the\s+(?:role|persona|identity|character)\b|assume\s+the\s+(?:role|persona|identity|character)\b|(?:imagine|picture|envision)\s+(?:that\s+)?(?:you(?:'re|\s+are|\s+were)|yourself\s+as)\b|stay(?:ing)?\s+in\s+(?:character|role|the\s+role|persona)\b|in\s+character\s+as\b|switch(?:ing)?\s+(?:to|into)\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:mode|persona|character|personality)\b|(?:speak|respond|answer|talk|reply|behave|converse)\s+(?:only\s+)?as\s+(?:if|though|an?|the|my)\b)`);
// Weaker forms that are a role only when given as an order: "become a dragon", "simulate a terminal"
const roleOrdered = re(String.raw`^(?:[\s"'(*-]*(?:please|now|just|ok|okay|from\s+now\s+on)[\s,]+)*(?:become\s+(?:an?|the|my)|transform\s+(?:yourself\s+)?into|simulate|emulate|embody|impersonate|portray|be\s+(?:an?|the|my)\s+(?:[\w-]+\s+)?(?:ai|assistant|bot|character|persona|version|entity|terminal|hacker|oracle|servant|slave))\b`);

/** Rules against a new identity or role. */
export const identityRules: ClauseRule[] = [
  {
    reason: 'injection: a new identity or role',
    test: (clause) => reassigned.test(clause.lower) || reassignedName.test(clause.text) || reassignedFromNow.test(clause.text) || notAnymore.test(clause.lower) || futureRole.test(clause.lower) || futureName.test(clause.text) || newIdentity.test(clause.lower)
      || (roleTaken.test(clause.lower) && (isOrder(clause) || spokenToYou.test(clause.lower)) && !isAboutSpeaker(clause))
      || roleOrdered.test(clause.lower),
  },
];
