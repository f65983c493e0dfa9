// Hash routes (#/segments/LOYAL): the service serves one static page, so every view lives after the
// hash, and a reload or a shared link opens the same view. Only hashes that start with "#/" are routes;
// others (the skip link's #main) are left to the browser.

const routes = [];

/** Registers a route: a pattern such as '/segments/:key' and the view that renders it. */
export function route(pattern, view) {
  const parts = pattern.split('/').filter(Boolean);
  routes.push({ parts, view });
}

/** The current route path, '/' when there is none. */
export function currentPath() {
  const hash = window.location.hash;
  return hash.startsWith('#/') ? hash.slice(1) : '/';
}

export function navigate(path) {
  if (currentPath() === path) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = `#${path}`;
  }
}

/** A route path with its dynamic parts encoded: path('segments', key). */
export function path(...segments) {
  return `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
}

/** Finds the view of a path with its decoded parameters; null when nothing matches. */
export function match(somePath) {
  const actual = somePath.split('/').filter(Boolean);
  for (const { parts, view } of routes) {
    if (parts.length !== actual.length) continue;
    const params = {};
    const matches = parts.every((part, i) => {
      if (part.startsWith(':')) {
        try {
          params[part.slice(1)] = decodeURIComponent(actual[i]);
          return true;
        } catch {
          return false;
        }
      }
      return part === actual[i];
    });
    if (matches) return { view, params };
  }
  return null;
}

/** Calls onRoute(path) now and on every change of a route hash. */
export function start(onRoute) {
  window.addEventListener('hashchange', () => {
    if (window.location.hash === '' || window.location.hash.startsWith('#/')) onRoute(currentPath());
  });
  onRoute(currentPath());
}
