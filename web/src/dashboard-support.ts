/**
 * The dashboard's support sections (issue 6): activity feed and totals, the alerts overlay (secret URL, rotate,
 * send a test alert, speech and minimums), and the subscription tiers and donation limits. Amounts are typed in
 * the currency's major unit and sent in minor units.
 */
import { byId, setText, show } from './dom';
import { formatMoney, minorDigits, parseMoney } from './money';
import { call, pageAccount, showFieldErrors, str } from './session';
import { strings, timeAgo } from './strings';

const totals = byId('activity-totals', HTMLParagraphElement);
const feed = byId('activity-feed', HTMLOListElement);
const overlayUrl = byId('overlay-url', HTMLElement);
const rotate = byId('rotate-overlay', HTMLButtonElement);
const testAlert = byId('test-alert', HTMLButtonElement);
const overlayForm = byId('overlay-form', HTMLFormElement);
const overlayMessage = byId('overlay-message', HTMLParagraphElement);
const supportForm = byId('support-form', HTMLFormElement);
const supportMessage = byId('support-form-message', HTMLParagraphElement);
const tierFields = byId('tier-fields', HTMLDivElement);
const badge = byId('support-test-mode', HTMLSpanElement);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const input = (form: HTMLFormElement, name: string): HTMLInputElement => form.elements.namedItem(name) as HTMLInputElement;
const major = (amount: unknown, currency: string): string =>
  typeof amount === 'number' ? String(amount / 10 ** minorDigits(currency)) : '';

let channel = '';
let currency = 'USD';

function showOverlay(o: Obj): void {
  setText(overlayUrl, new URL(str(o['url']), location.href).href);
  const s = obj(o['settings']);
  input(overlayForm, 'muted').checked = s['muted'] === true;
  input(overlayForm, 'alertMinAmount').value = major(s['alertMinAmount'], currency);
  input(overlayForm, 'ttsMinAmount').value = major(s['ttsMinAmount'], currency);
}

async function loadActivity(): Promise<void> {
  const r = await call('GET', `/api/channels/${encodeURIComponent(channel)}/activity?days=30`);
  if (r.status !== 200) return;
  const a = obj(r.body);
  const t = obj(a['totals']);
  const donations = obj(t['donations']);
  const donated = Object.entries(donations).map(([c, v]) => formatMoney(Number(v), c)).join(' + ') || formatMoney(0, currency);
  setText(totals, strings.totals(Number(t['followers'] ?? 0), Number(t['subscribers'] ?? 0), donated));
  const events = Array.isArray(a['events']) ? a['events'].map(obj) : [];
  feed.replaceChildren(...events.map((e) => {
    const li = document.createElement('li');
    const amount = typeof e['amount'] === 'number' ? formatMoney(e['amount'], str(e['currency'])) : '';
    const user = str(e['user']);
    const line = e['kind'] === 'follow' ? strings.alertFollow(user)
      : e['kind'] === 'subscription' ? `${strings.alertSubscription(user)} ${amount}` : strings.alertDonation(user, amount);
    const message = str(e['message']);
    li.textContent = `${line}${message !== '' ? ` “${message}”` : ''} · ${timeAgo(new Date(str(e['createdAt'])))}`;
    return li;
  }));
  if (events.length === 0) feed.replaceChildren(Object.assign(document.createElement('li'), { textContent: strings.noActivity }));
}

function tierInputs(tiers: readonly Obj[]): void {
  tierFields.replaceChildren();
  for (let n = 1; n <= 3; n++) {
    const t = tiers.find((x) => x['tier'] === n) ?? {};
    const name = Object.assign(document.createElement('input'), { name: `tier${n}Name`, maxLength: 40, value: str(t['name']) });
    const price = Object.assign(document.createElement('input'), { name: `tier${n}Price`, inputMode: 'decimal', value: major(t['price'], currency) });
    const l1 = document.createElement('label');
    l1.append(Object.assign(document.createElement('span'), { textContent: strings.tierName(n) }), name);
    const l2 = document.createElement('label');
    l2.append(Object.assign(document.createElement('span'), { textContent: strings.tierPrice(n) }), price);
    tierFields.append(l1, l2);
  }
}

async function loadSupport(): Promise<void> {
  const r = await call('GET', `/api/channels/${encodeURIComponent(channel)}/support`);
  const s = obj(r.body);
  currency = str(s['currency']) || 'USD';
  show(badge, s['testMode'] === true);
  input(supportForm, 'currency').value = currency;
  input(supportForm, 'donationMin').value = major(s['donationMin'], currency);
  input(supportForm, 'donationMax').value = major(s['donationMax'], currency);
  input(supportForm, 'subOnlyChat').checked = s['subOnlyChat'] === true;
  tierInputs(Array.isArray(s['tiers']) ? s['tiers'].map(obj) : []);
}

rotate.addEventListener('click', () => void (async () => {
  const r = await call('POST', `/api/channels/${encodeURIComponent(channel)}/overlay/rotate`);
  if (r.status === 200) showOverlay(obj(r.body));
})());

testAlert.addEventListener('click', () => void (async () => {
  const r = await call('POST', `/api/channels/${encodeURIComponent(channel)}/alerts/test`);
  setText(overlayMessage, r.status === 201 ? strings.testAlertSent : String(r.status));
})());

overlayForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void (async () => {
    const amount = (name: string): number | null => {
      const v = parseMoney(input(overlayForm, name).value || '0', currency);
      return Number.isNaN(v) ? -1 : v;
    };
    const r = await call('PUT', `/api/channels/${encodeURIComponent(channel)}/overlay`, {
      muted: input(overlayForm, 'muted').checked,
      alertMinAmount: amount('alertMinAmount'),
      ttsMinAmount: amount('ttsMinAmount'),
    });
    showFieldErrors(overlayForm, r.errors);
    setText(overlayMessage, r.status === 200 ? strings.saved : '');
  })();
});

supportForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void (async () => {
    const cur = input(supportForm, 'currency').value.trim().toUpperCase();
    const amount = (v: string): number | null => {
      const n = parseMoney(v, cur);
      return Number.isNaN(n) ? null : n;
    };
    const tiers = [1, 2, 3]
      .map((n) => ({ tier: n, name: input(supportForm, `tier${n}Name`).value, price: amount(input(supportForm, `tier${n}Price`).value) }))
      .filter((t) => t.name.trim() !== '' || t.price !== null);
    const r = await call('PUT', `/api/channels/${encodeURIComponent(channel)}/support`, {
      currency: cur,
      donationMin: amount(input(supportForm, 'donationMin').value),
      donationMax: amount(input(supportForm, 'donationMax').value),
      subOnlyChat: input(supportForm, 'subOnlyChat').checked,
      tiers,
    });
    showFieldErrors(supportForm, r.errors);
    setText(supportMessage, r.status === 200 ? strings.saved : '');
    if (r.status === 200) await loadSupport();
  })();
});

// --- Webhooks ----------------------------------------------------------------------------------------------

const webhookList = byId('webhook-list', HTMLUListElement);
const webhookForm = byId('webhook-form', HTMLFormElement);
const deliveryLog = byId('delivery-log', HTMLOListElement);

async function loadWebhooks(): Promise<void> {
  const base = `/api/channels/${encodeURIComponent(channel)}/webhooks`;
  const r = await call('GET', base);
  const hooks = Array.isArray(r.body) ? r.body.map(obj) : [];
  webhookList.replaceChildren(...hooks.map((h) => {
    const li = document.createElement('li');
    const url = Object.assign(document.createElement('code'), { textContent: str(h['url']) });
    const format = str(h['format']) || 'onair';
    const events = Array.isArray(h['events']) && h['events'].length > 0 ? h['events'].map(str) : EVENTS.map((e) => e.value);
    const what = Object.assign(document.createElement('span'), {
      className: 'webhook-what',
      textContent: `${formatLabel(format)} · ${events.map(eventLabel).join(', ')}`,
    });
    const del = Object.assign(document.createElement('button'), { type: 'button', className: 'button button-small', textContent: strings.deleteWebhook });
    del.addEventListener('click', () => void call('DELETE', `${base}/${String(h['id'])}`).then(loadWebhooks));
    li.append(url, document.createTextNode(' '), what, document.createTextNode(' '));
    // The secret signs Onair's JSON; Discord and Slack check no signature.
    if (format === 'onair') {
      const secret = Object.assign(document.createElement('code'), { textContent: `${strings.webhookSecret}: ${str(h['secret'])}` });
      li.append(secret, document.createTextNode(' '));
    }
    li.append(del);
    return li;
  }));
  const d = await call('GET', `${base}/deliveries`);
  const deliveries = Array.isArray(d.body) ? d.body.map(obj) : [];
  deliveryLog.replaceChildren(...deliveries.slice(0, 20).map((x) => {
    const li = document.createElement('li');
    li.dataset['status'] = str(x['status']);
    const error = str(x['lastError']);
    li.textContent = `${str(x['event'])} → ${str(x['url'])}: ${str(x['status'])} (${String(x['attempts'])})${error !== '' ? ` ${error}` : ''}`;
    return li;
  }));
}

const formatSelect = webhookForm.elements.namedItem('format') as HTMLSelectElement;
const EVENTS = Array.from(webhookForm.querySelectorAll<HTMLInputElement>('input[name="events"]'));

function formatLabel(format: string): string {
  const option = Array.from(formatSelect.options).find((o) => o.value === format);
  return option?.textContent ?? format;
}

function eventLabel(event: string): string {
  return EVENTS.find((e) => e.value === event)?.parentElement?.textContent?.trim() ?? event;
}

// A chat wants the go-live post, not a line per follow: choosing Discord or Slack ticks "Stream starts" alone.
formatSelect.addEventListener('change', () => {
  const chat = formatSelect.value !== 'onair';
  for (const box of EVENTS) box.checked = !chat || box.value === 'stream.online';
});

webhookForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void (async () => {
    const events = EVENTS.filter((box) => box.checked).map((box) => box.value);
    if (events.length === 0) {
      showFieldErrors(webhookForm, [{ field: 'events', message: strings.webhookNoEvents }]);
      return;
    }
    const r = await call('POST', `/api/channels/${encodeURIComponent(channel)}/webhooks`, {
      url: input(webhookForm, 'url').value.trim(),
      format: formatSelect.value,
      events,
    });
    showFieldErrors(webhookForm, r.errors);
    if (r.status === 201) {
      input(webhookForm, 'url').value = '';
      await loadWebhooks();
    }
  })();
});

async function start(): Promise<void> {
  const me = await pageAccount();
  if (me === null) return;
  channel = me.channel;
  await loadSupport();
  const o = await call('GET', `/api/channels/${encodeURIComponent(channel)}/overlay`);
  if (o.status === 200) showOverlay(obj(o.body));
  await loadActivity();
  await loadWebhooks();
  setInterval(() => void loadActivity().then(loadWebhooks), 15_000);
}

void start();
