/**
 * A replay's chat, in step with the playhead (issue 7): the lines are fetched in windows of {@link WINDOW_S} seconds
 * around the position as it moves (`/api/replays/{id}/chat?from&to`), and the list shows the lines whose `offset`
 * is at or before the current time. Playing on appends the lines the playhead passes; a seek, backwards or forwards,
 * rebuilds the list for the new position. Text is put on the page as text nodes only (`renderChatText`). The
 * position is the replay's (`position()`), not the video's time (`replay-clock.ts`).
 */
import { messageLine, systemText } from './chat-lines';
import { setText } from './dom';
import type { ChatLine } from './replays';
import { fetchChat } from './replays';
import { strings } from './strings';

/** Seconds of chat per request: small enough to come quickly, large enough that playing asks twice a minute. */
const WINDOW_S = 30;
/** The server answers at most this many lines per request; a full answer is continued from its last line. */
const MAX_PER_CALL = 1000;
/** Lines on the page (as on the live chat). */
const MAX_SHOWN = 200;
/** A failed window is asked again after this long. */
const RETRY_MS = 5_000;
/** A window at the recording's end of a replay still live gets new lines: asked again after this long. */
const LIVE_REFRESH_MS = 10_000;

export interface ShownLine {
  id: number;
  user: string;
  text: string;
  offset: number;
}

export interface ChatHook {
  shown: ShownLine[];
  loaded: number;
}

export class ReplayChat {
  /** Every line loaded, by id; `sorted` is the same, by offset then id. */
  private readonly lines = new Map<number, ChatLine>();
  private sorted: ChatLine[] = [];
  /** Window index → when it was loaded (or asked for); absent: not asked yet, or to be asked again. */
  private readonly windows = new Map<number, 'loading' | number>();
  private readonly failedAt = new Map<number, number>();
  private shown: ChatLine[] = [];
  /** For the browser tests: the lines shown (oldest first) and how many are loaded. */
  readonly hook: ChatHook = { shown: [], loaded: 0 };

  constructor(
    private readonly replay: number,
    private readonly channel: string,
    video: HTMLVideoElement,
    /** The playhead's position in the replay, seconds (what chat offsets count in). */
    private readonly position: () => number,
    private readonly list: HTMLOListElement,
    private readonly status: HTMLElement,
    /** Seconds recorded when the replay is still live (its last window keeps changing); null once ended. */
    private readonly liveUntil: () => number | null,
  ) {
    const tick = (): void => this.sync();
    for (const event of ['timeupdate', 'seeking', 'seeked', 'loadedmetadata', 'play']) video.addEventListener(event, tick);
    // timeupdate comes every 250 ms or so in Chromium, less often elsewhere: check a little more often while playing.
    setInterval(() => {
      if (!video.paused) tick();
    }, 200);
  }

  /** Loads the windows around the playhead and brings the list up to it. */
  sync(): void {
    const t = this.position();
    const w = Math.floor(t / WINDOW_S);
    // The one before (what was said just before a seek target), this one, and the next (ready when it comes).
    for (const i of [w, w + 1, w - 1]) {
      if (i >= 0) this.load(i);
    }
    this.render(t);
  }

  private load(w: number): void {
    const state = this.windows.get(w);
    if (state === 'loading') return;
    const live = this.liveUntil();
    if (typeof state === 'number') {
      const open = live !== null && (w + 1) * WINDOW_S > live - WINDOW_S;
      if (!open || Date.now() - state < LIVE_REFRESH_MS) return;
    }
    if (live !== null && w * WINDOW_S > live + WINDOW_S) return; // not recorded yet
    if (Date.now() - (this.failedAt.get(w) ?? 0) < RETRY_MS) return;
    this.windows.set(w, 'loading');
    void this.fetchWindow(w).then((ok) => {
      if (ok) {
        this.windows.set(w, Date.now());
        this.failedAt.delete(w);
      } else {
        this.windows.delete(w);
        this.failedAt.set(w, Date.now());
      }
      this.render(this.position());
    });
  }

  private async fetchWindow(w: number): Promise<boolean> {
    let from = w * WINDOW_S;
    const to = (w + 1) * WINDOW_S;
    // A full answer may have more after it: continue from its last line (ids dedupe the overlap).
    for (let calls = 0; calls < 20; calls++) {
      const r = await fetchChat(this.replay, from, to);
      if (r.kind === 'not-found') return true; // the replay went away: nothing to show
      if (r.kind === 'failed') return false;
      this.add(r.value);
      const last = r.value[r.value.length - 1];
      if (r.value.length < MAX_PER_CALL || last === undefined || last.offset <= from) return true;
      from = last.offset;
    }
    return true;
  }

  private add(lines: readonly ChatLine[]): void {
    let added = false;
    for (const line of lines) {
      if (!this.lines.has(line.id)) {
        this.lines.set(line.id, line);
        added = true;
      }
    }
    if (added) this.sorted = [...this.lines.values()].sort((a, b) => a.offset - b.offset || a.id - b.id);
    this.hook.loaded = this.sorted.length;
  }

  /** The list for position `t`: appended to while it only grows, rebuilt otherwise (a seek, a late window). */
  private render(t: number): void {
    const due = this.due(t);
    const desired = due.slice(Math.max(0, due.length - MAX_SHOWN));
    setText(this.status, desired.length === 0 ? strings.chatReplayEmpty : '');
    // Both lists are runs of the sorted lines: the new one continues the shown one when the shown one's last line
    // is in it and what comes before that is the shown one minus `trimmed` lines at its head.
    const n = this.shown.length;
    const last = this.shown[n - 1];
    const at = last === undefined ? -1 : desired.indexOf(last);
    const trimmed = n - (at + 1);
    const continues = at >= 0 && trimmed >= 0 && desired[0] === this.shown[trimmed];
    if (continues && trimmed === 0 && at === desired.length - 1) return; // nothing new
    if (n === 0 && desired.length === 0) return;
    if (continues) {
      const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
      for (const line of desired.slice(at + 1)) this.list.append(this.item(line));
      for (let i = 0; i < trimmed; i++) this.list.firstElementChild?.remove();
      if (atBottom) this.list.scrollTop = this.list.scrollHeight;
    } else {
      this.list.replaceChildren(...desired.map((line) => this.item(line)));
      this.list.scrollTop = this.list.scrollHeight;
    }
    this.shown = desired;
    this.hook.shown = desired.map((l) => ({ id: l.id, user: l.user, text: l.text, offset: l.offset }));
  }

  /** Lines at or before `t`, from the loaded windows. */
  private due(t: number): ChatLine[] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid]?.offset ?? 0) <= t) lo = mid + 1;
      else hi = mid;
    }
    return this.sorted.slice(0, lo);
  }

  private item(line: ChatLine): HTMLLIElement {
    if (line.system !== null) {
      const li = document.createElement('li');
      li.dataset['id'] = String(line.id);
      li.dataset['offset'] = String(line.offset);
      li.className = 'chat-message chat-system';
      li.dataset['system'] = line.system;
      li.textContent = systemText(line.system, line.text, this.channel);
      return li;
    }
    const li = messageLine({ id: line.id, user: line.user, text: line.text, system: null, donation: line.donation }, null);
    li.dataset['offset'] = String(line.offset);
    return li;
  }
}
