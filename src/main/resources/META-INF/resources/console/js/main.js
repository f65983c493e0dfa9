// The console's shell: routes, the header (navigation, customer search, sign-out), and the life of a
// page. Each page gets a context whose AbortSignal ends its requests when it is left, and whose onLeave
// callbacks close what it opened (the segment page's WebSocket).

import { onUnauthenticated } from './api.js';
import { h } from './dom.js';
import { currentPath, match, navigate, path, route, start } from './router.js';
import * as session from './session.js';
import { renderBuilder } from './builder.js';
import { renderCustomer } from './customer.js';
import { renderOverview } from './overview.js';
import { renderPlaybook } from './playbook.js';
import { renderSegment } from './segment.js';
import { renderNoAccess, renderSignIn } from './signin.js';
import { pageHeading } from './ui.js';

const main = document.getElementById('main');
const header = document.querySelector('.site-header');
const nav = document.getElementById('site-nav');
const menuButton = document.getElementById('menu-button');
const announcer = document.getElementById('route-announcer');

/** The page on screen: its abort controller and what to run when it is left. */
let currentPage = null;
/** Where to go after signing in: the page that asked for it. */
let pathAfterSignIn = '/';
/** A message for the sign-in page (why the reader was sent there). */
let signInMessage = null;

route('/sign-in', renderSignIn);
route('/', renderOverview);
route('/builder', renderBuilder);
route('/builder/:key', renderBuilder);
route('/segments/:key', renderSegment);
route('/customers/:externalId', renderCustomer);
route('/playbook', renderPlaybook);

onUnauthenticated(() => {
  if (!session.isSignedIn()) return;
  session.signOut();
  signInMessage = 'Your token is invalid or has expired. Sign in again.';
  pathAfterSignIn = currentPath() === '/sign-in' ? '/' : currentPath();
  navigate('/sign-in');
});

function leavePage() {
  if (!currentPage) return;
  currentPage.controller.abort();
  for (const callback of currentPage.leaveCallbacks) callback();
  currentPage = null;
}

function show(routePath) {
  // decided before the old page goes, since the link or button that had the focus may go with it
  const moveFocus = document.activeElement !== null && document.activeElement !== document.body;
  leavePage();
  closeMenu();
  if (!session.isSignedIn() && routePath !== '/sign-in') {
    pathAfterSignIn = routePath;
    navigate('/sign-in');
    return;
  }
  const access = session.isSignedIn() && session.allowsConsole(session.roles());
  updateHeader(routePath, access);
  const controller = new AbortController();
  const page = { controller, leaveCallbacks: [] };
  currentPage = page;
  const context = {
    signal: controller.signal,
    onLeave: (callback) => page.leaveCallbacks.push(callback),
    setTitle: (title) => {
      document.title = `${title} · Clientele console`;
      announcer.textContent = title;
    },
    /** Whether this page is still the one on screen (answers for a left page are dropped). */
    isCurrent: () => currentPage === page,
    /** After a successful sign-in: back to the page that sent the reader to sign in. */
    continueAfterSignIn: () => navigate(pathAfterSignIn),
    takeSignInMessage: () => {
      const message = signInMessage;
      signInMessage = null;
      return message;
    },
  };
  main.replaceChildren();
  if (session.isSignedIn() && !access) {
    renderNoAccess(main, context);
  } else {
    const found = match(routePath);
    if (found) {
      found.view(main, found.params, context);
    } else {
      context.setTitle('Not found');
      main.append(pageHeading('Page not found'),
        h('p', {}, 'The console has no page at this address. ', h('a', { href: '#/' }, 'Go to the overview.')));
    }
  }
  window.scrollTo(0, 0);
  if (moveFocus) focusHeading();
}

/**
 * After navigating from a link or button, the new page's heading takes the focus, so that screen readers
 * and keyboards start there. On a fresh load nothing has the focus, and the skip link stays the first stop.
 */
function focusHeading() {
  const heading = main.querySelector('h1');
  (heading ?? main).focus({ preventScroll: true });
}

function updateHeader(routePath, access) {
  const showNav = session.isSignedIn() && access;
  nav.hidden = !showNav;
  menuButton.hidden = !showNav;
  document.getElementById('role-badge').textContent = showNav ? `Role: ${session.roleLabel()}` : '';
  const section = routePath.split('/')[1] || 'overview';
  for (const link of nav.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function closeMenu() {
  header.classList.remove('nav-open');
  menuButton.setAttribute('aria-expanded', 'false');
}

menuButton.addEventListener('click', () => {
  const open = !header.classList.contains('nav-open');
  header.classList.toggle('nav-open', open);
  menuButton.setAttribute('aria-expanded', String(open));
});

document.getElementById('customer-search').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('customer-search-input');
  const externalId = input.value.trim();
  if (externalId) {
    input.value = '';
    navigate(path('customers', externalId));
  }
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  pathAfterSignIn = '/';
  navigate('/sign-in');
});

// The skip link jumps to the content without touching the hash (which holds the route).
document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  (main.querySelector('h1') ?? main).focus();
});

start(show);
