/**
 * The dashboard's Restream section: the servers the live stream is pushed on to (`/api/channels/{c}/restreams`),
 * each with its state (sending, connecting, the last failure in the destination's words), an On switch and
 * Delete; a form to add one. The stream key is typed once and never shown again (the API gives back its last four
 * characters). Polled every 5 s while the page is open, so a destination's state follows the stream.
 */
import { byId } from './dom';
import { call, pageAccount, showFieldErrors, str } from './session';
import { strings } from './strings';

const POLL_MS = 5_000;

const list = byId('restream-list', HTMLUListElement);
const form = byId('restream-form', HTMLFormElement);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const input = (name: string): HTMLInputElement => form.elements.namedItem(name) as HTMLInputElement;

let base = '';

function item(d: Obj): HTMLLIElement {
  const li = document.createElement('li');
  const id = String(d['id']);
  const status = obj(d['status']);
  const state = str(status['state']);
  li.dataset['id'] = id;
  li.dataset['state'] = state;
  const name = Object.assign(document.createElement('strong'), { textContent: str(d['name']) });
  const where = Object.assign(document.createElement('code'), { textContent: `${str(d['url'])} ${str(d['keyHint'])}` });
  const toggle = Object.assign(document.createElement('input'), { type: 'checkbox', checked: d['enabled'] === true });
  toggle.addEventListener('change', () => void call('PUT', `${base}/${id}`, { enabled: toggle.checked }).then(load));
  const on = document.createElement('label');
  on.append(toggle, document.createTextNode(` ${strings.restreamOn}`));
  const del = Object.assign(document.createElement('button'), {
    type: 'button', className: 'button button-small', textContent: strings.deleteWebhook,
  });
  del.addEventListener('click', () => void call('DELETE', `${base}/${id}`).then(load));
  const line = Object.assign(document.createElement('span'), {
    className: 'restream-state',
    textContent: strings.restreamState(state, Number(status['kbps'] ?? 0), str(status['detail'])),
  });
  li.append(name, document.createTextNode(' '), where, document.createTextNode(' '), on, document.createTextNode(' '),
    del, document.createElement('br'), line);
  return li;
}

async function load(): Promise<void> {
  const r = await call('GET', base);
  if (r.status !== 200 || !Array.isArray(r.body)) return;
  list.replaceChildren(...r.body.map(obj).map(item));
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void (async () => {
    const r = await call('POST', base, {
      name: input('name').value.trim(), url: input('url').value.trim(), streamKey: input('streamKey').value.trim(),
    });
    showFieldErrors(form, r.errors);
    if (r.status === 201) {
      form.reset();
      await load();
    }
  })();
});

async function start(): Promise<void> {
  const me = await pageAccount();
  if (me === null) return;
  base = `/api/channels/${encodeURIComponent(me.channel)}/restreams`;
  await load();
  setInterval(() => void load(), POLL_MS);
}

void start();
