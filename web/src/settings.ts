/**
 * `/settings`: the account's personal access tokens (create: shown once; list; revoke), its password (the current one
 * to change it; the account's other sessions are logged out), deleting the account (the username typed and the
 * password: nothing a stray click can do) and logging out.
 */
import { byId, setText, show } from './dom';
import { call, logOut, pageAccount, showFieldErrors, str } from './session';
import { applyStaticStrings, strings, timeAgo } from './strings';

const form = byId('token-form', HTMLFormElement);
const created = byId('token-created', HTMLElement);
const createdValue = byId('token-value', HTMLElement);
const list = byId('token-list', HTMLUListElement);
const empty = byId('no-tokens', HTMLParagraphElement);
const account = byId('account-name', HTMLElement);
const passwordForm = byId('password-form', HTMLFormElement);
const passwordStatus = byId('password-status', HTMLParagraphElement);
const deleteForm = byId('delete-form', HTMLFormElement);
const deleteStatus = byId('delete-status', HTMLParagraphElement);

async function refresh(): Promise<void> {
  const r = await call('GET', '/api/tokens');
  const tokens = Array.isArray(r.body) ? r.body : [];
  list.replaceChildren(
    ...tokens.map((t: unknown) => {
      const token = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = str(token['name']);
      const used = document.createElement('span');
      used.className = 'muted';
      const last = str(token['lastUsedAt']);
      used.textContent = last !== '' ? strings.tokenLastUsed(timeAgo(new Date(last))) : strings.tokenNeverUsed;
      const revoke = document.createElement('button');
      revoke.type = 'button';
      revoke.className = 'button button-small';
      revoke.textContent = strings.revoke;
      revoke.addEventListener('click', () => {
        void call('DELETE', `/api/tokens/${encodeURIComponent(String(token['id']))}`).then(() => refresh());
      });
      li.append(name, ' ', used, ' ', revoke);
      return li;
    }),
  );
  show(empty, tokens.length === 0);
}

async function start(): Promise<void> {
  const me = await pageAccount();
  if (me === null) {
    location.assign('/login');
    return;
  }
  setText(account, me.username);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = String(new FormData(form).get('name') ?? '');
    void call('POST', '/api/tokens', { name }).then((r) => {
      showFieldErrors(form, r.errors);
      if (r.status === 201 && typeof r.body === 'object' && r.body !== null) {
        createdValue.textContent = str((r.body as Record<string, unknown>)['token']);
        show(created, true);
        form.reset();
      }
      return refresh();
    });
  });
  passwordForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(passwordForm);
    setText(passwordStatus, '');
    void call('PUT', '/api/me/password', {
      currentPassword: String(data.get('currentPassword') ?? ''),
      newPassword: String(data.get('newPassword') ?? ''),
    }).then((r) => {
      showFieldErrors(passwordForm, r.errors);
      const body = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
      if (r.status === 200) {
        passwordForm.reset();
        setText(passwordStatus, strings.passwordChanged(Number(body['otherSessionsEnded'] ?? 0)));
      } else if (r.errors.length === 0) {
        setText(passwordStatus, str(body['detail']) || String(r.status)); // 429: too many wrong passwords
      }
    });
  });
  deleteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(deleteForm);
    setText(deleteStatus, '');
    if (String(data.get('confirm') ?? '').trim().toLowerCase() !== me.username) {
      showFieldErrors(deleteForm, [{ field: 'confirm', message: strings.deleteConfirmMismatch }]);
      return;
    }
    void call('DELETE', '/api/me', { password: String(data.get('password') ?? '') }).then((r) => {
      showFieldErrors(deleteForm, r.errors);
      if (r.status === 204) {
        location.assign('/');
        return;
      }
      const body = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
      const other = r.errors.filter((e) => e.field !== 'password').map((e) => `${e.field} ${e.message}`); // a site admin
      if (r.errors.length === 0 || other.length > 0) {
        setText(deleteStatus, other.join(' ') || str(body['detail']) || String(r.status)); // 429 too
      }
    });
  });
  byId('logout', HTMLButtonElement).addEventListener('click', () => void logOut());
  await refresh();
  document.body.dataset['state'] = 'ready';
}

applyStaticStrings();
document.title = strings.pageTitle(strings.settings);
void start();
