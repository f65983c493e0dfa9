// Talks to the service: GraphQL over POST /graphql with the bearer token, and the member export.
// Every failure becomes an ApiError with a code (the GraphQL `extensions.code`, or NETWORK / HTTP for
// failures outside GraphQL), so pages can explain it. Requests take an AbortSignal: a page aborts what it
// started when it is left, and the builder aborts outdated previews.

import { token } from './session.js';

export class ApiError extends Error {
  constructor(message, { code, status = null, errors = [], data = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.errors = errors;
    this.data = data;
    this.extensions = errors[0]?.extensions ?? {};
  }
}

let unauthenticatedHandler = () => {};

/** What to do when the service says the token is not (or no longer) valid: main.js signs out. */
export function onUnauthenticated(handler) {
  unauthenticatedHandler = handler;
}

export function isAbort(error) {
  return error?.name === 'AbortError';
}

function authorization() {
  return { Authorization: `Bearer ${token() ?? ''}` };
}

/**
 * Runs a GraphQL document and returns its data. Any error in the answer rejects with an ApiError for
 * the most telling error (UNAUTHENTICATED first); its `data` holds what the service did answer.
 * `tokenOverride` checks a token before it is stored (sign-in).
 */
export async function graphql(query, variables = {}, { signal, tokenOverride } = {}) {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
    ...(tokenOverride !== undefined ? { Authorization: `Bearer ${tokenOverride}` } : authorization()),
  };
  const response = await send('/graphql', {
    method: 'POST', headers, body: JSON.stringify({ query, variables }), signal,
  });
  const body = await readJson(response);
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (errors.length > 0 || !response.ok || !body?.data) {
    const error = errorFrom(response, errors, body?.data ?? null);
    if (error.code === 'UNAUTHENTICATED' && tokenOverride === undefined) unauthenticatedHandler(error);
    throw error;
  }
  return body.data;
}

/**
 * Downloads a segment's members as CSV. The token goes in the Authorization header (never in the URL,
 * where it would end up in logs and history), so the file is fetched here and handed to the browser as
 * a blob through a temporary object URL.
 */
export async function downloadMembers(key, consentOnly, { signal } = {}) {
  const url = `/segments/${encodeURIComponent(key)}/members?consent=${consentOnly ? 'true' : 'false'}`;
  const response = await send(url, { headers: { Accept: 'text/csv', ...authorization() }, signal });
  if (!response.ok) {
    const error = errorFrom(response, (await readJson(response))?.errors ?? [], null);
    if (error.code === 'UNAUTHENTICATED') unauthenticatedHandler(error);
    throw error;
  }
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = `${key}-members.csv`;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download from the blob; give it a moment before the URL is released.
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  return blob.size;
}

async function send(url, options) {
  try {
    return await fetch(url, { ...options, cache: 'no-store', credentials: 'omit' });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('The service could not be reached. Check the connection and try again.', { code: 'NETWORK' });
  }
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function errorFrom(response, errors, data) {
  const chosen = errors.find((e) => e?.extensions?.code === 'UNAUTHENTICATED') ?? errors[0];
  if (chosen) {
    const code = chosen.extensions?.code ?? codeOfStatus(response.status);
    const ordered = chosen === errors[0] ? errors : [chosen, ...errors.filter((e) => e !== chosen)];
    return new ApiError(chosen.message ?? 'The service refused the request.', {
      code, status: response.status, errors: ordered, data,
    });
  }
  return new ApiError(`The service answered HTTP ${response.status} without an explanation.`, {
    code: codeOfStatus(response.status), status: response.status, data,
  });
}

function codeOfStatus(status) {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 503) return 'UNAVAILABLE';
  if (status >= 400 && status < 500) return 'BAD_USER_INPUT';
  return 'INTERNAL';
}
