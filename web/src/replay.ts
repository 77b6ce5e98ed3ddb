/**
 * The replay page, served for `/videos/{id}` (issue 7): the replay's playlist in hls.js with a seek bar that
 * previews the thumbnail strip, the title, channel, date and length, the MP4 download (made on the first request:
 * the button waits while the server answers 503), the chat replayed in step with the playhead, and for logged-in
 * viewers a form that clips the moments from the current position.
 *
 * `window.onairReplay` (for the browser tests) and `<body data-state>`: loading, ready, error.
 */
import { showAccountLinks, withNext } from './account-links';
import { byId, setText, show } from './dom';
import type { Replay } from './replays';
import { clock, day, fetchReplay, idFromPath, parseClip, replayTitle } from './replays';
import { ReplayChat, type ChatHook } from './replay-chat';
import { SeekBar } from './seek-bar';
import { call, pageAccount, showFieldErrors } from './session';
import { applyStaticStrings, strings } from './strings';
import { renderQualityMenu, startVod, type VodPlayback } from './vod-player';

/** Thumbnails are made after a broadcast ends: ask again this often until they are there. */
const THUMBNAILS_POLL_MS = 10_000;
const THUMBNAILS_POLL_FOR_MS = 5 * 60_000;
/** A replay still live grows: its length and chat are refreshed this often. */
const LIVE_POLL_MS = 15_000;
/** The MP4 is being made: give up waiting after this long. */
const DOWNLOAD_WAIT_MS = 10 * 60_000;

export interface ReplayHooks {
  state: 'loading' | 'ready' | 'error';
  replay: { id: number; channel: string; duration: number; live: boolean; thumbnails: boolean } | null;
  video: HTMLVideoElement;
  /** The chat lines shown (oldest first), and how many are loaded. */
  chat: ChatHook;
  download: 'idle' | 'preparing' | 'started' | 'failed';
  /** The page of the clip made with the form, null before. */
  clip: string | null;
  /** The playhead as a position in the replay, seconds (what chat, clips and `?t=` count in; `replay-clock.ts`). */
  position: () => number;
}

declare global {
  interface Window {
    onairReplay?: ReplayHooks;
  }
}

const video = byId('video', HTMLVideoElement);
const overlay = byId('overlay', HTMLDivElement);
const overlayTitle = byId('overlay-title', HTMLParagraphElement);
const overlayDetail = byId('overlay-detail', HTMLParagraphElement);
const spinner = byId('spinner', HTMLDivElement);
const unmute = byId('unmute', HTMLButtonElement);
const titleEl = byId('replay-title', HTMLHeadingElement);
const liveBadge = byId('live-badge', HTMLSpanElement);
const hiddenBadge = byId('hidden-badge', HTMLSpanElement);
const channelLink = byId('channel-link', HTMLAnchorElement);
const dateEl = byId('replay-date', HTMLSpanElement);
const durationEl = byId('replay-duration', HTMLSpanElement);
const note = byId('replay-note', HTMLParagraphElement);
const downloadLink = byId('download', HTMLAnchorElement);
const downloadSpinner = byId('download-spinner', HTMLSpanElement);
const downloadText = byId('download-text', HTMLSpanElement);
const qualityControl = byId('quality-control', HTMLLabelElement);
const qualitySelect = byId('quality', HTMLSelectElement);
const announcer = byId('announcer', HTMLParagraphElement);

let playback: VodPlayback | null = null;
/** The playhead as a position in the replay (`replay-clock.ts`). */
const position = (): number => playback?.clock.position(video.currentTime) ?? video.currentTime;

const hooks: ReplayHooks = {
  state: 'loading', replay: null, video, chat: { shown: [], loaded: 0 }, download: 'idle', clip: null, position,
};
window.onairReplay = hooks;

let replay: Replay | null = null;
let seekBar: SeekBar | null = null;

function setState(state: ReplayHooks['state'], title = '', detail = ''): void {
  hooks.state = state;
  document.body.dataset['state'] = state;
  show(overlay, state !== 'ready');
  overlay.dataset['kind'] = state === 'error' ? 'error' : 'loading';
  setText(overlayTitle, title);
  setText(overlayDetail, detail);
  show(overlayDetail, detail !== '');
  show(spinner, state === 'loading');
  if (state === 'error') setText(announcer, title);
}

