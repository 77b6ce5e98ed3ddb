import { call, pageAccount } from './session';

/**
 * Issue 6: the channels the visitor follows (`GET /api/me/following`; none when logged out, without asking). Asked
 * again on every directory refresh so a follow on another tab shows.
 */
export async function fetchFollowing(): Promise<ReadonlySet<string>> {
  if ((await pageAccount()) === null) return new Set(); // the page is reloaded after logging in
  try {
    const r = await call('GET', '/api/me/following');
    const body = r.body as { channels?: unknown } | null;
    const list = r.status === 200 && body !== null && Array.isArray(body.channels) ? body.channels : [];
    return new Set(list.filter((c): c is string => typeof c === 'string'));
  } catch {
    return new Set();
  }
}

/** Followed channels first, each group keeping the server's order (most viewers first). */
export function followedFirst<T>(channels: readonly T[], name: (c: T) => string, followed: ReadonlySet<string>): T[] {
  return [...channels.filter((c) => followed.has(name(c))), ...channels.filter((c) => !followed.has(name(c)))];
}
