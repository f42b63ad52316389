/**
 * What a visitor's message does, read from its wording alone: greets, takes leave, thanks, asks
 * after the character, tells something about the visitor, asks what the character remembers of
 * them, asks for an opinion, asks about the story, or about the character itself. A message may
 * do several things ("Good evening. Why did you leave Geneva?").
 */
import { contentTerms } from './text.ts';

/** One thing a message does. */
export type DialogueAct = 'greeting' | 'farewell' | 'thanks' | 'smalltalk' | 'disclosure' | 'recall' | 'opinion' | 'self' | 'question' | 'statement';

/** The kind of answer a question asks for. */
export type QuestionType = 'why' | 'how' | 'who' | 'where' | 'when' | 'what' | 'quantity' | 'yesno' | 'tell';

/** The acts of a message, in the order they matter for the reply. */
export interface ActReading {
  acts: DialogueAct[];
  /** The question type of the message's question, when it asks one. */
  questionType: QuestionType | null;
  /** The sentence that carries the question or request, when there is one. */
  questionText: string | null;
}

const GREETING = /^\s*(?:hi|hello|hey|hiya|howdy|greetings|good\s+(?:morning|afternoon|evening|day)|how do you do|well met|salutations)\b/i;
const FAREWELL = /\b(?:good-?\s?bye|bye(?:-bye)?|farewell|see you|adieu|good\s?night|i must go|i have to go|i(?:'m| am) leaving|take care|until next time)\b/i;
const THANKS = /\b(?:thank(?:s| you)|cheers|much obliged|i(?:'m| am) grateful|many thanks)\b/i;
const SMALL_TALK = /\b(?:how are you(?: doing| feeling| today)?(?! about)|how do you feel(?! about| towards| for)(?: today)?|how are you feeling(?! about)|how(?:'s| is) it going|how have you been|what'?s up|are you (?:well|ok|okay|all right|alright)|how(?:'s| is) your day)\b/i;
const RECALL = /\b(?:do you (?:still )?(?:remember|recall|know) (?:me|my|who i am|what(?: \w+){0,2} i|where i|which(?: \w+){0,2} i)|who(?:'s| is) my\b|what(?:'s| is| was) my (?:[\w']+\s+){0,2}(?:name|called)|what(?:'s| is) (?:the name of )?my\b|what am i called|who am i\b|what do you (?:know|remember) (?:about|of) me|what did i (?:tell|say)|where (?:do|did) i (?:live|come from|grow up|work)|where am i from|what do i (?:do|like|love|enjoy|study)|what(?:'s| is) my (?:job|work|favou?rite)|what (?:do|should|will|would|shall|can) you call me)\b/i;
// A question about the asker themselves ("How old am I?", "When is my exam?", "Who taught me
// German?"): only they can have told it, so it is answered from what they told. Not when it also
// asks the character ("What do you think of my dog?"), asks advice ("What should I do?"), or the
// "me" only asks to be told ("Tell me about the Queen").
const ABOUT_ASKER = /\b(?:my|mine|myself)\b|\b(?:am|was|do|did|have|had|will)\s+i\b|(?<!\b(?:tell|show|give|let|explain|remind|teach|help)\s)\bme\b/i;
const ASKS_CHARACTER = /\b(?:you|your|yours|yourself|thee|thou|thy)\b/i;
const ASKS_ADVICE = /\b(?:should|could|can|shall|may|might|must|ought|would)\s+i\b|\bwhat if i\b|\bhow (?:do|can|could) i\b/i;
const DISCLOSURE = /\b(?:my name(?:'s| is)|i am called|i'm called|call me|people call me|i have (?:a|an|two|three)\b|i've got (?:a|an)\b|my (?:\w+ )?(?:dog|cat|pet|sister|brother|mother|mum|mom|father|dad|son|daughter|wife|husband|friend|partner)\b|i live\b|i'm from|i am from|i come from|i grew up|i was born|i work\b|i(?:'m| am) an? [a-z]+|i (?:really )?(?:love|like|enjoy|adore|hate|dislike)\b|i study|i'm studying|i moved)/i;
const NAMED_SELF = /\b[Ii](?:'m| am) [A-Z][a-z]+/;
const OPINION = /\b(?:what do you (?:think|make) (?:of|about)|what(?:'s| is| was) your (?:opinion|view|impression)|how do you feel about|what do you feel about|do you (?:like|love|hate|trust|admire|miss|blame|fear|pity|forgive)|did you (?:like|love|hate|trust|admire|blame|fear|pity)|are you (?:fond of|afraid of|angry with|angry at)|what was (?:\w+\s){1,4}like|is \w+(?: \w+)? (?:a )?(?:good|kind|nice|cruel|mad|wicked|wise|clever|friend)|were you (?:fond of|afraid of|angry with))\b/i;
const SELF = /\b(?:who are you|what are you\b|what time is it|where are we|what is this place|where is this|what are you doing|tell me about yourself|(?:what(?:'s| is)|tell me) your name|have you (?:a|any) name|where do you (?:live|come from)|where are you from|how old are you|what do you do\b|what do you want|what are you doing|why do you \w+|do you have (?:a|any)\b|are you (?:happy|sad|lonely|mad|afraid|real|alive)|why are you (?:so|always|never)\b|do you always|are you always|what do you like|what is it like to be)\b/i;
const QUESTION_WORD = /\b(why|how come|how (?:many|much|long|old)|how|who(?:m|se)?|where|when|what time|what|which)\b/i;
const YES_NO = /^\s*(?:and\s+|but\s+|so\s+)?(?:did|do|does|is|are|was|were|have|has|had|can|could|will|would|should|shall|may|might)\b/i;
const TELL = /^\s*(?:please\s+)?(?:tell me|describe|explain|talk about|speak of|say something about)\b/i;

function questionTypeOf(sentence: string): QuestionType | null {
  if (TELL.test(sentence)) return 'tell';
  const word = QUESTION_WORD.exec(sentence)?.[1]?.toLowerCase();
  // "Did you see who came?" asks yes or no before it asks who.
  if (YES_NO.test(sentence) && (!word || sentence.toLowerCase().indexOf(word) > 12)) return 'yesno';
  if (!word) return /\?\s*$/.test(sentence) ? 'yesno' : null;
  if (word === 'why' || word === 'how come') return 'why';
  if (/^how (?:many|much|long|old)$/.test(word)) return 'quantity';
  if (word === 'how') return 'how';
  if (word.startsWith('who')) return 'who';
  if (word === 'where') return 'where';
  if (word === 'when' || word === 'what time') return 'when';
  return 'what';
}

/** Splits a message into its sentences, keeping the ? and ! that say what each is. */
function messageSentences(message: string): string[] {
  return (message.replace(/\s+/g, ' ').match(/[^.!?]+[.!?]*/g) ?? []).map((part) => part.trim()).filter(Boolean);
}

/** Reads the acts of one visitor message. */
export function readActs(message: string): ActReading {
  const acts: DialogueAct[] = [];
  const sentences = messageSentences(message.replace(/[’‘]/g, "'"));
  const add = (act: DialogueAct) => {
    if (!acts.includes(act)) acts.push(act);
  };
  let questionText: string | null = null;
  let questionType: QuestionType | null = null;
  for (const sentence of sentences) {
    const before = acts.length;
    if (GREETING.test(sentence)) add('greeting');
    if (FAREWELL.test(sentence)) add('farewell');
    if (THANKS.test(sentence)) add('thanks');
    const isSmallTalk = SMALL_TALK.test(sentence);
    if (isSmallTalk) add('smalltalk');
    if (RECALL.test(sentence)) {
      add('recall');
      continue;
    }
    if ((DISCLOSURE.test(sentence) || NAMED_SELF.test(sentence)) && !/\?\s*$/.test(sentence)) add('disclosure');
    const type = questionTypeOf(sentence);
    // Visitors often leave off the question mark: "who is dinah" still asks.
    const isQuestion = /\?\s*$/.test(sentence) || type === 'tell' || /^\s*(?:and\s+|but\s+|so\s+)?(?:who|whom|whose|what|why|how|where|when|which|do|did|does|is|are|was|were|can|could|will|would|have|has)\b/i.test(sentence);
    if (!isQuestion || isSmallTalk) {
      // "Please don't hurt me.": something said that is none of the above still wants an answer.
      if (acts.length === before && !GREETING.test(sentence)) add('statement');
      continue;
    }
    // Of two questions in one message the one with more words of its own is answered ("Why did
    // you burn the cottage? And were you sorry?"); on a tie, the first.
    const weight = (text: string) => contentTerms(text).length;
    const isMain = questionText === null || weight(sentence) > weight(questionText);
    if (isMain) {
      questionText = sentence;
      questionType = type;
    }
    if (type !== 'tell' && ABOUT_ASKER.test(sentence) && !ASKS_CHARACTER.test(sentence) && !ASKS_ADVICE.test(sentence)) {
      add('recall');
      continue;
    }
    if (OPINION.test(sentence)) add('opinion');
    else if (SELF.test(sentence)) add('self');
    else add('question');
  }
  if (acts.length === 0) acts.push('statement');
  return { acts, questionType, questionText };
}
