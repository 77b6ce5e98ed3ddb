/**
 * The channel page's videos (issue 7): the channel's recent replays (the first tile of the thumbnail strip, title,
 * date, length) and clips, each linking to its page, below the player. Its own script beside the watch page's, so
 * the player is untouched: it reads the channel from the URL and reloads the lists when the page goes offline (a
 * broadcast just ended and became a replay) and every few minutes. Hidden replays are left out here, also for their
 * owner, who manages them on the dashboard.
 *
 * `window.onairVideos` (for tests): `{ ready, replays: ids shown, clips: ids shown }`.
 */
import { channelFromPath } from './api';
import { byId, show } from './dom';
import type { Clip, Replay } from './replays';
import { clock, day, fetchClips, fetchReplays, replayTitle, showTile } from './replays';
import { strings } from './strings';

const POLL_MS = 5 * 60_000;
/** After the stream ends, the replay's end is written within the server's end grace: look again after this. */
const AFTER_END_MS = 5_000;
/** Cards per list. */
const SHOWN = 12;

interface VideosHooks {
  ready: boolean;
  replays: number[];
  clips: string[];
}

declare global {
  interface Window {
    onairVideos?: VideosHooks;
  }
}

const section = byId('channel-videos', HTMLElement);
const replayList = byId('replay-list', HTMLUListElement);
const clipList = byId('clip-list', HTMLUListElement);
const replaysTitle = byId('replays-title', HTMLHeadingElement);
const clipsTitle = byId('clips-title', HTMLHeadingElement);
const hooks: VideosHooks = { ready: false, replays: [], clips: [] };
window.onairVideos = hooks;

function card(href: string, title: string, meta: string, length: string, thumb: (box: HTMLElement) => void): HTMLLIElement {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.className = 'video-card';
  a.href = href;
  const box = document.createElement('span');
  box.className = 'video-thumb';
  box.setAttribute('aria-hidden', 'true');
  thumb(box);
  const badge = document.createElement('span');
  badge.className = 'video-length';
  badge.textContent = length;
  box.append(badge);
  const name = document.createElement('span');
  name.className = 'video-title';
  name.textContent = title;
  const line = document.createElement('span');
  line.className = 'video-meta';
  line.textContent = meta;
  a.append(box, name, line);
  li.append(a);
  return li;
}

function replayCard(r: Replay): HTMLLIElement {
  const meta = r.startedAt !== null ? day(r.startedAt) : '';
  const li = card(r.page, replayTitle(r), meta, clock(r.duration), (box) => {
    if (r.thumbnails !== null) showTile(box, r.thumbnails, 0);
  });
  li.dataset['replay'] = String(r.id);
  return li;
}

function clipCard(c: Clip): HTMLLIElement {
  const title = c.title !== '' ? c.title : strings.untitledClip;
  const li = card(c.page, title, strings.clippedBy(c.createdBy, c.createdAt !== null ? day(c.createdAt) : ''),
    clock(c.duration), () => undefined);
  li.dataset['clip'] = c.id;
  return li;
}

async function load(channel: string): Promise<void> {
  const [replays, clips] = await Promise.all([fetchReplays(channel), fetchClips(channel)]);
  const shownReplays = replays.kind === 'ok'
    ? replays.value.filter((r) => !r.live && !r.hidden).slice(0, SHOWN) : [];
  const shownClips = clips.kind === 'ok' ? clips.value.slice(0, SHOWN) : [];
  replayList.replaceChildren(...shownReplays.map(replayCard));
  clipList.replaceChildren(...shownClips.map(clipCard));
  show(replaysTitle, shownReplays.length > 0);
  show(replayList, shownReplays.length > 0);
  show(clipsTitle, shownClips.length > 0);
  show(clipList, shownClips.length > 0);
  show(section, shownReplays.length + shownClips.length > 0);
  hooks.replays = shownReplays.map((r) => r.id);
  hooks.clips = shownClips.map((c) => c.id);
  hooks.ready = true;
}

const channel = channelFromPath(location.pathname);
if (channel !== null) {
  const reload = (): void => {
    load(channel).catch((e: unknown) => console.warn('onair: videos not loaded', e));
  };
  reload();
  setInterval(reload, POLL_MS);
  // The watch page mirrors its state on <body data-state>: offline after live means a new replay.
  let state = document.body.dataset['state'];
  new MutationObserver(() => {
    const now = document.body.dataset['state'];
    if (now === 'offline' && state !== 'offline') setTimeout(reload, AFTER_END_MS);
    state = now;
  }).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
}
