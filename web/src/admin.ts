/**
 * `/admin`: site admins find accounts (a part of the username or e-mail, the suspended ones alone, newest first, a
 * page at a time) and suspend, lift or delete them. The page is static and open to anyone: the API
 * (`/api/admin/accounts`) is what refuses everyone but site admins, so a viewer sees only a notice.
 */
import { showUnclaimedPayments } from './admin-payments';
import { fetchChannels } from './api';
import { infoForm } from './info-form';
import { byId, setText, show } from './dom';
import { call, logOut, pageAccount, showFieldErrors, str } from './session';
import { applyStaticStrings, strings, timeAgo } from './strings';

const section = byId('accounts', HTMLElement);
const form = byId('account-search', HTMLFormElement);
const list = byId('account-list', HTMLUListElement);
const empty = byId('no-accounts', HTMLParagraphElement);
const more = byId('more-accounts', HTMLButtonElement);
const status = byId('admin-status', HTMLParagraphElement);
const resetLink = byId('reset-link', HTMLDivElement);

interface Listed {
  readonly username: string;
  readonly email: string;
  readonly createdAt: string;
  readonly admin: boolean;
  readonly live: boolean;
  readonly suspended: { readonly since: string; readonly reason: string } | null;
}

function listed(value: unknown): Listed {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const s = o['suspended'];
  const suspension = typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : null;
  return {
    username: str(o['username']),
    email: str(o['email']),
    createdAt: str(o['createdAt']),
    admin: o['admin'] === true,
    live: o['live'] === true,
    suspended: suspension === null ? null : { since: str(suspension['since']), reason: str(suspension['reason']) },
  };
}

let next: string | null = null;

function query(): URLSearchParams {
  const data = new FormData(form);
  const params = new URLSearchParams({ q: String(data.get('q') ?? '').trim(), limit: '50' });
  if (data.get('suspended') !== null) params.set('suspended', 'true');
  return params;
}

/** Loads the first page (`append` false) or the next one. */
async function load(append: boolean): Promise<void> {
  const params = query();
  if (append && next !== null) params.set('before', next);
  const r = await call('GET', `/api/admin/accounts?${params.toString()}`);
  showFieldErrors(section, r.errors);
  if (r.status !== 200 || typeof r.body !== 'object' || r.body === null) {
    if (r.errors.length === 0) setText(status, str((r.body as Record<string, unknown> | null)?.['detail']) || String(r.status));
    return;
  }
  const body = r.body as Record<string, unknown>;
  const accounts = Array.isArray(body['accounts']) ? body['accounts'].map(listed) : [];
  const items = accounts.map(row);
  if (append) list.append(...items);
  else list.replaceChildren(...items);
  next = typeof body['next'] === 'number' ? String(body['next']) : null;
  show(more, next !== null);
  show(empty, list.children.length === 0);
}

function row(a: Listed): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset['user'] = a.username;
  const name = document.createElement('a');
  name.href = `/${encodeURIComponent(a.username)}`;
  name.className = 'admin-account-name';
  name.textContent = a.username;
  const email = document.createElement('span');
  email.className = 'muted';
  email.textContent = a.email;
  const joined = document.createElement('span');
  joined.className = 'muted';
  joined.textContent = strings.joined(timeAgo(new Date(a.createdAt)));
  const badges = document.createElement('span');
  badges.className = 'admin-badges';
  if (a.live) badges.append(badge(strings.live, 'live'));
  if (a.admin) badges.append(badge(strings.siteAdmin, 'admin'));
  if (a.suspended !== null) {
    const b = badge(strings.suspendedSince(timeAgo(new Date(a.suspended.since))), 'suspended');
    if (a.suspended.reason !== '') b.title = a.suspended.reason;
    badges.append(b);
  }
  const actions = document.createElement('span');
  actions.className = 'admin-actions';
  if (!a.admin) actions.append(...buttons(a));
  li.append(name, ' ', email, ' ', joined, ' ', badges, actions);
  if (a.suspended !== null && a.suspended.reason !== '') {
    const reason = document.createElement('p');
    reason.className = 'muted admin-reason';
    reason.textContent = a.suspended.reason;
    li.append(reason);
  }
  return li;
}

function badge(text: string, kind: string): HTMLSpanElement {
  const b = document.createElement('span');
  b.className = `admin-badge admin-badge-${kind}`;
  b.textContent = text;
  return b;
}

