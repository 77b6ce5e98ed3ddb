/**
 * The stream info form (title, category, tags, language, go-live text) of `PUT /api/channels/{c}/info`: the
 * dashboard's for one's own channel, the admin page's for the operator's static-key channels (nobody owns those,
 * so site admins keep their info).
 */
import { setText } from './dom';
import { call, showFieldErrors, str } from './session';
import { strings } from './strings';

export interface InfoForm {
  /** Fills the form with `channel`'s info, which the next submit saves to. */
  load(channel: string): Promise<void>;
}

export function infoForm(form: HTMLFormElement, message: HTMLElement): InfoForm {
  let channel = '';

  const fill = (info: Record<string, unknown>): void => {
    const set = (name: string, value: string): void => {
      const el = form.elements.namedItem(name);
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.value = value;
    };
    set('title', str(info['title']));
    set('category', str(info['category']));
    set('language', str(info['language']));
    set('goLiveText', str(info['goLiveText']));
    const tags = Array.isArray(info['tags']) ? info['tags'].filter((t): t is string => typeof t === 'string') : [];
    set('tags', tags.join(', '));
  };

  const save = async (): Promise<void> => {
    const data = new FormData(form);
    const body = {
      title: String(data.get('title') ?? ''),
      category: String(data.get('category') ?? ''),
      tags: String(data.get('tags') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
      language: String(data.get('language') ?? ''),
      goLiveText: String(data.get('goLiveText') ?? ''),
    };
    const r = await call('PUT', `/api/channels/${encodeURIComponent(channel)}/info`, body);
    showFieldErrors(form, r.errors);
    setText(message, r.status === 200 ? strings.saved : r.errors.length > 0 ? '' : strings.somethingFailed);
    form.dataset['saved'] = String(r.status === 200);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (channel === '') return;
    save().catch(() => setText(message, strings.somethingFailed));
  });

  return {
    async load(name: string): Promise<void> {
      channel = name;
      showFieldErrors(form, []);
      setText(message, '');
      delete form.dataset['saved'];
      const info = await call('GET', `/api/channels/${encodeURIComponent(name)}/info`);
      if (info.status === 200 && typeof info.body === 'object' && info.body !== null) {
        fill(info.body as Record<string, unknown>);
      }
    },
  };
}
