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

/**
 * A level's size as sites name it: the picture's short side, so a portrait phone stream of 720x1280 is "720p" like
 * the server's rung of that name (a width of 0, unknown, leaves the height).
 */
function lines(level: Level): number {
  return level.width > 0 ? Math.min(level.width, level.height) : level.height;
}

/** A label for a level ("720p"), with the bitrate when two levels share a size. */
export function levelLabel(levels: readonly Level[], index: number): string {
  const level = levels[index];
  if (level === undefined) return '';
  const p = lines(level);
  const sameSize = levels.filter((l) => lines(l) === p).length > 1;
  const kbps = Math.round(level.bitrate / 1000);
  return sameSize ? `${p}p (${kbps} kbit/s)` : `${p}p`;
}
