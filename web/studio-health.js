// Studio, Health tab: providers and their circuit breakers, token usage per day by purpose, and
// the Hub sync.
import { formatDate, make, requestJson } from './api.js';
import { stackedBars } from './charts.js';

const element = (id) => document.getElementById(id);

function table(headers, rows) {
  const node = make('table', 'data-table');
  const head = document.createElement('tr');
  for (const title of headers) head.append(make('th', '', title));
  node.append(head);
  for (const cells of rows) {
    const row = document.createElement('tr');
    for (const cell of cells) row.append(cell instanceof Node ? wrap(cell) : make('td', '', cell));
    node.append(row);
  }
  return node;
}

function wrap(node) {
  const cell = document.createElement('td');
  cell.append(node);
  return cell;
}

/** Builds the Health tab. */
export function createHealthTab(studio) {
  async function show() {
    const [status, usage] = await Promise.all([requestJson('/api/status'), requestJson('/api/usage')]);
    const health = element('health');
    health.replaceChildren();

    health.append(make('h2', '', 'Providers'), make('p', 'muted', 'In cascade order: the first that answers wins. A failing provider is left alone for a while (its breaker is open).'));
    health.append(table(['Provider', 'Model', 'Breaker', 'Last error'], (status.providers ?? []).map((provider) => [
      provider.name,
      provider.model ?? '',
      make('span', `badge state-${String(provider.state).replace(/[^a-z-]/g, '')}`, provider.state),
      provider.lastError ?? '—',
    ])));

    health.append(make('h2', '', 'Token usage per day, by purpose'));
    const purposes = ['chat', 'reflection', 'dream'];
    const byDay = new Map();
    for (const row of usage) {
      const entry = byDay.get(row.day) ?? { label: row.day.slice(5), values: {} };
      const tokens = row.inputTokens + row.outputTokens + row.cacheReadTokens + row.cacheWriteTokens;
      entry.values[row.purpose] = (entry.values[row.purpose] ?? 0) + tokens;
      byDay.set(row.day, entry);
    }
    const figure = make('figure', 'chart-figure');
    figure.append(stackedBars({ rows: [...byDay.values()].slice(-30), series: purposes, title: 'Tokens per day by purpose (chat, reflection, dream)', unit: ' tokens' }));
    figure.append(make('figcaption', '', 'Tokens per day (input, output and cache), by purpose. The offline voice spends none.'));
    health.append(figure);
    health.append(table(['Day', 'Provider', 'Purpose', 'Replies', 'Input', 'Output'], usage.slice(-20).reverse().map((row) => [row.day, row.provider, row.purpose, String(row.replies), String(row.inputTokens), String(row.outputTokens)])));

    const sync = status.sync ?? {};
    health.append(make('h2', '', 'Hub sync'));
    const facts = make('dl', 'facts');
    const add = (term, value) => facts.append(make('dt', '', term), make('dd', '', value));
    add('State', sync.enabled ? 'on' : `off${sync.reason ? `: ${sync.reason}` : ''}`);
    add('Last sync', sync.lastSyncAt ? formatDate(sync.lastSyncAt) : 'never');
    add('Shards waiting', String(sync.pending ?? 0));
    add('Last error', sync.lastError ?? 'none');
    add('Restoring from the Hub', status.isRestoring ? 'yes' : 'no');
    add('Idle (reflecting allowed)', status.isIdle ? 'yes' : 'no');
    add('Next idle tick', status.nextTick ? formatDate(status.nextTick) : 'not scheduled');
    health.append(facts);
    const syncButton = make('button', 'secondary', 'Sync now');
    syncButton.type = 'button';
    const syncState = make('p', 'muted');
    syncState.setAttribute('role', 'status');
    syncButton.addEventListener('click', async () => {
      syncButton.disabled = true;
      try {
        const result = await requestJson('/api/sync', { method: 'POST', body: {}, token: studio.token() });
        syncState.textContent = `Sync: ${result.status}${result.error ? ` (${result.error})` : ''}`;
      } catch (error) {
        studio.fail(error);
      } finally {
        syncButton.disabled = false;
      }
    });
    health.append(syncButton, syncState);
  }
  return { show };
}
