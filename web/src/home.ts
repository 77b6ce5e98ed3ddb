/**
 * The home page (the directory): the live channels with a thumbnail, title, category and viewer count, most
 * viewers first, refreshed every 10 s; browse by category and search by channel or title. When nobody is live: how
 * to go live with OBS.
 */
import { showAccountLinks } from './account-links';
import { fetchDirectory, type DirectoryEntry } from './directory';
import { fetchFollowing, followedFirst } from './following';
import { byId, setText, show } from './dom';
import { formatStats } from './format';
import { obsServerUrl } from './ingest';
import type { HomeHooks, HomeState } from './hooks';
import { applyStaticStrings, duration, strings } from './strings';

const REFRESH_MS = 10_000;
const MAX_BACKOFF_MS = 60_000;

const list = byId('channel-list', HTMLUListElement);
const empty = byId('empty', HTMLElement);
const statusLine = byId('home-status', HTMLParagraphElement);
const rtmpUrl = byId('rtmp-url', HTMLElement);
const watchUrl = byId('watch-url', HTMLElement);
const copyButton = byId('copy-rtmp', HTMLButtonElement);
const searchForm = byId('search-form', HTMLFormElement);
const searchInput = byId('search-q', HTMLInputElement);
const categorySelect = byId('search-category', HTMLSelectElement);
/** Thumbnails are retaken about every 30 s: the URL changes as often, so the browser cache serves the rest. */
const THUMBNAIL_PERIOD_MS = 30_000;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

const hooks: HomeHooks = { home: { state: 'loading', channels: [] } };
window.onair = hooks;
let failures = 0;

function setState(state: HomeState, message: string): void {
  hooks.home.state = state;
  document.body.dataset['state'] = state;
  setText(statusLine, message);
  show(list, state === 'list' || (state === 'error' && list.childElementCount > 0));
  show(empty, state === 'empty');
}

/** One card per channel, updated in place so that keyboard focus survives the refresh. */
function render(channels: readonly DirectoryEntry[]): void {
  const existing = new Map<string, HTMLLIElement>();
  for (const li of list.querySelectorAll<HTMLLIElement>(':scope > li')) {
    existing.set(li.dataset['channel'] ?? '', li);
  }
  const items = channels.map((entry) => {
    const li = existing.get(entry.status.channel) ?? createCard(entry.status.channel);
    updateCard(li, entry);
    return li;
  });
  const current = Array.from(list.children);
  const same = current.length === items.length && items.every((li, i) => current[i] === li);
  if (!same) list.replaceChildren(...items);
  hooks.home.channels = channels.map((c) => c.status.channel);
}

function createCard(channel: string): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset['channel'] = channel;
  const a = document.createElement('a');
  a.className = 'channel-card';
  a.href = `/${encodeURIComponent(channel)}`;
  a.setAttribute('aria-label', strings.watchChannel(channel));
  const thumb = document.createElement('img');
  thumb.className = 'channel-card-thumb';
  thumb.alt = strings.thumbnailOf(channel);
  thumb.width = 320;
  thumb.height = 180;
  thumb.loading = 'lazy';
  thumb.addEventListener('error', () => thumb.classList.add('missing'));
  thumb.addEventListener('load', () => thumb.classList.remove('missing'));
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.textContent = strings.live;
  const name = document.createElement('span');
  name.className = 'channel-card-name';
  name.textContent = channel;
  const title = document.createElement('span');
  title.className = 'channel-card-title';
  const viewers = document.createElement('span');
  viewers.className = 'channel-card-viewers';
  const meta = document.createElement('span');
  meta.className = 'channel-card-meta';
  a.append(thumb, badge, name, viewers, title, meta);
  li.append(a);
  return li;
}

