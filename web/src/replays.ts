/**
 * Replays and clips as the pages read them (issue 7): `GET /api/channels/{c}/replays`, `/api/replays/{id}`,
 * `/api/replays/{id}/chat`, `/api/clips/{id}`, `/api/channels/{c}/clips`. Like `api.ts`, answers are checked at run
 * time (a field of the wrong type is missing, URLs must be same-origin paths), so a server bug shows as "no such
 * video", never as a broken page or a `javascript:` link. Also the number formats these pages share.
 */
import { CHANNEL_NAME } from './api';
import { type Donation, parseDonation } from './donation-line';
import { strings } from './strings';

/** The seek bar's sprite: `count` tiles of `width`×`height` in rows of `columns`, one every `interval` s. */
export interface Thumbnails {
  readonly url: string;
  readonly count: number;
  readonly interval: number;
  readonly columns: number;
  readonly width: number;
  readonly height: number;
}

export interface Replay {
  readonly id: number;
  readonly channel: string;
  readonly title: string;
  readonly origin: string;
  /** Still being broadcast: the playlist is the live rewind. */
  readonly live: boolean;
  readonly startedAt: Date | null;
  readonly endedAt: Date | null;
  /** Seconds recorded (so far). */
  readonly duration: number;
  readonly bytes: number;
  readonly hidden: boolean;
  readonly incomplete: boolean;
  readonly page: string;
  readonly playlist: string;
  /** The MP4 (ended replays only); 503 with Retry-After while it is being made. */
  readonly download: string | null;
  readonly thumbnails: Thumbnails | null;
  /**
   * The first segment's EXT-X-PROGRAM-DATE-TIME, ms since the epoch: the replay's position 0, which chat offsets,
   * clip starts and `?t=` count from. Null before the first segment.
   */
  readonly firstProgramDateTime: number | null;
}

export interface Clip {
  readonly id: string;
  readonly replay: number;
  readonly channel: string;
  readonly title: string;
  readonly createdBy: string;
  readonly createdAt: Date | null;
  /** Where playback starts within the clip's playlist, seconds. */
  readonly start: number;
  readonly duration: number;
  readonly page: string;
  readonly playlist: string;
}

/** One line of a replay's chat; `offset`: seconds into the replay. */
export interface ChatLine {
  readonly id: number;
  readonly user: string;
  readonly text: string;
  readonly offset: number;
  /** 'stream-start', 'stream-end' or null for a viewer's message. */
  readonly system: string | null;
  /** A donation's line (`user` donated, `text` is their message), else null. */
  readonly donation: Donation | null;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const date = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};
/**
 * A same-origin absolute path ("/vod/1/master.m3u8") of URL-safe characters; anything else (another origin,
 * `javascript:`, quotes that would end a CSS `url("…")`) is null.
 */
const path = (v: unknown): string | null =>
  typeof v === 'string' && /^\/(?!\/)[A-Za-z0-9._~/%?&=+-]*$/.test(v) ? v : null;

function parseThumbnails(v: unknown): Thumbnails | null {
  if (!isObj(v)) return null;
  const url = path(v['url']);
  const count = num(v['count']);
  const interval = num(v['interval']);
  const columns = num(v['columns']);
  const width = num(v['width']);
  const height = num(v['height']);
  if (url === null || count === null || interval === null || columns === null || width === null || height === null
    || count < 1 || interval <= 0 || columns < 1 || width <= 0 || height <= 0) return null;
  return { url, count, interval, columns, width, height };
}

export function parseReplay(v: unknown): Replay | null {
  if (!isObj(v)) return null;
  const id = num(v['id']);
  const channel = str(v['channel']);
  const playlist = path(v['playlist']);
  if (id === null || !CHANNEL_NAME.test(channel) || playlist === null) return null;
  return {
    id,
    channel,
    title: str(v['title']).trim(),
    origin: str(v['origin']),
    live: v['live'] === true,
    startedAt: date(v['startedAt']),
    endedAt: date(v['endedAt']),
    duration: Math.max(0, num(v['duration']) ?? 0),
    bytes: Math.max(0, num(v['bytes']) ?? 0),
    hidden: v['hidden'] === true,
    incomplete: v['incomplete'] === true,
    page: path(v['page']) ?? `/videos/${id}`,
    playlist,
    download: path(v['download']),
    thumbnails: parseThumbnails(v['thumbnails']),
    firstProgramDateTime: date(v['firstProgramDateTime'])?.getTime() ?? null,
  };
}

