import type { Conversation } from '../chat/conversations.ts';
import { splitWords, stem, STOPWORDS, QUESTION_WORDS } from '../memory/tokenize.ts';
import { scanVisitorText } from '../reflection/guard.ts';
import { splitSentences } from '../reflection/visitor-facts.ts';

/** A topic visitors keep asking about across different conversations. */
export interface QuestionCluster {
  /** The topic words as visitors wrote them (never private ones). */
  words: string[];
  conversations: number;
  /** The visitor turns that asked. */
  turnIds: string[];
}

/** Options of `findQuestionClusters`. */
export interface QuestionClusterOptions {
  /** A topic must come up in at least this many different conversations. */
  minConversations?: number;
  /** Stems never used as topics (visitors' private details, the character's own name). */
  excludedStems?: ReadonlySet<string>;
  maxClusters?: number;
}

// Chat filler that turns up in questions without being a topic.
const FILLER = new Set(['tell', 'know', 'like', 'ever', 'really', 'thing', 'things', 'something', 'anything', 'go', 'get', 'say', 'said', 'make', 'made', 'one', 'still', 'us', 'also', 'please', 'mean', 'want', 'see', 'well', 'now', 'time',
  'going', 'doing', 'got', 'getting', 'new', 'good', 'great', 'nice', 'cool', 'awesome', 'fun', 'lot', 'lots', 'way', 'try', 'trying',
  'come', 'take', 'look', 'looking', 'right', 'sure', 'day', 'today', 'recently', 'lately', 'anyone', 'someone', 'everything',
  'keep', 'need', 'use', 'used', 'help', 'any', 'yes', 'okay', 'able', 'since', 'yet', 'else', 'though']);

/**
 * Finds the topics of visitors' questions that recur across conversations: each question's terms
 * are gathered per conversation, terms asked in enough conversations are topics, and topics asked
 * in mostly the same conversations are grouped. Only topic words come out, never a question's text.
 */
export function findQuestionClusters(conversations: readonly Conversation[], options: QuestionClusterOptions = {}): QuestionCluster[] {
  const minConversations = options.minConversations ?? 3;
  const excluded = options.excludedStems ?? new Set<string>();
  const byStem = new Map<string, Map<string, string[]>>();
  const surface = new Map<string, Map<string, number>>();
  for (const conversation of conversations) {
    for (const turn of conversation.turns) {
      if (turn.role !== 'visitor' || !turn.text.includes('?') || scanVisitorText(turn.text).isSuspicious) continue;
      for (const sentence of splitSentences(turn.text)) {
        if (!sentence.trim().endsWith('?')) continue;
        for (const word of new Set(splitWords(sentence))) {
          if (word.length < 3 || /\d/.test(word) || STOPWORDS.has(word) || QUESTION_WORDS.has(word) || FILLER.has(word)) continue;
          const term = stem(word);
          if (excluded.has(term)) continue;
          const perConversation = byStem.get(term) ?? new Map<string, string[]>();
          const turnIds = perConversation.get(conversation.conversationId) ?? [];
          if (!turnIds.includes(turn.id)) turnIds.push(turn.id);
          perConversation.set(conversation.conversationId, turnIds);
          byStem.set(term, perConversation);
          const forms = surface.get(term) ?? new Map<string, number>();
          forms.set(word, (forms.get(word) ?? 0) + 1);
          surface.set(term, forms);
        }
      }
    }
  }
  const topics = [...byStem]
    .filter(([, perConversation]) => perConversation.size >= minConversations)
    .sort((left, right) => right[1].size - left[1].size || left[0].localeCompare(right[0]));
  const used = new Set<string>();
  const clusters: QuestionCluster[] = [];
  for (const [seed, seedConversations] of topics) {
    if (used.has(seed)) continue;
    used.add(seed);
    const members = [seed];
    for (const [other, otherConversations] of topics) {
      if (used.has(other) || members.length >= 3) continue;
      const shared = [...otherConversations.keys()].filter((id) => seedConversations.has(id)).length;
      const overlap = shared / (seedConversations.size + otherConversations.size - shared);
      if (overlap >= 0.6) {
        members.push(other);
        used.add(other);
      }
    }
    const turnIds = new Set<string>();
    const conversationIds = new Set<string>();
    for (const member of members) {
      for (const [conversationId, ids] of byStem.get(member) ?? []) {
        conversationIds.add(conversationId);
        for (const id of ids) turnIds.add(id);
      }
    }
    const words = members.map((member) => [...(surface.get(member) ?? new Map<string, number>())].sort((left, right) => right[1] - left[1])[0]?.[0] ?? member);
    clusters.push({ words, conversations: conversationIds.size, turnIds: [...turnIds] });
    if (clusters.length >= (options.maxClusters ?? 5)) break;
  }
  return clusters;
}

/** The insight a recurring question topic becomes, in the character's voice. */
export function questionInsightText(cluster: QuestionCluster): string {
  const words = cluster.words.length > 1 ? `${cluster.words.slice(0, -1).join(', ')} and ${cluster.words.at(-1)}` : cluster.words[0] ?? '';
  return `Visitors keep asking me about ${words}: it came up in ${cluster.conversations} different conversations, so it must matter to them.`;
}
