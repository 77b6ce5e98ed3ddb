/**
 * A chat's lines as the pages show them: the message model of the live WebSocket and the REST history, and one
 * message as a list item. Everything users typed is put on the page as text (`textContent`, text nodes): mentions and
 * http(s) links are built as elements around that text, never parsed as HTML. Used by the watch page's chat
 * (`live.ts`) and the embeddable chat (`chat-embed.ts`).
 */
import { type Donation, donationLine, parseDonation } from './donation-line';
import { type Frame, num, record, text } from './live-socket';
import { strings } from './strings';

export interface ChatMessage {
  readonly id: number;
  /** '' for a system line. */
  readonly user: string;
  readonly text: string;
  /** 'stream-start' or 'stream-end' for the server's system lines (stored with the messages), else null. */
  readonly system: string | null;
  /** A donation's line (`user` donated, `text` is their message), else null. */
  readonly donation: Donation | null;
}

export function parseMessage(v: unknown): ChatMessage | null {
  const m = record(v);
  const id = num(m['id']);
  const system = typeof m['system'] === 'string' ? m['system'] : null;
  if (id === null || (system === null && text(m['user']) === '')) return null;
  return { id, user: text(m['user']), text: text(m['text']), system, donation: parseDonation(m['donation']) };
}

const LINK_OR_MENTION = /(https?:\/\/[^\s<>"]+)|(@[a-z0-9_-]{3,32})/gi;

/**
 * A message's text as nodes: plain text nodes, `<a>` for http(s) URLs (rel noopener nofollow, new tab) whose
 * text is the URL as typed, `<span class="mention">` for @names. Anything else stays text.
 */
export function renderChatText(body: string, me: string | null): DocumentFragment {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const m of body.matchAll(LINK_OR_MENTION)) {
    const index = m.index ?? 0;
    let token = m[0];
    if (m[1] !== undefined) {
      // Trailing punctuation ends a sentence, not the URL.
      token = token.replace(/[.,;:!?)\]'’”]+$/, '');
    }
    if (index > last) out.append(document.createTextNode(body.slice(last, index)));
    if (m[1] !== undefined) {
      let url: URL | null = null;
      try {
        url = new URL(token);
      } catch {
        url = null;
      }
      if (url !== null && (url.protocol === 'http:' || url.protocol === 'https:')) {
        const a = document.createElement('a');
        a.href = url.href;
        a.rel = 'noopener nofollow noreferrer';
        a.target = '_blank';
        a.textContent = token;
        out.append(a);
      } else {
        out.append(document.createTextNode(token));
      }
    } else {
      const span = document.createElement('span');
      span.className = me !== null && token.slice(1).toLowerCase() === me ? 'mention mention-me' : 'mention';
      span.textContent = token;
      out.append(span);
    }
    last = index + token.length;
  }
  if (last < body.length) out.append(document.createTextNode(body.slice(last)));
  return out;
}

/**
 * A message as its list item: `data-id` and `data-user` (a deletion or a ban finds it by them), the author, the text;
 * a donation's line for a donation. A system line ("went live") is the caller's: its text depends on the page.
 */
export function messageLine(m: ChatMessage, me: string | null): HTMLLIElement {
  if (m.donation !== null) {
    const li = donationLine(m.user, m.donation, m.text);
    li.dataset['id'] = String(m.id);
    return li;
  }
  const li = document.createElement('li');
  li.className = 'chat-message';
  li.dataset['id'] = String(m.id);
  li.dataset['user'] = m.user;
  const author = document.createElement('span');
  author.className = 'chat-author';
  author.textContent = m.user;
  const body = document.createElement('span');
  body.className = 'chat-text';
  body.append(renderChatText(m.text, me));
  li.append(author, document.createTextNode(' '), body);
  return li;
}

/**
 * The line of a live `donation` frame (issue 6), as the history would show it: `data-id` is its stored message's
 * (`messageId`, so a page that also has it from the history shows it once), `data-donation` the payment's.
 */
export function donationFrameLine(d: Frame): HTMLLIElement {
  const li = donationLine(text(d['user']),
    { amount: num(d['amount']) ?? 0, currency: text(d['currency']), testMode: d['testMode'] === true },
    text(d['message']));
  li.dataset['donation'] = String(num(d['id']) ?? '');
  const messageId = num(d['messageId']);
  if (messageId !== null) li.dataset['id'] = String(messageId);
  return li;
}

/** What a system line says ("went live", "went offline") in `channel`'s chat. */
export function systemText(system: string, fallback: string, channel: string): string {
  return system === 'stream-start' ? strings.chatWentLive(channel)
    : system === 'stream-end' ? strings.chatWentOffline(channel) : fallback;
}

/** Puts the subscriber badge before the author's name in `li` (issue 6). */
export function addSubscriberBadge(li: Element): void {
  const author = li.querySelector('.chat-author');
  if (author === null) return;
  const badge = document.createElement('span');
  badge.className = 'chat-badge';
  badge.textContent = strings.subscriberBadge;
  badge.title = strings.subscriberBadge;
  author.before(badge);
}

/** Whether a `chat` frame or a history entry's author has the subscriber badge. */
export function hasSubscriberBadge(badges: unknown): boolean {
  return Array.isArray(badges) && badges.includes('subscriber');
}
