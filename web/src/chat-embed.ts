/**
 * The embeddable chat, `/embed/{channel}/chat`: the channel's chat, read-only, for a streamer's own site beside the
 * embedded player, or as an OBS Browser Source over the stream. `?overlay` makes it a stream overlay: transparent,
 * newest lines at the bottom, each fading out after a while, no "went live" lines. Lines come from the channel's
 * live WebSocket (history on connect, then as they are sent; deletions and bans take lines away); it does not count
 * as a viewer. Writing and moderating are on the channel's page.
 *
 * `window.onairChatEmbed` (for tests): `{ ws, lines: [{ id, user, text }] }`.
 */
import { channelFromPath } from './api';
import {
  addSubscriberBadge, donationFrameLine, hasSubscriberBadge, messageLine, parseMessage, systemText,
} from './chat-lines';
import { byId, setText } from './dom';
import { type Frame, LiveSocket, num, record, text } from './live-socket';
import { applyStaticStrings, strings } from './strings';

const overlay = new URLSearchParams(location.search).has('overlay');
/** Lines kept: an overlay shows a few over the stream; a box scrolls. */
const MAX_LINES = overlay ? 30 : 150;

const list = byId('chat-messages', HTMLOListElement);
const status = byId('chat-status', HTMLParagraphElement);
const hooks = { ws: 'connecting' as 'connecting' | 'open' | 'closed', lines: [] as { id: number; user: string; text: string }[] };
(window as unknown as { onairChatEmbed: typeof hooks }).onairChatEmbed = hooks;

function add(li: HTMLLIElement, id: number, user: string, body: string): void {
  if (list.querySelector(`li[data-id="${id}"]`) !== null) return;
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(li);
  while (list.childElementCount > MAX_LINES) list.firstElementChild?.remove();
  if (atBottom) list.scrollTop = list.scrollHeight;
  hooks.lines.push({ id, user, text: body });
  if (hooks.lines.length > MAX_LINES) hooks.lines.shift();
}

function message(v: unknown, badges: unknown, channel: string): void {
  const m = parseMessage(v);
  if (m === null) return;
  if (m.system !== null) {
    if (overlay) return;
    const li = document.createElement('li');
    li.className = 'chat-message chat-system';
    li.dataset['id'] = String(m.id);
    li.textContent = systemText(m.system, m.text, channel);
    add(li, m.id, '', li.textContent);
    return;
  }
  const li = messageLine(m, null);
  if (hasSubscriberBadge(badges)) addSubscriberBadge(li);
  add(li, m.id, m.user, m.text);
}

function remove(f: Frame): void {
  const user = f['user'];
  for (const li of list.querySelectorAll<HTMLElement>('li[data-id]')) {
    if (typeof user === 'string' ? li.dataset['user'] === user : li.dataset['id'] === String(num(f['id']))) li.remove();
  }
  hooks.lines = hooks.lines.filter((l) => (typeof user === 'string' ? l.user !== user : l.id !== num(f['id'])));
}

function onFrame(f: Frame, channel: string): void {
  switch (f['type']) {
    case 'welcome': {
      hooks.ws = 'open';
      setText(status, record(f['chat'])['enabled'] === true ? '' : strings.chatNoChat);
      list.replaceChildren();
      hooks.lines = [];
      const badges = record(f['badges']);
      for (const m of Array.isArray(f['messages']) ? f['messages'] : []) {
        message(m, badges[text(record(m)['user'])], channel);
      }
      break;
    }
    case 'chat':
      message(f['message'], f['badges'], channel);
      break;
    case 'donation': {
      const d = record(f['donation']);
      const id = num(d['messageId']);
      if (id !== null) add(donationFrameLine(d), id, text(d['user']), text(d['message']));
      break;
    }
    case 'deleted':
      remove(f);
      break;
    default:
  }
}

applyStaticStrings();
document.body.classList.toggle('chat-embed-overlay', overlay);
const channel = channelFromPath(location.pathname.replace(/^\/embed\/([^/]+)\/chat\/?$/, '/$1'));
if (channel === null) {
  setText(status, strings.invalidChannel);
} else {
  document.title = strings.pageTitle(`${channel} · ${strings.chat}`);
  setText(status, strings.chatConnecting);
  new LiveSocket(channel, {
    frame: (f) => onFrame(f, channel),
    closed: (_code, reconnecting) => {
      hooks.ws = 'closed';
      setText(status, reconnecting ? strings.chatReconnecting : strings.noSuchChannel);
    },
  }, false).start();
}
