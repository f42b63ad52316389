// The author's studio: a token kept in sessionStorage, four tabs, everything through the API.
import { HttpError } from './api.js';
import { createBooksTab } from './studio-books.js';
import { createCharactersTab } from './studio-life.js';
import { createDreamsTab } from './studio-dreams.js';
import { createHealthTab } from './studio-health.js';

const element = (id) => document.getElementById(id);
const tokenKey = 'reverie-admin-token';

const studio = {
  token: () => sessionStorage.getItem(tokenKey) ?? '',
  notice(text) {
    element('notice').textContent = text ?? '';
    element('notice').hidden = !text;
  },
  /** Shows an error; a 401/403 asks for the token again. */
  fail(error) {
    if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
      studio.notice(`${error.message}. Enter the admin token above.`);
      element('token').focus();
    } else studio.notice(error.message);
  },
};

const tabs = {
  books: createBooksTab(studio),
  characters: createCharactersTab(studio),
  dreams: createDreamsTab(studio),
  health: createHealthTab(studio),
};
const names = Object.keys(tabs);

function select(name, { focus = false } = {}) {
  for (const other of names) {
    const tab = element(`tab-${other}`);
    const isSelected = other === name;
    tab.setAttribute('aria-selected', String(isSelected));
    tab.tabIndex = isSelected ? 0 : -1;
    element(`panel-${other}`).hidden = !isSelected;
  }
  if (focus) element(`tab-${name}`).focus();
  if (location.hash.slice(1) !== name) history.replaceState(null, '', `#${name}`);
  studio.notice('');
  void tabs[name].show().catch((error) => studio.fail(error));
}

for (const name of names) {
  const tab = element(`tab-${name}`);
  tab.addEventListener('click', () => select(name));
  tab.addEventListener('keydown', (event) => {
    const index = names.indexOf(name);
    const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: names.length - 1 - index };
    if (!(event.key in moves)) return;
    event.preventDefault();
    select(names[(index + moves[event.key] + names.length) % names.length], { focus: true });
  });
}

element('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(tokenKey, element('token').value.trim());
  element('token-state').textContent = 'Token kept for this tab only.';
  select(currentTab());
});

function currentTab() {
  const wanted = location.hash.slice(1);
  return names.includes(wanted) ? wanted : 'books';
}

element('token').value = studio.token();
if (studio.token()) element('token-state').textContent = 'Token kept for this tab only.';
select(currentTab());
