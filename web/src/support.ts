/**
 * The watch page's Subscribe/Donate area (issue 6), beside the follow button: the channel's tiers and donation
 * range from `GET /api/channels/{c}/support`, payments through the server's provider. A TEST MODE badge shows
 * whenever the provider moves no money. Logged-out visitors see nothing (paying needs an account).
 *
 * `window.onairSupport` (for tests): `{ ready, settled, testMode, lastPayment }`: `settled` once the page has
 * decided whether to offer support (also when it offers none).
 */
import { channelFromPath, fetchStatus } from './api';
import { byId, setText, show } from './dom';
import { formatMoney, parseMoney } from './money';
import { call, pageAccount, str } from './session';
import { strings } from './strings';

const area = byId('support', HTMLDivElement);
const badge = byId('support-test-mode', HTMLSpanElement);
const subscribeForm = byId('subscribe-form', HTMLFormElement);
const tierSelect = byId('subscribe-tier', HTMLSelectElement);
const subscribed = byId('subscribed', HTMLSpanElement);
const donateForm = byId('donate-form', HTMLFormElement);
const amountInput = byId('donate-amount', HTMLInputElement);
const messageInput = byId('donate-message', HTMLInputElement);
const status = byId('support-message', HTMLParagraphElement);

const hooks = { ready: false, settled: false, testMode: false, lastPayment: null as unknown };
(window as unknown as { onairSupport: typeof hooks }).onairSupport = hooks;

const channel = channelFromPath(location.pathname);
let currency = 'USD';

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

function showResult(r: { status: number; body: unknown; errors: readonly { field: string; message: string }[] },
  ok: string): void {
  if (r.status === 201 && obj(r.body)['status'] === 'redirect') {
    // A real processor's checkout page; it sends the payer back here when done.
    location.assign(str(obj(r.body)['redirectUrl']));
  } else if (r.status === 201) {
    hooks.lastPayment = r.body;
    setText(status, ok);
  } else if (r.errors.length > 0) {
    setText(status, r.errors.map((e) => `${e.field}: ${e.message}`).join(' · '));
  } else {
    setText(status, str(obj(r.body)['detail']) || String(r.status));
  }
}

async function refreshSubscription(): Promise<void> {
  if (channel === null) return;
  const r = await call('GET', `/api/channels/${encodeURIComponent(channel)}/subscription`);
  const s = obj(r.body);
  const until = str(s['activeUntil']);
  show(subscribed, s['subscribed'] === true && until !== '');
  if (until !== '') setText(subscribed, strings.subscribedUntil(new Date(until).toLocaleDateString(strings.locale)));
  // The server refuses a lower tier while a higher one runs (it waits for that one to end): offer what it takes.
  const active = s['subscribed'] === true ? Number(s['tier']) : 0;
  for (const o of Array.from(tierSelect.options)) o.disabled = Number(o.value) < active;
  const first = Array.from(tierSelect.options).find((o) => !o.disabled);
  if (tierSelect.selectedOptions[0]?.disabled === true && first !== undefined) tierSelect.value = first.value;
}

async function start(): Promise<void> {
  if (channel === null) return;
  const me = await pageAccount();
  if (me === null) return; // paying needs an account: nothing to show a visitor, nothing to ask
  // A channel the operator runs has nobody to pay (its support offer is a 404): the area stays hidden.
  const status = await fetchStatus(channel);
  if (status.kind !== 'ok' || status.status.operated) return;
  const r = await call('GET', `/api/channels/${encodeURIComponent(channel)}/support`);
  if (r.status !== 200) return;
  const s = obj(r.body);
  currency = str(s['currency']) || 'USD';
  hooks.testMode = s['testMode'] === true;
  show(badge, hooks.testMode);
  const tiers = Array.isArray(s['tiers']) ? s['tiers'].map(obj) : [];
  tierSelect.replaceChildren(...tiers.map((t) => {
    const o = document.createElement('option');
    o.value = String(t['tier']);
    o.textContent = strings.tierOption(str(t['name']), formatMoney(Number(t['price']), currency));
    return o;
  }));
  show(subscribeForm, tiers.length > 0 && me.channel !== channel);
  amountInput.placeholder = formatMoney(Number(s['donationMin']), currency);
  show(area, true);
  hooks.ready = true;
  void refreshSubscription();
}

subscribeForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void (async () => {
    const r = await call('POST', `/api/channels/${encodeURIComponent(channel ?? '')}/subscriptions`,
      { tier: Number(tierSelect.value) });
    showResult(r, strings.subscribedUntil(''));
    await refreshSubscription();
    if (r.status === 201) setText(status, '');
  })();
});

donateForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void (async () => {
    const amount = parseMoney(amountInput.value, currency);
    const r = await call('POST', `/api/channels/${encodeURIComponent(channel ?? '')}/donations`,
      { amount: Number.isNaN(amount) ? null : amount, message: messageInput.value });
    showResult(r, strings.donationSent);
    if (r.status === 201) messageInput.value = '';
  })();
});

void start().finally(() => {
  hooks.settled = true;
});
