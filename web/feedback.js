// 👍 / 👎 under a reply, with an optional "what was wrong" (a short list or a note). One request
// per rating: POST /api/characters/:id/turns/:turnId/feedback. A visitor rates only their own replies.
import { make, requestJson } from './api.js';

const REASONS = [
  ['', 'What was wrong? (optional)'],
  ['wrong_facts', 'Wrong facts'],
  ['out_of_character', 'Out of character'],
  ['too_long', 'Too long'],
  ['ignored_me', 'Ignored what I said'],
  ['repeated', 'Repeated itself'],
];

/** The rating controls for one reply. */
export function feedbackControls(characterId, turnId) {
  const box = make('div', 'feedback');
  const status = make('span', 'feedback-status muted small-print');
  const up = make('button', 'feedback-button', '👍');
  const down = make('button', 'feedback-button', '👎');
  up.type = down.type = 'button';
  up.setAttribute('aria-label', 'I liked this reply');
  down.setAttribute('aria-label', 'I did not like this reply');
  const details = make('form', 'feedback-details');
  details.hidden = true;
  const reason = make('select', 'feedback-reason');
  reason.setAttribute('aria-label', 'What was wrong');
  for (const [value, label] of REASONS) {
    const option = make('option', '', label);
    option.value = value;
    reason.append(option);
  }
  const note = make('input', 'feedback-note');
  note.type = 'text';
  note.maxLength = 500;
  note.placeholder = 'Or say it in a few words';
  note.setAttribute('aria-label', 'A note about this reply');
  const send = make('button', 'feedback-send', 'Send');
  send.type = 'submit';
  details.append(reason, note, send);

  async function rate(rating, extra = {}) {
    status.textContent = 'Sending…';
    try {
      await requestJson(`/api/characters/${encodeURIComponent(characterId)}/turns/${encodeURIComponent(turnId)}/feedback`, { method: 'POST', body: { rating, ...extra } });
      up.setAttribute('aria-pressed', String(rating === 1));
      down.setAttribute('aria-pressed', String(rating === -1));
      status.textContent = rating === 1 ? 'Thank you.' : 'Thank you; it will try to do better.';
    } catch (error) {
      status.textContent = `Not sent: ${error.message}`;
    }
  }
  up.addEventListener('click', () => {
    details.hidden = true;
    void rate(1);
  });
  down.addEventListener('click', () => {
    details.hidden = false;
    void rate(-1);
  });
  details.addEventListener('submit', (event) => {
    event.preventDefault();
    const extra = { ...(reason.value ? { reason: reason.value } : {}), ...(note.value.trim() ? { note: note.value.trim() } : {}) };
    details.hidden = true;
    void rate(-1, extra);
  });
  box.append(up, down, status, details);
  return box;
}
