// Studio, Books tab: upload a novel (SSE progress), its chapters, narrators and discovered
// characters (corrected in studio-cast.js), and a card editor that shows the server's
// validation problems next to the fields.
import { ensureOk, make, requestJson } from './api.js';
import { renderCast } from './studio-cast.js';
import { readEvents } from './sse.js';

const element = (id) => document.getElementById(id);

/** Editable card fields: the input's label, the card path, and whether it is a list. */
const fields = [
  { key: 'name', label: 'Name', path: 'data.name' },
  { key: 'first_mes', label: 'Greeting (first message)', path: 'data.first_mes', isLong: true },
  { key: 'description', label: 'Description', path: 'data.description', isLong: true },
  { key: 'personality', label: 'Personality', path: 'data.personality', isLong: true },
  { key: 'scenario', label: 'Scenario', path: 'data.scenario', isLong: true },
  { key: 'mes_example', label: 'Example messages', path: 'data.mes_example', isLong: true },
  { key: 'tags', label: 'Tags (comma separated)', path: 'data.tags', isList: true },
  { key: 'aliases', label: 'Other names (comma separated)', path: 'data.extensions.reverie.aliases', isList: true },
];

const slug = (text) => text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'character';
const listOf = (text) => text.split(',').map((part) => part.trim()).filter(Boolean);

