/**
 * The channel's live WebSocket (`/ws/channels/{channel}`, plain JSON frames, README "Chat, live info and the
 * directory"): connects, hands each frame over, notices a dead connection by its silence (the server sends a frame at
 * least every 25 s) and reconnects with a growing, jittered delay. Used by the watch page's live panel (`live.ts`),
 * the embeddable player (`embed.ts`) and the embeddable chat (`chat-embed.ts`).
 */

/** No frame for this long: the connection is dead, reconnect. */
const SILENCE_MS = 65_000;
const MAX_BACKOFF_MS = 30_000;
/** Close codes from the server. */
export const TOO_SLOW = 4001;
export const NO_SUCH_CHANNEL = 4004;

export type Frame = Record<string, unknown>;

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const text = (v: unknown): string => (typeof v === 'string' ? v : '');
export const record = (v: unknown): Frame =>
  (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Frame) : {});

export interface LiveSocketListener {
  /** Every frame, `welcome` first after each (re)connection. */
  frame(f: Frame): void;
  /** The connection closed; `reconnecting` false only for a channel that does not exist. */
  closed(code: number, reconnecting: boolean): void;
}

export class LiveSocket {
  private ws: WebSocket | null = null;
  private failures = 0;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param counted whether this page counts as a viewer (the player and the watch page do; a chat box in OBS or
   *                beside an embedded player does not)
   */
  constructor(private readonly channel: string, private readonly listener: LiveSocketListener,
    private readonly counted = true) {}

  start(): void {
    this.connect();
  }

  get connected(): boolean {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends `frame` if connected; false if not. */
  send(frame: Frame): boolean {
    if (this.ws === null || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private connect(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const query = this.counted ? '' : '?counted=false';
    const ws = new WebSocket(`${scheme}://${location.host}/ws/channels/${encodeURIComponent(this.channel)}${query}`);
    this.ws = ws;
    ws.addEventListener('message', (e) => {
      if (this.ws !== ws) return;
      this.heard();
      let frame: Frame;
      try {
        frame = record(JSON.parse(String(e.data)) as unknown);
      } catch {
        return;
      }
      if (frame['type'] === 'welcome') this.failures = 0;
      this.listener.frame(frame);
    });
    ws.addEventListener('open', () => this.heard());
    ws.addEventListener('close', (e) => this.onClose(ws, e.code));
  }

  private heard(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => this.ws?.close(), SILENCE_MS);
  }

  private onClose(ws: WebSocket, code: number): void {
    if (this.ws !== ws) return;
    clearTimeout(this.silenceTimer);
    this.ws = null;
    if (code === NO_SUCH_CHANNEL) {
      this.listener.closed(code, false);
      return;
    }
    this.failures++;
    this.listener.closed(code, true);
    const delay = code === TOO_SLOW ? 500 : Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.max(0, this.failures - 1));
    setTimeout(() => this.connect(), delay * (0.75 + Math.random() * 0.5));
  }
}
