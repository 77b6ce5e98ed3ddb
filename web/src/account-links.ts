/**
 * The account links in the top bar of the public pages (home, watch, replay, clip): "Log in" and "Sign up" for a
 * visitor, each bringing them back to this page afterwards (`?next=`), and the account's name, linking to its
 * dashboard, once logged in. Without them a visitor on the home page had no way to find the sign-up form, and a
 * streamer no way back to their dashboard.
 */
import { pageAccount, type Me } from './session';
import { strings } from './strings';

/** `/login?next=/alice?t=1`: the page to come back to, path and query only (login.ts accepts same-site paths). */
export function withNext(page: '/login' | '/signup', here: Location = location): string {
  const next = here.pathname + here.search;
  return next === '/' ? page : `${page}?next=${encodeURIComponent(next)}`;
}

function link(text: string, href: string, className = ''): HTMLAnchorElement {
  const a = document.createElement('a');
  a.textContent = text;
  a.href = href;
  if (className !== '') a.className = className;
  return a;
}

/** Fills `#account-links` (when the page has one) for the visitor or the logged-in account. */
export async function showAccountLinks(): Promise<Me | null> {
  const me = await pageAccount();
  const nav = document.getElementById('account-links');
  if (nav === null) return me;
  if (me === null) {
    nav.replaceChildren(link(strings.logIn, withNext('/login')),
      link(strings.signUp, withNext('/signup'), 'button button-small button-primary'));
  } else {
    const mine = link(me.username, '/dashboard', 'account-me');
    mine.title = strings.dashboard;
    nav.replaceChildren(mine);
  }
  nav.hidden = false;
  return me;
}
