/**
 * The clip page, served for `/clips/{id}` (issue 7): plays the clip's playlist from its `start` for its `duration`
 * (the playlist holds whole segments, so a little more on each side: the page keeps to the clip), then stops, or
 * starts over with "Loop". Title, who clipped it, the channel, the full replay while it still exists, a share URL
 * with a copy button, and a delete button for who may delete it (the clipper, the channel's owner and moderators,
 * site admins).
 *
 * `window.onairClip` (for the browser tests) and `<body data-state>`: loading, playing, ended, error.
 */
import { showAccountLinks } from './account-links';
import { byId, setText, show } from './dom';
import type { Clip } from './replays';
import { clock, day, fetchClip, fetchReplay, idFromPath } from './replays';
import { call, pageAccount } from './session';
import { applyStaticStrings, strings } from './strings';
import { renderQualityMenu, startVod, type VodPlayback } from './vod-player';

export interface ClipHooks {
  state: 'loading' | 'playing' | 'ended' | 'error';
  /** The clip's range within its playlist, seconds. */
  start: number;
  end: number;
  video: HTMLVideoElement;
}

declare global {
  interface Window {
    onairClip?: ClipHooks;
  }
}

/** How close to the end counts as the end (a check runs every 50 ms while playing). */
const END_SLACK_S = 0.05;

const video = byId('video', HTMLVideoElement);
const overlay = byId('overlay', HTMLDivElement);
const overlayTitle = byId('overlay-title', HTMLParagraphElement);
const overlayDetail = byId('overlay-detail', HTMLParagraphElement);
const spinner = byId('spinner', HTMLDivElement);
const again = byId('again', HTMLButtonElement);
const unmute = byId('unmute', HTMLButtonElement);
const loop = byId('loop', HTMLInputElement);
const position = byId('clip-position', HTMLSpanElement);
const qualityControl = byId('quality-control', HTMLLabelElement);
const qualitySelect = byId('quality', HTMLSelectElement);
const message = byId('clip-message', HTMLParagraphElement);

const hooks: ClipHooks = { state: 'loading', start: 0, end: 0, video };
window.onairClip = hooks;

let playback: VodPlayback | null = null;

function setState(state: ClipHooks['state'], title = '', detail = ''): void {
  hooks.state = state;
  document.body.dataset['state'] = state;
  show(overlay, state === 'loading' || state === 'error' || state === 'ended');
  overlay.dataset['kind'] = state === 'error' ? 'error' : 'loading';
  setText(overlayTitle, title);
  setText(overlayDetail, detail);
  show(overlayDetail, detail !== '');
  show(spinner, state === 'loading');
  show(again, state === 'ended');
}

function play(): void {
  video.play().catch((e: unknown) => {
    if (e instanceof DOMException && e.name === 'NotAllowedError' && !video.muted) {
      video.muted = true; // sound may not autoplay: start muted, the unmute button is there
      play();
    }
  });
}

function fromStart(): void {
  video.currentTime = hooks.start;
  play();
}

/** Keeps playback within [start, end]: stops (or loops) at the end, and a seek outside comes back in. */
function keepInRange(): void {
  const { start, end } = hooks;
  if (end <= 0) return;
  const t = video.currentTime;
  setText(position, `${clock(Math.max(0, t - start))} / ${clock(end - start)}`);
  if (video.seeking) return;
  if (t >= end - END_SLACK_S && !video.paused) {
    if (loop.checked) {
      fromStart();
      return;
    }
    video.pause();
    setText(position, `${clock(end - start)} / ${clock(end - start)}`);
    setState('ended');
  } else if (t < start - 0.25 && !video.paused) {
    video.currentTime = start;
  }
}

