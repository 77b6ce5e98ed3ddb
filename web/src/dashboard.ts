/**
 * `/dashboard`, the creator's page: stream key (hidden until "Show"; "New key" after a confirm), OBS setup, the
 * stream info form, and ingest health from the status API (polled every 5 s). Anonymous visitors go to /login.
 * `<body data-state>`: loading, ready.
 */
import { fetchStatus } from './api';
import type { TranscodeState } from './api';
import { byId, setText, show } from './dom';
import { formatStats } from './format';
import { obsServerUrl } from './ingest';
import type { Me } from './session';
import { infoForm } from './info-form';
import { call, logOut, pageAccount, str } from './session';
import { applyStaticStrings, strings } from './strings';

const POLL_MS = 5_000;
/** Above this, segments (cut at keyframes) get long and so does the delay: OBS's "auto" can mean 8 s. */
const KEYFRAME_WARNING_S = 4;

const keyValue = byId('stream-key', HTMLElement);
const showKey = byId('show-key', HTMLButtonElement);
const rotateKey = byId('rotate-key', HTMLButtonElement);
const keyMessage = byId('key-message', HTMLParagraphElement);
const serverUrl = byId('server-url', HTMLElement);
const embedCode = byId('embed-code', HTMLElement);
const chatOverlayUrl = byId('chat-overlay-url', HTMLElement);
const form = byId('info-form', HTMLFormElement);
const formMessage = byId('info-message', HTMLParagraphElement);
const ingestState = byId('ingest-state', HTMLParagraphElement);
const ingestStats = byId('ingest-stats', HTMLElement);
const bitrate = byId('ingest-bitrate', HTMLElement);
const fps = byId('ingest-fps', HTMLElement);
const keyframes = byId('ingest-keyframes', HTMLElement);
const keyframeWarning = byId('keyframe-warning', HTMLParagraphElement);
const transcodeState = byId('transcode-state', HTMLUListElement);
const channelLink = byId('channel-link', HTMLAnchorElement);
const account = byId('account-name', HTMLElement);

let key = '';
let keyShown = false;

function renderKey(): void {
  keyValue.textContent = keyShown ? key : '•'.repeat(24);
  keyValue.dataset['shown'] = String(keyShown);
  showKey.textContent = keyShown ? strings.hideKey : strings.showKey;
}

async function loadKey(channel: string): Promise<void> {
  const r = await call('GET', `/api/channels/${encodeURIComponent(channel)}/stream-key`);
  if (r.status === 200 && typeof r.body === 'object' && r.body !== null) {
    key = str((r.body as Record<string, unknown>)['streamKey']);
    renderKey();
  }
}

async function pollIngest(channel: string): Promise<void> {
  const result = await fetchStatus(channel);
  if (result.kind === 'ok' && result.status.live && result.status.stats) {
    const stats = result.status.stats;
    setText(ingestState, strings.ingestLive);
    show(ingestStats, true);
    const nf = new Intl.NumberFormat(strings.locale, { maximumFractionDigits: 1 });
    setText(bitrate, `${nf.format((stats.videoKbps ?? 0) + (stats.audioKbps ?? 0))} kbps`);
    setText(fps, stats.fps !== null ? nf.format(stats.fps) : '–');
    setText(keyframes, stats.keyframeInterval !== null ? `${nf.format(stats.keyframeInterval)} s` : '–');
    const slow = stats.keyframeInterval !== null && stats.keyframeInterval > KEYFRAME_WARNING_S;
    setText(keyframeWarning, slow ? strings.keyframeWarning(nf.format(stats.keyframeInterval ?? 0)) : '');
    show(keyframeWarning, slow);
    ingestStats.title = formatStats(stats);
    showTranscode(result.status.transcode);
  } else {
    showTranscode(null);
    setText(ingestState, strings.ingestOffline);
    show(ingestStats, false);
    show(keyframeWarning, false);
  }
}

/** Which renditions viewers get, and why any rung is missing (skipped for the source, dropped for speed…). */
function showTranscode(transcode: TranscodeState | null): void {
  transcodeState.replaceChildren();
  if (transcode === null) {
    show(transcodeState, false);
    return;
  }
  const lines = [strings.renditions(transcode.active.join(', '))];
  for (const [rendition, reason] of transcode.dropped) lines.push(strings.renditionDropped(rendition, reason));
  for (const line of lines) {
    const li = document.createElement('li');
    li.textContent = line;
    transcodeState.append(li);
  }
  show(transcodeState, true);
}

async function start(): Promise<void> {
  const me: Me | null = await pageAccount();
  if (me === null) {
    location.assign('/login');
    return;
  }
  const channel = me.channel;
  setText(account, me.username);
  show(byId('admin-link', HTMLAnchorElement), me.admin);
  channelLink.href = `/${encodeURIComponent(channel)}`;
  void obsServerUrl().then((server) => (serverUrl.textContent = server));
  embedCode.textContent = `<iframe src="${location.origin}/embed/${encodeURIComponent(channel)}" width="640" height="400"`
    + ' allow="autoplay; fullscreen" allowfullscreen></iframe>';
  chatOverlayUrl.textContent = `${location.origin}/embed/${encodeURIComponent(channel)}/chat?overlay`;
  renderKey();
  await loadKey(channel);
  await infoForm(form, formMessage).load(channel);
  showKey.addEventListener('click', () => {
    keyShown = !keyShown;
    renderKey();
  });
  rotateKey.addEventListener('click', () => {
    if (!window.confirm(strings.rotateConfirm)) return;
    call('POST', `/api/channels/${encodeURIComponent(channel)}/stream-key/rotate`).then(
      (r) => {
        if (r.status === 200 && typeof r.body === 'object' && r.body !== null) {
          key = str((r.body as Record<string, unknown>)['streamKey']);
          renderKey();
          setText(keyMessage, strings.keyRotated);
        } else {
          setText(keyMessage, strings.somethingFailed);
        }
      },
      () => setText(keyMessage, strings.somethingFailed),
    );
  });
  byId('logout', HTMLButtonElement).addEventListener('click', () => void logOut());
  document.body.dataset['state'] = 'ready';
  const poll = (): void => {
    pollIngest(channel)
      .catch(() => setText(ingestState, strings.serverUnreachable))
      .finally(() => setTimeout(poll, POLL_MS));
  };
  poll();
}

applyStaticStrings();
document.title = strings.pageTitle(strings.dashboard);
void start();
