/**
 * The home page: the live channels, refreshed every 10 s, or — when nobody is live — how to go live with OBS.
 */
import type { ChannelStatus } from './api';
import { fetchChannels } from './api';
import { byId, setText, show } from './dom';
import { formatStats } from './format';
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
function render(channels: readonly ChannelStatus[]): void {
  const existing = new Map<string, HTMLLIElement>();
  for (const li of list.querySelectorAll<HTMLLIElement>(':scope > li')) {
    existing.set(li.dataset['channel'] ?? '', li);
  }
  const items = channels.map((status) => {
    const li = existing.get(status.channel) ?? createCard(status.channel);
    updateCard(li, status);
    return li;
  });
  const current = Array.from(list.children);
  const same = current.length === items.length && items.every((li, i) => current[i] === li);
  if (!same) list.replaceChildren(...items);
  hooks.home.channels = channels.map((c) => c.channel);
}

function createCard(channel: string): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset['channel'] = channel;
  const a = document.createElement('a');
  a.className = 'channel-card';
  a.href = `/${encodeURIComponent(channel)}`;
  a.setAttribute('aria-label', strings.watchChannel(channel));
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.textContent = strings.live;
  const name = document.createElement('span');
  name.className = 'channel-card-name';
  name.textContent = channel;
  const meta = document.createElement('span');
  meta.className = 'channel-card-meta';
  a.append(badge, name, meta);
  li.append(a);
  return li;
}

function updateCard(li: HTMLLIElement, status: ChannelStatus): void {
  const meta = li.querySelector<HTMLElement>('.channel-card-meta');
  if (meta === null) return;
  const parts: string[] = [];
  if (status.stats) parts.push(formatStats(status.stats));
  const liveTime = status.startedAt ? duration(status.startedAt) : null;
  if (liveTime !== null) parts.push(strings.liveFor(liveTime));
  setText(meta, parts.join(' · '));
}

async function refresh(): Promise<void> {
  let delay = REFRESH_MS;
  try {
    const live = (await fetchChannels())
      .filter((c) => c.live)
      .sort((a, b) => a.channel.localeCompare(b.channel));
    failures = 0;
    render(live);
    if (live.length > 0) setState('list', strings.channelCount(live.length));
    else setState('empty', strings.nobodyLive);
  } catch (e) {
    failures++;
    console.warn('onair: channel list request failed', e);
    setState('error', `${strings.serverUnreachable}. ${strings.retrying}`);
    delay = Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** (failures - 1));
  }
  setTimeout(() => void refresh(), delay);
}

function setUpGoLive(): void {
  // location.hostname keeps IPv6 brackets, so this is a valid URL either way. 1935 is RTMP's default port.
  const server = `rtmp://${location.hostname}/live`;
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
document.title = strings.appName;
setState('loading', strings.loadingChannels);
setUpGoLive();
void refresh();
