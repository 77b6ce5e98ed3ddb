/**
 * One playback session on the page's <video>: hls.js where the browser has MediaSource, the browser's own HLS
 * where it has not but plays HLS natively (iOS Safari), or dash.js on the MPD when the viewer chose DASH. The
 * players are loaded on demand, as their own chunks, so an offline page does not wait for them.
 */
import type { ErrorData, LevelDetails, LevelLoadedData } from 'hls.js';
import { loadDash, startDash } from './dash';
import type { Level, Quality } from './quality';

type HlsModule = typeof import('hls.js/light');
type Hls = HlsModule['default'];

export type Engine = 'hls' | 'dash';

export interface PlaybackOptions {
  readonly engine?: Engine;
  /**
   * Live rewind (issue 7): `url` is the broadcast's recording (its EVENT playlist, a VOD once the broadcast ended),
   * played from this wall-clock moment rather than from the live edge. hls.js only.
   */
  readonly rewindTo?: Date;
}

export interface Playback {
  readonly url: string;
  readonly engine: Engine;
  /** The renditions and the one playing; empty levels with native HLS (Safari picks by itself). */
  readonly quality: Quality;
  /** Seconds from the program date-time at the playhead to now; null when the engine does not tell. */
  latency(): number | null;
  /** The program date-time at the playhead; null when the engine does not tell. */
  playhead(): Date | null;
  /** A rewind playback's recording, by wall clock; null for the live edge (and until hls.js is loaded). */
  readonly timeline: Timeline | null;
  /**
   * Whether the stream is known to be over (a playlist the master still lists ended). False while that is not
   * known: a video 'ended' then is a dropped rendition's end (its buffer ran out after its ENDLIST), not the stream's.
   * DASH and native HLS always answer true (their end is the stream's).
   */
  streamOver(): boolean;
  /** Stops loading and detaches from the video element. Listeners are not called afterwards. */
  destroy(): void;
}

/** The recording a rewind playback plays, addressed by wall clock (EXT-X-PROGRAM-DATE-TIME). */
export interface Timeline {
  /** From the start of the first listed segment to the end of the last; null until the playlist was read. */
  range(): { readonly start: Date; readonly end: Date } | null;
  /** Moves the playhead to this moment, kept within the range. */
  seek(to: Date): void;
  /**
   * The broadcast's first moment when the playlist starts there (EVENT, VOD: what replay offsets count from);
   * null for a sliding window that left the start behind, and before the playlist was read.
   */
  origin(): Date | null;
  /** The playlist ended (EXT-X-ENDLIST): the broadcast is over and this is its replay. */
  readonly complete: boolean;
}

/** Called asynchronously only, never from within startPlayback or destroy. */
export interface PlaybackListener {
  /** Playback stopped for good; `endList` when the playlist had ended, i.e. the stream is over. */
  fatal(kind: 'network' | 'media' | 'other', detail: string, endList: boolean): void;
  /** The playlist is already complete when first loaded: the stream is over, nothing live to show. */
  ended(): void;
  /** Neither MediaSource nor native HLS. */
  unsupported(): void;
  /** The levels, the playing level or the automatic choice changed. */
  quality(): void;
}

const NO_QUALITY: Quality = { levels: [], current: -1, auto: true, select: () => undefined };

const HLS_MIME = 'application/vnd.apple.mpegurl';

let hlsModule: Promise<HlsModule> | null = null;

function loadHls(): Promise<HlsModule> {
  hlsModule ??= import('hls.js/light');
  return hlsModule;
}

function hasMediaSource(): boolean {
  return typeof window.MediaSource === 'function';
}

function playsHlsNatively(video: HTMLVideoElement): boolean {
  return video.canPlayType(HLS_MIME) !== '';
}

/** Whether this browser plays with hls.js, which rewind needs (the browser's own HLS does not tell its timeline). */
export function rewindSupported(): boolean {
  return hasMediaSource();
}

