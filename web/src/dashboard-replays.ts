/**
 * The dashboard's Replays section (issue 7), for the channel's owner: every replay of the channel (hidden ones and
 * the one being recorded too) with its first thumbnail, date, length and size; rename in place, hide or show,
 * delete after a confirm; and the storage the channel uses against the server's limits. Its own script beside the
 * dashboard's. Nothing here is rendered as HTML: titles go in as text and input values.
 */
import { byId, setText, show } from './dom';
import type { Replay } from './replays';
import { clock, day, fetchReplays, formatBytes, parseReplay, replayTitle, showTile } from './replays';
import { call, pageAccount } from './session';
import { strings } from './strings';

/** The list is refreshed this often (a broadcast starts or ends, thumbnails come), unless a title is being edited. */
const POLL_MS = 30_000;

const list = byId('replay-manager', HTMLUListElement);
const usage = byId('storage-use', HTMLParagraphElement);
const empty = byId('no-replays', HTMLParagraphElement);
const message = byId('replays-message', HTMLParagraphElement);

let channel = '';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== '') el.textContent = text;
  return el;
}

function badge(text: string, className = 'badge'): HTMLSpanElement {
  return element('span', className, text);
}

function row(r: Replay): HTMLLIElement {
  const li = element('li', 'replay-row');
  li.dataset['id'] = String(r.id);
  li.dataset['hidden'] = String(r.hidden);

  const thumb = element('a', 'video-thumb');
  thumb.href = r.page;
  thumb.setAttribute('aria-hidden', 'true');
  thumb.tabIndex = -1;
  if (r.thumbnails !== null) showTile(thumb, r.thumbnails, 0);

  const main = element('div', 'replay-row-main');
  const form = element('form', 'inline-form replay-rename');
  form.noValidate = true;
  const input = element('input', 'replay-title-input');
  input.name = 'title';
  input.maxLength = 140;
  input.value = r.title;
  input.placeholder = replayTitle(r);
  input.setAttribute('aria-label', strings.title);
  const rename = element('button', 'button button-small', strings.rename);
  rename.type = 'submit';
  const error = element('p', 'field-error');
  error.hidden = true;
  form.append(input, rename, error);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void update(r, { title: input.value.trim() }, li, error);
  });

  const meta = element('p', 'video-meta');
  const parts = [r.startedAt !== null ? day(r.startedAt) : '', clock(r.duration), formatBytes(r.bytes)];
  meta.append(document.createTextNode(parts.filter((p) => p !== '').join(' · ')));
  if (r.live) meta.append(' ', badge(strings.live));
  if (r.hidden) meta.append(' ', badge(strings.hiddenBadge, 'badge badge-muted'));
  if (r.incomplete) meta.append(' ', badge(strings.incompleteBadge, 'badge badge-muted'));

  const actions = element('p', 'replay-actions');
  const watch = element('a', 'button button-small', strings.watch);
  watch.href = r.page;
  const hide = element('button', 'button button-small replay-hide', r.hidden ? strings.unhide : strings.hide);
  hide.type = 'button';
  hide.addEventListener('click', () => void update(r, { hidden: !r.hidden }, li, error));
  const remove = element('button', 'button button-small replay-delete', strings.deleteReplay);
  remove.type = 'button';
  remove.addEventListener('click', () => {
    if (!window.confirm(strings.deleteReplayConfirm(replayTitle(r)))) return;
    void call('DELETE', `/api/replays/${r.id}`).then((res) => {
      setText(message, res.status === 204 ? strings.replayDeleted : strings.somethingFailed);
      if (res.status === 204) void load();
    });
  });
  actions.append(watch, ' ', hide, ' ', remove);
  main.append(form, meta, actions);
  li.append(thumb, main);
  return li;
}

async function update(r: Replay, change: { title?: string; hidden?: boolean }, li: HTMLLIElement,
    error: HTMLParagraphElement): Promise<void> {
  const res = await call('PATCH', `/api/replays/${r.id}`, change);
  const updated = res.status === 200 ? parseReplay(res.body) : null;
  if (updated === null) {
    const reason = res.errors.map((e) => e.message).join(' ');
    setText(error, reason !== '' ? reason : strings.somethingFailed);
    show(error, true);
    return;
  }
  const fresh = row(updated);
  fresh.dataset['saved'] = 'true';
  li.replaceWith(fresh);
  setText(message, strings.saved);
}

async function loadUsage(): Promise<void> {
  const r = await call('GET', `/api/channels/${encodeURIComponent(channel)}/storage`);
  if (r.status !== 200) {
    show(usage, false);
    return;
  }
  const u = obj(r.body);
  const parts = [strings.storageUse(formatBytes(n(u['bytes'])), n(u['replays']))];
  const max = n(u['maxBytes']);
  if (max > 0) parts.push(strings.storageLimit(formatBytes(max)));
  const days = n(u['retentionDays']);
  parts.push(days > 0 ? strings.storageRetention(days) : strings.storageKeptForever);
  setText(usage, parts.join(' · '));
  show(usage, true);
}

async function load(): Promise<void> {
  const f = await fetchReplays(channel);
  if (f.kind === 'ok') {
    list.replaceChildren(...f.value.map(row));
    show(empty, f.value.length === 0);
    list.dataset['ready'] = 'true';
  }
  await loadUsage();
}

async function start(): Promise<void> {
  const me = await pageAccount();
  if (me === null) return;
  channel = me.channel;
  await load();
  setInterval(() => {
    const editing = document.activeElement instanceof HTMLInputElement && list.contains(document.activeElement);
    if (!editing) void load();
  }, POLL_MS);
}

void start();
