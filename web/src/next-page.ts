/**
 * The `?next=` of `/login` and `/signup`: where to go once logged in. Only a path on this site is followed, never
 * another origin (no open redirect).
 */

/**
 * `next` if it is a same-site path: starts with one `/` (not `//` or `/\`, which browsers read as another host),
 * has no backslash or control character, and resolves to this origin. Else null.
 */
export function safeNext(next: string | null, origin: string = location.origin): string | null {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.pathname.startsWith('/login') || url.pathname.startsWith('/signup')) return null;
  return url.pathname + url.search + url.hash;
}

/** This page's `?next=`, when safe. */
export function nextOfThisPage(): string | null {
  return safeNext(new URLSearchParams(location.search).get('next'));
}

/**
 * Carries this page's `?next=` over to the link to the other form (login ↔ signup), so a visitor who switches
 * forms still comes back to the channel they were watching.
 */
export function carryNext(link: HTMLAnchorElement | null, next: string | null): void {
  const path = link?.getAttribute('href');
  if (link && path && next !== null) link.setAttribute('href', `${path}?next=${encodeURIComponent(next)}`);
}