/** Builds the Books tab. */
export function createBooksTab(studio) {
  let draft = null;

  async function showBooks() {
    const { books } = await requestJson('/api/books');
    const list = element('book-list');
    list.replaceChildren();
    if (books.length === 0) list.append(make('li', 'muted', 'No books yet.'));
    for (const book of books) {
      const item = document.createElement('li');
      const button = make('button', 'link-button', `${book.title}`);
      button.type = 'button';
      button.addEventListener('click', () => void showBook(book.id).catch((error) => studio.fail(error)));
      item.append(button, make('span', 'muted', ` by ${book.author} · ${book.chapters} chapters`));
      list.append(item);
    }
  }

  async function showBook(id) {
    renderBook(await requestJson(`/api/books/${encodeURIComponent(id)}`));
  }

  function renderBook(book) {
    const detail = element('book-detail');
    detail.replaceChildren();
    const heading = make('h2', '', book.title);
    heading.id = 'book-detail-title';
    detail.append(heading, make('p', 'muted', `by ${book.author} · ${book.chapters.length} chapters`));
    for (const warning of book.warnings ?? []) detail.append(make('p', 'warning', String(warning)));

    detail.append(make('h3', '', 'Chapters found'));
    const chapters = make('ol', 'chapters');
    chapters.setAttribute('aria-label', 'Chapters');
    for (const chapter of book.chapters) {
      const item = make('li', '', chapter.title || `Chapter ${chapter.number}`);
      item.append(make('span', 'muted', ` · ${chapter.kind && chapter.kind !== 'chapter' ? `${chapter.kind} · ` : ''}${chapter.words} words`));
      chapters.append(item);
    }
    detail.append(chapters);

    renderCast(detail, {
      book,
      token: () => studio.token(),
      fail: (error) => studio.fail(error),
      makeCard: (name) => makeCard(book.id, name),
      refresh: (updated) => {
        renderBook(updated);
        element('cast-status').textContent = 'Saved with the book.';
      },
    });
  }

  async function makeCard(bookId, name) {
    const { card } = await requestJson(`/api/books/${encodeURIComponent(bookId)}/characters`, { method: 'POST', body: { name }, token: studio.token() });
    draft = card;
    renderEditor(slug(card.data.name));
  }

  function renderEditor(id) {
    const editor = element('card-editor');
    editor.hidden = false;
    editor.replaceChildren();
    const title = make('h2', '', `Card for ${draft.data.name}`);
    title.id = 'card-editor-title';
    const form = make('form', 'stack card-form');
    form.noValidate = true;
    form.append(make('p', 'muted', `From the book “${draft.data.extensions.reverie.book}”. Edit what you like, then save: the character joins the visitors' gallery at once.`));
    const idField = fieldBlock('card-id', 'Character id (lowercase letters, digits and dashes)', id, false, 'id');
    form.append(idField);
    for (const field of fields) {
      const source = field.key === 'aliases' ? draft.data.extensions.reverie.aliases : draft.data[field.key];
      const value = field.isList ? (source ?? []).join(', ') : (source ?? '');
      form.append(fieldBlock(`card-${field.key}`, field.label, value, field.isLong, field.path));
    }
    const problems = make('ul', 'problems');
    problems.id = 'card-problems';
    problems.setAttribute('aria-live', 'polite');
    const save = make('button', '', 'Save card');
    save.type = 'submit';
    const result = make('p', 'save-result');
    result.id = 'card-result';
    result.setAttribute('role', 'status');
    form.append(problems, save, result);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void saveCard(form).catch((error) => studio.fail(error));
    });
    editor.append(title, form);
    title.tabIndex = -1;
    title.focus();
  }

  function fieldBlock(id, label, value, isLong, path) {
    const block = make('div', 'field');
    block.dataset.path = path;
    const labelElement = make('label', '', label);
    labelElement.htmlFor = id;
    const input = document.createElement(isLong ? 'textarea' : 'input');
    input.id = id;
    if (isLong) input.rows = path === 'data.description' || path === 'data.mes_example' ? 6 : 3;
    else input.type = 'text';
    input.value = value;
    const error = make('p', 'field-error');
    error.id = `${id}-error`;
    input.setAttribute('aria-describedby', error.id);
    block.append(labelElement, input, error);
    return block;
  }

  async function saveCard(form) {
    const id = element('card-id').value.trim();
    const card = structuredClone(draft);
    for (const field of fields) {
      const raw = element(`card-${field.key}`).value;
      const value = field.isList ? listOf(raw) : raw;
      if (field.key === 'aliases') card.data.extensions.reverie.aliases = value;
      else card.data[field.key] = value;
    }
    for (const block of form.querySelectorAll('.field')) {
      block.classList.remove('invalid');
      block.querySelector('.field-error').textContent = '';
      block.querySelector('input, textarea').removeAttribute('aria-invalid');
    }
    const problems = element('card-problems');
    problems.replaceChildren();
    element('card-result').replaceChildren();
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) return showProblems([{ path: 'id', message: 'use 1-64 lowercase letters, digits and dashes' }]);
    const response = await fetch(`/api/characters/${encodeURIComponent(id)}/card`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${studio.token()}` },
      body: JSON.stringify(card),
    });
    if (response.status === 400) {
      const body = await response.json().catch(() => ({}));
      return showProblems(body?.error?.problems ?? [{ path: 'card', message: body?.error?.message ?? 'invalid card' }]);
    }
    await ensureOk(response);
    draft = card;
    const result = element('card-result');
    result.append(`Saved. ${card.data.name} is now in the visitors' gallery: `);
    const link = make('a', '', `talk with ${card.data.name}`);
    link.href = `/#${id}`;
    result.append(link, '.');
  }

  function showProblems(problems) {
    const list = element('card-problems');
    list.append(make('li', 'problems-title', `The card was not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'}.`));
    let first = null;
    for (const problem of problems) {
      list.append(make('li', '', `${problem.path}: ${problem.message}`));
      const block = [...document.querySelectorAll('#card-editor .field')].find((candidate) => problem.path === candidate.dataset.path || problem.path.startsWith(`${candidate.dataset.path}.`) || problem.path.endsWith(candidate.dataset.path));
      if (!block) continue;
      block.classList.add('invalid');
      block.querySelector('.field-error').textContent = problem.message;
      const input = block.querySelector('input, textarea');
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
    first?.focus();
  }

  element('upload-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void upload().catch((error) => {
      element('upload-stage').textContent = `Upload failed: ${error.message}`;
      studio.fail(error);
    });
  });

  async function upload() {
    const file = element('book-file').files[0];
    if (!file) return;
    const form = new FormData();
    for (const name of ['title', 'author']) {
      const value = element(`book-${name}`).value.trim();
      if (value) form.append(name, value);
    }
    form.append('file', file, file.name);
    const progress = element('upload-progress');
    const stage = element('upload-stage');
    progress.value = 0;
    stage.textContent = `Uploading ${file.name}…`;
    element('upload').disabled = true;
    try {
      const response = await fetch('/api/books', { method: 'POST', headers: { authorization: `Bearer ${studio.token()}` }, body: form });
      await ensureOk(response);
      for await (const { event, data } of readEvents(response)) {
        if (event === 'progress') {
          progress.value = Math.max(progress.value, Number(data.percent) || 0);
          stage.textContent = `${data.stage}${data.detail ? `: ${data.detail}` : ''} (${Math.round(progress.value)}%)`;
        } else if (event === 'done') {
          progress.value = 100;
          stage.textContent = `Done: “${data.title}”, ${data.chapters.length} chapters, ${data.words} words.`;
          await showBooks();
          await showBook(data.id);
        } else if (event === 'error') {
          stage.textContent = `The book could not be added: ${data.message}`;
        }
      }
    } finally {
      element('upload').disabled = false;
    }
  }

  return { show: showBooks };
}
