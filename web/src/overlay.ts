/**
 * `/overlay/{secret}`: the alerts overlay for an OBS Browser Source. A transparent page that shows each follow,
 * subscription and donation as an animated alert, one after another, and reads donation messages aloud
 * (speechSynthesis) unless muted or below the owner's minimum. It acks each alert after showing it, so a reload
 * replays only what was not shown; it also remembers the ids it showed (in memory and sessionStorage), so an alert
 * sent twice is shown once. A rotated secret closes the socket with 4404: the page says so and stops.
 *
 * `window.onairOverlay` (for tests): `{ ws, shown: number[], current }`.
 */
import { formatMoney } from './money';
import { strings } from './strings';

interface Alert {
  readonly id: number;
  readonly kind: string;
  readonly user: string;
  readonly amount: number | null;
  readonly currency: string | null;
  readonly message: string;
  readonly test: boolean;
}

interface Settings {
  muted: boolean;
  alertMinAmount: number;
  ttsMinAmount: number;
}

const SHOW_MS = 6_000;
const GAP_MS = 600;
const SHOWN_KEY = 'onair.overlay.shown';

const secret = location.pathname.split('/').pop() ?? '';
const stage = document.getElementById('alert') as HTMLElement;
const hooks = {
  ws: 'connecting',
  shown: [] as number[],
  current: null as Alert | null,
};
(window as unknown as { onairOverlay: typeof hooks }).onairOverlay = hooks;

const shown = new Set<number>(loadShown());
const queue: Alert[] = [];
let settings: Settings = { muted: false, alertMinAmount: 0, ttsMinAmount: 0 };
let socket: WebSocket | null = null;
let playing = false;
let retry = 1_000;

function loadShown(): number[] {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(SHOWN_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
}

function remember(id: number): void {
  shown.add(id);
  hooks.shown.push(id);
  try {
    sessionStorage.setItem(SHOWN_KEY, JSON.stringify([...shown].slice(-500)));
  } catch {
    // storage blocked: in-memory de-duplication still holds for this page
  }
}

function parseAlert(v: unknown): Alert | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (typeof r['id'] !== 'number' || typeof r['kind'] !== 'string') return null;
  return {
    id: r['id'],
    kind: r['kind'],
    user: typeof r['user'] === 'string' ? r['user'] : '',
    amount: typeof r['amount'] === 'number' ? r['amount'] : null,
    currency: typeof r['currency'] === 'string' ? r['currency'] : null,
    message: typeof r['message'] === 'string' ? r['message'] : '',
    test: r['test'] === true,
  };
}

function parseSettings(v: unknown): void {
  if (typeof v !== 'object' || v === null) return;
  const r = v as Record<string, unknown>;
  settings = {
    muted: r['muted'] === true,
    alertMinAmount: typeof r['alertMinAmount'] === 'number' ? r['alertMinAmount'] : 0,
    ttsMinAmount: typeof r['ttsMinAmount'] === 'number' ? r['ttsMinAmount'] : 0,
  };
}

function headline(a: Alert): string {
  const amount = a.amount !== null && a.currency !== null ? formatMoney(a.amount, a.currency) : '';
  if (a.kind === 'follow') return strings.alertFollow(a.user);
  if (a.kind === 'subscription') return strings.alertSubscription(a.user);
  return strings.alertDonation(a.user, amount);
}

function ack(id: number): void {
  if (socket !== null && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'ack', id }));
}

function speak(a: Alert): void {
  if (settings.muted || a.kind !== 'donation' || a.message === '' || !('speechSynthesis' in window)) return;
  if ((a.amount ?? 0) < settings.ttsMinAmount) return;
  const u = new SpeechSynthesisUtterance(a.message);
  u.lang = strings.locale;
  window.speechSynthesis.speak(u);
}

/** Shows the queue one alert at a time; each is acked (and remembered) once it is on screen. */
async function play(): Promise<void> {
  if (playing) return;
  playing = true;
  while (queue.length > 0) {
    const a = queue.shift() as Alert;
    if (shown.has(a.id)) {
      ack(a.id);
      continue;
    }
    hooks.current = a;
    stage.replaceChildren();
    const title = document.createElement('p');
    title.className = 'alert-title';
    title.textContent = headline(a);
    stage.append(title);
    if (a.message !== '') {
      const message = document.createElement('p');
      message.className = 'alert-message';
      message.textContent = a.message; // the payer's text: never HTML
      stage.append(message);
    }
    stage.dataset['kind'] = a.kind;
    stage.dataset['id'] = String(a.id);
    stage.hidden = false;
    stage.classList.remove('alert-in');
    void stage.offsetWidth; // restart the animation
    stage.classList.add('alert-in');
    remember(a.id);
    ack(a.id);
    speak(a);
    await new Promise((r) => setTimeout(r, SHOW_MS));
    stage.hidden = true;
    hooks.current = null;
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  playing = false;
}

function connect(): void {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}/ws/overlay/${encodeURIComponent(secret)}`);
  socket = ws;
  ws.addEventListener('message', (e) => {
    let f: Record<string, unknown>;
    try {
      f = JSON.parse(String(e.data)) as Record<string, unknown>;
    } catch {
      return;
    }
    if (f['type'] === 'welcome') {
      hooks.ws = 'open';
      retry = 1_000;
      parseSettings(f['settings']);
    } else if (f['type'] === 'settings') {
      parseSettings(f['settings']);
    } else if (f['type'] === 'alert') {
      const a = parseAlert(f['alert']);
      if (a === null) return;
      if (shown.has(a.id) || queue.some((q) => q.id === a.id)) {
        if (shown.has(a.id)) ack(a.id);
        return;
      }
      queue.push(a);
      void play();
    }
  });
  ws.addEventListener('close', (e) => {
    socket = null;
    if (e.code === 4404) {
      hooks.ws = 'gone';
      const p = document.createElement('p');
      p.className = 'overlay-gone';
      p.textContent = strings.overlayReplaced;
      document.body.append(p);
      return;
    }
    hooks.ws = 'closed';
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 30_000);
  });
}

document.documentElement.lang = strings.locale;
connect();
