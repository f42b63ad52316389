// Studio, Books tab: the characters found in a book and the author's corrections to them
// (merge two entries, split an alias off, rename, not a character), saved with the book through
// POST /api/books/:id/character-edits and undone through DELETE …/character-edits/:index.
import { make, requestJson } from './api.js';

/** How a saved edit reads in the list of corrections. */
function describeEdit(edit) {
  if (edit.op === 'merge') return `“${edit.from}” merged into “${edit.into}”`;
  if (edit.op === 'split') return `“${edit.alias}” split off “${edit.from}”${edit.name ? ` as “${edit.name}”` : ''}`;
  if (edit.op === 'rename') return `“${edit.from}” renamed “${edit.to}”`;
  return `“${edit.name}” marked as not a character`;
}

function button(text, label, onClick) {
  const node = make('button', 'secondary', text);
  node.type = 'button';
  if (label) node.setAttribute('aria-label', label);
  node.addEventListener('click', onClick);
  return node;
}

function select(label, options) {
  const node = document.createElement('select');
  node.setAttribute('aria-label', label);
  for (const value of options) node.append(new Option(value, value));
  return node;
}

/**
 * Renders the characters table with its corrections into `container`.
 * `context`: { book, token(), fail(error), makeCard(name), refresh(book) }.
 */
export function renderCast(container, context) {
  const { book } = context;
  const status = make('p', 'save-result');
  status.id = 'cast-status';
  status.setAttribute('role', 'status');

  const send = async (method, url, body) => {
    status.textContent = '';
    try {
      const updated = await requestJson(url, { method, body, token: context.token() });
      context.refresh(updated);
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
      context.fail(error);
    }
  };
  const edit = (body) => send('POST', `/api/books/${encodeURIComponent(book.id)}/character-edits`, body);

  if ((book.narrators ?? []).length > 0) {
    container.append(make('h3', '', 'Narrators'));
    const list = make('ul', 'plain-list narrators');
    list.setAttribute('aria-label', 'Narrators');
    for (const range of book.narrators) {
      const chapters = range.fromChapter === range.toChapter ? `chapter ${range.fromChapter}` : `chapters ${range.fromChapter}–${range.toChapter}`;
      list.append(make('li', '', `${range.speaker}: ${chapters}${range.startsAt ? `, from “${range.startsAt}”` : ''}`));
    }
    container.append(list, make('p', 'muted small-print', book.narratorSource === 'given' ? 'As written in book.json.' : 'Found in the text: "I" in these stretches is this narrator.'));
  }

  container.append(make('h3', '', 'Characters discovered'));
  if (book.characters.length === 0) {
    container.append(make('p', 'muted', 'No speaking characters were found.'));
  } else {
    const table = make('table', 'discovered');
    const head = document.createElement('tr');
    for (const title of ['Name', 'Lines', 'Mentions', 'Chapters', '']) head.append(make('th', '', title));
    table.append(head);
    const names = book.characters.map((character) => character.name);
    for (const character of book.characters.slice(0, 30)) table.append(characterRow(character, names, edit, context));
    container.append(table);
  }
  container.append(status);

  const edits = book.edits ?? [];
  if (edits.length > 0) {
    container.append(make('h3', '', 'Your corrections'));
    const list = make('ol', 'corrections');
    list.setAttribute('aria-label', 'Corrections');
    edits.forEach((saved, index) => {
      const item = make('li', saved.applied ? '' : 'muted', `${describeEdit(saved)}${saved.applied ? '' : ' (no longer found)'} `);
      item.append(button('Undo', `Undo: ${describeEdit(saved)}`, () => void send('DELETE', `/api/books/${encodeURIComponent(book.id)}/character-edits/${index}`)));
      list.append(item);
    });
    container.append(list, make('p', 'muted small-print', 'Saved with the book: they are applied again whenever it is read or uploaded anew.'));
  }
}

function characterRow(character, names, edit, context) {
  const row = document.createElement('tr');
  const name = make('td', '', character.name);
  if (character.isNarrator) name.append(make('span', 'badge', ' narrator'));
  if (character.aliases.length > 0) name.append(make('span', 'muted small-print', ` (${character.aliases.slice(0, 4).join(', ')}${character.aliases.length > 4 ? ', …' : ''})`));
  const action = document.createElement('td');
  action.append(button('Make a card', `Make a card for ${character.name}`, () => void context.makeCard(character.name).catch((error) => context.fail(error))));

  const correct = document.createElement('details');
  correct.className = 'correct';
  correct.append(make('summary', '', 'Correct'));
  const rename = document.createElement('input');
  rename.type = 'text';
  rename.value = character.name;
  rename.setAttribute('aria-label', `New name for ${character.name}`);
  const renameBar = make('div', 'toolbar');
  renameBar.append(rename, button('Rename', `Rename ${character.name}`, () => {
    const to = rename.value.trim();
    if (to && to !== character.name) void edit({ op: 'rename', from: character.name, to });
  }));
  correct.append(renameBar);
  const others = names.filter((other) => other !== character.name);
  if (others.length > 0) {
    const into = select(`Merge ${character.name} into`, others);
    const mergeBar = make('div', 'toolbar');
    mergeBar.append(into, button('Merge into', `Merge ${character.name} into the chosen entry`, () => void edit({ op: 'merge', into: into.value, from: character.name })));
    correct.append(mergeBar);
  }
  if (character.aliases.length > 0) {
    const alias = select(`Name of ${character.name} to split off`, character.aliases);
    const splitBar = make('div', 'toolbar');
    splitBar.append(alias, button('Split off', `Split the chosen name off ${character.name}`, () => void edit({ op: 'split', from: character.name, alias: alias.value })));
    correct.append(splitBar);
  }
  correct.append(button('Not a character', `${character.name} is not a character`, () => void edit({ op: 'not-character', name: character.name })));
  action.append(correct);
  row.append(name, make('td', '', character.lines), make('td', '', character.mentions), make('td', '', character.chapters.length), action);
  return row;
}
