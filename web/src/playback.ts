/**
 * One playback session on the page's <video>: hls.js where the browser has MediaSource, the browser's own HLS
 * where it has not but plays HLS natively (iOS Safari), or dash.js on the MPD when the viewer chose DASH. The
 * players are loaded on demand, as their own chunks, so an offline page does not wait for them.
 */
import type { ErrorData, LevelLoadedData } from 'hls.js';
import { loadDash, startDash } from './dash';
import type { Level, Quality } from './quality';

type HlsModule = typeof import('hls.js/light');
type Hls = HlsModule['default'];

export type Engine = 'hls' | 'dash';

export interface Playback {
  readonly url: string;
  readonly engine: Engine;
  /** The renditions and the one playing; empty levels with native HLS (Safari picks by itself). */
  readonly quality: Quality;
  /** Seconds from the program date-time at the playhead to now; null when the engine does not tell. */
  latency(): number | null;
  /** Stops loading and detaches from the video element. Listeners are not called afterwards. */
  destroy(): void;
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

/** Starts fetching hls.js when this browser will use it, so that it is there when the channel goes live. */
export function preloadPlayer(video: HTMLVideoElement): void {
  if (hasMediaSource() || !playsHlsNatively(video)) void loadHls().catch(() => undefined);
}

/**
 * @param url the HLS master playlist, or with engine 'dash' the MPD
 */
export function startPlayback(url: string, video: HTMLVideoElement, listener: PlaybackListener,
    engine: Engine = 'hls'): Playback {
  let destroyed = false;
  let cleanup: () => void = () => undefined;
  let quality: Quality = NO_QUALITY;
  let latency: () => number | null = () => null;
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
          const session = startHls(Hls, url, video, guarded);
          quality = session.quality;
          latency = session.latency;
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
    latency: () => (destroyed ? null : latency()),
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      cleanup();
    },
  };
}

function startHls(Hls: Hls, url: string, video: HTMLVideoElement, listener: PlaybackListener):
    { quality: Quality; latency: () => number | null; stop: () => void } {
  const hls = new Hls({
    enableWorker: true,
    workerPath: __HLS_WORKER_URL__,
    // LL-HLS: with EXT-X-PART-INF in the playlist hls.js loads parts, blocks on _HLS_msn/_HLS_part and aims at
    // PART-HOLD-BACK (1.5 s with 0.5 s parts) behind the live edge; playlists without parts play as before.
    lowLatencyMode: true,
    // Without parts: 3 segments behind the live edge (hls.js's default liveSyncDurationCount). Neither it nor
    // liveMaxLatencyDurationCount is set: a liveSyncDuration(Count) in the config overrides PART-HOLD-BACK even in
    // low-latency mode, and hls.js refuses a liveMaxLatencyDurationCount without it. Behind the target, catch up by
    // playing up to 1.5x faster (hardly audible on speech, and no seek: a seek drops the buffer and stalls).
    maxLiveSyncPlaybackRate: 1.5,
    // The video's duration is Infinity while live: the native controls show a live stream, not a seek bar.
    liveDurationInfinity: true,
    backBufferLength: 30,
    maxBufferLength: 30,
    capLevelToPlayerSize: true,
  });

  let sawLive = false;
  let endList = false;
  let lastRecovery = Number.NEGATIVE_INFINITY;
  let swappedAudioCodec = false;

  hls.on(Hls.Events.LEVEL_LOADED, (_event: unknown, data: LevelLoadedData) => {
    if (data.details.live) {
      sawLive = true;
      return;
    }
    endList = true; // #EXT-X-ENDLIST: the stream ended; the video plays out what is left, then 'ended'.
    if (!sawLive) listener.ended();
  });

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

  hls.loadSource(url);
  hls.attachMedia(video);
  const latency = (): number | null => {
    const date = hls.playingDate;
    return date === null ? null : (Date.now() - date.getTime()) / 1000;
  };
  return { quality, latency, stop: () => hls.destroy() };
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
