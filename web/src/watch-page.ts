/**
 * The player of the watch page (`/{channel}`, `watch.ts`) and of the embeddable player (`/embed/{channel}`,
 * `embed.ts`): polls the channel's status, plays its HLS stream while it is live
 * (hls.js on MediaSource, the browser's own HLS on iOS Safari), and shows a clear offline or error state otherwise.
 *
 * Live rewind (issue 7): the broadcast is recorded while live, and its recording is an EVENT playlist with the same
 * renditions and EXT-X-PROGRAM-DATE-TIME on the same clock as the live one. Rewinding swaps the player from the live
 * LL-HLS playlist to the recording, started at the wall-clock moment on screen minus the amount asked for; "Go live"
 * swaps back to the live edge. Both are addressed by program date-time, so the two timelines never need aligning.
 */
import type { ChannelStatus, LiveReplay, StatusResult } from './api';
import { fetchLiveReplay, fetchStatus } from './api';
import { ClipPanel, type ClipSource } from './clip-button';
import { byId, setText, show } from './dom';
import { clock, formatStats } from './format';
import type { PlayerState, WatchHooks } from './hooks';
import {
  preloadPlayer, rewindSupported, startPlayback, type Engine, type Playback, type PlaybackListener, type PlaybackOptions,
} from './playback';
import { levelLabel, type Level } from './quality';
import { duration, strings, timeAgo } from './strings';

/** Poll intervals. Offline: short, so playback starts soon after the streamer does. */
const OFFLINE_POLL_MS = 4_000;
const LIVE_POLL_MS = 10_000;
const NOT_FOUND_POLL_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;
/** A stream still loading after this long is restarted. */
const LOADING_TIMEOUT_MS = 30_000;
/** After the stream ended, a "live" status without a new startedAt is stale for this long. */
const ENDED_GRACE_MS = 15_000;
/**
 * Rewound closer to live than this is live: the recording's newest segment is a few seconds behind the live edge
 * anyway (a segment is recorded once complete), so a seek there goes back to the live playlist instead.
 */
const LIVE_ZONE_S = 8;
/**
 * A recording whose first segment starts within this of the broadcast's start begins at the broadcast's start: the
 * first segment starts at the first frame, a second or so after the publisher connected.
 */
const FIRST_SEGMENT_MS = 10_000;
/** While live without a known recording (not recorded yet, or recording off), ask again this often. */
const REPLAY_RETRY_MS = 20_000;

const backoff = (failures: number, base: number): number =>
  Math.min(MAX_BACKOFF_MS, base * 2 ** Math.max(0, failures - 1));

/** The watch page's rewind bar. */
interface DvrBar {
  readonly dvr: HTMLDivElement;
  readonly rewind10: HTMLButtonElement;
  readonly rewind30: HTMLButtonElement;
  readonly seekBar: HTMLInputElement;
  readonly behindLabel: HTMLSpanElement;
  readonly forwardButton: HTMLButtonElement;
  readonly goLiveButton: HTMLButtonElement;
  readonly replayLink: HTMLAnchorElement;
}

function dvrBar(): DvrBar {
  return {
    dvr: byId('dvr', HTMLDivElement),
    rewind10: byId('rewind-10', HTMLButtonElement),
    rewind30: byId('rewind-30', HTMLButtonElement),
    seekBar: byId('dvr-seek', HTMLInputElement),
    behindLabel: byId('dvr-behind', HTMLSpanElement),
    forwardButton: byId('forward-10', HTMLButtonElement),
    goLiveButton: byId('go-live', HTMLButtonElement),
    replayLink: byId('dvr-replay', HTMLAnchorElement),
  };
}

interface View {
  readonly title?: string;
  readonly detail?: string;
  readonly spinner?: boolean;
  readonly playButton?: boolean;
  /** A link under the text (the replay of the broadcast that just ended). */
  readonly link?: { readonly href: string; readonly text: string };
}

