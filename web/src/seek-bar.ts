/**
 * The replay page's seek bar (issue 7): a range input that follows the video and seeks it, the position and length
 * beside it, and, while the pointer is over the bar, a preview box with the time and that moment's tile of the
 * thumbnail sprite (tile `floor(t / interval)`, drawn as the box's background). The bar shows positions in the
 * replay, not the video's time (`replay-clock.ts`): they differ on a live rewind whose window slid, where the bar
 * starts where the window does, and after a reconnect. Thumbnails are taken along the video's time.
 */
import { setText, show } from './dom';
import type { Thumbnails } from './replays';
import type { ReplayClock } from './replay-clock';
import { clock, showTile } from './replays';

export class SeekBar {
  private thumbnails: Thumbnails | null = null;
  /** The replay's length from the API, used until the video knows its own (and while it grows: a live replay). */
  private fallbackDuration = 0;
  private dragging = false;

  constructor(
    private readonly video: HTMLVideoElement,
    /** The player's clock once it exists; until then positions are the video's time. */
    private readonly replayClock: () => ReplayClock | null,
    private readonly input: HTMLInputElement,
    private readonly wrap: HTMLElement,
    private readonly preview: HTMLElement,
    private readonly previewTime: HTMLElement,
    private readonly position: HTMLElement,
    private readonly length: HTMLElement,
  ) {
    for (const event of ['timeupdate', 'durationchange', 'seeking', 'loadedmetadata']) {
      video.addEventListener(event, () => this.update());
    }
    input.addEventListener('pointerdown', () => {
      this.dragging = true;
    });
    const release = (): void => {
      this.dragging = false;
    };
    input.addEventListener('pointerup', release);
    input.addEventListener('change', release);
    input.addEventListener('input', () => {
      const t = Number(input.value);
      if (Number.isFinite(t)) video.currentTime = this.time(t);
      setText(this.position, clock(t));
    });
    wrap.addEventListener('pointermove', (e) => this.hover(e.clientX));
    wrap.addEventListener('pointerleave', () => show(this.preview, false));
  }

  setThumbnails(thumbnails: Thumbnails | null): void {
    this.thumbnails = thumbnails;
    this.preview.classList.toggle('no-thumbnail', thumbnails === null);
  }

  setDuration(seconds: number): void {
    this.fallbackDuration = seconds;
    this.update();
  }

  /** The position at the video's end, or the replay's length from the API until the video knows its own. */
  duration(): number {
    const d = this.video.duration;
    return Number.isFinite(d) && d > 0 ? this.positionAt(d) : this.fallbackDuration;
  }

  /** The earliest position the video can seek to: 0, or where a live rewind's window starts. */
  start(): number {
    const seekable = this.video.seekable;
    return Math.min(this.positionAt(seekable.length > 0 ? seekable.start(0) : 0), this.duration());
  }

  private positionAt(t: number): number {
    return this.replayClock()?.position(t) ?? t;
  }

  private time(p: number): number {
    return this.replayClock()?.time(p) ?? p;
  }

  private update(): void {
    const duration = this.duration();
    const max = duration.toFixed(1);
    if (this.input.max !== max) this.input.max = max;
    const min = this.start().toFixed(1);
    if (this.input.min !== min) this.input.min = min;
    setText(this.length, clock(duration));
    if (this.dragging) return;
    const t = this.positionAt(this.video.currentTime);
    this.input.value = String(t);
    setText(this.position, clock(t));
  }

  /** The preview for the pointer at `clientX`: time, tile, and a box kept within the bar. */
  private hover(clientX: number): void {
    const rect = this.wrap.getBoundingClientRect();
    const duration = this.duration();
    if (rect.width <= 0 || duration <= 0) return;
    const fraction = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    const min = this.start();
    const t = min + fraction * (duration - min);
    setText(this.previewTime, clock(t));
    const thumbs = this.thumbnails;
    if (thumbs !== null) showTile(this.preview, thumbs, this.time(t) / thumbs.interval);
    this.preview.dataset['time'] = t.toFixed(2);
    show(this.preview, true);
    const width = this.preview.offsetWidth;
    const left = Math.min(Math.max(0, fraction * rect.width - width / 2), Math.max(0, rect.width - width));
    this.preview.style.left = `${left}px`;
  }
}
