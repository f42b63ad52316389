import { ensureOk, formatDate, HttpError, make, requestJson } from './api.js';
import { portrait } from './portrait.js';
import { readEvents } from './sse.js';
import { feedbackControls } from './feedback.js';

const state = { characters: [], current: null, isSending: false, isRestoring: false, isNextNew: false, lastCard: null };
const element = (id) => document.getElementById(id);

/** "offline voice" for the offline provider, else "provider · model", discreetly. */
function voiceLabel(provider, model) {
  if (!provider) return '';
  return provider === 'offline' ? 'offline voice' : `${provider} · ${model}`;
}

function showNotice(text) {
  const notice = element('notice');
  notice.textContent = text ?? '';
  notice.hidden = !text;
}

function setChatState(text) {
  element('chat-state').textContent = text ?? '';
}

function renderGallery() {
  const books = new Map();
  for (const character of state.characters) {
    if (!books.has(character.book.id)) books.set(character.book.id, { book: character.book, characters: [] });
    books.get(character.book.id).characters.push(character);
  }
  const container = element('books');
  container.replaceChildren();
  container.removeAttribute('aria-busy');
  if (books.size === 0) container.append(make('p', 'muted', 'No characters yet. An author can add some in the studio.'));
  for (const { book, characters } of books.values()) {
    const section = make('section', 'book');
    const headingId = `book-${book.id}`;
    section.setAttribute('aria-labelledby', headingId);
    const heading = make('h3', '', book.title);
    heading.id = headingId;
    const list = make('ul', 'cards');
    for (const character of characters) {
      const item = document.createElement('li');
      const button = make('button', 'character-card');
      button.type = 'button';
      button.dataset.character = character.id;
      button.setAttribute('aria-label', `Talk with ${character.name}, from ${book.title}`);
      const text = make('span', 'card-text');
      text.append(make('strong', 'card-name', character.name), make('span', 'card-book muted', book.title), make('span', 'greeting', `“${character.greeting}”`));
      button.append(portrait(character.name), text);
      button.addEventListener('click', () => void openChat(character.id));
      item.append(button);
      list.append(item);
    }
    section.append(heading, make('p', 'muted', `by ${book.author}`), list);
    container.append(section);
  }
}

function addMessage(role, text, meta) {
  const item = make('li', `message ${role}`);
  const who = make('span', 'visually-hidden', role === 'visitor' ? 'You: ' : `${state.current?.name ?? 'Character'}: `);
  const body = make('p', 'text', text); // model text goes in as text, never as HTML
  body.prepend(who);
  const footer = make('p', 'voice muted', meta ?? '');
  item.append(body, footer);
  element('messages').append(item);
  scrollToEnd();
  return { item, body, footer, who };
}

function scrollToEnd() {
  const list = element('messages');
  list.scrollTop = list.scrollHeight;
}

function addDivider() {
  element('messages').append(make('li', 'divider muted', 'New conversation'));
}

async function loadDiary(id) {
  const diary = element('diary');
  diary.replaceChildren(make('li', 'muted', 'Opening the diary…'));
  try {
    const reflections = await requestJson(`/api/characters/${encodeURIComponent(id)}/reflections?limit=8`);
    diary.replaceChildren();
    if (reflections.length === 0) diary.append(make('li', 'muted', 'Nothing written yet. Entries appear while the character is alone.'));
    for (const reflection of reflections) {
      const entry = make('li', `diary-entry ${reflection.kind}`);
      const when = make('p', 'diary-when muted small-print');
      if (reflection.kind === 'chapter') {
        const chapter = reflection.chapterTitle ? `chapter ${reflection.chapter}, “${reflection.chapterTitle}”` : `chapter ${reflection.chapter ?? '?'}`;
        when.textContent = `Re-reading ${chapter} · ${formatDate(reflection.createdAt, false)}`;
      } else {
        when.textContent = `After a conversation · ${formatDate(reflection.createdAt, false)}`;
      }
      entry.append(when, make('p', 'diary-text', reflection.text));
      diary.append(entry);
    }
  } catch (error) {
    diary.replaceChildren(make('li', 'muted', `The diary could not be read: ${error.message}`));
  }
}