export function parseClip(v: unknown): Clip | null {
  if (!isObj(v)) return null;
  const id = str(v['id']);
  const channel = str(v['channel']);
  const playlist = path(v['playlist']);
  const duration = num(v['duration']);
  if (!/^[A-Za-z0-9]{1,16}$/.test(id) || !CHANNEL_NAME.test(channel) || playlist === null || duration === null
    || duration <= 0) return null;
  return {
    id,
    replay: num(v['replay']) ?? 0,
    channel,
    title: str(v['title']).trim(),
    createdBy: str(v['createdBy']),
    createdAt: date(v['createdAt']),
    start: Math.max(0, num(v['start']) ?? 0),
    duration,
    page: path(v['page']) ?? `/clips/${id}`,
    playlist,
  };
}

function parseLine(v: unknown): ChatLine | null {
  if (!isObj(v)) return null;
  const id = num(v['id']);
  const offset = num(v['offset']);
  const system = typeof v['system'] === 'string' ? v['system'] : null;
  if (id === null || offset === null || (system === null && str(v['user']) === '')) return null;
  return { id, user: str(v['user']), text: str(v['text']), offset, system, donation: parseDonation(v['donation']) };
}

export type Fetched<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'not-found' }
  | { readonly kind: 'failed'; readonly reason: string };

async function getJson(url: string): Promise<Fetched<unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (e) {
    return { kind: 'failed', reason: String(e) };
  }
  if (response.status === 404) return { kind: 'not-found' };
  if (!response.ok) return { kind: 'failed', reason: `HTTP ${response.status}` };
  try {
    return { kind: 'ok', value: (await response.json()) as unknown };
  } catch {
    return { kind: 'failed', reason: 'not JSON' };
  }
}

function one<T>(r: Fetched<unknown>, parse: (v: unknown) => T | null): Fetched<T> {
  if (r.kind !== 'ok') return r;
  const value = parse(r.value);
  return value === null ? { kind: 'failed', reason: 'unexpected response' } : { kind: 'ok', value };
}

function many<T>(r: Fetched<unknown>, parse: (v: unknown) => T | null): Fetched<T[]> {
  if (r.kind !== 'ok') return r;
  if (!Array.isArray(r.value)) return { kind: 'failed', reason: 'unexpected response' };
  return { kind: 'ok', value: r.value.map(parse).filter((x): x is T => x !== null) };
}

export const fetchReplay = async (id: number): Promise<Fetched<Replay>> =>
  one(await getJson(`/api/replays/${id}`), parseReplay);

export const fetchReplays = async (channel: string): Promise<Fetched<Replay[]>> =>
  many(await getJson(`/api/channels/${encodeURIComponent(channel)}/replays`), parseReplay);

export const fetchClip = async (id: string): Promise<Fetched<Clip>> =>
  one(await getJson(`/api/clips/${encodeURIComponent(id)}`), parseClip);

export const fetchClips = async (channel: string): Promise<Fetched<Clip[]>> =>
  many(await getJson(`/api/channels/${encodeURIComponent(channel)}/clips`), parseClip);

/** The chat between `from` and `to` seconds into the replay, oldest first (the server answers at most 1000). */
export const fetchChat = async (id: number, from: number, to: number): Promise<Fetched<ChatLine[]>> =>
  many(await getJson(`/api/replays/${id}/chat?from=${from.toFixed(3)}&to=${to.toFixed(3)}`), parseLine);

/** The last path segment of the page's URL (`/videos/{id}`, `/clips/{id}`), decoded; null when absent. */
export function idFromPath(pathname: string): string | null {
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.length !== 2) return null;
  try {
    return decodeURIComponent(segments[1] ?? '');
  } catch {
    return null;
  }
}

/** "4:05", "1:02:03": a position or length in seconds, as players show it. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "1.5 GB", "820 MB": a size in the catalogue's language (decimal units, as disks and storage bills count). */
export function formatBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(strings.locale, {
    style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** "Mar 3, 2026": a day in the catalogue's language. */
export function day(d: Date): string {
  return d.toLocaleDateString(strings.locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A replay's title, or "{channel} · {date}" when it has none. */
export function replayTitle(r: Replay): string {
  return r.title !== '' ? r.title : strings.untitledReplay(r.channel, r.startedAt !== null ? day(r.startedAt) : '');
}

/**
 * A box showing one tile of a thumbnail sprite as its background (CSSOM: allowed by `style-src 'self'`, unlike a
 * style attribute). Tile `i` is at column `i % columns`, row `floor(i / columns)`.
 */
export function showTile(box: HTMLElement, thumbs: Thumbnails, index: number): void {
  const i = Math.min(thumbs.count - 1, Math.max(0, Math.floor(index)));
  const x = (i % thumbs.columns) * thumbs.width;
  const y = Math.floor(i / thumbs.columns) * thumbs.height;
  box.style.width = `${thumbs.width}px`;
  box.style.height = `${thumbs.height}px`;
  box.style.backgroundImage = `url("${thumbs.url}")`;
  box.style.backgroundPosition = `${-x}px ${-y}px`;
}
