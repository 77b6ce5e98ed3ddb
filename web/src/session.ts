/**
 * The account API as the account pages call it: same-origin, the session cookie, and Spring Security's CSRF token
 * (the `XSRF-TOKEN` cookie, sent back as the `X-XSRF-TOKEN` header) on every write.
 */

export interface Me {
  readonly username: string;
  readonly email: string;
  readonly channel: string;
  readonly admin: boolean;
  readonly moderates: readonly string[];
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface ApiResult {
  readonly status: number;
  readonly body: unknown;
  /** problem+json `errors`, empty when none. */
  readonly errors: readonly FieldError[];
}

export function csrfToken(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'XSRF-TOKEN') return decodeURIComponent(value.join('='));
  }
  return null;
}

export async function call(method: string, url: string, body?: unknown, form?: URLSearchParams): Promise<ApiResult> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    const token = csrfToken();
    if (token !== null) headers['X-XSRF-TOKEN'] = token;
  }
  let payload: BodyInit | undefined;
  if (form !== undefined) {
    payload = form;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (payload !== undefined) init.body = payload;
  const response = await fetch(url, init);
  let parsed: unknown = null;
  try {
    parsed = (await response.json()) as unknown;
  } catch {
    parsed = null;
  }
  const errors: FieldError[] = [];
  if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as Record<string, unknown>)['errors'])) {
    for (const e of (parsed as Record<string, unknown[]>)['errors'] ?? []) {
      if (typeof e === 'object' && e !== null) {
        const r = e as Record<string, unknown>;
        if (typeof r['field'] === 'string' && typeof r['message'] === 'string') {
          errors.push({ field: r['field'], message: r['message'] });
        }
      }
    }
  }
  return { status: response.status, body: parsed, errors };
}

/**
 * The logged-in account, or null, from `GET /api/session`: 200 for visitors too (`{"account": null}`), where
 * `GET /api/me` answers 401 and the browser logs a failed request on every public page.
 */
async function fetchMe(): Promise<Me | null> {
  const r = await call('GET', '/api/session');
  if (r.status !== 200 || typeof r.body !== 'object' || r.body === null) return null;
  const b = (r.body as Record<string, unknown>)['account'];
  if (typeof b !== 'object' || b === null) return null;
  const a = b as Record<string, unknown>;
  if (typeof a['username'] !== 'string' || typeof a['channel'] !== 'string') return null;
  return {
    username: a['username'],
    email: typeof a['email'] === 'string' ? a['email'] : '',
    channel: a['channel'],
    admin: a['admin'] === true,
    moderates: Array.isArray(a['moderates']) ? a['moderates'].filter((m): m is string => typeof m === 'string') : [],
  };
}

let ofThisPage: Promise<Me | null> | null = null;

/**
 * The account the page was opened with (null: not logged in; the account pages send the visitor to /login), asked
 * once per page load: the header and every script of the page (support, clips, the dashboard's parts) share one
 * request. Logging in or out reloads or leaves the page, so it cannot go stale.
 */
export function pageAccount(): Promise<Me | null> {
  ofThisPage ??= fetchMe().catch(() => null);
  return ofThisPage;
}

export async function logOut(): Promise<void> {
  await call('DELETE', '/api/session');
  location.assign('/');
}

/** Shows each field error next to its field (`[data-error-for=field]`), clears the others. */
export function showFieldErrors(form: HTMLElement, errors: readonly FieldError[]): void {
  for (const el of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    const field = el.dataset['errorFor'] ?? '';
    const messages = errors.filter((e) => e.field === field || e.field.startsWith(`${field}[`)).map((e) => e.message);
    el.textContent = messages.join(' ');
    el.hidden = messages.length === 0;
  }
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
