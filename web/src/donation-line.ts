/**
 * A donation's line in a chat (issue 6): highlighted, "bob donated $5.00", a TEST MODE badge for a payment that moved
 * no money, then the donor's message as text (never HTML). The same on the live chat (the pushed `donation` frame and
 * the history's stored line) and in a replay's chat.
 */
import { formatMoney } from './money';
import { strings } from './strings';

export interface Donation {
  /** Minor units of `currency`. */
  readonly amount: number;
  readonly currency: string;
  readonly testMode: boolean;
}

/** The `donation` object of a chat message or replay line, or null when the line is not a donation's. */
export function parseDonation(v: unknown): Donation | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const d = v as Record<string, unknown>;
  const amount = typeof d['amount'] === 'number' && Number.isFinite(d['amount']) ? d['amount'] : null;
  if (amount === null) return null;
  return { amount, currency: typeof d['currency'] === 'string' ? d['currency'] : '', testMode: d['testMode'] === true };
}

export function donationLine(user: string, donation: Donation, message: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'chat-message chat-donation';
  // Who wrote it, like any chat line: a ban removes all of a user's lines from open pages by this.
  li.dataset['user'] = user;
  const head = document.createElement('span');
  head.className = 'chat-author';
  head.textContent = strings.donatedInChat(user, formatMoney(donation.amount, donation.currency));
  li.append(head);
  if (donation.testMode) {
    const badge = document.createElement('span');
    badge.className = 'test-mode-badge';
    badge.textContent = strings.testMode;
    li.append(document.createTextNode(' '), badge);
  }
  if (message !== '') {
    const body = document.createElement('span');
    body.className = 'chat-text';
    body.textContent = message;
    li.append(document.createTextNode(' '), body);
  }
  return li;
}
