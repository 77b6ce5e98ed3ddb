/**
 * `/signup`: creates the account (and its channel), logs in, and opens the page the visitor came from
 * (`/signup?next=/alice`: the channel whose chat they wanted to join), else the dashboard.
 */
import { byId, setText } from './dom';
import { carryNext, nextOfThisPage } from './next-page';
import { call, showFieldErrors } from './session';
import { applyStaticStrings, strings } from './strings';

const form = byId('signup-form', HTMLFormElement);
const message = byId('form-message', HTMLParagraphElement);

const next = nextOfThisPage();
carryNext(document.querySelector<HTMLAnchorElement>('a[href="/login"]'), next);

applyStaticStrings();
document.title = strings.pageTitle(strings.signUp);
document.body.dataset['state'] = 'ready';

async function submit(): Promise<void> {
  const data = new FormData(form);
  const username = String(data.get('username') ?? '');
  const password = String(data.get('password') ?? '');
  const r = await call('POST', '/api/accounts', { username, email: String(data.get('email') ?? ''), password });
  showFieldErrors(form, r.errors);
  if (r.status !== 201) {
    document.body.dataset['state'] = 'error';
    setText(message, r.errors.length > 0 ? '' : strings.somethingFailed);
    return;
  }
  const params = new URLSearchParams({ username, password });
  const login = await call('POST', '/api/session', undefined, params);
  if (login.status !== 200) {
    location.assign(next === null ? '/login' : `/login?next=${encodeURIComponent(next)}`);
    return;
  }
  document.body.dataset['state'] = 'done';
  location.assign(next ?? '/dashboard');
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  document.body.dataset['state'] = 'busy';
  submit().catch(() => {
    document.body.dataset['state'] = 'error';
    setText(message, strings.somethingFailed);
  });
});