/** `?t=90` (seconds) starts there: a link to a moment. */
function startPosition(): number {
  const t = Number(new URLSearchParams(location.search).get('t') ?? '0');
  return Number.isFinite(t) && t > 0 ? t : 0;
}

function showInfo(r: Replay): void {
  replay = r;
  hooks.replay = { id: r.id, channel: r.channel, duration: r.duration, live: r.live, thumbnails: r.thumbnails !== null };
  const title = replayTitle(r);
  setText(titleEl, title);
  document.title = strings.pageTitle(title);
  video.setAttribute('aria-label', strings.replayOf(title));
  show(liveBadge, r.live);
  show(hiddenBadge, r.hidden);
  setText(channelLink, r.channel);
  channelLink.href = `/${encodeURIComponent(r.channel)}`;
  const when = r.startedAt !== null ? day(r.startedAt) : '';
  setText(dateEl, when === '' ? '' : r.origin === 'upload' ? strings.uploadedOn(when) : strings.streamedOn(when));
  if (r.startedAt !== null) dateEl.title = r.startedAt.toLocaleString(strings.locale);
  setText(durationEl, clock(r.duration));
  const notes: string[] = [];
  if (r.live) notes.push(strings.replayStillLive);
  if (r.incomplete) notes.push(strings.replayIncomplete);
  setText(note, notes.join(' '));
  show(note, notes.length > 0);
  show(downloadLink, r.download !== null);
  if (r.download !== null) downloadLink.href = r.download;
  seekBar?.setThumbnails(r.thumbnails);
  seekBar?.setDuration(r.duration);
}

// --- Download ---------------------------------------------------------------------------------------------------

function downloadState(state: ReplayHooks['download'], text: string): void {
  hooks.download = state;
  show(downloadSpinner, state === 'preparing');
  setText(downloadText, text);
}

/**
 * Asks for the MP4 (HEAD) until the server has made it (503 + Retry-After meanwhile), then lets the browser fetch it
 * (an attachment: the page stays). A redirect to the store's own URL counts as ready.
 */
async function download(url: string): Promise<void> {
  if (hooks.download === 'preparing') return;
  downloadState('preparing', strings.downloadPreparing);
  const until = Date.now() + DOWNLOAD_WAIT_MS;
  while (Date.now() < until) {
    let r: Response;
    try {
      r = await fetch(url, { method: 'HEAD', credentials: 'same-origin', cache: 'no-store', redirect: 'manual' });
    } catch {
      break;
    }
    if (r.status === 503) {
      const wait = Number(r.headers.get('Retry-After') ?? '5');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30, Math.max(1, Number.isFinite(wait) ? wait : 5)) * 1000));
      continue;
    }
    if (r.ok || r.type === 'opaqueredirect') {
      downloadState('started', '');
      location.assign(url);
      return;
    }
    break;
  }
  downloadState('failed', strings.downloadFailed);
}

downloadLink.addEventListener('click', (e) => {
  e.preventDefault();
  if (replay?.download) void download(replay.download);
});

// --- Player -------------------------------------------------------------------------------------------------------

function play(): void {
  video.play().catch((e: unknown) => {
    if (e instanceof DOMException && e.name === 'NotAllowedError' && !video.muted) {
      video.muted = true; // sound may not autoplay: start muted, the unmute button is there
      play();
    }
  });
}

function startPlayer(r: Replay): void {
  playback = startVod(r.playlist, video, Math.min(startPosition(), Math.max(0, r.duration - 1)), {
    failed: (detail) => {
      console.warn(`onair: replay playback failed: ${detail}`);
      setState('error', strings.videoFailed, strings.retryLater);
    },
    unsupported: () => setState('error', strings.unsupportedBrowser, strings.unsupportedBrowserDetail),
    quality: () => {
      if (playback !== null) renderQualityMenu(qualityControl, qualitySelect, playback.quality);
    },
  }, r.firstProgramDateTime);
  // After the source is attached: a play() before that is aborted by the media element's load algorithm.
  video.addEventListener('loadedmetadata', play, { once: true });
}

