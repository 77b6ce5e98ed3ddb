/**
 * The DASH playback path: dash.js on the channel's MPD (the same CMAF segments as the HLS). Loaded on demand, as
 * its own chunk, only when the viewer chose DASH (`?player=dash` or the player toggle).
 */
import type { MediaPlayerClass, Representation } from 'dashjs';
import type { Level, Quality } from './quality';

type DashModule = typeof import('dashjs');

let dashModule: Promise<DashModule> | null = null;

export function loadDash(): Promise<DashModule> {
  dashModule ??= import('dashjs');
  return dashModule;
}

export interface DashEvents {
  fatal(detail: string): void;
  quality(): void;
}

export function startDash(dashjs: DashModule, url: string, video: HTMLVideoElement, events: DashEvents):
    { quality: Quality; stop: () => void } {
  const player: MediaPlayerClass = dashjs.MediaPlayer().create();
  player.updateSettings({
    debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING },
    streaming: {
      // As the HLS path: three segments behind the live edge, caught up by playback rate, not by seeking.
      delay: { liveDelayFragmentCount: 3, useSuggestedPresentationDelay: false },
      liveCatchup: { enabled: true, playbackRate: { min: -0.1, max: 0.1 } },
      abr: { autoSwitchBitrate: { video: true } },
    },
  });
  let representations: Representation[] = [];
  const state = { levels: [] as Level[], current: -1, auto: true };

  const refresh = (): void => {
    representations = [...player.getRepresentationsByType('video')].sort((a, b) => a.bandwidth - b.bandwidth);
    state.levels = representations.map((r) => ({ width: r.width, height: r.height, bitrate: r.bandwidth }));
    const playing = player.getCurrentRepresentationForType('video');
    state.current = playing === null ? -1 : representations.findIndex((r) => r.id === playing.id);
    events.quality();
  };

  player.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, refresh);
  player.on(dashjs.MediaPlayer.events.QUALITY_CHANGE_RENDERED, (e) => {
    if (e.mediaType === 'video') refresh();
  });
  player.on(dashjs.MediaPlayer.events.ERROR, (e) => {
    const error = (e as { error?: { code?: number; message?: string } }).error;
    events.fatal(`dash.js error ${error?.code ?? '?'}: ${error?.message ?? ''}`);
  });
  player.initialize(video, url, true);

  const quality: Quality = {
    get levels() {
      return state.levels;
    },
    get current() {
      return state.current;
    },
    get auto() {
      return state.auto;
    },
    select(index: number) {
      state.auto = index < 0;
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: state.auto } } } });
      const target = representations[index];
      if (target !== undefined) {
        // No forced replace: the switch takes effect at the next segment, the buffer is kept (no stall).
        player.setRepresentationForTypeById('video', target.id, false);
      }
      events.quality();
    },
  };
  return { quality, stop: () => player.reset() };
}
