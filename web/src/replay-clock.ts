/**
 * Where the replay page's positions are on the video's timeline (issue 7). A position is seconds after the replay's
 * first EXT-X-PROGRAM-DATE-TIME (`firstProgramDateTime`): what chat offsets, clip starts and `?t=` count in, on the
 * server's clock. The player counts its own time from the first segment of the playlist it loaded, along the
 * segments' durations. The two differ:
 *
 * - on the rewind of a broadcast still live that is longer than its window (`onair.replays.dvr-window`): the
 *   playlist starts later than the broadcast, by as much as the window slid before the page loaded it;
 * - after a reconnect inside one broadcast (`onair.hls.end-grace`): the program date-times jump by the time the
 *   encoder was away, the player's time does not (an EXT-X-DISCONTINUITY, not a gap on its timeline).
 *
 * So each run of segments between discontinuities (hls.js's `cc`) gets one offset, position − video time, from the
 * first segment of it the player listed. One per run, not per segment: a segment's date is its keyframe's arrival,
 * a few ms off its media time, and a position that stepped back at every boundary would redraw the chat.
 */

/** What the clock needs of a player's segment (hls.js's `Fragment` has these). */
export interface TimedSegment {
  /** Start on the video's timeline, s. */
  readonly start: number;
  readonly duration: number;
  /** The discontinuity run it belongs to. */
  readonly cc: number;
  /** Its EXT-X-PROGRAM-DATE-TIME, ms since the epoch. */
  readonly programDateTime: number | null;
}

export class ReplayClock {
  private readonly offsets = new Map<number, number>();
  private segments: readonly TimedSegment[] = [];
  /** Without a segment list (Safari's own HLS): one offset from the date at the video's time 0. */
  private single = 0;

  /** @param origin the replay's first program date-time, ms; null: positions are the video's time. */
  constructor(private readonly origin: number | null) {}

  /** The playlist as the player laid it out, after every load (a live rewind's slides on). */
  update(segments: readonly TimedSegment[]): void {
    const origin = this.origin;
    if (origin === null) return;
    const dated = segments.filter((s) => s.programDateTime !== null);
    for (const s of dated) {
      if (!this.offsets.has(s.cc)) this.offsets.set(s.cc, ((s.programDateTime ?? origin) - origin) / 1000 - s.start);
    }
    this.segments = dated;
  }

  /** Safari's `video.getStartDate()`: the program date-time at the video's time 0. */
  startDate(ms: number): void {
    if (this.origin !== null && Number.isFinite(ms)) this.single = (ms - this.origin) / 1000;
  }

  /** True once a playlist with program date-times was laid out (`update`). */
  get known(): boolean {
    return this.offsets.size > 0;
  }

  /** The position at video time `t`. */
  position(t: number): number {
    const s = this.segmentAt(t);
    return t + (s === undefined ? this.single : (this.offsets.get(s.cc) ?? 0));
  }

  /** The video time of position `p`; in a gap between runs, the start of the run after it. */
  time(p: number): number {
    if (this.segments.length === 0) return Math.max(0, p - this.single);
    for (const s of this.segments) {
      const offset = this.offsets.get(s.cc) ?? 0;
      if (p < s.start + s.duration + offset) return Math.max(s.start, p - offset);
    }
    const last = this.segments[this.segments.length - 1];
    return last === undefined ? p : last.start + last.duration;
  }

  /** The last segment starting at or before `t` (the first one if none does). */
  private segmentAt(t: number): TimedSegment | undefined {
    const list = this.segments;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.start ?? 0) <= t) lo = mid + 1;
      else hi = mid;
    }
    return list[Math.max(0, lo - 1)];
  }
}