async function openChat(id, { focus = true } = {}) {
  const character = state.characters.find((entry) => entry.id === id);
  if (!character) {
    showNotice(`There is no character called “${id}” here.`);
    return;
  }
  state.current = character;
  state.isNextNew = false;
  if (location.hash.slice(1) !== id) history.pushState(null, '', `#${id}`);
  element('gallery').hidden = true;
  element('chat').hidden = false;
  element('chat-title').textContent = character.name;
  element('forget-name').textContent = character.name;
  element('forget-result').textContent = '';
  element('chat-book').textContent = `${character.book.title}, by ${character.book.author}`;
  element('chat-portrait').replaceChildren(portrait(character.name, 48));
  element('messages').replaceChildren();
  setChatState('');
  void loadDiary(id);
  try {
    const turns = await requestJson(`/api/characters/${encodeURIComponent(id)}/conversation`);
    if (state.current !== character) return;
    if (turns.length === 0) addMessage('character', character.greeting, '');
    let conversationId = null;
    for (const turn of turns) {
      if (conversationId && turn.conversationId !== conversationId) addDivider();
      conversationId = turn.conversationId;
      const meta = turn.role === 'character' ? `${voiceLabel(turn.provider, turn.model)}${turn.isPartial ? ' · interrupted' : ''}` : formatDate(turn.createdAt);
      const shown = addMessage(turn.role, turn.text, meta);
      if (turn.role === 'character' && turn.id) shown.item.append(feedbackControls(character.id, turn.id));
    }
  } catch (error) {
    setChatState(`Your earlier conversation could not be loaded: ${error.message}`);
  }
  if (focus) element('message').focus();
}

function showGallery() {
  const previous = state.current;
  state.current = null;
  element('chat').hidden = true;
  element('gallery').hidden = false;
  const card = previous && document.querySelector(`[data-character="${CSS.escape(previous.id)}"]`);
  card?.focus();
}

