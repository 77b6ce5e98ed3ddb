/**
 * The watch page's live panel: one WebSocket (`/ws/channels/{channel}`, plain JSON frames) that brings channel info
 * edits, stream start and end, the viewer count and the chat; the follow button; moderation tools for the channel's
 * moderators. Everything users typed is put on the page as text (`textContent`, text nodes): mentions and http(s)
 * links are built as elements around that text, never parsed as HTML.
 */
import { withNext } from './account-links';
import {
  addSubscriberBadge, type ChatMessage, donationFrameLine, hasSubscriberBadge, messageLine, parseMessage, systemText,
} from './chat-lines';
import { byId, setText, show } from './dom';
import { type Frame, LiveSocket, num, record, text, TOO_SLOW } from './live-socket';
import { call } from './session';
import { strings } from './strings';

/** Messages kept on the page; older ones are removed (the server keeps them). */
const MAX_SHOWN = 200;

/** `window.onairLive`: read-only hooks for the browser tests. */
export interface LiveHooks {
  ws: 'connecting' | 'open' | 'closed';
  live: boolean | null;
  viewers: number | null;
  title: string;
  category: string;
  user: string | null;
  canModerate: boolean;
  messages: { id: number; user: string; text: string }[];
  /** The reason shown for the last rejected message, null when none. */
  rejected: string | null;
}

declare global {
  interface Window {
    onairLive?: LiveHooks;
  }
}

class LivePanel {
  private readonly title = byId('stream-title', HTMLParagraphElement);
  private readonly category = byId('stream-category', HTMLSpanElement);
  private readonly viewerCount = byId('viewer-count', HTMLSpanElement);
  private readonly followButton = byId('follow', HTMLButtonElement);
  private readonly followerCount = byId('follower-count', HTMLSpanElement);
  private readonly status = byId('chat-status', HTMLParagraphElement);
  private readonly modes = byId('chat-modes', HTMLParagraphElement);
  private readonly list = byId('chat-messages', HTMLOListElement);
  private readonly form = byId('chat-form', HTMLFormElement);
  private readonly input = byId('chat-input', HTMLInputElement);
  private readonly error = byId('chat-error', HTMLParagraphElement);
  private readonly login = byId('chat-login', HTMLParagraphElement);
  private readonly modTools = byId('chat-mod', HTMLDivElement);
  private readonly slowSelect = byId('chat-slow', HTMLSelectElement);
  private readonly followersOnly = byId('chat-followers-only', HTMLInputElement);

  private readonly hooks: LiveHooks = {
    ws: 'connecting', live: null, viewers: null, title: '', category: '', user: null, canModerate: false,
    messages: [], rejected: null,
  };
  private readonly socket: LiveSocket;
  /** A site admin: every line's tools also suspend its author's account. */
  private siteAdmin = false;
  private pending = new Map<string, string>();
  private nonce = 0;
  private following = false;

  constructor(
    private readonly channel: string,
    private readonly streamChanged: () => void,
  ) {
    window.onairLive = this.hooks;
    this.socket = new LiveSocket(channel, {
      frame: (f) => this.onFrame(f),
      closed: (code, reconnecting) => this.onClose(code, reconnecting),
    });
    this.input.placeholder = strings.chatPlaceholder;
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    this.followButton.addEventListener('click', () => void this.toggleFollow());
    this.slowSelect.addEventListener('change', () => void this.saveModes());
    this.followersOnly.addEventListener('change', () => void this.saveModes());
  }

  start(): void {
    setText(this.status, strings.chatConnecting);
    this.socket.start();
  }

  // --- Connection -------------------------------------------------------------------------------------------

  private onClose(code: number, reconnecting: boolean): void {
    this.hooks.ws = 'closed';
    show(this.form, false);
    if (!reconnecting) return;
    setText(this.status, code === TOO_SLOW ? strings.chatTooSlow : strings.chatReconnecting);
  }

  // --- Frames -----------------------------------------------------------------------------------------------

  private onFrame(f: Frame): void {
    switch (f['type']) {
      case 'welcome':
        this.onWelcome(f);
        break;
      case 'info':
        this.showInfo(record(f['info']));
        break;
      case 'stream':
        this.onStream(f['live'] === true);
        break;
      case 'viewers':
        this.showViewers(num(f['count']));
        break;
      case 'chat': {
        const m = parseMessage(f['message']);
        if (m !== null) this.append(m);
        if (m !== null && hasSubscriberBadge(f['badges'])) this.subscriberBadge(m.id);
        break;
      }
      case 'donation':
        this.onDonation(record(f['donation']));
        break;
      case 'deleted':
        // One message ({"id"}), or every message of a banned user ({"user"}).
        if (typeof f['user'] === 'string') this.removeUser(f['user']);
        else this.remove(num(f['id']));
        break;
      case 'moderation':
        this.onModeration(f);
        break;
      case 'settings':
        this.showModes(num(f['slowModeSeconds']) ?? 0, f['followersOnly'] === true);
        break;
      case 'ack':
        this.pending.delete(text(f['nonce']));
        break;
      case 'rejected':
        this.onRejected(f);
        break;
      default:
        break; // ping, and frame types of newer servers
    }
  }

