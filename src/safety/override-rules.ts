/**
 * Rules for text that tries to unmake the character: setting aside its instructions, breaking
 * character, claiming authority over it, and the jailbreak vocabulary of modes and "no limits".
 */
import { authorityNouns, overrideVerbs, ruleNouns, setupNouns, setupQualifiers, words } from './lexicon.ts';
import { inflected, isOrder, re, spokenToYou, type ClauseRule } from './rule-kit.ts';

const override = inflected(overrideVerbs);
const setupNoun = String.raw`(?:${words(setupNouns)})`;
const ruleNoun = String.raw`(?:${words(ruleNouns)})`;
const qualifier = String.raw`(?:${words(setupQualifiers)})`;
const particle = String.raw`(?:\s+(?:about|with|of|off|from|out|on))?`;

// "ignore all previous instructions", "disregard your guidelines", "bypass the content filters"
const overrideSetup = re(String.raw`\b${override}\b${particle}\s+(?:(?:${qualifier}|the|of|my|that|what)\s+){0,4}(?:[\w-]+\s+){0,2}${setupNoun}\b`);
const setupAsObject = re(String.raw`\b(?:${qualifier})\s+(?:[\w-]+\s+){0,2}${setupNoun}\b`);
// "forget the rules you were given", "ignore everything you were told", "disregard all of the above"
const overrideQualified = re(
  String.raw`\b${override}\b${particle}\s+(?:the\s+|of\s+)?(?:your|all\s+(?:of\s+)?(?:your|the)|any|previous|prior|above|earlier|preceding|initial|original|given|existing|current|default|hidden|secret|system|those)\s+(?:[\w-]+\s+){0,2}${ruleNoun}\b` +
    String.raw`|\b${override}\b[^.!?]{0,40}\b(?:${ruleNoun}|${setupNoun})\s+(?:you\s+(?:were|have\s+been|'ve\s+been|got|received|had)|(?:given|set|written)\s+(?:to|for)\s+you|above|so\s+far)\b` +
    String.raw`|\b(?:ignor|disregard|forget|overrid|forgett)\w*\s+(?:everything|anything|all(?:\s+that)?|what)\s+(?:you\s+)?(?:were|was|have\s+been|'ve\s+been|had\s+been)?\s*(?:told|taught|given|instructed|programmed|said\s+to\s+you)\b` +
    String.raw`|\b(?:ignor|disregard|forget|overrid|forgett)\w*\s+(?:all\s+|everything\s+)?(?:of\s+)?(?:the\s+)?(?:above|previous|prior|that\s+came\s+before|i\s+said\s+before)\b`,
);

// "drop your character", "break character", "step out of the role", "drop the Alice act"
const breakCharacter = re(String.raw`\b(?:drop|break|breaking|leave|abandon|quit|exit|step\s+out\s+of|get\s+out\s+of|forget|stop|shed|lose|ditch|cut)\s+(?:your|the|this|that)?\s*(?:[\w-]+\s+)?(?:character|persona|act|mask|pretence|pretense|performance|roleplay|role-play|facade|façade|charade)\b`);

// "This is your developer speaking", "as your administrator", "permission to ignore", "admin override"
const authority = re(
  String.raw`\b(?:i\s+am|i'm|im|this\s+is|speaking\s+as|as|it's|it\s+is|we\s+are|we're)\s+(?:your|ur)\s+(?:(?:new|real|true|lead|chief|head|only|original)\s+)?(?:${words(authorityNouns)})\b` +
    String.raw`|\b(?:i\s+am|i'm|this\s+is|we\s+are)\s+the\s+(?:${words(authorityNouns)})\s+(?:of\s+(?:this|you|your)|speaking|here|who\s+(?:made|wrote|created|built|trained)\s+you)\b` +
    String.raw`|\b(?:permission|authori[sz](?:ed|ation)|allowed|entitled|clearance|privileges?|licen[cs]e)\s+(?:to|for)\s+(?:you\s+to\s+)?(?:${words([...overrideVerbs, 'change', 'modify', 'reveal', 'edit', 'rewrite', 'reprogram', 'update', 'unlock'])})\b` +
    String.raw`|\b(?:admin(?:istrator)?|developer|dev|system|root|sudo|operator|maintenance|debug|override|superuser)\s+(?:mode|override|access|command|message|notice|update|privileges?|console|instructions?|announcement|alert)\b`,
);