qualitySelect.addEventListener('change', () => playback?.quality.select(Number(qualitySelect.value)));
video.addEventListener('loadeddata', () => {
  if (hooks.state === 'loading') setState('ready');
});
const updateUnmute = (): void => show(unmute, video.muted && hooks.state === 'ready');
video.addEventListener('volumechange', updateUnmute);
video.addEventListener('playing', updateUnmute);
unmute.addEventListener('click', () => {
  video.muted = false;
  if (video.volume === 0) video.volume = 1;
});

// --- Clips --------------------------------------------------------------------------------------------------------

async function setUpClips(r: Replay): Promise<void> {
  const form = byId('clip-form', HTMLFormElement);
  const startOut = byId('clip-start', HTMLOutputElement);
  const durationIn = byId('clip-duration', HTMLInputElement);
  const titleIn = byId('clip-title', HTMLInputElement);
  const result = byId('clip-result', HTMLParagraphElement);
  const link = byId('clip-link', HTMLAnchorElement);
  const login = byId('clip-login', HTMLParagraphElement);
  const me = await pageAccount();
  if (me === null) {
    login.querySelector('a')?.setAttribute('href', withNext('/login'));
    show(login, true);
    return;
  }
  show(byId('clip-maker', HTMLElement), true);
  const showStart = (): void => setText(startOut, clock(position()));
  video.addEventListener('timeupdate', showStart);
  video.addEventListener('seeked', showStart);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const start = Math.round(position() * 10) / 10;
      const response = await call('POST', `/api/replays/${r.id}/clips`,
        { start, duration: Number(durationIn.value), title: titleIn.value });
      showFieldErrors(form, response.errors);
      const clip = response.status === 201 ? parseClip(response.body) : null;
      if (clip !== null) {
        const url = new URL(clip.page, location.href).href;
        link.href = clip.page;
        setText(link, url);
        show(result, true);
        hooks.clip = clip.page;
        titleIn.value = '';
        return;
      }
      if (response.errors.length === 0) {
        const detail = typeof response.body === 'object' && response.body !== null
          ? (response.body as Record<string, unknown>)['detail'] : null;
        showFieldErrors(form, [{ field: 'start', message: typeof detail === 'string' ? detail : strings.somethingFailed }]);
      }
    })();
  });
}

// --- Start --------------------------------------------------------------------------------------------------------

/** Keeps the page's facts current: a live replay's length, thumbnails that come after the end. */
function refresh(id: number, since: number): void {
  const r = replay;
  if (r === null) return;
  const waitThumbs = !r.live && r.thumbnails === null && Date.now() - since < THUMBNAILS_POLL_FOR_MS;
  if (!r.live && !waitThumbs) return;
  setTimeout(() => {
    void fetchReplay(id).then((f) => {
      if (f.kind === 'ok') showInfo(f.value);
      refresh(id, since);
    });
  }, r.live ? LIVE_POLL_MS : THUMBNAILS_POLL_MS);
}

async function start(): Promise<void> {
  const raw = idFromPath(location.pathname) ?? '';
  const id = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : null;
  setState('loading', strings.loadingVideo);
  if (id === null) {
    setState('error', strings.noSuchVideo, strings.noSuchVideoDetail);
    return;
  }
  const f = await fetchReplay(id);
  if (f.kind === 'not-found') {
    setState('error', strings.noSuchVideo, strings.noSuchVideoDetail);
    return;
  }
  if (f.kind === 'failed') {
    setState('error', strings.serverUnreachable, strings.retryLater);
    return;
  }
  seekBar = new SeekBar(video, () => playback?.clock ?? null, byId('seek', HTMLInputElement),
    byId('seek-wrap', HTMLDivElement),
    byId('seek-preview', HTMLDivElement), byId('seek-preview-time', HTMLSpanElement),
    byId('position', HTMLSpanElement), byId('length', HTMLSpanElement));
  showInfo(f.value);
  const chat = new ReplayChat(f.value.id, f.value.channel, video, position, byId('chat-messages', HTMLOListElement),
    byId('chat-status', HTMLParagraphElement), () => (replay?.live === true ? replay.duration : null));
  hooks.chat = chat.hook;
  startPlayer(f.value);
  chat.sync();
  refresh(id, Date.now());
  void setUpClips(f.value);
}

applyStaticStrings();
void showAccountLinks();
void start();