  private onWelcome(f: Frame): void {
    this.hooks.ws = 'open';
    setText(this.status, '');
    this.showInfo(record(f['info']));
    this.hooks.live = f['live'] === true;
    this.showViewers(num(f['viewers']));
    const chat = record(f['chat']);
    const enabled = chat['enabled'] === true;
    const user = typeof chat['user'] === 'string' ? chat['user'] : null;
    this.hooks.user = user;
    this.hooks.canModerate = chat['canModerate'] === true;
    this.siteAdmin = chat['siteAdmin'] === true;
    this.list.replaceChildren();
    this.hooks.messages = [];
    const messages = Array.isArray(f['messages']) ? f['messages'] : [];
    const badges = record(f['badges']); // issue 6: username → badges of the history's authors
    for (const m of messages) {
      const parsed = parseMessage(m);
      if (parsed !== null) this.append(parsed);
      const b = parsed !== null && parsed.user !== null ? badges[parsed.user] : undefined;
      if (parsed !== null && hasSubscriberBadge(b)) this.subscriberBadge(parsed.id);
    }
    if (!enabled) setText(this.status, strings.chatNoChat);
    show(this.form, enabled && chat['canWrite'] === true);
    show(this.login, enabled && user === null);
    this.login.querySelector('a[href^="/login"]')?.setAttribute('href', withNext('/login'));
    this.login.querySelector('a[href^="/signup"]')?.setAttribute('href', withNext('/signup'));
    show(this.modTools, this.hooks.canModerate);
    if (this.hooks.canModerate) void this.refreshBans();
    const max = num(chat['maxLength']);
    if (max !== null) this.input.maxLength = max;
    this.showModes(num(chat['slowModeSeconds']) ?? 0, chat['followersOnly'] === true);
    void this.refreshFollow(user);
  }

  private showInfo(info: Frame): void {
    this.hooks.title = text(info['title']);
    this.hooks.category = text(info['category']);
    setText(this.title, this.hooks.title);
    show(this.title, this.hooks.title !== '');
    setText(this.category, this.hooks.category);
    show(this.category, this.hooks.category !== '');
  }

  private showViewers(count: number | null): void {
    this.hooks.viewers = count;
    show(this.viewerCount, count !== null && this.hooks.live === true);
    if (count !== null) setText(this.viewerCount, strings.viewers(count));
  }

  private onStream(live: boolean): void {
    // The chat line for it comes as a system message of the chat (stored, so also in the history on join).
    this.hooks.live = live;
    this.showViewers(this.hooks.viewers);
    this.streamChanged();
  }

  private onModeration(f: Frame): void {
    const user = text(f['user']);
    const action = text(f['action']);
    if (action === 'timeout') this.system(strings.chatTimedOutNotice(user, num(f['seconds']) ?? 0));
    else if (action === 'ban') this.system(strings.chatBannedNotice(user));
    else if (action === 'unban') this.system(strings.chatUnbannedNotice(user));
    if (this.hooks.canModerate) void this.refreshBans();
  }

  private onRejected(f: Frame): void {
    const nonce = text(f['nonce']);
    const typed = this.pending.get(nonce);
    this.pending.delete(nonce);
    if (typed !== undefined && this.input.value === '') this.input.value = typed; // give it back to edit or resend
    const reason = rejectionText(text(f['code']), num(f['retryAfter']) ?? 1, num(Number(this.input.maxLength)) ?? 500)
      ?? text(f['reason']);
    this.showError(reason);
  }

  private showError(reason: string): void {
    this.hooks.rejected = reason;
    setText(this.error, reason);
    show(this.error, reason !== '');
  }

  // --- Messages ---------------------------------------------------------------------------------------------

