// Studio, Dreams tab: dream now, proposals as a readable diff (merged, superseded, new insights,
// forgotten), approve or reject, memory versions and rollback.
import { formatDate, make, requestJson } from './api.js';
import { fillCharacterSelect } from './studio-life.js';

const element = (id) => document.getElementById(id);
const groups = [
  { type: 'merge', title: 'Merged' },
  { type: 'supersede', title: 'Superseded' },
  { type: 'insight', title: 'New insights' },
  { type: 'forget', title: 'Forgotten' },
  { type: 'strategy', title: 'New strategies' },
];

function button(text, className, onClick) {
  const node = make('button', className, text);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

/** One diff entry: what it rests on (struck when it goes away) and what it leaves. */
function diffEntry(entry) {
  const item = make('li', `diff-entry ${entry.operation.type}`);
  if (entry.operation.type === 'insight' || entry.operation.type === 'strategy') {
    // An insight or a strategy removes nothing: what it rests on is evidence, shown as quotes, not struck out.
    const evidence = make('ul', 'diff-evidence');
    evidence.setAttribute('aria-label', 'Drawn from');
    for (const source of entry.before.slice(0, 5)) evidence.append(make('li', 'muted', `“${source.text}”`));
    if (entry.before.length > 5) evidence.append(make('li', 'muted', `and ${entry.before.length - 5} more`));
    item.append(make('p', 'small-print', 'Drawn from:'), evidence);
  }
  for (const before of entry.operation.type === 'insight' || entry.operation.type === 'strategy' ? [] : entry.before) {
    const line = make('p', 'diff-before');
    line.append(make('span', 'visually-hidden', 'Before: '), make('del', '', before.text));
    item.append(line);
  }
  if (entry.after !== null) {
    const line = make('p', 'diff-after');
    line.append(make('span', 'visually-hidden', 'After: '), make('ins', '', entry.after));
    item.append(line);
  }
  item.append(make('p', 'muted small-print', `Why: ${entry.operation.reason}`));
  return item;
}

const rate = (entry) => (entry.likeRate === null ? 'no ratings' : `${Math.round(entry.likeRate * 100)}% liked of ${entry.rated}`);

/** The strategies dreams drew from how replies were taken: each rule, what it rests on, and how replies went before and since. */
function strategiesSection(strategies) {
  const section = make('section', 'strategies');
  section.append(make('h2', '', 'Strategies'), make('p', 'muted', 'Rules about how the character talks to visitors, dreamt from ratings and from what visitors did next. They change with versions, like the rest of its memory.'));
  if (strategies.length === 0) section.append(make('p', 'muted', 'None yet: they come from rated replies when the character dreams.'));
  const list = make('ul', 'strategy-list');
  for (const strategy of strategies) {
    const item = make('li', 'strategy');
    item.append(
      make('p', '', strategy.text),
      make('p', 'muted small-print', `${strategy.rule ? `${strategy.rule} = ${strategy.value} · ` : ''}rests on ${strategy.evidence.length} replies · v${strategy.version ?? '?'} · effect: before ${rate(strategy.effect.before)}, since ${rate(strategy.effect.after)}`),
    );
    list.append(item);
  }
  section.append(list);
  return section;
}

/** Builds the Dreams tab. */
export function createDreamsTab(studio) {
  const select = element('dream-character');
  const say = (text) => (element('dream-state').textContent = text);
  const act = (work) => () => void work().catch((error) => studio.fail(error));
  select.addEventListener('change', act(render));

  element('dream-now').addEventListener('click', act(async () => {
    const mode = element('dream-mode').value;
    element('dream-now').disabled = true;
    say('Dreaming…');
    try {
      const dream = await requestJson(`/api/characters/${encodeURIComponent(select.value)}/dreams`, { method: 'POST', body: { mode }, token: studio.token() });
      say(`The dream ended ${dream.status}: ${dream.reason}`);
      await render();
    } finally {
      element('dream-now').disabled = false;
    }
  }));

  // Two renders can overlap (the tab opens, a character is chosen): only the newest draws.
  let latest = 0;
  async function render() {
    const ticket = ++latest;
    const id = select.value;
    const container = element('dreams');
    if (!id) {
      container.replaceChildren();
      return;
    }
    const token = studio.token();
    const [dreams, versions, strategies] = await Promise.all([
      requestJson(`/api/characters/${encodeURIComponent(id)}/dreams`, { token }),
      requestJson(`/api/characters/${encodeURIComponent(id)}/memory/versions`, { token }),
      requestJson(`/api/characters/${encodeURIComponent(id)}/strategies`, { token }),
    ]);
    if (ticket !== latest) return;
    container.replaceChildren();

    container.append(make('h2', '', 'Dreams'));
    if (dreams.length === 0) container.append(make('p', 'muted', 'No dreams yet. Use “Dream now”, or wait for the night.'));
    const list = make('ol', 'dream-list');
    for (const dream of [...dreams].reverse().slice(0, 15)) {
      const item = make('li', `dream ${dream.status}`);
      item.dataset.dream = dream.dreamId;
      const head = make('p', 'dream-head');
      head.append(make('span', `badge status-${dream.status}`, dream.status), ` ${formatDate(dream.startedAt)} · ${dream.operations.length} change${dream.operations.length === 1 ? '' : 's'} · items ${dream.itemsBefore} → ${dream.itemsAfter} · by ${dream.proposer}`);
      item.append(head, make('p', 'muted small-print', dream.reason));
      if (dream.operations.length > 0) {
        const diff = make('div', 'diff');
        item.append(button('Show changes', 'secondary', act(async () => showDiff(dream.dreamId, diff))), diff);
      }
      if (dream.status === 'pending') {
        item.append(
          button('Approve', '', act(async () => decide(dream.dreamId, 'approve'))),
          button('Reject', 'secondary', act(async () => decide(dream.dreamId, 'reject'))),
        );
      }
      list.append(item);
    }
    container.append(list);

    container.append(strategiesSection(strategies.strategies));

    container.append(make('h2', '', 'Memory versions'));
    container.append(make('p', 'muted', 'Dreams never edit in place: each applied dream is a new version. Any version can be made current again.'));
    const table = make('table', 'data-table versions');
    const head = document.createElement('tr');
    for (const title of ['Version', 'Made', 'From', 'By dream', '']) head.append(make('th', '', title));
    table.append(head);
    const rows = [{ version: 0, createdAt: null, parent: null, dreamId: 'the book and raw memory, before any dream' }, ...versions.versions];
    for (const version of rows) {
      const row = document.createElement('tr');
      const isCurrent = version.version === versions.current;
      row.append(
        make('td', '', `v${version.version}${isCurrent ? ' (current)' : ''}`),
        make('td', '', version.createdAt ? formatDate(version.createdAt) : '—'),
        make('td', '', version.parent === null ? '—' : `v${version.parent}`),
        make('td', 'small-print', version.dreamId),
      );
      const cell = document.createElement('td');
      if (!isCurrent) {
        const rollback = button(`Make v${version.version} current`, 'secondary', act(async () => {
          const result = await requestJson(`/api/characters/${encodeURIComponent(id)}/memory/rollback`, { method: 'POST', body: { version: version.version }, token: studio.token() });
          say(`Memory rolled back from v${result.from} to v${result.to}.`);
          await render();
        }));
        cell.append(rollback);
      }
      row.append(cell);
      table.append(row);
    }
    container.append(table);
  }

  async function showDiff(dreamId, target) {
    const detail = await requestJson(`/api/dreams/${encodeURIComponent(dreamId)}`, { token: studio.token() });
    target.replaceChildren();
    for (const group of groups) {
      const entries = (detail.diff ?? []).filter((entry) => entry.operation.type === group.type);
      const section = make('section', 'diff-group');
      section.append(make('h3', '', `${group.title} (${entries.length})`));
      if (entries.length === 0) section.append(make('p', 'muted small-print', 'none'));
      const list = make('ul', 'plain-list');
      for (const entry of entries) list.append(diffEntry(entry));
      section.append(list);
      target.append(section);
    }
    if (detail.gate) target.append(make('p', 'muted small-print', `Retrieval check: ${detail.gate.reason}`));
  }

  async function decide(dreamId, decision) {
    const dream = await requestJson(`/api/dreams/${encodeURIComponent(dreamId)}/${decision}`, { method: 'POST', body: {}, token: studio.token() });
    say(`Dream ${decision === 'approve' ? 'approved' : 'rejected'}: ${dream.status}. ${dream.reason}`);
    await render();
  }

  return {
    async show() {
      await fillCharacterSelect(select);
      await render();
    },
  };
}
