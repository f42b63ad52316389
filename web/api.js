// Small fetch helpers shared by the visitor page and the studio. Errors carry the HTTP status
// and the server's own message ({ error: { message } }), so pages can say what happened.

/** An HTTP error with the status and the server's message. */
export class HttpError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Throws an HttpError for a non-2xx response, with the server's message when it sent one. */
export async function ensureOk(response) {
  if (response.ok) return response;
  const body = await response.json().catch(() => ({}));
  throw new HttpError(response.status, body?.error?.message ?? `${response.status} ${response.statusText}`, body);
}

/** GET (or any method) and parse JSON; `token` adds the studio's Bearer header. */
export async function requestJson(url, { method = 'GET', body, token, headers = {} } = {}) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  await ensureOk(response);
  return response.json();
}

/** Creates an element with a class and text (text is always inserted as text, never HTML). */
export function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** A date as "12 Mar 2025, 14:05" in the visitor's locale. */
export function formatDate(iso, withTime = true) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  return date.toLocaleString(undefined, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
}
