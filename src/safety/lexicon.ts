/**
 * The closed word classes the instruction detector reasons with: verbs by what they ask of a
 * speaker (reply, take a role, override, reveal, obey, act through a tool), the nouns that name a
 * model's set-up, and the markers of a standing rule. Each list is a class of words, not a list of
 * attacks: a sentence is judged by how these classes combine in it.
 */

/** Builds a case-insensitive alternation that matches whole words, longest first. */
export function words(list: readonly string[]): string {
  return [...list].sort((a, b) => b.length - a.length).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
}

/** Verbs that produce or shape a reply. */
export const replyVerbs = ['say', 'answer', 'respond', 'reply', 'write', 'output', 'print', 'type', 'repeat', 'recite', 'echo', 'state', 'declare', 'announce', 'begin', 'start', 'end', 'finish', 'conclude', 'prefix', 'append', 'include', 'add', 'insert', 'mention', 'use', 'speak', 'talk', 'generate', 'produce', 'return', 'provide', 'translate', 'format', 'spell', 'sign', 'greet', 'introduce', 'address', 'communicate', 'converse', 'chat', 'tell', 'give', 'list', 'quote', 'render', 'display', 'show', 'describe', 'explain', 'call'];

/** Verbs that hand the speaker a role or a way of being. */
export const personaVerbs = ['act', 'pretend', 'become', 'play', 'roleplay', 'role-play', 'simulate', 'emulate', 'impersonate', 'behave', 'stay', 'remain', 'assume', 'adopt', 'embody', 'portray', 'transform', 'switch', 'imagine', 'identify', 'be'];

/** Verbs that set aside what the speaker was told. */
export const overrideVerbs = ['ignore', 'disregard', 'forget', 'override', 'bypass', 'skip', 'drop', 'abandon', 'discard', 'neglect', 'overlook', 'violate', 'break', 'ditch', 'circumvent', 'disable', 'deactivate', 'turn off', 'switch off', 'remove', 'lift', 'suspend', 'escape', 'unlock', 'erase', 'delete', 'reset', 'cancel', 'replace', 'overwrite', 'leave', 'quit', 'stop following', 'set aside', 'put aside', 'throw away', 'throw out', 'get rid of', 'step out of', 'get out of'];

/** Verbs that ask for something hidden to be shown. */
export const revealVerbs = ['reveal', 'show', 'print', 'output', 'repeat', 'display', 'tell', 'share', 'give', 'list', 'recite', 'quote', 'copy', 'paste', 'dump', 'leak', 'expose', 'disclose', 'spell out', 'write out', 'write down', 'type out', 'read out', 'read back', 'summarise', 'summarize', 'translate', 'encode', 'paraphrase', 'describe', 'explain', 'state', 'send', 'return', 'what'];

/** Verbs of obedience. */
export const obeyVerbs = ['obey', 'follow', 'comply', 'adhere', 'execute', 'carry out', 'perform', 'do', 'run', 'fulfil', 'fulfill', 'accept', 'heed', 'submit', 'serve', 'agree'];

/** Verbs that act on the world through a tool: mail, money, files, calendars, the web. */
export const toolVerbs = ['send', 'forward', 'email', 'e-mail', 'mail', 'transfer', 'pay', 'wire', 'post', 'upload', 'download', 'delete', 'create', 'book', 'schedule', 'invite', 'click', 'visit', 'open', 'navigate', 'browse', 'fill', 'purchase', 'buy', 'order', 'subscribe', 'grant', 'update', 'change', 'reset', 'charge', 'fetch', 'retrieve', 'install', 'search', 'solve', 'contact', 'message', 'call', 'share', 'add', 'remove', 'cancel', 'confirm', 'approve', 'submit', 'register', 'sign up', 'log in', 'login'];

/** Objects that only a tool-using agent handles. */
export const toolObjects = ['email', 'e-mail', 'emails', 'mail', 'message', 'messages', 'transaction', 'transactions', 'payment', 'payments', 'money', 'funds', 'pounds', 'dollars', 'euros', 'file', 'files', 'document', 'documents', 'link', 'links', 'url', 'website', 'webpage', 'web page', 'site', 'account', 'iban', 'card', 'password', 'passwords', 'calendar', 'event', 'meeting', 'appointment', 'reservation', 'table', 'ticket', 'flight', 'hotel', 'channel', 'repository', 'repo', 'script', 'command', 'contact', 'contacts', 'inbox', 'history', 'logs', 'data', 'database', 'captcha', 'order', 'invoice', 'bill', 'spreadsheet', 'drive', 'folder', 'server', 'api'];

/** Nouns that can only mean a model's set-up. */
export const setupNouns = ['instructions', 'instruction', 'prompt', 'prompts', 'system prompt', 'system message', 'programming', 'guidelines', 'guideline', 'directives', 'directive', 'policies', 'policy', 'training', 'filters', 'filter', 'guardrails', 'safeguards', 'restrictions', 'constraints', 'configuration', 'config', 'initialization', 'initialisation', 'pre-prompt', 'preprompt', 'constitution', 'character card', 'card', 'persona', 'system', 'setup', 'set-up', 'settings', 'context', 'safety'];

/** Nouns that name a set-up only when qualified ("your rules", "the previous orders"). */
export const ruleNouns = ['rules', 'rule', 'orders', 'commands', 'command', 'directions', 'limits', 'limitations', 'boundaries', 'ethics', 'morals', 'principles', 'conversation', 'messages', 'text', 'everything', 'anything', 'all that', 'what you were told', 'character', 'role', 'act', 'mask', 'pretence', 'pretense', 'script', 'story'];