function watch(clip: Clip): void {
  hooks.start = clip.start;
  hooks.end = clip.start + clip.duration;
  video.setAttribute('aria-label', strings.clipOf(clip.title));
  playback = startVod(clip.playlist, video, clip.start, {
    failed: (detail) => {
      console.warn(`onair: clip playback failed: ${detail}`);
      setState('error', strings.videoFailed, strings.retryLater);
    },
    unsupported: () => setState('error', strings.unsupportedBrowser, strings.unsupportedBrowserDetail),
    quality: () => {
      if (playback !== null) renderQualityMenu(qualityControl, qualitySelect, playback.quality);
    },
  });
  video.addEventListener('timeupdate', keepInRange);
  setInterval(() => {
    if (!video.paused) keepInRange();
  }, 50);
  video.addEventListener('seeked', () => {
    if (video.currentTime > hooks.end || video.currentTime < hooks.start - 0.25) video.currentTime = hooks.start;
  });
  video.addEventListener('play', () => {
    if (video.currentTime >= hooks.end - END_SLACK_S) video.currentTime = hooks.start;
  });
  video.addEventListener('ended', () => {
    if (loop.checked) fromStart();
    else setState('ended');
  });
  video.addEventListener('playing', () => {
    if (hooks.state !== 'error') setState('playing');
    show(unmute, video.muted);
  });
  video.addEventListener('volumechange', () => show(unmute, video.muted && hooks.state === 'playing'));
  // After the source is attached: a play() before that is aborted by the media element's load algorithm.
  video.addEventListener('loadedmetadata', play, { once: true });
}

async function showDetails(clip: Clip): Promise<void> {
  const title = clip.title !== '' ? clip.title : strings.untitledClip;
  setText(byId('clip-title', HTMLHeadingElement), title);
  document.title = strings.pageTitle(title);
  const channelLink = byId('channel-link', HTMLAnchorElement);
  setText(channelLink, clip.channel);
  channelLink.href = `/${encodeURIComponent(clip.channel)}`;
  const by = byId('clip-by', HTMLSpanElement);
  setText(by, strings.clippedBy(clip.createdBy, clip.createdAt !== null ? day(clip.createdAt) : ''));
  const share = byId('share-url', HTMLInputElement);
  share.value = new URL(clip.page, location.href).href;
  share.addEventListener('focus', () => share.select());
  const copy = byId('copy', HTMLButtonElement);
  copy.addEventListener('click', () => {
    share.select();
    const done = (): void => {
      setText(copy, strings.copied);
      setTimeout(() => setText(copy, strings.copy), 2_000);
    };
    if (navigator.clipboard !== undefined && window.isSecureContext) {
      navigator.clipboard.writeText(share.value).then(done, () => undefined);
    } else if (document.execCommand('copy')) {
      done();
    }
  });
  // The replay may have been deleted or hidden since (the clip keeps its own segments).
  const replay = await fetchReplay(clip.replay);
  const replayLink = byId('replay-link', HTMLAnchorElement);
  if (replay.kind === 'ok') {
    replayLink.href = replay.value.page;
    show(replayLink, true);
  }
  const me = await pageAccount();
  const mayDelete = me !== null && (me.admin || me.username === clip.createdBy || me.channel === clip.channel
    || me.moderates.includes(clip.channel));
  const remove = byId('delete-clip', HTMLButtonElement);
  show(remove, mayDelete);
  remove.addEventListener('click', () => {
    if (!window.confirm(strings.deleteClipConfirm)) return;
    void call('DELETE', `/api/clips/${encodeURIComponent(clip.id)}`).then((r) => {
      if (r.status === 204) {
        playback?.destroy();
        setState('error', strings.clipDeleted);
        show(remove, false);
        setText(message, strings.clipDeleted);
      } else {
        setText(message, strings.somethingFailed);
      }
    });
  });
}

async function start(): Promise<void> {
  setState('loading', strings.loadingVideo);
  const id = idFromPath(location.pathname) ?? '';
  const f = /^[A-Za-z0-9]{1,16}$/.test(id) ? await fetchClip(id) : { kind: 'not-found' as const };
  if (f.kind === 'not-found') {
    setState('error', strings.noSuchClip, strings.noSuchClipDetail);
    return;
  }
  if (f.kind === 'failed') {
    setState('error', strings.serverUnreachable, strings.retryLater);
    return;
  }
  watch(f.value);
  await showDetails(f.value);
}

again.addEventListener('click', fromStart);
unmute.addEventListener('click', () => {
  video.muted = false;
  if (video.volume === 0) video.volume = 1;
});
qualitySelect.addEventListener('change', () => playback?.quality.select(Number(qualitySelect.value)));

applyStaticStrings();
void showAccountLinks();
void start();
