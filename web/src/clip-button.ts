/**
 * The watch page's Clip button (issue 7): a logged-in viewer clips 5 to 60 seconds of a live broadcast and gets the
 * clip's link to copy. At the live edge the clip is the stream's last seconds (`POST /api/channels/{c}/clips`);
 * rewound, it is the seconds before the moment on screen (`POST /api/replays/{id}/clips`), which is what a viewer
 * who went back for a moment means. The server checks length and title; its problem+json message is shown as is.
 *
 * `window.onairClipButton` (for tests): `{ created: { id, page } | null, error: string | null }`.
 */
import { byId, setText, show } from './dom';
import { call, pageAccount, str } from './session';
import { strings } from './strings';

/** What a clip covers: the live stream's last seconds, or the seconds of a replay ending `end` seconds into it. */
export type ClipSource = { readonly kind: 'live' } | { readonly kind: 'replay'; readonly id: number; readonly end: number };

/** The range for clips of a live stream (the server enforces it for the live endpoint). */
const MIN_SECONDS = 5;
const MAX_SECONDS = 60;

interface ClipHooks {
  created: { id: string; page: string } | null;
  error: string | null;
}

declare global {
  interface Window {
    onairClipButton?: ClipHooks;
  }
}

export class ClipPanel {
  private readonly button = byId('clip-button', HTMLButtonElement);
  private readonly panel = byId('clip-panel', HTMLDivElement);
  private readonly form = byId('clip-form', HTMLFormElement);
  private readonly seconds = byId('clip-seconds', HTMLInputElement);
  private readonly title = byId('clip-title', HTMLInputElement);
  private readonly create = byId('clip-create', HTMLButtonElement);
  private readonly cancel = byId('clip-cancel', HTMLButtonElement);
  private readonly hint = byId('clip-hint', HTMLParagraphElement);
  private readonly result = byId('clip-result', HTMLParagraphElement);
  private readonly link = byId('clip-link', HTMLAnchorElement);
  private readonly copy = byId('clip-copy', HTMLButtonElement);
  private readonly error = byId('clip-error', HTMLParagraphElement);
  private readonly hooks: ClipHooks = { created: null, error: null };
  private loggedIn = false;
  private live = false;

  constructor(private readonly channel: string, private readonly source: () => ClipSource) {
    window.onairClipButton = this.hooks;
    this.button.addEventListener('click', () => this.open(this.panel.hidden));
    this.cancel.addEventListener('click', () => this.open(false));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
    const canCopy = navigator.clipboard !== undefined && window.isSecureContext;
    show(this.copy, canCopy);
    this.copy.addEventListener('click', () => {
      navigator.clipboard.writeText(this.link.href).then(
        () => {
          setText(this.copy, strings.copied);
          setTimeout(() => setText(this.copy, strings.copy), 2_000);
        },
        () => undefined,
      );
    });
  }

  /** Clips need an account: the button appears for logged-in viewers only. */
  async start(): Promise<void> {
    this.loggedIn = (await pageAccount()) !== null;
    this.render();
  }

  /** The channel went live or offline: clips are made of live broadcasts only. */
  setLive(live: boolean): void {
    if (live === this.live) return;
    this.live = live;
    if (!live) this.open(false);
    this.render();
  }

  private render(): void {
    show(this.button, this.loggedIn && this.live);
  }

  private open(open: boolean): void {
    show(this.panel, open);
    this.button.setAttribute('aria-expanded', String(open));
    if (!open) return;
    setText(this.hint, this.source().kind === 'replay' ? strings.clipRewoundHint : strings.clipLiveHint);
    this.showError(null);
    this.seconds.focus();
  }

  private async submit(): Promise<void> {
    const seconds = Number(this.seconds.value);
    if (!Number.isFinite(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      this.showError(strings.clipLengthRange);
      return;
    }
    const title = this.title.value.trim();
    const source = this.source();
    this.create.disabled = true;
    this.showError(null);
    try {
      const r = source.kind === 'replay'
        ? await call('POST', `/api/replays/${source.id}/clips`,
          { start: Math.max(0, source.end - seconds), duration: seconds, title })
        : await call('POST', `/api/channels/${encodeURIComponent(this.channel)}/clips`, { seconds, title });
      const body = typeof r.body === 'object' && r.body !== null ? (r.body as Record<string, unknown>) : {};
      if (r.status === 201 && str(body['page']) !== '') {
        const page = new URL(str(body['page']), location.origin).href;
        this.hooks.created = { id: str(body['id']), page };
        this.link.href = page;
        setText(this.link, page);
        show(this.result, true);
        this.title.value = '';
      } else if (r.errors.length > 0) {
        this.showError(r.errors.map((e) => `${e.field}: ${e.message}`).join(' · '));
      } else {
        this.showError(str(body['detail']) || str(body['title']) || strings.clipFailed);
      }
    } catch {
      this.showError(strings.clipFailed);
    } finally {
      this.create.disabled = false;
    }
  }

  private showError(message: string | null): void {
    this.hooks.error = message;
    setText(this.error, message ?? '');
    show(this.error, message !== null);
  }
}
