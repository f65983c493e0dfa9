// Sign-in: paste a token (or, in dev mode, take one of the dev tokens the service offers). The token is
// checked with a cheap query before it is kept; tokens whose roles are not for the console (storefront,
// ingest) are refused here with a message, and nothing else is shown to them.

import { graphql, isAbort } from './api.js';
import { h, replace } from './dom.js';
import { navigate } from './router.js';
import * as session from './session.js';
import { errorNotice, pageHeading } from './ui.js';

const DEV_TOKEN_ROLES = ['admin', 'marketing', 'ingest', 'storefront'];

export function renderSignIn(main, params, context) {
  context.setTitle('Sign in');
  const messages = h('div', { class: 'sign-in-messages', 'aria-live': 'polite' });
  const reason = context.takeSignInMessage();
  if (reason) messages.append(notice('warning', reason, 'sign-in-reason'));

  const tokenInput = h('input', {
    id: 'token-input', type: 'password', autocomplete: 'off', spellcheck: false, required: true,
    'aria-describedby': 'token-help',
  });
  const submit = h('button', { type: 'submit', id: 'sign-in-button' }, 'Sign in');
  const form = h('form', { class: 'card sign-in-form', id: 'sign-in-form' },
    h('label', { for: 'token-input' }, 'Bearer token'),
    tokenInput,
    h('p', { class: 'hint', id: 'token-help' },
      'A JWT with the marketing or admin role. The console keeps it in this browser tab only and sends it '
      + 'in the Authorization header; closing the tab forgets it.'),
    h('div', { class: 'actions' }, submit));
  const devTokens = h('section', { class: 'card dev-tokens', id: 'dev-tokens', hidden: true, 'aria-labelledby': 'dev-tokens-title' });

  async function verify(candidate) {
    const token = candidate.trim();
    if (!token) return;
    submit.disabled = true;
    replace(messages, h('p', { class: 'loading', role: 'status' }, 'Checking the token…'));
    const outcome = await check(token, context.signal);
    submit.disabled = false;
    if (!context.isCurrent()) return;
    if (outcome.ok) {
      session.signIn(token);
      context.continueAfterSignIn();
    } else {
      replace(messages, outcome.message);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    verify(tokenInput.value);
  });

  const signedIn = session.isSignedIn()
    ? h('p', { class: 'muted' }, `This tab is signed in (role: ${session.roleLabel()}). Signing in again replaces the token. `,
      h('a', { href: '#/' }, 'Back to the overview.'))
    : null;
  main.append(h('div', { class: 'narrow' }, pageHeading('Sign in'), signedIn, messages, form, devTokens));
  offerDevTokens(devTokens, verify, context.signal);
}

/** What the service says of a token: usable for the console, or why not. */
async function check(token, signal) {
  const roles = session.rolesOf(token);
  try {
    await graphql('query SignIn { segmentStatus { evaluatesAt } }', {}, { tokenOverride: token, signal });
  } catch (error) {
    if (isAbort(error)) return { ok: false, message: null };
    if (error.code === 'UNAUTHENTICATED') {
      return { ok: false, message: notice('error', 'This token is invalid or has expired. Check that it was copied whole, or get a new one.', 'token-invalid') };
    }
    if (error.code === 'FORBIDDEN') return { ok: false, message: noAccessNotice(roles) };
    return { ok: false, message: errorNotice(error) };
  }
  if (roles !== null && !session.allowsConsole(roles)) return { ok: false, message: noAccessNotice(roles) };
  return { ok: true };
}

function noAccessNotice(roles) {
  const which = roles && roles.length ? `This token has the role ${roles.join(', ')}. ` : '';
  return notice('error', `This token has no access to the console. ${which}The console is for the marketing and admin roles.`,
    'no-access');
}

function notice(kind, text, id) {
  return h('div', { class: `notice ${kind}`, role: 'alert', id }, h('p', {}, text));
}

/** In dev mode the service offers its dev tokens at /console/dev-tokens; elsewhere that is a 404. */
async function offerDevTokens(section, verify, signal) {
  let tokens;
  try {
    const response = await fetch('/console/dev-tokens', { cache: 'no-store', credentials: 'omit', signal });
    if (!response.ok) return;
    tokens = await response.json();
  } catch {
    return;
  }
  const buttons = DEV_TOKEN_ROLES.filter((role) => typeof tokens?.[role] === 'string').map((role) => h('button', {
    type: 'button', class: 'secondary', dataset: { role }, on: { click: () => verify(tokens[role]) },
  }, `Use the dev ${role} token`));
  if (buttons.length === 0) return;
  replace(section,
    h('h2', { id: 'dev-tokens-title' }, 'Dev mode'),
    h('p', { class: 'hint' }, 'The service runs in dev mode and offers a token per role.'),
    h('div', { class: 'actions wrap' }, buttons));
  section.hidden = false;
}

/** A stored token whose roles are not for the console: the message, and a way out. */
export function renderNoAccess(main, context) {
  context.setTitle('No access');
  main.append(h('div', { class: 'narrow' }, pageHeading('No access'),
    noAccessNotice(session.roles()),
    h('div', { class: 'actions' }, h('button', {
      type: 'button', on: { click: () => { session.signOut(); navigate('/sign-in'); } },
    }, 'Sign in with another token'))));
}
