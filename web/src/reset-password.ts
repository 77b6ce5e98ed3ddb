/**
 * `/reset-password#<token>`: a forgotten password's one-time link, issued by a site admin (or printed for the
 * operator at start). The token is in the fragment, which browsers never send to a server; it is taken off the
 * address bar at once (history, screenshots). The new password set, the page logs in with it and opens the dashboard.
 */
import { byId, setText, show } from './dom';
import { call, showFieldErrors, str } from './session';
import { applyStaticStrings, strings } from './strings';

const form = byId('reset-form', HTMLFormElement);
const message = byId('form-message', HTMLParagraphElement);
const token = location.hash.replace(/^#/, '');
if (location.hash !== '') history.replaceState(null, '', location.pathname);

applyStaticStrings();
document.title = strings.pageTitle(strings.setNewPassword);
show(byId('link-incomplete', HTMLParagraphElement), token === '');
show(form, token !== '');
document.body.dataset['state'] = 'ready';

async function submit(): Promise<void> {
  const password = String(new FormData(form).get('password') ?? '');
  const r = await call('POST', '/api/password-reset', { token, password });
  showFieldErrors(form, r.errors);
  if (r.status !== 200) {
    document.body.dataset['state'] = 'error';
    setText(message, r.errors.length > 0 ? '' : strings.somethingFailed);
    return;
  }
  const username = str((r.body as Record<string, unknown> | null)?.['username']);
  const login = await call('POST', '/api/session', undefined, new URLSearchParams({ username, password }));
  document.body.dataset['state'] = 'done';
  location.assign(login.status === 200 ? '/dashboard' : '/login');
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  document.body.dataset['state'] = 'busy';
  submit().catch(() => {
    document.body.dataset['state'] = 'error';
    setText(message, strings.somethingFailed);
  });
});
