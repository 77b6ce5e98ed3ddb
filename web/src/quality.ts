/**
 * The renditions a playback session offers and the one it plays, shared by the hls.js and dash.js paths so the
 * page's quality menu and the test hooks do not care which engine runs.
 */
export interface Level {
  width: number;
  height: number;
  /** bit/s, as the manifest advertises it */
  bitrate: number;
}

export interface Quality {
  /** Renditions in the engine's order (lowest bitrate first); empty until the manifest is read. */
  readonly levels: readonly Level[];
  /** Index into `levels` of what is playing now, -1 before the first segment. */
  readonly current: number;
  /** True while the engine picks the rendition by itself. */
  readonly auto: boolean;
  /** `-1`: automatic; otherwise switch to `levels[index]` at the next segment, without flushing the buffer. */
  select(index: number): void;
}

/** A label for a level, by height ("720p"), with the bitrate when two levels share a height. */
export function levelLabel(levels: readonly Level[], index: number): string {
  const level = levels[index];
  if (level === undefined) return '';
  const sameHeight = levels.filter((l) => l.height === level.height).length > 1;
  const kbps = Math.round(level.bitrate / 1000);
  return sameHeight ? `${level.height}p (${kbps} kbit/s)` : `${level.height}p`;
}