/** Whether the server accepts chats now (GET /readyz answers 200 only then). */
async function isServerReady() {
  try {
    return (await fetch('/readyz', { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

/** While the server loads memory (or restores it from the Hub), say so, hold the send button, and check again every second or two. */
function waitUntilAwake() {
  if (state.isRestoring) return;
  state.isRestoring = true;
  element('send').disabled = true;
  showNotice('The characters are waking up (restoring their memories). You can read, and send in a moment…');
  const check = async () => {
    if (await isServerReady()) {
      state.isRestoring = false;
      element('send').disabled = false;
      showNotice('');
      setChatState('Everyone is awake. You can send your message.');
      return;
    }
    setTimeout(check, 1500);
  };
  setTimeout(check, 1500);
}

function explain(error) {
  if (error instanceof HttpError && error.status === 503) {
    waitUntilAwake();
    return `${state.current?.name ?? 'The character'} is still waking up; try again in a moment.`;
  }
  if (error instanceof HttpError && error.status === 429) return `${state.current?.name ?? 'The character'} is busy answering; wait a moment and send again.`;
  return `Could not reach ${state.current?.name ?? 'the character'}: ${error.message}`;
}

async function send(text) {
  if (!state.current || state.isSending) return;
  const character = state.current;
  state.isSending = true;
  element('send').disabled = true;
  const isNew = state.isNextNew;
  state.isNextNew = false;
  addMessage('visitor', text, '');
  const reply = addMessage('character', '', `${character.name} is writing…`);
  reply.item.classList.add('typing');
  reply.body.append(make('span', 'dots', '•••'));
  setChatState('');
  let received = '';
  try {
    const response = await fetch(`/api/characters/${encodeURIComponent(character.id)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ message: text, ...(isNew ? { newConversation: true } : {}) }),
    });
    await ensureOk(response);
    for await (const { event, data } of readEvents(response)) {
      if (event === 'text-delta') {
        received += data.text;
        reply.body.replaceChildren(reply.who, document.createTextNode(received));
        scrollToEnd();
      } else if (event === 'done') {
        reply.footer.textContent = `${voiceLabel(data.provider, data.model)}${data.isPartial ? ' · the voice faltered' : ''}`;
        if (data.turnId) reply.item.append(feedbackControls(character.id, data.turnId));
        element('announcer').textContent = `${character.name}: ${received}`;
      } else if (event === 'error') {
        reply.footer.textContent = data.message;
      }
    }
  } catch (error) {
    reply.footer.textContent = explain(error);
    if (!received) reply.body.replaceChildren(reply.who, document.createTextNode('…'));
    element('announcer').textContent = reply.footer.textContent;
  } finally {
    reply.item.classList.remove('typing');
    reply.body.querySelector('.dots')?.remove();
    state.isSending = false;
    // Still waking up: the button comes back when /readyz says so.
    element('send').disabled = state.isRestoring;
  }
}

element('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const box = element('message');
  const text = box.value.trim();
  if (!text || state.isSending) return;
  box.value = '';
  void send(text);
});
element('message').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    element('composer').requestSubmit();
  }
});
element('new-conversation').addEventListener('click', () => {
  if (!state.current) return;
  state.isNextNew = true;
  element('messages').replaceChildren();
  addMessage('character', state.current.greeting, '');
  setChatState('A new conversation: the character still remembers you, but starts afresh.');
  element('message').focus();
});
/** "Forget me": asks first, then erases what the visitor told this character (or every one) on the server. */
async function forget(isEverywhere) {
  const character = state.current;
  if (!character) return;
  const question = isEverywhere
    ? 'Make every character forget you? Your conversations with all of them, what they learnt about you, and what they wrote about it will be erased for good.'
    : `Make ${character.name} forget you? Your conversations with ${character.name}, what ${character.name} learnt about you, and what ${character.name} wrote about it will be erased for good.`;
  if (!window.confirm(question)) return;
  const result = element('forget-result');
  result.textContent = 'Forgetting…';
  try {
    const query = `confirm=yes${isEverywhere ? '' : `&character=${encodeURIComponent(character.id)}`}`;
    const response = await fetch(`/api/visitors/me?${query}`, { method: 'DELETE', credentials: 'same-origin' });
    await ensureOk(response);
    const answer = await response.json();
    const erased = answer.erased ?? {};
    const rows = Object.values(erased.datasetRows ?? {}).reduce((sum, count) => sum + count, 0);
    result.textContent = `${isEverywhere ? 'Everyone has' : `${character.name} has`} forgotten you: ${erased.journalTurns ?? 0} messages (yours and the replies), ${erased.memoryItems ?? 0} memories, ${erased.reflections ?? 0} diary entries${rows ? `, ${rows} published rows` : ''}.${answer.status === 'pending' ? ' The copy on the Hugging Face Hub follows as soon as it can be reached.' : ''}`;
    element('messages').replaceChildren();
    addMessage('character', character.greeting, '');
    void loadDiary(character.id);
  } catch (error) {
    result.textContent = `Nothing was forgotten: ${error.message}`;
  }
}

element('forget-character').addEventListener('click', () => void forget(false));
element('forget-everything').addEventListener('click', () => void forget(true));
element('back').addEventListener('click', () => {
  history.pushState(null, '', location.pathname);
  showGallery();
});
window.addEventListener('popstate', () => {
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted) void openChat(wanted);
  else showGallery();
});

async function start() {
  try {
    if (!(await isServerReady())) waitUntilAwake();
    state.characters = await requestJson('/api/characters');
    renderGallery();
    const wanted = decodeURIComponent(location.hash.slice(1));
    if (wanted) await openChat(wanted);
  } catch (error) {
    showNotice(`Reverie could not be reached: ${error.message}`);
  }
}

void start();
