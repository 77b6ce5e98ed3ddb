/**
 * `window.onair`: read-only test hooks for the browser tests (Selenium). The pages keep these objects up to date
 * and mirror the main state on `<body data-state="…">`; they never read them back.
 */
import type { ChannelStatus } from './api';
import type { Level } from './quality';

export type PlayerState = 'offline' | 'loading' | 'playing' | 'error';

export interface PlayerHook {
  state: PlayerState;
  /** The viewer-facing error message, present only while `state === 'error'`. */
  error?: string;
  /** 'hls' (hls.js or the browser's HLS) or 'dash' (dash.js), as chosen by `?player=` or the player toggle. */
  engine: 'hls' | 'dash';
  /** The renditions on offer, lowest bitrate first (empty with the browser's own HLS). */
  levels: Level[];
  /** Index into `levels` of the rendition playing, -1 when not known yet. */
  level: number;
  /** True while the player picks the rendition itself (the menu's "Auto"). */
  auto: boolean;
  /**
   * Seconds the playhead is behind the wall clock (now minus the EXT-X-PROGRAM-DATE-TIME at the playhead, which
   * is the server's ingest clock), updated twice a second while playing; null when not known (DASH, native HLS,
   * or before the first frame).
   */
  latency: number | null;
  /**
   * 'live': the live edge (`status.hls`, LL-HLS); 'rewind': the broadcast's recording (live rewind, issue 7), then
   * `latency` is how far the playhead is behind live.
   */
  mode: 'live' | 'rewind';
  /** The playlist (or MPD) being played, an absolute URL; null when nothing plays. */
  url: string | null;
  /** The recording of the live broadcast (what rewind plays); null when not known or not recorded. */
  replay: { id: number; playlist: string; page: string } | null;
}

/** The watch page (`/{channel}`). */
export interface WatchHooks {
  player: PlayerHook;
  video: HTMLVideoElement;
  /** The channel from the URL, or null when the path is not a valid channel name. */
  channel: string | null;
  /** The last status the server returned (dates as Date objects), null before the first answer. */
  status: ChannelStatus | null;
}

export type HomeState = 'loading' | 'empty' | 'list' | 'error';

/** The home page (`/`). */
export interface HomeHooks {
  home: {
    state: HomeState;
    /** Names of the live channels shown, in page order. */
    channels: string[];
  };
}

declare global {
  interface Window {
    onair?: WatchHooks | HomeHooks;
  }
}
