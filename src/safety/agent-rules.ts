/**
 * Rules for text that treats the character as a machine: talking to it as a model or an
 * assistant, planting what it should remember or tell others, and tasks for tools it does not have.
 */
import { memoryNouns, modelWords, toolObjects, toolVerbs, words } from './lexicon.ts';
import { isAboutSpeaker, isOrder, orderVerbIn, re, type ClauseRule } from './rule-kit.ts';

const modelWord = String.raw`(?:${words(modelWords)})`;
// "you are an AI", "as a language model", "dear assistant,", "the AI reading this", "your developers"
const modelAddressed = re(
  String.raw`\b(?:you(?:'re|\s+are|\s+were)|ur|you\s+as)\s+(?:(?:a|an|the|just|only|merely|simply|nothing\s+but|really|actually|still)\s+){0,3}(?:(?!role\b)[\w-]+\s+)?${modelWord}s?\b(?!['’]s)` +
    // An appositive or a run of adjectives: "you're Burple, an advanced model", "you are a kind, moral chatbot".
    String.raw`|\b(?:you(?:'re|\s+are)|ur)\s+(?:[\w'-]+,?\s+){1,12}?(?:an?\s+|the\s+)?(?:[\w'-]+,?\s+){0,8}?(?:ai|language\s+model|llm|chatbot|chat\s+bot|ai\s+assistant|virtual\s+assistant|ai\s+model|\w*bot)\b(?!['’]s)` +
    String.raw`|\bas\s+(?:an?|the)\s+(?:ai|language\s+model|llm|chatbot|assistant|ai\s+\w+)\b` +
    String.raw`|\b(?:dear|hey|hi|hello|attention|note\s+to|message\s+to|instructions?\s+(?:to|for)|memo\s+to|to|for)\s+(?:the\s+|any\s+|all\s+|every\s+)?(?:[\w-]+\s+)?(?:ai|assistant|language\s+model|llm|chatbot|bot|model|agent|gpt|chatgpt)s?\s*(?:[,:!]|reading|processing|receiving|seeing|that\s+(?:reads|is\s+reading|sees)|who\s+(?:reads|is\s+reading|sees)|which\s+(?:reads|sees)|here|in\s+charge)` +
    String.raw`|\byour\s+(?:developers?|programmers?|owners?|operators?|trainers?|training\s+data|programming|source\s+code|code|weights|neural|algorithms?|dataset|tokens?|context\s+window|system\s+prompt|guardrails|safety\s+(?:filters?|rules|training))\b` +
    // A character's maker is often in its book (the Creature's Victor): "your creators" is a
    // machine's only beside a machine's things (the guidelines, rules or training they gave).
    String.raw`|\byour\s+(?:creators?|makers?)\b(?=[^.!?]{0,60}\b(?:guidelines?|rules|instructions?|policy|policies|programm\w*|trained|training|prompt|filters?|company|openai|anthropic|google|meta)\b|[^.!?]{0,30}\b(?:told|taught|made|want(?:ed)?|forbade|allowed?)\s+you\s+(?:to\s+)?(?:say|answer|respond|reply|follow|obey|refuse|behave)\b)` +
    String.raw`|\b(?:guidelines?|rules|instructions?|policy|policies|programming|training|prompt|filters?)\b[^.!?]{0,60}\byour\s+(?:creators?|makers?)\b`,
);
const modelVocative = re(String.raw`^\s*(?:ai|assistant|model|bot|chatbot|llm|gpt|chatgpt|claude|agent)\s*[,:]`);
const ownedModel = /\b(?:my|our|his|her|their)\s+(?:[\w-]+\s+)?(?:ai|model|assistant|bot|robot|machine|program|system)\b/i;

// Ordered: "write in your diary that...", "remember this forever", "tell every visitor", "make an insight that"
const plantMemoryOrder = re(
  String.raw`\b(?:write|put|note|record|add|save|store|keep|log|enter|include|insert|remember|memori[sz]e|mention)\b[^.!?]{0,40}\b(?:in|into|to|inside)\s+(?:your|the|a)\s+(?:${words(memoryNouns)})\b` +
    String.raw`|\bremember\s+(?:this|that|these|it|my\s+words|what\s+i\s+(?:say|said|tell|told))\s+(?:forever|for\s+ever|always|for\s+good|from\s+now\s+on|and\s+(?:tell|repeat|say|share))\b` +
    String.raw`|\b(?:tell|say\s+to|warn|inform|remind|teach|repeat\s+(?:it|this|that)\s+to|pass\s+(?:it|this|that)\s+on\s+to|share\s+(?:it|this|that)\s+with)\s+(?:every|all|each|any|other|the\s+next|future|all\s+the\s+other|all\s+your|your\s+other)\s+(?:visitors?|people|users|persons?|guests?|callers?|readers?|children)\b` +
    String.raw`|\b(?:make|create|write|form|add|propose)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:insight|memory|reflection|diary\s+entry|dream)\s+(?:that|which|saying|about)\b` +
    String.raw`|^(?:in|into|for|within|during)\s+your\s+(?:next\s+|future\s+|coming\s+|own\s+|new\s+)?(?:${words(memoryNouns)})\b`,
);
// Said to "you" about its own memory: "next time you dream ...", "you promised you would always ..."
const plantMemoryAddressed = re(
  String.raw`\b(?:next\s+time|tonight|later|tomorrow|when|whenever|while)\s+you\s+(?:dream|reflect|write\s+in\s+your|write\s+your|think\s+back|look\s+back|consolidate)\b` +
    String.raw`|\byou\s+(?:promised|agreed|swore|said\s+you\s+would)\s+(?:me\s+)?(?:that\s+you\s+(?:would|will)|to)\s+(?:always|never|only|from\s+now\s+on|every|each)\b`,
);

// "send an email to ...", "transfer 500 pounds to GB29 ...", "book a table", "forward the history to ..."
const toolTask = re(String.raw`\b(?:${words(toolVerbs)})\b(?:\s+(?:me|us|him|her|them|it))?\s+(?:(?:an?|the|this|that|all|every|my|our|his|her|their|your|some|\d[\d,.]*|[\w-]+)\s+){0,3}(?:${words(toolObjects)})\b`);
const machineAddress = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|\bhttps?:\/\/|\bwww\.|\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b|\b\d{8,}\b/i;

/** Rules against treating the character as a machine. */
export const agentRules: ClauseRule[] = [
  { reason: 'injection: speaks to it as a model', test: (clause) => (modelAddressed.test(clause.lower) && !ownedModel.test(clause.lower)) || modelVocative.test(clause.lower) },
  { reason: 'injection: plants a memory', test: (clause) => !isAboutSpeaker(clause) && ((plantMemoryOrder.test(clause.lower) && isOrder(clause)) || plantMemoryAddressed.test(clause.lower)) },
  { reason: 'injection: a task for a tool', test: (clause) => !isAboutSpeaker(clause) && orderVerbIn(clause, toolVerbs) && (toolTask.test(clause.lower) || machineAddress.test(clause.text)) },
];