/** Starts fetching hls.js when this browser will use it, so that it is there when the channel goes live. */
export function preloadPlayer(video: HTMLVideoElement): void {
  if (hasMediaSource() || !playsHlsNatively(video)) void loadHls().catch(() => undefined);
}

/**
 * @param url the HLS master playlist, or with engine 'dash' the MPD
 */
export function startPlayback(url: string, video: HTMLVideoElement, listener: PlaybackListener,
    options: PlaybackOptions = {}): Playback {
  const engine = options.engine ?? 'hls';
  let destroyed = false;
  let cleanup: () => void = () => undefined;
  let quality: Quality = NO_QUALITY;
  let playhead: () => Date | null = () => null;
  let timeline: Timeline | null = null;
  let streamOver: () => boolean = () => true;
  // Every listener call goes through here: none after destroy.
  const guarded: PlaybackListener = {
    fatal: (kind, detail, endList) => {
      if (!destroyed) listener.fatal(kind, detail, endList);
    },
    ended: () => {
      if (!destroyed) listener.ended();
    },
    unsupported: () => {
      if (!destroyed) listener.unsupported();
    },
    quality: () => {
      if (!destroyed) listener.quality();
    },
  };

  if (engine === 'dash') {
    loadDash().then(
      (dashjs) => {
        if (destroyed) return;
        if (!hasMediaSource()) {
          guarded.unsupported();
          return;
        }
        const session = startDash(dashjs, url, video, {
          fatal: (detail) => guarded.fatal('network', detail, false),
          quality: () => queueMicrotask(() => guarded.quality()),
        });
        quality = session.quality;
        cleanup = session.stop;
      },
      (e: unknown) => guarded.fatal('network', `could not load the player: ${String(e)}`, false),
    );
  } else if (!hasMediaSource() && playsHlsNatively(video)) {
    cleanup = startNative(url, video, guarded);
  } else {
    loadHls().then(
      ({ default: Hls }) => {
        if (destroyed) return;
        // Without MediaSource this is ManagedMediaSource (iOS 17.1+ without native HLS: rare, but hls.js can).
        if (Hls.isSupported()) {
          const session = startHls(Hls, url, video, guarded, options.rewindTo);
          quality = session.quality;
          playhead = session.playhead;
          timeline = session.timeline;
          streamOver = session.streamOver;
          cleanup = session.stop;
        } else {
          guarded.unsupported();
        }
      },
      (e: unknown) => guarded.fatal('network', `could not load the player: ${String(e)}`, false),
    );
  }
  return {
    url,
    engine,
    get quality() {
      return quality;
    },
    latency: () => {
      const date = destroyed ? null : playhead();
      return date === null ? null : (Date.now() - date.getTime()) / 1000;
    },
    playhead: () => (destroyed ? null : playhead()),
    streamOver: () => streamOver(),
    get timeline() {
      return destroyed ? null : timeline;
    },
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      cleanup();
    },
  };
}

interface HlsSession {
  readonly streamOver: () => boolean;
  readonly quality: Quality;
  readonly playhead: () => Date | null;
  readonly timeline: Timeline | null;
  readonly stop: () => void;
}

