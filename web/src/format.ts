import type { StreamStats } from './api';
import { strings } from './strings';

/** "1280×720 · 30 fps · 2.6 Mbps" for the stats the server reports. */
export function formatStats(stats: StreamStats): string {
  const nf = (max: number) => new Intl.NumberFormat(strings.locale, { maximumFractionDigits: max });
  const fps = stats.fps !== null && stats.fps > 0 ? strings.fps(nf(2).format(stats.fps)) : '';
  const kbps = (stats.videoKbps ?? 0) + (stats.audioKbps ?? 0);
  let bitrate = '';
  if (kbps >= 1000) bitrate = `${nf(1).format(kbps / 1000)}\u00a0Mbps`;
  else if (kbps > 0) bitrate = `${nf(0).format(kbps)}\u00a0kbps`;
  return strings.statsLine(stats.width, stats.height, fps, bitrate);
}

/** "0:32", "12:05", "1:02:03": a span of seconds as a clock (rounded down to the second, never negative). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}
