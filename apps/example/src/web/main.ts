import { h, mount } from './dom.js';
import { clearStatus, navigateWithNotice, showNotice } from './errors.js';
import { client, signIn, signOut } from './session.js';
import { renderArticles } from './views/articles-view.js';
import { renderBatch } from './views/batch-view.js';
import { renderBatches } from './views/batches-view.js';
import { renderPurge } from './views/purge-view.js';

const main = document.getElementById('main') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;

/** The sign-in form: a bearer token (demo: demo-admin-token). */
function renderSignIn(): void {
  const token = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
  });
  mount(account);
  mount(
    main,
    h('h2', {}, 'Sign in'),
    h(
      'form',
      {
        class: 'sign-in',
        onsubmit: (event) => {
          event.preventDefault();
          // The API judges the token: what it refuses (an unknown token, a non-staff person in
          // the trash) is shown as the API words it.
          signIn(token.value.trim());
          if (location.hash === '' || location.hash === '#batches') {
            showNotice('Signed in.');
            route();
          } else navigateWithNotice('#batches', 'Signed in.');
        },
      },
      h('label', { for: 'token' }, 'API token'),
      token,
      h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    ),
  );
}

/** Renders the view the location's hash names. */
function route(): void {
  const c = client();
  if (!c) {
    renderSignIn();
    return;
  }
  mount(
    account,
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          signOut();
          location.hash = '';
          renderSignIn();
        },
      },
      'Sign out',
    ),
  );
  const hash = location.hash.replace(/^#/, '');
  for (const link of document.querySelectorAll('nav.main a')) {
    const current = link.getAttribute('href') === `#${hash.split('/')[0] || 'batches'}`;
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (hash.startsWith('batch/')) void renderBatch(main, c, hash.slice('batch/'.length));
  else if (hash === 'articles') void renderArticles(main, c);
  else if (hash === 'purge') renderPurge(main, c);
  else void renderBatches(main, c);
}

window.addEventListener('hashchange', () => {
  clearStatus();
  route();
});
route();