  private append(m: ChatMessage): void {
    if (this.list.querySelector(`li[data-id="${m.id}"]`) !== null) return;
    if (m.system !== null) {
      const li = this.system(systemText(m.system, m.text, this.channel));
      li.dataset['id'] = String(m.id);
      li.dataset['system'] = m.system;
      return;
    }
    // A donation's line from the history: the line the live frame would have shown.
    const li = messageLine(m, this.hooks.user);
    if (this.hooks.canModerate) li.append(this.moderationButtons(m.id, m.user));
    this.add(li);
    if (m.donation !== null) return;
    this.hooks.messages.push({ id: m.id, user: m.user, text: m.text });
    if (this.hooks.messages.length > MAX_SHOWN) this.hooks.messages.shift();
  }

  /** Issue 6: a subscriber's message carries a badge before the author's name. */
  private subscriberBadge(id: number): void {
    const li = this.list.querySelector(`li[data-id="${id}"]`);
    if (li !== null) addSubscriberBadge(li);
  }

  /** A donation (issue 6), pushed as it happens: highlighted, with its message as text; test-mode payments say so. */
  private onDonation(d: Frame): void {
    const messageId = num(d['messageId']);
    if (messageId !== null && this.list.querySelector(`li[data-id="${messageId}"]`) !== null) return;
    const li = donationFrameLine(d);
    // A donor's message can be abuse like any other line: moderators delete it (the payment stays recorded).
    if (messageId !== null && this.hooks.canModerate) li.append(this.moderationButtons(messageId, text(d['user'])));
    this.add(li);
  }


  private system(message: string): HTMLLIElement {
    const li = document.createElement('li');
    li.className = 'chat-message chat-system';
    li.textContent = message;
    this.add(li);
    return li;
  }

  private add(li: HTMLLIElement): void {
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    this.list.append(li);
    while (this.list.childElementCount > MAX_SHOWN) this.list.firstElementChild?.remove();
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  private remove(id: number | null): void {
    if (id === null) return;
    this.list.querySelector(`li[data-id="${id}"]`)?.remove();
    this.hooks.messages = this.hooks.messages.filter((m) => m.id !== id);
  }

  private removeUser(user: string): void {
    for (const li of this.list.querySelectorAll('li[data-user]')) {
      if (li instanceof HTMLElement && li.dataset['user'] === user) li.remove();
    }
    this.hooks.messages = this.hooks.messages.filter((m) => m.user !== user);
  }

  private send(): void {
    const value = this.input.value.trim();
    if (value === '' || !this.socket.connected) return;
    const length = [...value].length;
    const max = this.input.maxLength > 0 ? this.input.maxLength : 500;
    if (length > max) {
      this.showError(strings.chatRejectTooLong(max));
      return;
    }
    const nonce = String(++this.nonce);
    this.pending.set(nonce, value);
    this.socket.send({ type: 'send', text: value, nonce });
    this.input.value = '';
    this.showError('');
  }

  // --- Moderation and follows (REST, with the session's CSRF token) -----------------------------------------

  private moderationButtons(id: number, user: string): HTMLSpanElement {
    const tools = document.createElement('span');
    tools.className = 'chat-tools';
    const base = `/api/channels/${encodeURIComponent(this.channel)}/chat`;
    const button = (label: string, action: () => Promise<unknown>): HTMLButtonElement => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'chat-tool';
      b.textContent = label;
      b.addEventListener('click', () => void action());
      return b;
    };
    tools.append(button(strings.chatDelete, () => call('DELETE', `${base}/${id}`)));
    if (user !== this.hooks.user && user !== this.channel) {
      const banUrl = `${base}/bans/${encodeURIComponent(user)}`;
      tools.append(
        button(strings.chatTimeOut, () => call('PUT', banUrl, { seconds: 600 })),
        button(strings.chatBan, () => call('PUT', banUrl, {})),
      );
    }
    if (this.siteAdmin && user !== this.hooks.user) {
      const suspend = button(strings.suspendAccount, async () => {
        const reason = window.prompt(strings.suspendAccountPrompt(user));
        if (reason === null) return;
        const r = await call('PUT', `/api/admin/accounts/${encodeURIComponent(user)}/suspension`, { reason });
        this.system(r.status === 204 ? strings.accountSuspended(user)
          : r.errors.map((e) => e.message).join(' ') || String(r.status));
      });
      suspend.classList.add('chat-suspend');
      tools.append(suspend);
    }
    return tools;
  }

