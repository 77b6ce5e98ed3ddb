/**
 * The watch page, served for `/{channel}`: polls the channel's status, plays its HLS stream while it is live
 * (hls.js on MediaSource, the browser's own HLS on iOS Safari), and shows a clear offline or error state otherwise.
 */
import type { ChannelStatus, StatusResult } from './api';
import { channelFromPath, fetchStatus } from './api';
import { byId, setText, show } from './dom';
import { formatStats } from './format';
import { startLive } from './live';
import type { PlayerState, WatchHooks } from './hooks';
import { preloadPlayer, startPlayback, type Engine, type Playback, type PlaybackListener } from './playback';
import { levelLabel } from './quality';
import { applyStaticStrings, duration, strings, timeAgo } from './strings';

/** Poll intervals. Offline: short, so playback starts soon after the streamer does. */
const OFFLINE_POLL_MS = 4_000;
const LIVE_POLL_MS = 10_000;
const NOT_FOUND_POLL_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;
/** A stream still loading after this long is restarted. */
const LOADING_TIMEOUT_MS = 30_000;
/** After the stream ended, a "live" status without a new startedAt is stale for this long. */
const ENDED_GRACE_MS = 15_000;

const backoff = (failures: number, base: number): number =>
  Math.min(MAX_BACKOFF_MS, base * 2 ** Math.max(0, failures - 1));

interface View {
  readonly title?: string;
  readonly detail?: string;
  readonly spinner?: boolean;
  readonly playButton?: boolean;
}

class WatchPage {
  private readonly video = byId('video', HTMLVideoElement);
  private readonly overlay = byId('overlay', HTMLDivElement);
  private readonly overlayTitle = byId('overlay-title', HTMLParagraphElement);
  private readonly overlayDetail = byId('overlay-detail', HTMLParagraphElement);
  private readonly spinner = byId('spinner', HTMLDivElement);
  private readonly playButton = byId('play-button', HTMLButtonElement);
  private readonly unmuteButton = byId('unmute', HTMLButtonElement);
  private readonly channelHeading = byId('channel-name', HTMLHeadingElement);
  private readonly liveBadge = byId('live-badge', HTMLSpanElement);
  private readonly statsLine = byId('stats', HTMLSpanElement);
  private readonly latencyLine = byId('latency', HTMLSpanElement);
  private readonly announcer = byId('announcer', HTMLParagraphElement);
  private readonly qualityControl = byId('quality-control', HTMLLabelElement);
  private readonly qualitySelect = byId('quality', HTMLSelectElement);
  private readonly engineSelect = byId('engine', HTMLSelectElement);
  /** `?player=dash` plays the MPD with dash.js; anything else HLS. */
  private readonly engine: Engine = new URLSearchParams(location.search).get('player') === 'dash' ? 'dash' : 'hls';

  private readonly hooks: WatchHooks;
  private state: PlayerState = 'loading';
  private status: ChannelStatus | null = null;
  private playback: Playback | null = null;

  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private pollInFlight = false;
  private pollRequested = false;
  private statusFailures = 0;
  private playbackFailures = 0;
  private retryNotBefore = 0;
  private loadingTimer: ReturnType<typeof setTimeout> | undefined;
  /** currentTime when playback (re)started; 'playing' is reported once currentTime moves past it. */
  private playMark: number | null = null;
  private ended: { readonly startedAt: number | null; readonly at: number } | null = null;
  /** Set while the status says "not live" but the video still plays what it has buffered. */
  private drainTimer: ReturnType<typeof setTimeout> | undefined;
  private draining = false;

  constructor(private readonly channel: string | null) {
    this.hooks = {
      player: { state: 'loading', engine: this.engine, levels: [], level: -1, auto: true, latency: null },
      video: this.video,
      channel,
      status: null,
    };
    window.onair = this.hooks;
    document.body.dataset['state'] = 'loading';
    this.video.muted = true;
    this.bindVideo();
    this.playButton.addEventListener('click', () => this.play());
    this.unmuteButton.addEventListener('click', () => {
      this.video.muted = false;
      if (this.video.volume === 0) this.video.volume = 1;
      void this.video.play().catch(() => undefined);
    });
    this.engineSelect.value = this.engine;
    this.engineSelect.addEventListener('change', () => {
      // A different player is a different page state: reload with ?player=, so the choice is also a link.
      const url = new URL(location.href);
      if (this.engineSelect.value === 'dash') url.searchParams.set('player', 'dash');
      else url.searchParams.delete('player');
      location.assign(url.toString());
    });
    this.qualitySelect.addEventListener('change', () => {
      this.playback?.quality.select(Number(this.qualitySelect.value));
    });
    setInterval(() => this.updateLatency(), 500);
  }

