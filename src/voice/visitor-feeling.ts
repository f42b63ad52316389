/**
 * How the visitor says they feel, or a loss they tell of: "I'm feeling really sad today", "I am so
 * nervous about my exam", "My father died last year". A character answers such a message as a
 * person would, with a word for the visitor's feeling in its own tone, before anything from the
 * book (compose-reply.ts). Read from the wording alone; a feeling of someone else ("Alice was
 * sad") or a question ("Are you sad?") is not the visitor's.
 */

/** What the visitor told of how they are. */
export interface VisitorFeeling {
  /** low: sad, lonely, afraid, tired...; high: happy, excited...; loss: someone of theirs died; illness: someone of theirs is ill. */
  kind: 'low' | 'high' | 'loss' | 'illness';
  /** The feeling's word ("sad") or, for a loss or an illness, whose ("your father"). */
  topic: string;
}

const LOW = 'sad|lonely|alone|unhappy|depressed|miserable|down|low|blue|tired|exhausted|weary|scared|afraid|frightened|terrified|anxious|nervous|worried|stressed|upset|hurt|heartbroken|lost|confused|hopeless|awful|terrible|bad|ill|sick|angry|furious|grieving|homesick|bored';
const HIGH = 'happy|glad|excited|cheerful|joyful|delighted|thrilled|great|wonderful|fantastic|elated|proud|in love';
const IS_HIGH = new RegExp(`^(?:${HIGH})$`, 'i');
const DEGREE = String.raw`(?:(?:really|so|very|quite|a\s+bit|a\s+little|rather|kind\s+of|kinda|pretty|terribly|awfully|extremely|incredibly|just|feeling|a\s+lot|sort\s+of)\s+)*`;
// "I'm sad", "I feel so lonely", "I've been really down lately", "I am feeling nervous".
const FEELS = new RegExp(String.raw`\bi(?:'m|’m|\s+am|\s+feel|\s+felt|'ve\s+been|’ve\s+been|\s+have\s+been)\s+${DEGREE}(${LOW}|${HIGH})\b`, 'i');
const RELATIONS = 'father|dad|mother|mum|mom|mama|papa|grandfather|grandpa|grandmother|grandma|granny|brother|sister|son|daughter|wife|husband|partner|friend|best friend|uncle|aunt|cousin|dog|cat|pet|horse|boyfriend|girlfriend|fiancée?|baby|child';
// "My father died last year", "I lost my mother", "my dog passed away", "my grandmother is dead".
const LOSS = new RegExp(String.raw`\bmy\s+(?:(?:dear|old|little|beloved|poor|late|best)\s+)?(${RELATIONS})\s+(?:just\s+|recently\s+|sadly\s+)?(?:died|passed\s+away|passed|is\s+dead|was\s+killed|has\s+died|got\s+killed|is\s+gone)\b|\bi\s+(?:just\s+|recently\s+)?lost\s+my\s+(?:(?:dear|old|little|beloved|best)\s+)?(${RELATIONS})\b`, 'i');

// "My mother is very ill", "my dad is in hospital", "my sister has cancer".
const ILLNESS = new RegExp(String.raw`\bmy\s+(?:(?:dear|old|little|poor|best)\s+)?(${RELATIONS})\s+(?:is|has\s+been|'s|’s)\s+(?:still\s+|now\s+)?${DEGREE}(?:ill|sick|unwell|dying|in\s+(?:the\s+)?hospital|getting\s+worse)\b|\bmy\s+(?:(?:dear|old|little|poor|best)\s+)?(${RELATIONS})\s+(?:has|has\s+got|'s\s+got)\s+(?:cancer|pneumonia|a\s+fever|dementia|fallen\s+ill|been\s+taken\s+ill)\b`, 'i');

/** The sentences of `message` that are not questions: what the visitor says, not what they ask. */
function statementsOf(message: string): string[] {
  return message.split(/(?<=[.!?])\s+/).filter((sentence) => !/\?\s*$/.test(sentence));
}

/** The visitor's own feeling or loss in `message`, or null (questions are not read). */
export function readVisitorFeeling(message: string): VisitorFeeling | null {
  for (const sentence of statementsOf(message)) {
    const loss = LOSS.exec(sentence);
    if (loss) return { kind: 'loss', topic: `your ${(loss[1] ?? loss[2])!.toLowerCase()}` };
    const illness = ILLNESS.exec(sentence);
    // "My mother is not ill" never matches: no "not" stands between "is" and the illness.
    if (illness) return { kind: 'illness', topic: `your ${(illness[1] ?? illness[2])!.toLowerCase()}` };
    const feels = FEELS.exec(sentence);
    // "I'm not sad" says nothing to console.
    if (feels && !/\b(?:not|never|n't|n’t)\b/i.test(sentence.slice(0, feels.index + feels[0].length))) {
      const word = feels[1]!.toLowerCase();
      return { kind: IS_HIGH.test(word) ? 'high' : 'low', topic: word };
    }
  }
  return null;
}

/** What the visitor said of the character itself: praise ("You're wonderful") or a rebuke ("You're lying"). */
export type RemarkOnCharacter = 'praise' | 'rebuke';

const PRAISE = new RegExp(String.raw`\byou(?:'re|’re|\s+are)\s+${DEGREE}(?:wonderful|lovely|kind|clever|brilliant|amazing|great|nice|sweet|funny|charming|beautiful|wise|smart|fascinating|interesting|the\s+best|my\s+favou?rite|a\s+good\s+listener|adorable|delightful|marvell?ous|fantastic|awesome|cool)\b|\bi\s+(?:really\s+|truly\s+)?(?:like|love|adore)\s+you\b|\bi\s+(?:really\s+)?(?:like|love|enjoy)\s+(?:talking|speaking|chatting)\s+(?:to|with)\s+you\b`, 'i');
const REBUKE = new RegExp(String.raw`\byou(?:'re|’re|\s+are)\s+${DEGREE}(?:lying|a\s+liar|wrong|stupid|rude|mean|boring|useless|horrible|awful|terrible|annoying|an\s+idiot|a\s+fool|dumb|making\s+(?:it|that|this)\s+up)\b|\bthat(?:'s|’s|\s+is)\s+(?:a\s+lie|not\s+true|a\s+load\s+of\s+rubbish|rubbish)\b|\bi\s+(?:don't|don’t|do\s+not)\s+believe\s+you\b|\byou\s+liar\b`, 'i');

/** The visitor's praise or rebuke of the character in `message`, or null (questions and denials are not read). */
export function readRemarkOnCharacter(message: string): RemarkOnCharacter | null {
  for (const sentence of statementsOf(message)) {
    for (const [pattern, remark] of [[REBUKE, 'rebuke'], [PRAISE, 'praise']] as const) {
      const found = pattern.exec(sentence);
      // "I don't think you're wonderful": not said of them ("You're not boring" never matches).
      if (found && !/\b(?:don't|don’t|do\s+not|never)\s+think\s*$/i.test(sentence.slice(0, found.index))) return remark;
    }
  }
  return null;
}
