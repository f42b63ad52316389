import { portrait } from './portrait.js';
import { readEvents } from './sse.js';

const state = { characters: [], current: null, isSending: false };
const element = (id) => document.getElementById(id);

function voiceLabel(provider, model) {
  if (!provider) return '';
  return provider === 'offline' ? 'offline voice' : `${provider} · ${model}`;
}

function showNotice(text) {
  const notice = element('notice');
  notice.textContent = text ?? '';
  notice.hidden = !text;
}

async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return response.json();
}

function renderGallery() {
  const books = new Map();
  for (const character of state.characters) {
    if (!books.has(character.book.id)) books.set(character.book.id, { book: character.book, characters: [] });
    books.get(character.book.id).characters.push(character);
  }
  const container = element('books');
  container.replaceChildren();
  for (const { book, characters } of books.values()) {
    const section = document.createElement('section');
    section.className = 'book';
    const heading = document.createElement('h3');
    heading.textContent = `${book.title}`;
    const author = document.createElement('p');
    author.className = 'muted';
    author.textContent = `by ${book.author}`;
    const list = document.createElement('ul');
    list.className = 'cards';
    for (const character of characters) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'character-card';
      button.setAttribute('aria-label', `Talk with ${character.name}`);
      const name = document.createElement('strong');
      name.textContent = character.name;
      const greeting = document.createElement('span');
      greeting.className = 'greeting';
      greeting.textContent = character.greeting;
      button.append(portrait(character.name), name, greeting);
      button.addEventListener('click', () => openChat(character.id));
      item.append(button);
      list.append(item);
    }
    section.append(heading, author, list);
    container.append(section);
  }
}

function addMessage(role, text, meta) {
  const item = document.createElement('li');
  item.className = `message ${role}`;
  const body = document.createElement('p');
  body.className = 'text';
  body.textContent = text; // model text is inserted as text, never as HTML
  item.append(body);
  const footer = document.createElement('p');
  footer.className = 'voice muted';
  footer.textContent = meta ?? '';
  item.append(footer);
  element('messages').append(item);
  item.scrollIntoView({ block: 'end' });
  return { item, body, footer };
}

async function loadDiary(id) {
  const diary = element('diary');
  diary.replaceChildren();
  try {
    const reflections = await getJson(`/api/characters/${encodeURIComponent(id)}/reflections?limit=5`);
    if (reflections.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'muted';
      empty.textContent = 'Nothing written yet. Reflections appear while the character is alone.';
      diary.append(empty);
    }
    for (const reflection of reflections) {
      const entry = document.createElement('li');
      const when = document.createElement('p');
      when.className = 'muted small-print';
      when.textContent = reflection.kind === 'chapter' ? `Re-reading ${reflection.chapterTitle ?? `chapter ${reflection.chapter}`}` : `After a conversation, ${new Date(reflection.createdAt).toLocaleDateString()}`;
      const text = document.createElement('p');
      text.textContent = reflection.text;
      entry.append(when, text);
      diary.append(entry);
    }
  } catch (error) {
    const failed = document.createElement('li');
    failed.className = 'muted';
    failed.textContent = `The diary could not be read: ${error.message}`;
    diary.append(failed);
  }
}

async function openChat(id) {
  const character = state.characters.find((entry) => entry.id === id);
  if (!character) return;
  state.current = character;
  history.replaceState(null, '', `#${id}`);
  element('gallery').hidden = true;
  element('chat').hidden = false;
  element('chat-title').textContent = character.name;
  element('chat-book').textContent = `${character.book.title}, by ${character.book.author}`;
  element('chat-portrait').replaceChildren(portrait(character.name, 48));
  element('messages').replaceChildren();
  const turns = await getJson(`/api/characters/${encodeURIComponent(id)}/conversation`);
  if (turns.length === 0) addMessage('character', character.greeting, '');
  let conversationId = null;
  for (const turn of turns) {
    if (conversationId && turn.conversationId !== conversationId) addDivider();
    conversationId = turn.conversationId;
    addMessage(turn.role, turn.text, turn.role === 'character' ? voiceLabel(turn.provider, turn.model) : '');
  }
  void loadDiary(id);
  element('message').focus();
}

function addDivider() {
  const divider = document.createElement('li');
  divider.className = 'divider muted';
  divider.textContent = 'New conversation';
  element('messages').append(divider);
}

async function send(text, isNewConversation) {
  if (!state.current || state.isSending) return;
  state.isSending = true;
  element('send').disabled = true;
  addMessage('visitor', text, '');
  const reply = addMessage('character', '', '');
  reply.item.classList.add('typing');
  reply.footer.textContent = 'writing…';
  let received = '';
  try {
    const response = await fetch(`/api/characters/${encodeURIComponent(state.current.id)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ message: text, ...(isNewConversation ? { newConversation: true } : {}) }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
    }
    for await (const { event, data } of readEvents(response)) {
      if (event === 'text-delta') {
        received += data.text;
        reply.body.textContent = received;
      } else if (event === 'done') {
        reply.footer.textContent = `${voiceLabel(data.provider, data.model)}${data.isPartial ? ' · the voice faltered' : ''}`;
      } else if (event === 'error') {
        reply.footer.textContent = data.message;
      }
    }
  } catch (error) {
    reply.footer.textContent = `Could not reach the character: ${error.message}`;
    if (!received) reply.body.textContent = '…';
  } finally {
    reply.item.classList.remove('typing');
    state.isSending = false;
    element('send').disabled = false;
  }
}

let isNextNew = false;
element('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const box = element('message');
  const text = box.value.trim();
  if (!text) return;
  box.value = '';
  void send(text, isNextNew);
  isNextNew = false;
});
element('message').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    element('composer').requestSubmit();
  }
});
element('new-conversation').addEventListener('click', () => {
  isNextNew = true;
  addDivider();
  if (state.current) addMessage('character', state.current.greeting, '');
  element('message').focus();
});
element('back').addEventListener('click', () => {
  state.current = null;
  history.replaceState(null, '', '/');
  element('chat').hidden = true;
  element('gallery').hidden = false;
});

async function start() {
  try {
    const status = await getJson('/api/status');
    if (status.isRestoring) showNotice('The characters are waking up (restoring their memories). This takes a moment…');
    state.characters = await getJson('/api/characters');
    renderGallery();
    const wanted = location.hash.slice(1);
    if (wanted) await openChat(wanted);
  } catch (error) {
    showNotice(`Reverie could not be reached: ${error.message}`);
  }
}

void start();