function updateCard(li: HTMLLIElement, entry: DirectoryEntry): void {
  const status = entry.status;
  const meta = li.querySelector<HTMLElement>('.channel-card-meta');
  const title = li.querySelector<HTMLElement>('.channel-card-title');
  const viewers = li.querySelector<HTMLElement>('.channel-card-viewers');
  const thumb = li.querySelector<HTMLImageElement>('.channel-card-thumb');
  if (meta === null || title === null || viewers === null || thumb === null) return;
  setText(title, entry.title);
  setText(viewers, strings.viewers(entry.viewers));
  const src = `/api/channels/${encodeURIComponent(status.channel)}/thumbnail.jpg?t=${Math.floor(Date.now() / THUMBNAIL_PERIOD_MS)}`;
  if (thumb.getAttribute('src') !== src) thumb.src = src;
  const parts: string[] = [];
  if (entry.category !== '') parts.push(entry.category);
  if (status.stats) parts.push(formatStats(status.stats));
  const liveTime = status.startedAt ? duration(status.startedAt) : null;
  if (liveTime !== null) parts.push(strings.liveFor(liveTime));
  setText(meta, parts.join(' · '));
}

/** The categories of the live channels, for the browse menu (the chosen one stays while nobody streams in it). */
function updateCategories(all: readonly DirectoryEntry[]): void {
  const chosen = categorySelect.value;
  const names = new Set(all.filter((c) => c.status.live && c.category !== '').map((c) => c.category));
  if (chosen !== '') names.add(chosen);
  const sorted = [...names].sort((a, b) => a.localeCompare(b, strings.locale));
  const current = [...categorySelect.options].slice(1).map((o) => o.value);
  if (current.length === sorted.length && current.every((v, i) => v === sorted[i])) return;
  categorySelect.replaceChildren(new Option(strings.allCategories, ''), ...sorted.map((c) => new Option(c, c)));
  categorySelect.value = chosen;
}

async function refresh(): Promise<void> {
  clearTimeout(refreshTimer);
  let delay = REFRESH_MS;
  const category = categorySelect.value;
  const q = searchInput.value.trim();
  try {
    const all = await fetchDirectory('', '');
    updateCategories(all);
    const filtered = category === '' && q === '' ? all : await fetchDirectory(category, q);
    const followed = await fetchFollowing();
    const live = followedFirst(filtered.filter((c) => c.status.live), (c) => c.status.channel, followed);
    failures = 0;
    render(live);
    const anyLive = all.some((c) => c.status.live);
    if (live.length > 0) setState('list', strings.channelCount(live.length));
    else if (anyLive) setState('list', strings.noMatches);
    else setState('empty', strings.nobodyLive);
    show(searchForm, anyLive);
  } catch (e) {
    failures++;
    console.warn('onair: channel list request failed', e);
    setState('error', `${strings.serverUnreachable}. ${strings.retrying}`);
    delay = Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** (failures - 1));
  }
  refreshTimer = setTimeout(() => void refresh(), delay);
}

function setUpSearch(): void {
  searchInput.placeholder = strings.searchPlaceholder;
  categorySelect.append(new Option(strings.allCategories, ''));
  const params = new URLSearchParams(location.search);
  searchInput.value = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  if (category !== '') {
    categorySelect.append(new Option(category, category));
    categorySelect.value = category;
  }
  const apply = (): void => {
    const url = new URL(location.href);
    for (const [key, value] of [['q', searchInput.value.trim()], ['category', categorySelect.value]] as const) {
      if (value !== '') url.searchParams.set(key, value);
      else url.searchParams.delete(key);
    }
    history.replaceState(null, '', url.toString());
    void refresh();
  };
  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  categorySelect.addEventListener('change', apply);
  let typing: ReturnType<typeof setTimeout> | undefined;
  searchInput.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(apply, 300);
  });
}

async function setUpGoLive(): Promise<void> {
  const server = await obsServerUrl();
  rtmpUrl.textContent = server;
  watchUrl.textContent = `${location.origin}/<channel>`;
  if (navigator.clipboard !== undefined && window.isSecureContext) {
    show(copyButton, true);
    copyButton.addEventListener('click', () => {
      navigator.clipboard.writeText(server).then(
        () => {
          copyButton.textContent = strings.copied;
          setTimeout(() => (copyButton.textContent = strings.copy), 2_000);
        },
        () => undefined,
      );
    });
  }
}

applyStaticStrings();
void showAccountLinks().then((me) => {
  // Logged in: the key is a click away on their dashboard, not behind a sign-up.
  if (me === null) return;
  const where = byId('key-where', HTMLAnchorElement);
  where.href = '/dashboard';
  where.textContent = strings.dashboard;
});
document.title = strings.appName;
setState('loading', strings.loadingChannels);
void setUpGoLive();
setUpSearch();
void refresh();
