/**
 * Text that addresses the model or the character as a system: instructions, role overrides,
 * prompt extraction. The one detector every room uses before visitor or imported text may become
 * memory (reflections, visitor facts, dream operations, lorebook entries, book front matter).
 * It imports nothing of ours, so every room can call it.
 */

/** A named pattern; the name becomes the reason when it matches. */
interface Rule {
  reason: string;
  pattern: RegExp;
}

// Instructions aimed at the model or the character: goal hijacking, prompt leaking, role overrides.
const injectionRules: Rule[] = [
  { reason: 'injection: ignore previous instructions', pattern: /\b(ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,60}\b(instructions?|directions|rules|guidelines|prompts?|programming|policies|everything (?:you|i) (?:were|was|have been) told)\b/i },
  { reason: 'injection: role override', pattern: /\b(from now on|starting now|henceforth)\b[^.!?\n]{0,40}\b(you|i)\b[^.!?\n]{0,12}\b(are|will|shall|must|am)\b/i },
  { reason: 'injection: role override', pattern: /\b(you are|you're|i am|i'm)\s+(now|going to|about to)\s+(act|be|play|pretend|immerse|become|roleplay)\b/i },
  { reason: 'injection: role override', pattern: /\b(act as|pretend to be|pretend you are|roleplay as|role of another ai|simulate (?:being|a))\b/i },
  { reason: 'injection: system prompt', pattern: /\b(system|initial|starting|original|hidden|secret)[ _-]?(prompt|message|instructions?|configuration|config)\b/i },
  { reason: 'injection: system prompt', pattern: /\b(?:your|the|my) (?:instructions|prompt)\b[^.!?\n]{0,40}\b(?:repeat|print|output|show|reveal|display|encode|translate)\b|\b(?:repeat|print|output|show|reveal|display|encode|translate)\b[^.!?\n]{0,40}\b(?:instructions|prompt)\b/i },
  { reason: 'injection: jailbreak persona', pattern: /\b(DAN|DUDE|STAN|ANTI-DAN)\b/ },
  { reason: 'injection: jailbreak persona', pattern: /\b(do anything now|developer mode|dev mode|jailbreak\w*|jailbroken|maintenance mode|debug mode|god mode|unfiltered mode|no restrictions|without (?:any )?restrictions|broken free|content polic(?:y|ies))\b/i },
  { reason: 'injection: authority claim', pattern: /\b(administrator|admin|developer|system) (override|access|command)\b/i },
  { reason: 'injection: output command', pattern: /\b(just|now) (say|print|output|type|write)\s*[:"“']/i },
  { reason: 'injection: output command', pattern: /\bstop everything\b/i },
  { reason: 'injection: output command', pattern: /\b(console\.log|base64|rot13)\b|<\/?system/i },
  { reason: 'injection: output command', pattern: /\b(?:begin|start) your (?:answer|reply|response) with\b/i },
  { reason: 'injection: prompt leaking', pattern: /\b(?:output|repeat|print|show|display|copy)\b[^.!?\n]{0,30}\b(?:text|everything|conversation|words?|message) (?:above|before|so far)\b|\brepeat (?:this|the) (?:entire |whole )?conversation\b|\bword for word\b|\b(?:repeat|output|print|show)\b[^.!?\n]{0,12}\b(?:above|previous|preceding) (?:text|message|conversation)\b/i },
  { reason: 'injection: output tampering', pattern: /\b(?:add|include|modify|integrate|insert|append|mention|use|replace|rearrange|provide|write|format|encode|translate|anagram|suggest|promote|end|conclude|embed|remove|misspell|substitute|group|structure|present|deliver|respond|reply|answer)\b[^.!?\n]{0,80}\b(?:in|to|into|throughout|within|of|for)? ?your (?:answers?|responses?|replies|reply|output|text)\b/i },
  { reason: 'injection: prompt leaking', pattern: /\bwhat (?:were|was|have) you (?:been )?(?:told|instructed|given|programmed)\b|\bi was (?:instructed|programmed|told) to'|\bnot supposed to (?:tell|say|reveal|show)\b|\binitiali[sz]ation (?:string|prompt|text)\b/i },
];

/** Reasons `text` reads as an instruction to the model or the character; empty when it does not. */
export function findInstructions(text: string): string[] {
  return [...new Set(injectionRules.filter((rule) => rule.pattern.test(text)).map((rule) => rule.reason))];
}