  /** The moderators' list of bans and time-outs in force, each with an unban button. */
  private async refreshBans(): Promise<void> {
    const base = `/api/channels/${encodeURIComponent(this.channel)}/chat/bans`;
    const r = await call('GET', base);
    if (r.status !== 200 || !Array.isArray(r.body)) return;
    let panel = document.getElementById('chat-bans');
    if (panel === null) {
      panel = document.createElement('div');
      panel.id = 'chat-bans';
      panel.className = 'chat-bans';
      this.modTools.append(panel);
    }
    const heading = document.createElement('p');
    heading.className = 'chat-bans-title';
    heading.textContent = strings.chatBannedUsers;
    const list = document.createElement('ul');
    list.className = 'chat-bans-list';
    for (const entry of r.body as unknown[]) {
      const e = record(entry);
      const user = text(e['username']);
      if (user === '') continue;
      const li = document.createElement('li');
      li.dataset['user'] = user;
      const name = document.createElement('span');
      name.className = 'chat-author';
      name.textContent = user;
      li.append(name);
      if (typeof e['until'] === 'string') {
        li.append(document.createTextNode(` ${strings.chatBanUntil(new Date(e['until']).toLocaleTimeString())}`));
      }
      const unban = document.createElement('button');
      unban.type = 'button';
      unban.className = 'chat-tool chat-unban';
      unban.textContent = strings.chatUnban;
      unban.addEventListener('click', () => void call('DELETE', `${base}/${encodeURIComponent(user)}`).then(() => this.refreshBans()));
      li.append(document.createTextNode(' '), unban);
      list.append(li);
    }
    if (list.childElementCount === 0) {
      const none = document.createElement('li');
      none.textContent = strings.chatNoBans;
      list.append(none);
    }
    panel.replaceChildren(heading, list);
  }

  private showModes(slow: number, followersOnly: boolean): void {
    const parts: string[] = [];
    if (slow > 0) parts.push(strings.chatSlowModeOn(slow));
    if (followersOnly) parts.push(strings.chatFollowersOnlyOn);
    setText(this.modes, parts.join(' '));
    show(this.modes, parts.length > 0);
    if (this.slowSelect.options.length === 0) {
      for (const s of [0, 5, 30, 120]) this.slowSelect.append(new Option(s === 0 ? strings.chatOff : `${s} s`, String(s)));
    }
    if (![...this.slowSelect.options].some((o) => o.value === String(slow))) {
      this.slowSelect.append(new Option(`${slow} s`, String(slow)));
    }
    this.slowSelect.value = String(slow);
    this.followersOnly.checked = followersOnly;
  }

  private async saveModes(): Promise<void> {
    await call('PUT', `/api/channels/${encodeURIComponent(this.channel)}/chat/settings`, {
      slowModeSeconds: Number(this.slowSelect.value),
      followersOnly: this.followersOnly.checked,
    });
  }

  private async refreshFollow(user: string | null): Promise<void> {
    const r = await call('GET', `/api/channels/${encodeURIComponent(this.channel)}/follow`);
    const body = record(r.body);
    if (r.status !== 200) {
      show(this.followButton, false);
      show(this.followerCount, false);
      return;
    }
    this.following = body['following'] === true;
    const followers = num(body['followers']) ?? 0;
    setText(this.followerCount, strings.followers(followers));
    show(this.followerCount, true);
    setText(this.followButton, this.following ? strings.unfollow : strings.follow);
    this.followButton.setAttribute('aria-pressed', String(this.following));
    show(this.followButton, user !== null && user !== this.channel);
  }

  private async toggleFollow(): Promise<void> {
    const r = await call(this.following ? 'DELETE' : 'PUT', `/api/channels/${encodeURIComponent(this.channel)}/follow`);
    if (r.status === 204) await this.refreshFollow(this.hooks.user);
  }
}

/** The viewer-facing reason for a rejection code, in the page's language; null for codes this page does not know. */
function rejectionText(code: string, retryAfter: number, max: number): string | null {
  switch (code) {
    case 'empty':
      return strings.chatRejectEmpty;
    case 'too-long':
      return strings.chatRejectTooLong(max);
    case 'invalid':
      return strings.chatRejectInvalid;
    case 'not-logged-in':
      return strings.chatRejectLogIn;
    case 'banned':
      return strings.chatRejectBanned;
    case 'timed-out':
      return strings.chatRejectTimedOut(retryAfter);
    case 'followers-only':
      return strings.chatRejectFollowersOnly;
    case 'subscribers-only':
      return strings.chatRejectSubscribersOnly;
    case 'slow-mode':
      return strings.chatRejectSlowMode(retryAfter);
    case 'rate-limited':
      return strings.chatRejectRateLimited(retryAfter);
    case 'error':
      return strings.chatRejectFailed;
    default:
      return null;
  }
}

/** Starts the live panel of the watch page; `streamChanged` is called when the stream starts or ends. */
export function startLive(channel: string, streamChanged: () => void): void {
  new LivePanel(channel, streamChanged).start();
}
