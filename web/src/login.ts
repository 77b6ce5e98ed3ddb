/**
 * `/login`: username and password, then back to the page the visitor came from (`/login?next=/alice`), else the
 * dashboard. `next` must be a path on this site (see {@link safeNext}): never another origin (no open redirect).
 */
import { byId, setText } from './dom';
import { call } from './session';
import { applyStaticStrings, strings } from './strings';

const form = byId('login-form', HTMLFormElement);
const message = byId('form-message', HTMLParagraphElement);

/**
 * `next` if it is a same-site path: starts with one `/` (not `//` or `/\`, which browsers read as another host),
 * has no backslash or control character, and resolves to this origin. Else null.
 */
export function safeNext(next: string | null, origin: string = location.origin): string | null {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.pathname.startsWith('/login')) return null;
  return url.pathname + url.search + url.hash;
}

const next = safeNext(new URLSearchParams(location.search).get('next'));

applyStaticStrings();
document.title = strings.pageTitle(strings.logIn);
document.body.dataset['state'] = 'ready';

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const params = new URLSearchParams();
  params.set('username', String(data.get('username') ?? ''));
  params.set('password', String(data.get('password') ?? ''));
  document.body.dataset['state'] = 'busy';
  call('POST', '/api/session', undefined, params).then(
    (r) => {
      if (r.status === 200) {
        document.body.dataset['state'] = 'done';
        location.assign(next ?? '/dashboard');
        return;
      }
      document.body.dataset['state'] = 'error';
      setText(message, r.status === 401 ? strings.wrongLogin : r.status === 429 ? strings.tooManyLogins : strings.somethingFailed);
    },
    () => {
      document.body.dataset['state'] = 'error';
      setText(message, strings.somethingFailed);
    },
  );
});
