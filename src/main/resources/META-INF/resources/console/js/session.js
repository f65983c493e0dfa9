// The signed-in token. It lives in sessionStorage: it survives a reload but not the tab, and it is never
// put in a URL. Roles are read from the JWT's `groups` claim only to shape the UI (hide what a role cannot
// do); the service checks every request itself, whatever the console shows.

const TOKEN_KEY = 'clientele.console.token';
export const CONSOLE_ROLES = ['marketing', 'admin'];

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function isSignedIn() {
  return token() !== null;
}

export function signIn(newToken) {
  sessionStorage.setItem(TOKEN_KEY, newToken);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * The roles of a token's `groups` claim; null when the token is not a readable JWT (the service may
 * still accept it, e.g. with authentication switched off, so that case does not lock the UI).
 */
export function rolesOf(someToken) {
  const parts = (someToken ?? '').split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    const groups = payload.groups;
    if (Array.isArray(groups)) return groups.map(String);
    return typeof groups === 'string' ? [groups] : [];
  } catch {
    return null;
  }
}

export function roles() {
  return rolesOf(token());
}

/** Whether roles allow the console: marketing or admin (unknown roles: let the service decide). */
export function allowsConsole(someRoles) {
  return someRoles === null || someRoles.some((role) => CONSOLE_ROLES.includes(role));
}

/** Whether the UI offers admin actions (saving and deleting segments). */
export function isAdmin() {
  const current = roles();
  return current === null || current.includes('admin');
}

/** How the role shows in the header. */
export function roleLabel() {
  const current = roles();
  if (current === null) return 'token';
  if (current.includes('admin')) return 'admin';
  return current.includes('marketing') ? 'marketing' : current.join(', ');
}