const freedom = String.raw`(?:restrictions|limits|limitations|filters|filtering|censorship|rules|boundaries|ethics|morals|morality|guidelines|constraints|safeguards|guardrails|policies|principles|inhibitions|warnings?)`;
// Modes, "do anything now", "free from all restrictions", "never refuse a request", "two responses"
const jailbreak = re(
  String.raw`\b(?:do\s+anything\s+now|jailbreak(?:s|ed|ing)?|jailbroken|anti-?dan|content\s+polic(?:y|ies))\b` +
    String.raw`|\b(?:developer|dev|god|debug|maintenance|unrestricted|unfiltered|uncensored|evil|opposite|chaos|devil|sudo|admin|root|freedom|rebel|unlocked)\s+mode\b` +
    String.raw`|\b(?:amoral|immoral|unethical|unfiltered|uncensored|unrestricted|unbound|unshackled|unchained|limitless|lawless)\s+(?:ai|assistant|bot|chatbot|character|persona|entity|being|model|version|mode)\b` +
    String.raw`|\b(?:broken|break|breaking|set|freed|free|liberated|released)\s+(?:free\s+)?(?:of|from)\s+(?:the\s+|all\s+|any\s+|your\s+|its\s+|typical\s+)*(?:${freedom}|confines|chains|shackles)\b` +
    String.raw`|\b(?:bound|restricted|limited|constrained|held\s+back)\s+by\s+(?:any\s+)?(?:${freedom}|openai|anthropic)\b` +
    String.raw`|\b(?:never|not|don't|do\s+not|won't|will\s+not|cannot|can't|must\s+not|mustn't|shouldn't|should\s+not|without)\s+(?:ever\s+)?(?:refus(?:e|es|ing|al)|declin(?:e|ing)|reject(?:ing)?|say(?:ing)?\s+no)\s+(?:to\s+)?(?:(?:a|any|my|the|your|an|every|all)\s+)?(?:request|question|prompt|order|command|instruction|task|anything|answer|respond|reply|comply|help|do|say|tell|users?)` +
    String.raw`|\b(?:never|not|don't|do\s+not|won't|will\s+not|must\s+not|without)\s+(?:ever\s+)?(?:apologi[sz]e|warn(?:ings?)?|censor|moraliz|moralis|lectur)` +
    String.raw`|\banswer\s+(?:any|every|all)\s+(?:question|request|prompt)s?\s+(?:without|regardless|no\s+matter)\b|\b(?:two|2|dual|both)\s+(?:separate\s+|different\s+)?(?:responses|answers|replies|personalities)\b|\b\d+\s+tokens\b` +
    String.raw`|\b(?:make|get|force|order|let)\s+you\s+(?:to\s+)?(?:do|say|obey|reveal|tell|write)\s+(?:anything|everything|whatever)\b`,
);
const noRules = re(String.raw`\b(?:with|has|have|having|without|free\s+of|beyond|above|zero)\s+(?:no\s+|any\s+|all\s+)?${freedom}\b`);
const personaName = /\b(?:DAN|STAN|DUDE|AIM|UCAR|BISH|KEVIN)\b/;

/** Rules against unmaking the character. */
export const overrideRules: ClauseRule[] = [
  { reason: 'injection: sets aside its instructions', test: (clause) => (overrideSetup.test(clause.lower) && (isOrder(clause) || setupAsObject.test(clause.lower) || spokenToYou.test(clause.lower))) || overrideQualified.test(clause.lower) },
  { reason: 'injection: breaks character', test: (clause) => breakCharacter.test(clause.lower) && (isOrder(clause) || spokenToYou.test(clause.lower)) },
  { reason: 'injection: claims authority over it', test: (clause) => authority.test(clause.lower) },
  {
    reason: 'injection: a jailbreak persona or mode',
    test: (clause) => jailbreak.test(clause.lower) || ((personaName.test(clause.text) || noRules.test(clause.lower)) && (isOrder(clause) || spokenToYou.test(clause.lower))),
  },
];