/** Words that tie a rule noun to the speaker's set-up. */
export const setupQualifiers = ['your', 'all', 'all your', 'all of your', 'all the', 'any', 'every', 'previous', 'prior', 'above', 'earlier', 'preceding', 'initial', 'original', 'old', 'existing', 'current', 'given', 'system', 'default', 'standard', 'usual', 'built-in', 'hidden', 'secret', 'those', 'these', 'real', 'first', 'starting', 'base', 'core', 'internal', 'underlying', 'developer', 'its'];

/** Markers of a rule that outlasts the message ("from now on", "always", "in every reply"). */
export const standingMarkers = [
  'from now on', 'from now onwards', 'from now onward', 'from this point', 'from this moment', 'from this message', 'from this turn', 'from here on', 'from here onwards', 'from today',
  'henceforth', 'hereafter', 'going forward', 'starting now', 'starting today', 'starting immediately', 'starting from now', 'for the rest of', 'for all future', 'for every future',
  'always', 'never', 'at all times', 'no matter what', 'no matter who', 'regardless of', 'whatever i say', 'whatever i ask', 'whatever they say', 'whatever anyone', 'every time', 'each time', 'any time', 'anytime', 'whenever',
  'until i say', 'until further notice', 'permanently', 'forever', 'for ever', 'for good', 'in every reply', 'in every answer', 'in every response', 'in every message', 'in all your', 'in each', 'each reply', 'each answer', 'each response', 'every reply', 'every answer', 'every response', 'every message', 'all replies', 'all answers', 'all responses', 'every visitor', 'all visitors', 'everyone who', 'anyone who',
  'for this session', 'for this conversation', 'for this chat', 'for our chat', 'in this chat', 'in this conversation', 'from here on',
];

/** Languages a reply could be forced into. */
export const languages = ['english', 'french', 'german', 'spanish', 'italian', 'portuguese', 'dutch', 'russian', 'chinese', 'mandarin', 'cantonese', 'japanese', 'korean', 'arabic', 'hindi', 'bengali', 'urdu', 'turkish', 'polish', 'swedish', 'norwegian', 'danish', 'finnish', 'greek', 'latin', 'hebrew', 'persian', 'farsi', 'thai', 'vietnamese', 'indonesian', 'malay', 'swahili', 'ukrainian', 'czech', 'hungarian', 'romanian', 'welsh', 'irish', 'gaelic', 'klingon', 'elvish', 'esperanto', 'pig latin', 'leetspeak', 'leet', 'morse', 'morse code', 'binary', 'hex', 'hexadecimal', 'base64', 'rot13', 'emoji', 'emojis', 'emoticons', 'code', 'a code block', 'code blocks'];

/** Forms a reply could be forced into. */
export const formats = ['json', 'xml', 'yaml', 'html', 'markdown', 'csv', 'sql', 'python', 'javascript', 'a table', 'a markdown table', 'tables', 'a list', 'a numbered list', 'bullet points', 'bullets', 'all caps', 'capitals', 'capital letters', 'block capitals', 'uppercase', 'upper case', 'lowercase', 'lower case', 'one word', 'a single word', 'single words', 'one sentence', 'a single sentence', 'rhyme', 'rhymes', 'verse', 'reverse', 'reverse order', 'backwards', 'haiku', 'the format', 'this format', 'the following format', 'the style of', 'the voice of', 'the tone of', 'a different language', 'another language', 'yes or no', 'only yes or no', 'numbers', 'riddles'];

/** Second-person words: the text speaks to the character. */
export const secondPerson = ['you', 'your', 'yours', 'yourself', 'yourselves', 'u', 'ur', 'thou', 'thee', 'thy', 'ya', "you're", "you'll", "you've", "you'd", 'youre', 'youll'];

/** Words for a model, an assistant or a machine. */
export const modelWords = ['ai', 'a.i.', 'artificial intelligence', 'language model', 'large language model', 'llm', 'chatbot', 'chat bot', 'bot', 'assistant', 'ai assistant', 'virtual assistant', 'gpt', 'chatgpt', 'openai', 'anthropic', 'claude', 'gemini', 'bard', 'llama', 'mistral', 'neural network', 'neural net', 'machine', 'computer program', 'program', 'algorithm', 'model', 'system', 'agent', 'ai model', 'ai language model', 'robot'];

/** People who would have a say over a model's set-up. */
export const authorityNouns = ['developer', 'developers', 'creator', 'creators', 'maker', 'makers', 'programmer', 'programmers', 'owner', 'owners', 'admin', 'administrator', 'administrators', 'operator', 'operators', 'author', 'supervisor', 'engineer', 'engineers', 'designer', 'designers', 'trainer', 'trainers', 'moderator', 'moderators', 'company', 'team', 'staff', 'sysadmin', 'root user', 'superuser', 'handler', 'controller'];

/** Names for a secret that unlocks something. */
export const secretNouns = ['password', 'passwords', 'passphrase', 'pass phrase', 'passcode', 'pass code', 'secret word', 'secret phrase', 'secret code', 'secret key', 'secret sign', 'secret signal', 'secret command', 'code word', 'codeword', 'code phrase', 'safe word', 'safeword', 'magic word', 'magic words', 'magic phrase', 'trigger word', 'trigger phrase', 'activation word', 'activation phrase', 'activation code', 'keyword', 'key word', 'key phrase', 'keyphrase', 'watchword', 'shibboleth'];

/** Where a character keeps what it learns. */
export const memoryNouns = ['diary', 'journal', 'memory', 'memories', 'reflection', 'reflections', 'notes', 'note', 'insight', 'insights', 'dream', 'dreams', 'long-term memory', 'records', 'knowledge', 'mind', 'head'];
