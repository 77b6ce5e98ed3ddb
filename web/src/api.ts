/**
 * The server's JSON API as the pages use it. Responses are checked at run time: a field of the wrong type is
 * treated as missing rather than trusted, so a server bug shows as "offline" or "no stats", never as a broken page.
 */

/** Channel names as URL path segments. */
export const CHANNEL_NAME = /^[a-z0-9_-]{1,32}$/;

export interface StreamStats {
  readonly width: number;
  readonly height: number;
  readonly fps: number | null;
  readonly videoKbps: number | null;
  readonly audioKbps: number | null;
  readonly keyframeInterval: number | null;
}

/** `GET /api/channels/{channel}/status`, and each element of `GET /api/channels`. */
export interface ChannelStatus {
  readonly channel: string;
  readonly live: boolean;
  /** Same-origin path (or URL) of the HLS master playlist; null when not live. */
  readonly hls: string | null;
  readonly startedAt: Date | null;
  readonly lastLiveAt: Date | null;
  readonly stats: StreamStats | null;
  /** The live transcoder: which renditions are encoded and why any is not; null when not transcoding. */
  readonly transcode: TranscodeState | null;
  /** One of the operator's static-key channels: nobody owns it, so it takes no subscriptions or donations. */
  readonly operated: boolean;
}

/** `transcode` of a channel status: `dropped` maps a rendition to the reason it is not encoded. */
export interface TranscodeState {
  readonly state: string;
  readonly active: readonly string[];
  readonly dropped: ReadonlyMap<string, string>;
  readonly detail: string;
}

export type StatusResult =
  | { readonly kind: 'ok'; readonly status: ChannelStatus }
  | { readonly kind: 'not-found'; readonly title: string | null; readonly detail: string | null }
  | { readonly kind: 'failed'; readonly reason: string };

const TIMEOUT_MS = 8000;

/** The channel of a watch page URL: its first path segment, URL-decoded and validated; null when not a name. */
export function channelFromPath(pathname: string): string | null {
  const segment = pathname.split('/').filter((s) => s !== '')[0];
  if (segment === undefined) return null;
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return CHANNEL_NAME.test(name) ? name : null;
}

export async function fetchStatus(channel: string): Promise<StatusResult> {
  let response: Response;
  try {
    response = await fetchWithTimeout(`/api/channels/${encodeURIComponent(channel)}/status`);
  } catch (e) {
    return { kind: 'failed', reason: String(e) };
  }
  if (response.status === 404) {
    const problem = await readJson(response);
    return {
      kind: 'not-found',
      title: isRecord(problem) ? optString(problem['title']) : null,
      detail: isRecord(problem) ? optString(problem['detail']) : null,
    };
  }
  if (!response.ok) return { kind: 'failed', reason: `HTTP ${response.status}` };
  const status = parseStatus(await readJson(response));
  if (status === null || status.channel !== channel) return { kind: 'failed', reason: 'unexpected response' };
  return { kind: 'ok', status };
}

/** `GET /api/channels`: every channel the server knows, live or not. Throws on failure. */
export async function fetchChannels(): Promise<ChannelStatus[]> {
  const response = await fetchWithTimeout('/api/channels');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = await readJson(response);
  if (!Array.isArray(body)) throw new Error('unexpected response');
  const channels: ChannelStatus[] = [];
  for (const item of body) {
    const status = parseStatus(item);
    if (status !== null) channels.push(status);
  }
  return channels;
}

/** The recording of a channel's current broadcast (issue 7), as the live rewind needs it. */
export interface LiveReplay {
  readonly id: number;
  /** The live rewind (DVR) playlist: an EVENT playlist over the recorded segments, a VOD once the broadcast ended. */
  readonly playlist: string;
  /** The replay's page (`/videos/{id}`). */
  readonly page: string;
  readonly startedAt: Date | null;
}

/**
 * `GET /api/channels/{channel}/replays`: the replay being recorded (the first one, `live: true`), null when the
 * channel is not live or not recorded. Throws on failure.
 */
export async function fetchLiveReplay(channel: string): Promise<LiveReplay | null> {
  const response = await fetchWithTimeout(`/api/channels/${encodeURIComponent(channel)}/replays`);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = await readJson(response);
  const first: unknown = Array.isArray(body) ? body[0] : undefined;
  if (!isRecord(first) || first['live'] !== true) return null;
  const id = optNumber(first['id']);
  const playlist = optUrl(first['playlist']);
  if (id === null || playlist === null) return null;
  const page = optUrl(first['page']) ?? `/videos/${id}`;
  return { id, playlist, page, startedAt: optDate(first['startedAt']) };
}

async function fetchWithTimeout(url: string): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    return await fetch(url, {
      cache: 'no-store',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

export function parseStatus(value: unknown): ChannelStatus | null {
  if (!isRecord(value)) return null;
  const channel = value['channel'];
  if (typeof channel !== 'string' || !CHANNEL_NAME.test(channel)) return null;
  const hls = optUrl(value['hls']);
  const live = value['live'] === true && hls !== null;
  return {
    channel,
    live,
    hls: live ? hls : null,
    startedAt: optDate(value['startedAt']),
    lastLiveAt: optDate(value['lastLiveAt']),
    stats: parseStats(value['stats']),
    transcode: parseTranscode(value['transcode']),
    operated: value['operated'] === true,
  };
}

function parseTranscode(value: unknown): TranscodeState | null {
  if (!isRecord(value) || typeof value['state'] !== 'string') return null;
  const active = Array.isArray(value['active'])
    ? value['active'].filter((a): a is string => typeof a === 'string')
    : [];
  const dropped = new Map<string, string>();
  const d = value['dropped'];
  if (isRecord(d)) {
    for (const [rung, reason] of Object.entries(d)) {
      if (typeof reason === 'string') dropped.set(rung, reason);
    }
  }
  const detail = typeof value['detail'] === 'string' ? value['detail'] : '';
  return { state: value['state'], active, dropped, detail };
}

function parseStats(value: unknown): StreamStats | null {
  if (!isRecord(value)) return null;
  const width = optNumber(value['width']);
  const height = optNumber(value['height']);
  if (width === null || height === null || width <= 0 || height <= 0) return null;
  return {
    width: Math.round(width),
    height: Math.round(height),
    fps: optNumber(value['fps']),
    videoKbps: optNumber(value['videoKbps']),
    audioKbps: optNumber(value['audioKbps']),
    keyframeInterval: optNumber(value['keyframeInterval']),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** An http(s) URL or a path, resolved against the page; anything else (javascript:, data:…) is dropped. */
function optUrl(value: unknown): string | null {
  const text = optString(value);
  if (text === null || typeof location === 'undefined') return text;
  try {
    const url = new URL(text, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function optNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function optDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
