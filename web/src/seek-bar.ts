/**
 * The replay page's seek bar (issue 7): a range input that follows the video and seeks it, the position and length
 * beside it, and, while the pointer is over the bar, a preview box with the time and that moment's tile of the
 * thumbnail sprite (tile `floor(t / interval)`, drawn as the box's background).
 */
import { setText, show } from './dom';
import type { Thumbnails } from './replays';
import { clock, showTile } from './replays';

export class SeekBar {
  private thumbnails: Thumbnails | null = null;
  /** The replay's length from the API, used until the video knows its own (and while it grows: a live replay). */
  private fallbackDuration = 0;
  private dragging = false;

  constructor(
    private readonly video: HTMLVideoElement,
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
      if (Number.isFinite(t)) video.currentTime = t;
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

  duration(): number {
    const d = this.video.duration;
    return Number.isFinite(d) && d > 0 ? d : this.fallbackDuration;
  }

  private update(): void {
    const duration = this.duration();
    const max = duration.toFixed(1);
    if (this.input.max !== max) this.input.max = max;
    setText(this.length, clock(duration));
    if (this.dragging) return;
    this.input.value = String(this.video.currentTime);
    setText(this.position, clock(this.video.currentTime));
  }

  /** The preview for the pointer at `clientX`: time, tile, and a box kept within the bar. */
  private hover(clientX: number): void {
    const rect = this.wrap.getBoundingClientRect();
    const duration = this.duration();
    if (rect.width <= 0 || duration <= 0) return;
    const fraction = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    const t = fraction * duration;
    setText(this.previewTime, clock(t));
    const thumbs = this.thumbnails;
    if (thumbs !== null) showTile(this.preview, thumbs, t / thumbs.interval);
    this.preview.dataset['time'] = t.toFixed(2);
    show(this.preview, true);
    const width = this.preview.offsetWidth;
    const left = Math.min(Math.max(0, fraction * rect.width - width / 2), Math.max(0, rect.width - width));
    this.preview.style.left = `${left}px`;
  }
}
