/**
 * The dashboard's Uploads section (issue 7): a video file (MP4, MOV, MKV) and an optional title, sent with a
 * progress bar (XMLHttpRequest: fetch reports no upload progress) after checking the size limit here, so a too-large
 * file is refused before it is sent; then the channel's jobs, polled every 2 s: state, transcoding progress, the
 * reason a file was refused or failed (ffprobe's or ffmpeg's words), a link to the video once it is ready, cancel.
 */
import { byId, setText, show } from './dom';
import type { FieldError } from './session';
import { call, csrfToken, pageAccount, showFieldErrors, str } from './session';
import { strings } from './strings';

const POLL_MS = 2_000;

const intro = byId('uploads-intro', HTMLParagraphElement);
const form = byId('upload-form', HTMLFormElement);
const fileInput = byId('upload-file', HTMLInputElement);
const titleInput = byId('upload-title', HTMLInputElement);
const sendButton = byId('upload-send', HTMLButtonElement);
const bar = byId('upload-progress', HTMLProgressElement);
const message = byId('upload-message', HTMLParagraphElement);
const list = byId('upload-list', HTMLUListElement);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

let channel = '';
let maxBytes = 0;

const percent = (fraction: number): string =>
  new Intl.NumberFormat(strings.locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);

/** Bytes as the limit is configured (binary units: 4GB is 4 × 2³⁰). */
function size(bytes: number): string {
  const gb = bytes / 2 ** 30;
  const [value, unit] = gb >= 1 ? [gb, 'gigabyte'] : [bytes / 2 ** 20, 'megabyte'];
  return new Intl.NumberFormat(strings.locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

function uploadsUrl(): string {
  return `/api/channels/${encodeURIComponent(channel)}/uploads`;
}

function errorsOf(body: unknown): FieldError[] {
  const errors = obj(body)['errors'];
  return Array.isArray(errors)
    ? errors.map(obj).map((e) => ({ field: str(e['field']), message: str(e['message']) }))
    : [];
}

/** POSTs the file as multipart/form-data, reporting upload progress on the bar. */
function send(file: File, title: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadsUrl());
    xhr.setRequestHeader('Accept', 'application/json');
    const token = csrfToken();
    if (token !== null) xhr.setRequestHeader('X-XSRF-TOKEN', token);
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      bar.value = e.loaded / e.total;
      setText(message, strings.uploadSending(percent(e.loaded / e.total)));
    });
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener('error', () => reject(new Error('network error')));
    xhr.addEventListener('abort', () => reject(new Error('aborted')));
    const data = new FormData();
    if (title !== '') data.append('title', title);
    data.append('file', file);
    xhr.send(data);
  });
}

async function upload(): Promise<void> {
  showFieldErrors(form, []);
  const file = fileInput.files?.[0];
  if (file === undefined) {
    showFieldErrors(form, [{ field: 'file', message: strings.uploadChooseFile }]);
    return;
  }
  if (maxBytes > 0 && file.size > maxBytes) {
    showFieldErrors(form, [{ field: 'file', message: strings.uploadTooLarge(size(maxBytes)) }]);
    return;
  }
  sendButton.disabled = true;
  bar.value = 0;
  show(bar, true);
  try {
    const r = await send(file, titleInput.value.trim());
    showFieldErrors(form, errorsOf(r.body));
    if (r.status === 202) {
      form.reset();
      setText(message, strings.uploadAccepted);
      await loadJobs();
    } else {
      setText(message, errorsOf(r.body).length > 0 ? '' : str(obj(r.body)['detail']) || strings.uploadFailed);
    }
  } catch {
    setText(message, strings.uploadFailed);
  } finally {
    sendButton.disabled = false;
    show(bar, false);
  }
}

function jobItem(j: Obj): HTMLLIElement {
  const li = document.createElement('li');
  const state = str(j['state']);
  const progress = typeof j['progress'] === 'number' ? j['progress'] : 0;
  li.dataset['state'] = state;
  const name = Object.assign(document.createElement('strong'), { textContent: str(j['title']) || str(j['fileName']) });
  const status = Object.assign(document.createElement('span'), {
    className: 'upload-state',
    textContent: strings.uploadState(state, percent(progress)),
  });
  li.append(name, document.createTextNode(' '), status);
  if (state === 'running' || state === 'queued') {
    li.append(Object.assign(document.createElement('progress'), { max: 1, value: progress }));
  }
  if (state === 'done' && str(j['page']) !== '') {
    li.append(document.createTextNode(' '), Object.assign(document.createElement('a'), {
      href: str(j['page']),
      textContent: strings.uploadWatch,
    }));
  }
  const error = str(j['error']);
  if (state === 'failed' && error !== '') {
    li.append(Object.assign(document.createElement('p'), { className: 'field-error', textContent: error }));
  }
  const active = state === 'queued' || state === 'running';
  const button = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'button button-small',
    textContent: active ? strings.uploadCancel : strings.uploadRemove,
  });
  button.addEventListener('click', () => {
    if (active && !window.confirm(strings.uploadCancelConfirm(str(j['fileName'])))) return;
    button.disabled = true;
    void call('DELETE', `${uploadsUrl()}/${String(j['id'])}`).then(loadJobs);
  });
  li.append(document.createTextNode(' '), button);
  return li;
}

async function loadJobs(): Promise<void> {
  const r = await call('GET', uploadsUrl());
  if (r.status !== 200) return;
  const body = obj(r.body);
  maxBytes = typeof body['maxBytes'] === 'number' ? body['maxBytes'] : 0;
  setText(intro, strings.uploadsIntro(size(maxBytes)));
  const jobs = Array.isArray(body['jobs']) ? body['jobs'].map(obj) : [];
  list.replaceChildren(...jobs.map(jobItem));
  if (jobs.length === 0) list.replaceChildren(Object.assign(document.createElement('li'), { textContent: strings.noUploads }));
}

async function start(): Promise<void> {
  const me = await pageAccount();
  if (me === null) return;
  channel = me.channel;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void upload();
  });
  const poll = (): void => {
    loadJobs()
      .catch(() => undefined)
      .finally(() => setTimeout(poll, POLL_MS));
  };
  poll();
}

void start();
