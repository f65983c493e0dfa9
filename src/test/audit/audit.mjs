// Runs graphql-http's server audits against the service and prints one JSON line per audit.
// Usage: node audit.mjs <url> <bearer token>
// Every request carries the token (an admin's: the audits use introspection, which is admin-only).
import { serverAudits } from 'graphql-http';

const [url, token] = process.argv.slice(2);
const fetchFn = (input, init = {}) =>
  fetch(input, { ...init, headers: { ...(init.headers || {}), authorization: `Bearer ${token}` } });

const results = [];
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  results.push({
    id: audit.id,
    name: audit.name,
    status: result.status,
    reason: result.status === 'ok' ? null : result.reason,
    httpStatus: result.response ? result.response.status : null,
  });
}
console.log(JSON.stringify(results));
