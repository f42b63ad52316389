// Studio, Characters tab: one character's life at a glance: reflections per day by kind, mood
// over time (AFINN score of each reflection), the chapter cursor, and quarantined drafts.
import { formatDate, make, requestJson } from './api.js';
import { lineChart, stackedBars } from './charts.js';

const element = (id) => document.getElementById(id);

/** Fills a <select> with the characters, keeping the current choice. */
export async function fillCharacterSelect(select) {
  const characters = await requestJson('/api/characters');
  const previous = select.value;
  select.replaceChildren(...characters.map((character) => {
    const option = make('option', '', `${character.name} (${character.book.title})`);
    option.value = character.id;
    return option;
  }));
  if (characters.some((character) => character.id === previous)) select.value = previous;
  return characters;
}

function fact(list, term, value) {
  list.append(make('dt', '', term), make('dd', '', value));
}

/** Builds the Characters tab. */
export function createCharactersTab(studio) {
  const select = element('life-character');
  select.addEventListener('change', () => void render().catch((error) => studio.fail(error)));

  async function render() {
    const id = select.value;
    const life = element('life');
    if (!id) return life.replaceChildren(make('p', 'muted', 'No characters yet.'));
    const [status, reflections, quarantine] = await Promise.all([
      requestJson('/api/status'),
      requestJson(`/api/characters/${encodeURIComponent(id)}/reflections?limit=100`),
      requestJson(`/api/characters/${encodeURIComponent(id)}/quarantine`, { token: studio.token() }),
    ]);
    const entry = status.characters.find((character) => character.id === id) ?? {};
    life.replaceChildren();

    const facts = make('dl', 'facts');
    const cursor = entry.chapterCursor;
    fact(facts, 'Chapter cursor', cursor ? `chapter ${cursor.chapter}, part ${cursor.part}, reading ${cursor.cycle + 1}; next: ${cursor.nextActivity}` : 'not started');
    fact(facts, 'Reflections', String(entry.reflections ?? reflections.length));
    fact(facts, 'Quarantined drafts', String(entry.quarantined ?? quarantine.length));
    fact(facts, 'Memory items', String(entry.memoryItems ?? '—'));
    const last = entry.lastActivity;
    fact(facts, 'Last activity', last ? `${formatDate(last.at)}: ${last.status}${last.reason ? ` (${last.reason})` : ''}` : 'none since the server started');
    life.append(facts);

    const perDay = new Map();
    for (const reflection of reflections) {
      const day = reflection.createdAt.slice(0, 10);
      const row = perDay.get(day) ?? { label: day.slice(5), values: { chapter: 0, chat: 0 } };
      row.values[reflection.kind] = (row.values[reflection.kind] ?? 0) + 1;
      perDay.set(day, row);
    }
    const rows = [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
    const timeline = make('figure', 'chart-figure');
    timeline.append(stackedBars({ rows, series: ['chapter', 'chat'], title: 'Reflections per day, by kind (chapter re-readings and conversations)' }));
    timeline.append(make('figcaption', '', `Reflections per day by kind (the latest ${reflections.length}).`));

    const points = reflections.map((reflection) => ({ x: new Date(reflection.createdAt), y: Number(reflection.mood) || 0 })).sort((a, b) => a.x - b.x);
    const span = Math.max(5, ...points.map((point) => Math.abs(point.y)));
    const mood = make('figure', 'chart-figure');
    mood.append(lineChart({ points, title: 'Mood of each reflection over time (AFINN score; above zero is brighter)', min: -span, max: span, label: 'mood' }));
    mood.append(make('figcaption', '', 'Mood over time: the AFINN score of each reflection, above zero brighter, below darker.'));
    life.append(make('h2', '', 'Reflections'), timeline, make('h2', '', 'Mood'), mood);

    life.append(make('h2', '', 'Quarantined drafts and withheld messages'));
    if (quarantine.length === 0) life.append(make('p', 'muted', 'None: every draft passed the guard.'));
    const subjects = { draft: 'draft', 'visitor-turn': 'withheld visitor message', 'character-reply': 'withheld reply', 'visitor-fact': 'refused visitor fact' };
    const list = make('ul', 'quarantine');
    for (const draft of quarantine.slice(-20).reverse()) {
      const item = make('li', 'quarantine-entry');
      item.append(make('p', 'muted small-print', `${subjects[draft.subject ?? 'draft'] ?? 'draft'} · ${draft.kind} · ${formatDate(draft.createdAt)}`));
      item.append(make('p', 'reasons', `Why: ${draft.reasons.join('; ')}`));
      item.append(make('blockquote', '', draft.draft));
      list.append(item);
    }
    life.append(list);
  }

  return {
    async show() {
      await fillCharacterSelect(select);
      await render();
    },
  };
}
