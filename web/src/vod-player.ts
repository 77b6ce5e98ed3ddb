/**
 * On-demand playback of a replay or clip playlist (issue 7) on the page's <video>: hls.js where MediaSource exists,
 * the browser's own HLS otherwise (iOS Safari). Unlike the live player (`playback.ts`) there is no live edge to chase:
 * a VOD playlist starts where it is told (`startPosition`), the video's duration is the playlist's, and an ENDLIST
 * is normal, not the end of a stream. The replay of a broadcast still live is an EVENT playlist that hls.js keeps
 * reloading; it plays the same way. Positions on the page (chat, clips, `?t=`) are the replay's, not the video's
 * time: `replay-clock.ts` maps between them from the playlist's program date-times.
 */
import type { ErrorData, LevelUpdatedData } from 'hls.js';
import { ReplayClock } from './replay-clock';
import type { Level, Quality } from './quality';
import { levelLabel } from './quality';
import { show } from './dom';
import { strings } from './strings';

type HlsModule = typeof import('hls.js/light');

export interface VodListener {
  /** Playback failed for good (after hls.js's own retries and one media recovery). */
  failed(detail: string): void;
  /** Neither MediaSource nor native HLS. */
  unsupported(): void;
  /** The levels, the playing level or the automatic choice changed. */
  quality(): void;
}

export interface VodPlayback {
  readonly quality: Quality;
  /** Replay positions against the video's time. */
  readonly clock: ReplayClock;
  destroy(): void;
}

const NO_QUALITY: Quality = { levels: [], current: -1, auto: true, select: () => undefined };

/**
 * Plays `url` from position `start`: seconds after `origin`, the replay's first EXT-X-PROGRAM-DATE-TIME (ms), or on
 * the video's own time when that is null (a clip's playlist). Listeners are called asynchronously only, never after
 * destroy.
 */
export function startVod(url: string, video: HTMLVideoElement, start: number, listener: VodListener,
  origin: number | null = null): VodPlayback {
  let destroyed = false;
  const clock = new ReplayClock(origin);
  let quality: Quality = NO_QUALITY;
  let stop: () => void = () => undefined;
  const guard = <A extends unknown[]>(f: (...a: A) => void) => (...a: A): void => {
    if (!destroyed) f(...a);
  };
  const l: VodListener = { failed: guard(listener.failed), unsupported: guard(listener.unsupported), quality: guard(listener.quality) };

  if (typeof window.MediaSource !== 'function' && video.canPlayType('application/vnd.apple.mpegurl') !== '') {
    const onError = (): void => l.failed(video.error?.message || `media error ${video.error?.code ?? '?'}`);
    const onMeta = (): void => {
      // The date at the video's time 0 (HTML's getStartDate(): the first segment's program date-time).
      const date = (video as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.();
      if (date !== undefined) clock.startDate(date.getTime());
      if (start > 0) video.currentTime = clock.time(start);
    };
    video.addEventListener('error', onError);
    video.addEventListener('loadedmetadata', onMeta, { once: true });
    video.src = url;
    stop = () => {
      video.removeEventListener('error', onError);
      video.removeEventListener('loadedmetadata', onMeta);
      video.removeAttribute('src');
      video.load();
    };
  } else {
    import('hls.js/light').then(
      (module: HlsModule) => {
        if (destroyed) return;
        const Hls = module.default;
        if (!Hls.isSupported()) {
          l.unsupported();
          return;
        }
        const hls = new Hls({
          enableWorker: true,
          workerPath: __HLS_WORKER_URL__,
          startPosition: start,
          capLevelToPlayerSize: true,
          maxBufferLength: 30,
          backBufferLength: 60,
        });
        let recovered = Number.NEGATIVE_INFINITY;
        hls.on(Hls.Events.ERROR, (_e: unknown, data: ErrorData) => {
          if (!data.fatal) return; // hls.js retries those itself
          if (data.type === Hls.ErrorTypes.MEDIA_ERROR && performance.now() - recovered > 5_000) {
            recovered = performance.now();
            hls.recoverMediaError();
            return;
          }
          l.failed(data.details);
        });
        let placed = false;
        hls.on(Hls.Events.LEVEL_UPDATED, (_e: unknown, data: LevelUpdatedData) => {
          clock.update(data.details.fragments);
          if (placed || !clock.known) return;
          placed = true;
          // hls.js has just placed its start at `start` on its own time: where the position is differs on a window
          // that slid (or after a reconnect), so start loading there instead, before any media is fetched.
          const at = clock.time(start);
          if (start > 0 && Math.abs(at - start) > 0.5) hls.startLoad(at);
        });
        hls.on(Hls.Events.MANIFEST_PARSED, () => l.quality());
        hls.on(Hls.Events.LEVEL_SWITCHED, () => l.quality());
        quality = {
          get levels(): Level[] {
            return hls.levels.map((x) => ({ width: x.width, height: x.height, bitrate: x.bitrate }));
          },
          get current() {
            return hls.currentLevel;
          },
          get auto() {
            return hls.autoLevelEnabled;
          },
          select(index: number) {
            hls.nextLevel = index; // at the next fragment, without flushing the buffer (as on the watch page)
            l.quality();
          },
        };
        hls.loadSource(url);
        hls.attachMedia(video);
        stop = () => hls.destroy();
      },
      (e: unknown) => l.failed(`could not load the player: ${String(e)}`),
    );
  }
  return {
    get quality() {
      return quality;
    },
    clock,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      stop();
    },
  };
}

/** The quality menu as on the watch page: Auto (with the rendition playing), then every rendition, highest first. */
export function renderQualityMenu(control: HTMLElement, select: HTMLSelectElement, quality: Quality): void {
  const levels = quality.levels;
  show(control, levels.length > 1);
  const playing = levels[quality.current] !== undefined ? levelLabel(levels, quality.current) : '';
  const auto = new Option(playing !== '' ? `${strings.qualityAuto} (${playing})` : strings.qualityAuto, '-1');
  const options = levels.map((_, i) => new Option(levelLabel(levels, i), String(i))).reverse();
  select.replaceChildren(auto, ...options);
  select.value = quality.auto ? '-1' : String(quality.current);
}