/** Suspend or lift, and delete: each done, the list is loaded again (what the server now says, not a guess). */
function buttons(a: Listed): HTMLButtonElement[] {
  const path = `/api/admin/accounts/${encodeURIComponent(a.username)}`;
  const suspend = document.createElement('button');
  suspend.type = 'button';
  suspend.className = 'button button-small';
  if (a.suspended === null) {
    suspend.textContent = strings.suspendAccount;
    suspend.addEventListener('click', () => {
      const reason = window.prompt(strings.suspendAccountPrompt(a.username));
      if (reason === null) return;
      void act('PUT', `${path}/suspension`, { reason }, strings.accountSuspended(a.username));
    });
  } else {
    suspend.textContent = strings.liftSuspension;
    suspend.addEventListener('click', () => void act('DELETE', `${path}/suspension`, undefined,
      strings.suspensionLifted(a.username)));
  }
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'button button-small button-danger';
  remove.textContent = strings.deleteAccount;
  remove.addEventListener('click', () => {
    if (!window.confirm(strings.deleteAccountConfirm(a.username))) return;
    void act('DELETE', path, undefined, strings.accountDeleted(a.username));
  });
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.className = 'button button-small';
  reset.textContent = strings.passwordResetLink;
  reset.addEventListener('click', () => void issueResetLink(a.username));
  return [suspend, reset, remove];
}

/** A one-time link for someone who forgot their password: shown with a Copy button, for the admin to hand over. */
async function issueResetLink(username: string): Promise<void> {
  setText(status, '');
  resetLink.hidden = true;
  const r = await call('POST', `/api/admin/accounts/${encodeURIComponent(username)}/password-reset`);
  const body = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
  if (r.status !== 201) {
    setText(status, r.errors.map((e) => `${e.field} ${e.message}`).join(' ') || str(body['detail']) || String(r.status));
    return;
  }
  setText(byId('reset-link-text', HTMLParagraphElement),
    strings.passwordResetIssued(username, new Date(str(body['expiresAt'])).toLocaleString(strings.locale)));
  byId('reset-link-url', HTMLInputElement).value = str(body['url']);
  resetLink.hidden = false;
  resetLink.scrollIntoView({ block: 'nearest' });
}

async function act(method: string, path: string, body: unknown, done: string): Promise<void> {
  setText(status, '');
  const r = await call(method, path, body);
  if (r.status === 204) {
    setText(status, done);
  } else {
    const detail = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
    setText(status, r.errors.map((e) => `${e.field} ${e.message}`).join(' ') || str(detail['detail']) || String(r.status));
  }
  await load(false);
}

async function start(): Promise<void> {
  const me = await pageAccount();
  if (me === null) {
    location.assign('/login');
    return;
  }
  setText(byId('account-name', HTMLElement), me.username);
  byId('logout', HTMLButtonElement).addEventListener('click', () => void logOut());
  if (!me.admin) {
    show(byId('not-admin', HTMLParagraphElement), true);
    document.body.dataset['state'] = 'ready';
    return;
  }
  show(section, true);
  byId('account-query', HTMLInputElement).placeholder = strings.searchAccounts;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  byId('reset-link-copy', HTMLButtonElement).addEventListener('click', () => {
    const input = byId('reset-link-url', HTMLInputElement);
    input.select();
    void navigator.clipboard?.writeText(input.value);
  });
  await Promise.all([load(false), showUnclaimedPayments(), showOperatorChannels()]);
  document.body.dataset['state'] = 'ready';
}

/** The static-key channels' info, which only site admins can edit (shown when the configuration has any). */
async function showOperatorChannels(): Promise<void> {
  const operated = (await fetchChannels().catch(() => [])).filter((c) => c.operated).map((c) => c.channel).sort();
  if (operated.length === 0) return;
  const pick = byId('operator-channel', HTMLSelectElement);
  pick.replaceChildren(...operated.map((name) => Object.assign(document.createElement('option'), { value: name, textContent: name })));
  const editor = infoForm(byId('operator-info-form', HTMLFormElement), byId('operator-info-message', HTMLParagraphElement));
  pick.addEventListener('change', () => void editor.load(pick.value));
  await editor.load(operated[0] ?? '');
  show(byId('operator-channels', HTMLElement), true);
}

applyStaticStrings();
document.title = strings.pageTitle(strings.siteAdmin);
void start();