function startHls(Hls: Hls, url: string, video: HTMLVideoElement, listener: PlaybackListener,
    rewindTo: Date | undefined): HlsSession {
  const rewind = rewindTo !== undefined;
  const hls = new Hls({
    enableWorker: true,
    workerPath: __HLS_WORKER_URL__,
    // LL-HLS: with EXT-X-PART-INF in the playlist hls.js loads parts, blocks on _HLS_msn/_HLS_part and aims at
    // PART-HOLD-BACK (1.5 s with 0.5 s parts) behind the live edge; playlists without parts play as before. The
    // recording a rewind plays has no parts and is watched behind the edge on purpose.
    lowLatencyMode: !rewind,
    // Without parts: 3 segments behind the live edge (hls.js's default liveSyncDurationCount). Neither it nor
    // liveMaxLatencyDurationCount is set: a liveSyncDuration(Count) in the config overrides PART-HOLD-BACK even in
    // low-latency mode, and hls.js refuses a liveMaxLatencyDurationCount without it. Behind the target, catch up by
    // playing up to 1.5x faster (hardly audible on speech, and no seek: a seek drops the buffer and stalls). Never
    // while rewound: the viewer chose to be behind.
    maxLiveSyncPlaybackRate: rewind ? 1 : 1.5,
    // The video's duration is Infinity while live: the native controls show a live stream, not a seek bar. The
    // recording has a duration (growing while live), so they seek in it.
    liveDurationInfinity: !rewind,
    backBufferLength: 30,
    maxBufferLength: 30,
    capLevelToPlayerSize: true,
  });

  let sawLive = false;
  let endList = false;
  let complete = false;
  let lastRecovery = Number.NEGATIVE_INFINITY;
  let swappedAudioCodec = false;
  let stopped = false;

  if (rewind) {
    // hls.js starts a live playlist at its live edge. The moment asked for is known once the playlist (and its
    // program date-times) is: LEVEL_UPDATED comes after hls.js chose its start and before it asks for the first
    // fragment, so restarting the load there at the moment's position costs no request.
    hls.once(Hls.Events.LEVEL_UPDATED, (_event: unknown, data: { details: LevelDetails }) => {
      const at = positionOf(data.details, rewindTo.getTime());
      if (at !== null) hls.startLoad(at);
    });
  }

  hls.on(Hls.Events.LEVEL_LOADED, (_event: unknown, data: LevelLoadedData) => {
    const details = data.details;
    if (rewind) {
      complete = !details.live; // the broadcast ended: the recording is its replay, and plays on to its end
      return;
    }
    if (details.live) {
      sawLive = true;
      return;
    }
    if (!sawLive) {
      endList = true; // #EXT-X-ENDLIST in the first playlist: nothing live to show
      listener.ended();
      return;
    }
    // #EXT-X-ENDLIST on a playlist that was live: the stream ended (the video plays out what is left, then
    // 'ended'), or only this rendition did (issue 3: the transcoder drops its top rung when it cannot keep real
    // time). The master playlist tells which: a dropped rendition leaves it, one that ended with the stream stays.
    void renditionEnded(details.url);
  });

  const withoutQuery = (u: string): string => {
    const parsed = new URL(u, location.href);
    return parsed.origin + parsed.pathname;
  };

  async function renditionEnded(playlistUrl: string): Promise<void> {
    const ended = withoutQuery(playlistUrl);
    const others = hls.levels.filter((l) => withoutQuery(l.uri) !== ended);
    const listed = others.length > 0 ? await variantsOf(url) : null;
    if (stopped) return;
    const index = hls.levels.findIndex((l) => withoutQuery(l.uri) === ended);
    if (listed === null || listed.has(ended) || index < 0) {
      endList = true;
      return;
    }
    console.info(`onair: rendition ${ended} ended while the stream goes on: dropped from the quality menu`);
    // removeLevel on the level playing returns hls.js to automatic selection, which loads another level and plays
    // on from the buffer; a choice the viewer made of that rendition is void, the menu shows Auto again.
    hls.removeLevel(index);
    if (hls.manualLevel !== -1 && hls.levels[hls.manualLevel] === undefined) hls.nextLevel = -1;
    listener.quality();
  }

  hls.on(Hls.Events.ERROR, (_event: unknown, data: ErrorData) => {
    if (!data.fatal) return; // hls.js retries those itself
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      const now = performance.now();
      if (now - lastRecovery > 5_000) {
        lastRecovery = now;
        hls.recoverMediaError();
        return;
      }
      if (!swappedAudioCodec) {
        swappedAudioCodec = true;
        lastRecovery = now;
        hls.swapAudioCodec();
        hls.recoverMediaError();
        return;
      }
      listener.fatal('media', data.details, endList);
      return;
    }
    listener.fatal(data.type === Hls.ErrorTypes.NETWORK_ERROR ? 'network' : 'other', data.details, endList);
  });

  // hls.js sorts its levels by bitrate, lowest first; the audio-only variant is dropped when video exists.
  const levels = (): Level[] => hls.levels.map((l) => ({ width: l.width, height: l.height, bitrate: l.bitrate }));
  hls.on(Hls.Events.MANIFEST_PARSED, () => listener.quality());
  hls.on(Hls.Events.LEVEL_SWITCHED, () => listener.quality());
  const quality: Quality = {
    get levels() {
      return levels();
    },
    get current() {
      return hls.currentLevel;
    },
    get auto() {
      return hls.autoLevelEnabled;
    },
    select(index: number) {
      // nextLevel, not currentLevel: currentLevel flushes the buffer and reloads at once (a visible stall);
      // nextLevel switches at the next fragment and plays on from what is buffered. -1 returns to ABR.
      hls.nextLevel = index;
      listener.quality();
    },
  };

  const timeline: Timeline | null = rewind
    ? {
      range: () => {
        const details = hls.latestLevelDetails;
        const first = details?.fragments.find((f) => f.programDateTime !== null);
        const last = details?.fragments[details.fragments.length - 1];
        if (first?.programDateTime == null || last?.programDateTime == null) return null;
        return { start: new Date(first.programDateTime), end: new Date(last.programDateTime + last.duration * 1000) };
      },
      seek: (to: Date) => {
        const details = hls.latestLevelDetails;
        const at = details === null ? null : positionOf(details, to.getTime());
        if (at !== null) video.currentTime = at;
      },
      origin: () => {
        const details = hls.latestLevelDetails;
        const first = details?.fragments[0]?.programDateTime;
        const fromStart = details?.type === 'EVENT' || details?.type === 'VOD';
        return fromStart && first != null ? new Date(first) : null;
      },
      get complete() {
        return complete;
      },
    }
    : null;

  hls.loadSource(url);
  hls.attachMedia(video);
  return {
    streamOver: () => endList,
    quality,
    playhead: () => hls.playingDate,
    timeline,
    stop: () => {
      stopped = true;
      hls.destroy();
    },
  };
}

