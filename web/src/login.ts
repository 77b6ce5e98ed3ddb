/** `/login`: username and password, then the dashboard. */
import { byId, setText } from './dom';
import { call } from './session';
import { applyStaticStrings, strings } from './strings';

const form = byId('login-form', HTMLFormElement);
const message = byId('form-message', HTMLParagraphElement);

applyStaticStrings();
document.title = strings.pageTitle(strings.logIn);
document.body.dataset['state'] = 'ready';

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const params = new URLSearchParams();
  params.set('username', String(data.get('username') ?? ''));
  params.set('password', String(data.get('password') ?? ''));
  document.body.dataset['state'] = 'busy';
  call('POST', '/api/session', undefined, params).then(
    (r) => {
      if (r.status === 200) {
        document.body.dataset['state'] = 'done';
        location.assign('/dashboard');
        return;
      }
      document.body.dataset['state'] = 'error';
      setText(message, r.status === 401 ? strings.wrongLogin : r.status === 429 ? strings.tooManyLogins : strings.somethingFailed);
    },
    () => {
      document.body.dataset['state'] = 'error';
      setText(message, strings.somethingFailed);
    },
  );
});