export class WatchPage {
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
  private readonly overlayLink = byId('overlay-link', HTMLAnchorElement);
  /** The rewind bar (live rewind); null where the page has none (the embed). */
  private readonly dvrBar: DvrBar | null;
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

  /** The status says live (and is not a stale answer from before the end). */
  private live = false;
  /** The recording of the live broadcast: what a rewind plays. */
  private liveReplay: LiveReplay | null = null;
  /** The broadcast (its startedAt) `liveReplay` belongs to, and when it was last asked for. */
  private replayOf: number | null = null;
  private replayAskedAt = Number.NEGATIVE_INFINITY;
  private replayInFlight = false;
  /**
   * Set while rewound: the page plays `replay`'s recording instead of the live playlist. `at` follows the playhead,
   * so a playback restarted after an error resumes where it was.
   */
  private rewound: { readonly replay: LiveReplay; at: Date } | null = null;
  /** The viewer is dragging the seek bar: the page does not move it meanwhile. */
  private seekDragging = false;
  /** The rendition the viewer chose (null: Auto), applied again when the player is swapped (rewind, go live). */
  private chosenLevel: Level | null = null;
  private chosenLevelApplied = false;
  private readonly clips: ClipPanel | null;

  /**
   * @param options.clips  the clip button, and `rewind` the rewind bar: the watch page has both; the embed neither (a
   *                       clip and a rewind are made on the channel's page)
   */
  constructor(private readonly channel: string | null,
    options: { readonly clips: boolean; readonly rewind: boolean }) {
    this.hooks = {
      player: {
        state: 'loading', engine: this.engine, levels: [], level: -1, auto: true, latency: null, mode: 'live',
        url: null, replay: null,
      },
      video: this.video,
      channel,
      status: null,
    };
    this.clips = channel === null || !options.clips ? null : new ClipPanel(channel, () => this.clipSource());
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
      const index = Number(this.qualitySelect.value);
      this.chosenLevel = this.playback?.quality.levels[index] ?? null;
      this.chosenLevelApplied = true;
      this.playback?.quality.select(index);
    });
    this.dvrBar = options.rewind ? dvrBar() : null;
    if (this.dvrBar !== null) this.bindRewind(this.dvrBar);
    setInterval(() => this.tick(), 500);
  }

  private tick(): void {
    this.updateLatency();
    this.renderDvr();
  }

  /**
   * The latency (hooks and the line under the player): wall clock minus the program date-time at the playhead.
   * Rewound, that is how far behind live the viewer is, and the line says so.
   */
  private updateLatency(): void {
    const latency = this.state === 'playing' ? (this.playback?.latency() ?? null) : null;
    this.hooks.player.latency = latency;
    const playhead = this.playback?.playhead() ?? null;
    if (this.rewound !== null && playhead !== null) this.rewound.at = playhead;
    const rewoundLive = this.rewound !== null && this.live;
    show(this.latencyLine, latency !== null && (this.rewound === null || rewoundLive));
    if (latency === null) return;
    setText(this.latencyLine, rewoundLive ? strings.rewoundBehind(clock(latency)) : strings.latency(latency));
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
    if (!this.chosenLevelApplied && levels.length > 0) this.applyChosenLevel();
    // Back on Auto without the viewer: the chosen rendition was dropped (issue 3), so it is not chosen any more.
    else if (this.chosenLevelApplied && player.auto && levels.length > 0) this.chosenLevel = null;
  }

  /** A new player (rewind, go live, reconnect) plays the rendition the viewer chose in the previous one. */
  private applyChosenLevel(): void {
    this.chosenLevelApplied = true;
    const chosen = this.chosenLevel;
    const quality = this.playback?.quality;
    if (chosen === null || quality === undefined || !quality.auto) return;
    const index = quality.levels.findIndex((l) => l.height === chosen.height && l.width === chosen.width);
    if (index < 0) {
      this.chosenLevel = null; // no longer offered (a dropped rung): Auto
      return;
    }
    quality.select(index);
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
    void this.clips?.start();
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
    this.live = live;
    this.renderInfo(live);
    if (live) this.refreshReplay(status);

    if (this.rewound !== null) {
      // Rewound, the recording plays on whether the broadcast is still live or not: once it ended, the recording
      // gets EXT-X-ENDLIST and is its replay, played to its end.
      this.stopDraining();
      if (this.playback === null) {
        const wait = this.retryNotBefore - Date.now();
        if (wait > 0) return Math.min(wait, LIVE_POLL_MS);
        this.beginPlayback();
      }
      this.renderDvr();
      return live ? LIVE_POLL_MS : OFFLINE_POLL_MS;
    }

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
      this.beginPlayback();
    }
    return LIVE_POLL_MS;
  }

  /** Finds the recording of the broadcast that is live (once per broadcast; again later while there is none). */
  private refreshReplay(status: ChannelStatus): void {
    const channel = this.channel;
    if (channel === null || this.engine !== 'hls' || !rewindSupported() || this.replayInFlight) return;
    const broadcast = status.startedAt?.getTime() ?? null;
    if (this.replayOf === broadcast && (this.liveReplay !== null || Date.now() - this.replayAskedAt < REPLAY_RETRY_MS)) {
      return;
    }
    this.replayInFlight = true;
    this.replayAskedAt = Date.now();
    fetchLiveReplay(channel).then(
      (replay) => {
        this.replayInFlight = false;
        this.replayOf = broadcast;
        this.liveReplay = replay;
        this.hooks.player.replay = replay === null ? null
          : { id: replay.id, playlist: replay.playlist, page: replay.page };
        this.renderDvr();
      },
      (e: unknown) => {
        this.replayInFlight = false;
        console.warn(`onair: could not list the channel's replays (${String(e)})`);
      },
    );
  }

  private isStaleAfterEnd(status: ChannelStatus): boolean {
    if (this.ended === null) return false;
    if (this.ended.startedAt !== null && status.startedAt !== null) {
      return status.startedAt.getTime() === this.ended.startedAt;
    }
    return Date.now() - this.ended.at < ENDED_GRACE_MS;
  }

  // --- Playback ---------------------------------------------------------------------------------------------

  /** Plays what the page should: the recording while rewound, else the live stream. */
  private beginPlayback(): void {
    const rewound = this.rewound;
    const hls = this.status?.hls ?? null;
    let url: string;
    let options: PlaybackOptions;
    if (rewound !== null) {
      url = rewound.replay.playlist;
      options = { engine: 'hls', rewindTo: rewound.at };
    } else if (hls !== null) {
      url = this.sourceFor(hls);
      options = { engine: this.engine };
    } else {
      return;
    }
    this.playMark = null;
    this.chosenLevelApplied = false;
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
    this.playback = startPlayback(url, this.video, listener, options);
    this.hooks.player.url = url;
    this.hooks.player.mode = rewound !== null ? 'rewind' : 'live';
    let title = rewound !== null ? strings.rewinding : strings.starting;
    if (this.playbackFailures > 0) title = strings.reconnecting;
    this.setState('loading', { title, spinner: true });
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
    this.hooks.player.url = null;
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
    // Rewound, the recording is there whether or not the broadcast ended: start again where the playhead was.
    if (this.rewound === null && (endList || this.draining)) {
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
    if (this.rewound !== null && this.live && this.playback?.timeline?.complete !== true) {
      // The recording stopped while the broadcast goes on: nothing was missed by going back to live.
      console.info(`onair: the recording ended early (${reason}): back to live`);
      this.goLive();
      return;
    }
    console.info(`onair: the stream ended (${reason})`);
    this.rewound = null;
    this.hooks.player.mode = 'live';
    this.ended = { startedAt: this.status?.startedAt?.getTime() ?? null, at: Date.now() };
    this.live = false;
    this.stopPlayback();
    this.renderInfo(false);
    this.showOffline();
    this.renderDvr();
    this.schedulePoll(0);
  }

  // --- Live rewind ------------------------------------------------------------------------------------------

  private bindRewind(bar: DvrBar): void {
    bar.rewind10.addEventListener('click', () => this.rewindBy(10));
    bar.rewind30.addEventListener('click', () => this.rewindBy(30));
    bar.forwardButton.addEventListener('click', () => this.forwardBy(10));
    bar.goLiveButton.addEventListener('click', () => this.goLive());
    bar.seekBar.addEventListener('input', () => {
      this.seekDragging = true;
      setText(bar.behindLabel, `-${clock(-Number(bar.seekBar.value))}`);
    });
    bar.seekBar.addEventListener('change', () => {
      this.seekDragging = false;
      const end = this.dvrEnd();
      if (end !== null) this.seekTo(new Date(end + Number(bar.seekBar.value) * 1000));
    });
    // ← and → step 10 s back and forth (the video's own controls would seek within the live buffer otherwise), except
    // where the arrows already mean something: text fields, menus, the seek bar.
    document.addEventListener('keydown', (e) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const target = e.target;
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
        || target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable)) return;
      if (bar.dvr.hidden) return;
      e.preventDefault();
      if (e.key === 'ArrowLeft') this.rewindBy(10);
      else this.forwardBy(10);
    });
  }

  /** The moment on screen: the playhead's program date-time, else (before the first frame) now. */
  private playheadDate(): Date {
    return this.playback?.playhead() ?? this.rewound?.at ?? new Date();
  }

  private rewindBy(seconds: number): void {
    this.seekTo(new Date(this.playheadDate().getTime() - seconds * 1000));
  }

  private forwardBy(seconds: number): void {
    if (this.rewound !== null) this.seekTo(new Date(this.playheadDate().getTime() + seconds * 1000));
  }

  /**
   * Plays from this wall-clock moment: a seek within the recording when rewound; from the live edge, a swap to the
   * recording; close enough to live, a swap back to the live playlist.
   */
  private seekTo(at: Date): void {
    const nearLive = this.live && Date.now() - at.getTime() < LIVE_ZONE_S * 1000;
    if (this.rewound === null) {
      const replay = this.liveReplay;
      if (nearLive || replay === null || !this.live || this.engine !== 'hls') return;
      this.rewound = { replay, at };
      this.swapPlayer();
      return;
    }
    if (nearLive) {
      this.goLive();
      return;
    }
    this.rewound.at = at;
    const timeline = this.playback?.timeline ?? null;
    if (timeline !== null && timeline.range() !== null) timeline.seek(at);
    else this.swapPlayer(); // the recording is not loaded yet: start it again at the new moment
    this.renderDvr();
  }

  /** Back to the live playlist, at its live edge. */
  private goLive(): void {
    if (this.rewound === null) return;
    this.rewound = null;
    if (this.live) {
      this.swapPlayer();
    } else {
      this.stopPlayback();
      this.hooks.player.mode = 'live';
      this.showOffline();
      this.renderDvr();
    }
  }

  private swapPlayer(): void {
    this.stopPlayback();
    this.playbackFailures = 0;
    this.retryNotBefore = 0;
    this.beginPlayback();
    this.updateLatency();
    this.renderDvr();
  }

  /** The seek bar's right end: now while live, the recording's end once the broadcast ended; null when unknown. */
  private dvrEnd(): number | null {
    if (this.live) return Date.now();
    return this.playback?.timeline?.range()?.end.getTime() ?? null;
  }

  /**
   * What a clip covers: rewound, the seconds on screen, as an offset into the replay (from its first segment);
   * else the live stream's last seconds. That offset needs the recording's playlist to start at the broadcast's
   * start: an EVENT playlist does, and so does one whose first segment is the broadcast's first (the server may
   * leave the playlist type out even then, when another rendition's first segment set the replay's origin a few
   * milliseconds earlier). A window that slid past the start (a broadcast longer than the rewind window) clips the
   * live edge instead.
   */
  private clipSource(): ClipSource {
    const rewound = this.rewound;
    const timeline = this.playback?.timeline ?? null;
    const playhead = this.playback?.playhead() ?? null;
    if (rewound === null || timeline === null || playhead === null) return { kind: 'live' };
    const first = timeline.range()?.start ?? null;
    const startedAt = rewound.replay.startedAt;
    const fromStart = first !== null && startedAt !== null && first.getTime() - startedAt.getTime() < FIRST_SEGMENT_MS;
    const origin = timeline.origin() ?? (fromStart ? first : null);
    if (origin === null) return { kind: 'live' };
    return { kind: 'replay', id: rewound.replay.id, end: (playhead.getTime() - origin.getTime()) / 1000 };
  }

  /** The rewind bar: shown while live (or rewound) when the broadcast is recorded and hls.js plays. */
  private renderDvr(): void {
    const rewound = this.rewound;
    const replay = rewound?.replay ?? this.liveReplay;
    const visible = replay !== null && this.engine === 'hls' && (this.live || rewound !== null)
      && this.state !== 'error';
    this.clips?.setLive(this.live);
    const bar = this.dvrBar;
    if (bar === null) return;
    show(bar.dvr, visible);
    bar.dvr.dataset['mode'] = rewound !== null ? 'rewind' : 'live';
    if (!visible || replay === null) return;
    const range = rewound !== null ? (this.playback?.timeline?.range() ?? null) : null;
    const end = this.dvrEnd() ?? range?.end.getTime() ?? Date.now();
    const start = range?.start.getTime() ?? replay.startedAt?.getTime() ?? end - 60_000;
    const playhead = rewound !== null ? this.playheadDate().getTime() : end;
    const behind = Math.max(0, (end - playhead) / 1000);
    if (!this.seekDragging) {
      bar.seekBar.min = String(Math.min(-1, Math.floor((start - end) / 1000)));
      bar.seekBar.value = String(-Math.round(behind));
      setText(bar.behindLabel, rewound === null ? '' : `-${clock(behind)}`);
    }
    show(bar.forwardButton, rewound !== null);
    // The live badge of the bar: "LIVE" at the live edge, a "Go live" button while rewound; gone once it ended.
    show(bar.goLiveButton, this.live);
    bar.goLiveButton.disabled = rewound === null;
    setText(bar.goLiveButton, rewound === null ? strings.live : strings.goLive);
    const ended = rewound !== null && !this.live;
    show(bar.replayLink, ended);
    if (ended && bar.replayLink.getAttribute('href') !== replay.page) bar.replayLink.href = replay.page;
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
      if (this.playback === null) return;
      if (this.rewound === null && !this.playback.streamOver()) {
        // hls.js ended the MediaSource after the last segment of a rendition whose playlist ended, before the page
        // knew the rendition was dropped while the stream goes on (issue 3): reconnect at the live edge.
        this.onFatal('media', 'a rendition ended while the stream goes on', false);
        return;
      }
      this.onEnded('video ended');
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
    // The broadcast the viewer just watched is a replay now.
    const replay = this.ended !== null ? this.liveReplay : null;
    const link = replay !== null ? { href: replay.page, text: strings.watchReplay } : undefined;
    this.setState('offline', link !== undefined ? { title: strings.offlineTitle(channel), detail, link }
      : { title: strings.offlineTitle(channel), detail });
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
    show(this.overlayLink, view.link !== undefined);
    if (view.link !== undefined) {
      this.overlayLink.href = view.link.href;
      setText(this.overlayLink, view.link.text);
    }
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