  /** The latency (hooks and the line under the player): wall clock minus the program date-time at the playhead. */
  private updateLatency(): void {
    const latency = this.state === 'playing' ? (this.playback?.latency() ?? null) : null;
    this.hooks.player.latency = latency;
    show(this.latencyLine, latency !== null);
    if (latency !== null) setText(this.latencyLine, strings.latency(latency));
  }

  /** What the chosen engine plays for the status's HLS URL: the MPD beside the master playlist for DASH. */
  private sourceFor(hls: string): string {
    return this.engine === 'dash' ? hls.replace(/master\.m3u8$/, 'manifest.mpd') : hls;
  }

  /** Rebuilds the quality menu and the hooks from the playback's levels: Auto, then every rendition. */
  private updateQuality(): void {
    const quality = this.playback?.quality;
    const levels = quality?.levels ?? [];
    const player = this.hooks.player;
    player.levels = levels.map((l) => ({ width: l.width, height: l.height, bitrate: l.bitrate }));
    player.level = quality?.current ?? -1;
    player.auto = quality?.auto ?? true;
    show(this.qualityControl, levels.length > 1);
    const options: HTMLOptionElement[] = [];
    const playing = levels[player.level] !== undefined ? levelLabel(levels, player.level) : '';
    options.push(new Option(playing !== '' ? `${strings.qualityAuto} (${playing})` : strings.qualityAuto, '-1'));
    levels.forEach((_, i) => options.push(new Option(levelLabel(levels, i), String(i))));
    // Highest first, as menus usually list them.
    this.qualitySelect.replaceChildren(options[0]!, ...options.slice(1).reverse());
    this.qualitySelect.value = player.auto ? '-1' : String(player.level);
  }

  start(): void {
    if (this.channel === null) {
      setText(this.channelHeading, strings.invalidChannel);
      this.setState('error', { title: strings.invalidChannel, detail: strings.invalidChannelDetail });
      return;
    }
    setText(this.channelHeading, this.channel);
    document.title = strings.pageTitle(this.channel);
    this.video.setAttribute('aria-label', strings.playerLabel(this.channel));
    this.render({ title: strings.starting, spinner: true });
    preloadPlayer(this.video);
    void this.poll();
  }

  /** Asks for the status now (the live WebSocket says the stream started or ended). */
  refresh(): void {
    void this.poll();
  }

  // --- Status polling ---------------------------------------------------------------------------------------

