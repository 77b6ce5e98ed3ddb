/**
 * The admin page's "unclaimed payments": payments that completed for a channel deleted since the checkout
 * (`GET /api/admin/payments/unclaimed`), each with what the processor needs for a refund.
 */
import { byId, setText, show } from './dom';
import { formatMoney } from './money';
import { call, str } from './session';
import { strings, timeAgo } from './strings';

function line(value: unknown): HTMLLIElement {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const li = document.createElement('li');
  const amount = typeof o['amount'] === 'number' ? o['amount'] : 0;
  const currency = str(o['currency']);
  const when = new Date(str(o['receivedAt']));
  const who = document.createElement('strong');
  who.textContent = formatMoney(amount, currency);
  const what = document.createElement('span');
  // "bob → carol (deleted) · test evt-123 · 5 minutes ago": the processor and its id are what a refund needs.
  what.textContent = ` ${str(o['username'])} → ${str(o['channelName']) || '#' + String(o['channelId'])} · `
    + `${str(o['provider'])} ${str(o['providerPaymentId'])} · ${timeAgo(when)}`;
  li.append(who, what);
  if (o['testMode'] === true) {
    const badge = document.createElement('span');
    badge.className = 'test-mode-badge';
    badge.textContent = strings.testMode;
    li.append(' ', badge);
  }
  return li;
}

export async function showUnclaimedPayments(): Promise<void> {
  const r = await call('GET', '/api/admin/payments/unclaimed');
  const body = r.body as Record<string, unknown> | null;
  const payments = r.status === 200 && body !== null && Array.isArray(body['payments']) ? body['payments'] : [];
  byId('unclaimed-list', HTMLUListElement).replaceChildren(...payments.map(line));
  setText(byId('unclaimed-none', HTMLParagraphElement), r.status === 200 ? strings.noUnclaimedPayments
    : strings.somethingFailed);
  show(byId('unclaimed-none', HTMLParagraphElement), payments.length === 0);
  show(byId('unclaimed', HTMLElement), true);
}