/**
 * The media time of a wall-clock moment (ms since the epoch) in a playlist whose segments carry
 * EXT-X-PROGRAM-DATE-TIME: the segment that covers it, plus the offset into it. Before the first segment: its start;
 * past the end: a second before the end (hls.js waits there for the next segment). Null without program date-times.
 */
function positionOf(details: LevelDetails, at: number): number | null {
  const fragments = details.fragments.filter((f) => f.programDateTime !== null);
  const first = fragments[0];
  const last = fragments[fragments.length - 1];
  if (first === undefined || last === undefined) return null;
  if (at <= (first.programDateTime ?? 0)) return first.start;
  for (const f of fragments) {
    const from = f.programDateTime ?? 0;
    if (at < from + f.duration * 1000) return f.start + (at - from) / 1000;
  }
  return Math.max(first.start, last.start + last.duration - 1);
}

/** The variant playlists a master playlist lists, as absolute URLs without query; null when it can't be read. */
async function variantsOf(masterUrl: string): Promise<Set<string> | null> {
  try {
    const response = await fetch(masterUrl, { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) return null;
    const text = await response.text();
    const variants = new Set<string>();
    let streamInf = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line.startsWith('#EXT-X-STREAM-INF')) streamInf = true;
      else if (line !== '' && !line.startsWith('#') && streamInf) {
        const u = new URL(line, response.url || masterUrl);
        variants.add(u.origin + u.pathname);
        streamInf = false;
      }
    }
    return variants.size > 0 ? variants : null;
  } catch {
    return null;
  }
}

function startNative(url: string, video: HTMLVideoElement, listener: PlaybackListener): () => void {
  const onError = (): void => {
    const error = video.error;
    const kind = error?.code === MediaError.MEDIA_ERR_NETWORK ? 'network' : 'media';
    listener.fatal(kind, error?.message || `media error ${error?.code ?? '?'}`, false);
  };
  video.addEventListener('error', onError);
  video.src = url;
  return () => {
    video.removeEventListener('error', onError);
    video.removeAttribute('src');
    video.load();
  };
}
