/**
 * `GET /api/channels?category=&q=` for the home page: each channel's status with its info and viewer count. Live
 * channels come first, most viewers first (the server orders them).
 */
import type { ChannelStatus } from './api';
import { parseStatus } from './api';

export interface DirectoryEntry {
  readonly status: ChannelStatus;
  readonly title: string;
  readonly category: string;
  readonly viewers: number;
}

const TIMEOUT_MS = 8000;

export async function fetchDirectory(category: string, q: string): Promise<DirectoryEntry[]> {
  const params = new URLSearchParams();
  if (category !== '') params.set('category', category);
  if (q !== '') params.set('q', q);
  const query = params.toString();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(`/api/channels${query !== '' ? `?${query}` : ''}`, {
      cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' }, signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as unknown;
  if (!Array.isArray(body)) throw new Error('unexpected response');
  const entries: DirectoryEntry[] = [];
  for (const item of body) {
    const status = parseStatus(item);
    if (status === null) continue;
    const raw = item as Record<string, unknown>;
    const info = typeof raw['info'] === 'object' && raw['info'] !== null ? (raw['info'] as Record<string, unknown>) : {};
    entries.push({
      status,
      title: typeof info['title'] === 'string' ? info['title'] : '',
      category: typeof info['category'] === 'string' ? info['category'] : '',
      viewers: typeof raw['viewers'] === 'number' ? raw['viewers'] : 0,
    });
  }
  return entries;
}