  private schedulePoll(delayMs: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), Math.max(0, delayMs));
  }

  private async poll(): Promise<void> {
    if (this.channel === null) return;
    clearTimeout(this.pollTimer);
    if (this.pollInFlight) {
      this.pollRequested = true;
      return;
    }
    this.pollInFlight = true;
    let next: number;
    try {
      next = this.onStatus(await fetchStatus(this.channel));
    } catch (e) {
      console.error('onair: status handling failed', e);
      next = OFFLINE_POLL_MS;
    } finally {
      this.pollInFlight = false;
    }
    if (this.pollRequested) {
      this.pollRequested = false;
      next = 0;
    }
    this.schedulePoll(next);
  }

  /** Applies a status answer; returns the delay until the next poll. */
  private onStatus(result: StatusResult): number {
    const channel = this.channel ?? '';
    if (result.kind === 'failed') {
      this.statusFailures++;
      console.warn(`onair: status request failed (${result.reason})`);
      // A playing stream does not need the status API: keep watching, keep asking.
      if (this.playback === null) {
        this.setState('error', { title: strings.serverUnreachable, detail: strings.retrying });
      }
      return backoff(this.statusFailures, 2_000);
    }
    this.statusFailures = 0;

    if (result.kind === 'not-found') {
      this.stopPlayback();
      this.status = null;
      this.hooks.status = null;
      this.renderInfo();
      this.setState('error', { title: strings.noSuchChannel, detail: strings.noSuchChannelDetail(channel) });
      return NOT_FOUND_POLL_MS;
    }

    const status = result.status;
    this.status = status;
    this.hooks.status = status;
    const live = status.live && status.hls !== null && !this.isStaleAfterEnd(status);
    this.renderInfo(live);

    if (!live || status.hls === null) {
      if (this.playback !== null && this.state === 'playing') {
        // The server is a few seconds ahead of the viewer: let the last seconds (the goodbye) play out.
        this.drain();
      } else {
        this.stopPlayback();
        this.showOffline();
      }
      return OFFLINE_POLL_MS;
    }
    this.ended = null;
    this.stopDraining();
    if (this.playback !== null && this.playback.url !== this.sourceFor(status.hls)) this.stopPlayback();
    if (this.playback === null) {
      const wait = this.retryNotBefore - Date.now();
      if (wait > 0) return Math.min(wait, LIVE_POLL_MS); // never Infinity: setTimeout would fire at once
      this.beginPlayback(status.hls);
    }
    return LIVE_POLL_MS;
  }

  private isStaleAfterEnd(status: ChannelStatus): boolean {
    if (this.ended === null) return false;
    if (this.ended.startedAt !== null && status.startedAt !== null) {
      return status.startedAt.getTime() === this.ended.startedAt;
    }
    return Date.now() - this.ended.at < ENDED_GRACE_MS;
  }

  // --- Playback ---------------------------------------------------------------------------------------------

  private beginPlayback(url: string): void {
    this.playMark = null;
    const listener: PlaybackListener = {
      fatal: (kind, detail, endList) => this.onFatal(kind, detail, endList),
      ended: () => this.onEnded('playlist already ended'),
      unsupported: () => {
        this.stopPlayback();
        this.retryNotBefore = Number.POSITIVE_INFINITY;
        this.setState('error', { title: strings.unsupportedBrowser, detail: strings.unsupportedBrowserDetail });
      },
      quality: () => this.updateQuality(),
    };
    // Listeners are only ever called asynchronously, so the state below is set before any of them runs.
    this.playback = startPlayback(this.sourceFor(url), this.video, listener, this.engine);
    this.setState('loading', {
      title: this.playbackFailures > 0 ? strings.reconnecting : strings.starting,
      spinner: true,
    });
    this.play();
    this.updateUnmute();
  }

  /** Plays out the buffer, then ends: on 'ended', on a stall, or when the buffer's time is up. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const v = this.video;
    let ahead = 0;
    for (let i = 0; i < v.buffered.length; i++) {
      if (v.buffered.start(i) <= v.currentTime && v.currentTime <= v.buffered.end(i)) {
        ahead = v.buffered.end(i) - v.currentTime;
      }
    }
    const ms = Math.min(15_000, (ahead / Math.max(0.1, v.playbackRate)) * 1000 + 1_000);
    this.drainTimer = setTimeout(() => this.onEnded('status: not live'), ms);
  }

  private stopDraining(): void {
    clearTimeout(this.drainTimer);
    this.draining = false;
  }

  private stopPlayback(): void {
    this.stopDraining();
    clearTimeout(this.loadingTimer);
    this.playMark = null;
    if (this.playback !== null) {
      const playback = this.playback;
      this.playback = null;
      playback.destroy();
    }
    this.updateQuality();
    this.updateUnmute();
  }

  private play(): void {
    show(this.playButton, false);
    this.video.play().then(
      () => undefined,
      (e: unknown) => {
        const name = e instanceof DOMException ? e.name : '';
        if (this.playback === null || name === 'AbortError') return; // the source changed meanwhile
        if (name === 'NotAllowedError' && !this.video.muted) {
          // Sound may not autoplay: start muted, the unmute button is there.
          this.video.muted = true;
          this.play();
          return;
        }
        if (name === 'NotAllowedError') {
          this.setState('loading', { title: strings.pressPlay, playButton: true });
          clearTimeout(this.loadingTimer); // waiting for the viewer, not for the network
        }
      },
    );
  }

  private onFatal(kind: string, detail: string, endList: boolean): void {
    console.warn(`onair: fatal ${kind} playback error: ${detail}`);
    this.stopPlayback();
    if (endList || this.draining) {
      this.onEnded(`${kind} error after the end of the stream`);
      return;
    }
    this.playbackFailures++;
    this.retryNotBefore = Date.now() + backoff(this.playbackFailures, 1_000);
    if (this.playbackFailures <= 2) {
      this.setState('loading', { title: strings.reconnecting, spinner: true });
    } else {
      this.setState('error', { title: strings.playbackFailed, detail: strings.retrying });
    }
    // Ask now: the stream may simply have ended. onStatus waits for retryNotBefore before playing again.
    this.schedulePoll(0);
  }

  private onEnded(reason: string): void {
    console.info(`onair: the stream ended (${reason})`);
    this.ended = { startedAt: this.status?.startedAt?.getTime() ?? null, at: Date.now() };
    this.stopPlayback();
    this.renderInfo(false);
    this.showOffline();
    this.schedulePoll(0);
  }

  private bindVideo(): void {
    const v = this.video;
    const mark = (): void => {
      this.playMark = v.currentTime;
    };
    v.addEventListener('playing', mark);
    v.addEventListener('seeked', mark);
    v.addEventListener('seeking', () => {
      this.playMark = null;
    });
    v.addEventListener('emptied', () => {
      this.playMark = null;
    });
    v.addEventListener('waiting', () => {
      this.playMark = null;
      if (this.playback !== null && this.draining) {
        this.onEnded('status: not live, buffer played out');
        return;
      }
      if (this.playback !== null && this.state === 'playing') {
        this.setState('loading', { title: strings.buffering, spinner: true });
      }
    });
    v.addEventListener('timeupdate', () => {
      if (this.playback === null || this.playMark === null || v.paused || v.seeking) return;
      if (v.currentTime > this.playMark + 0.05 && this.state !== 'playing') {
        this.playbackFailures = 0;
        this.retryNotBefore = 0;
        this.setState('playing', {});
      }
    });
    v.addEventListener('ended', () => {
      if (this.playback !== null) this.onEnded('video ended');
    });
    v.addEventListener('volumechange', () => this.updateUnmute());
  }

  private updateUnmute(): void {
    show(this.unmuteButton, this.playback !== null && this.video.muted);
  }

  // --- Rendering --------------------------------------------------------------------------------------------

  private showOffline(): void {
    const channel = this.channel ?? '';
    const last = this.status?.lastLiveAt ?? (this.ended !== null ? new Date(this.ended.at) : null);
    const detail = last !== null ? `${strings.lastLive(timeAgo(last))} ${strings.offlineDetail}` : strings.offlineDetail;
    this.setState('offline', { title: strings.offlineTitle(channel), detail });
  }

  /** The line under the player: LIVE badge, resolution, frame rate, bitrate, live time. */
  private renderInfo(live = false): void {
    const status = this.status;
    show(this.liveBadge, live);
    const parts: string[] = [];
    if (live && status?.stats) parts.push(formatStats(status.stats));
    const liveTime = live && status?.startedAt ? duration(status.startedAt) : null;
    if (liveTime !== null) parts.push(strings.liveFor(liveTime));
    setText(this.statsLine, parts.join(' · '));
    if (this.channel !== null) {
      document.title = live ? `● ${strings.pageTitle(this.channel)}` : strings.pageTitle(this.channel);
    }
  }

  private setState(state: PlayerState, view: View): void {
    const changed = state !== this.state || (state === 'error' && this.hooks.player.error !== view.title);
    this.state = state;
    const player = this.hooks.player;
    player.state = state;
    if (state === 'error') player.error = view.title ?? strings.playbackFailed;
    else delete player.error;
    document.body.dataset['state'] = state;

    clearTimeout(this.loadingTimer);
    if (state === 'loading' && this.playback !== null && view.playButton !== true) {
      this.loadingTimer = setTimeout(
        () => this.onFatal('timeout', 'no playback progress', false),
        LOADING_TIMEOUT_MS,
      );
    }
    this.render(view);
    if (changed) this.announce(state, view);
  }

  private render(view: View): void {
    const overlayVisible = this.state !== 'playing';
    show(this.overlay, overlayVisible);
    this.overlay.dataset['kind'] = this.state;
    setText(this.overlayTitle, view.title ?? '');
    setText(this.overlayDetail, view.detail ?? '');
    show(this.overlayDetail, (view.detail ?? '') !== '');
    show(this.spinner, view.spinner === true);
    show(this.playButton, view.playButton === true);
  }

  private announce(state: PlayerState, view: View): void {
    const channel = this.channel ?? '';
    let message = '';
    if (state === 'playing') message = strings.nowPlaying(channel);
    else if (state === 'offline') message = strings.streamEnded(channel);
    else if (state === 'error') message = view.title ?? '';
    else if (view.playButton === true) message = strings.pressPlay;
    else if (view.title === strings.starting && this.playback !== null) message = strings.nowLive(channel);
    if (message !== '') setText(this.announcer, message);
  }
}

applyStaticStrings();
const watchChannel = channelFromPath(location.pathname);
const watchPage = new WatchPage(watchChannel);
watchPage.start();
if (watchChannel !== null) startLive(watchChannel, () => watchPage.refresh());
