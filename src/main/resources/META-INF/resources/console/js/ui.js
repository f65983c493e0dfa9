// Small pieces every page uses: headings, loading and error notices, dates, definition lists.

import { h } from './dom.js';
import { DASH, formatDate, formatInstant, formatCount, formatMoney, formatShare } from './format.js';

/** What an error means for the reader, by its code; the service's own message follows it. */
export function explain(error) {
  const message = error?.message ?? String(error);
  switch (error?.code) {
    case 'UNAUTHENTICATED':
      return 'Your token is invalid or has expired. Sign in again.';
    case 'FORBIDDEN':
      return `Your token's role may not do this. ${message}`;
    case 'UNAVAILABLE':
      return `The service cannot answer right now (${message}). Try again in a moment.`;
    case 'NETWORK':
      return message;
    case 'INTERNAL':
      return `The service failed; the fault has been logged. ${message}`;
    default:
      return message;
  }
}

/** An error notice (role=alert) with the code, and a Retry button when the page can retry. */
export function errorNotice(error, { retry } = {}) {
  const code = error?.code ?? 'ERROR';
  return h('div', { class: 'notice error', role: 'alert', dataset: { code } },
    h('p', {}, h('strong', {}, `${title(code)}: `), explain(error)),
    error?.extensions?.inputPath ? h('p', { class: 'muted' }, `At ${error.extensions.inputPath}.`) : null,
    retry ? h('button', { type: 'button', class: 'secondary', on: { click: retry } }, 'Try again') : null);
}

function title(code) {
  return {
    UNAUTHENTICATED: 'Not signed in',
    FORBIDDEN: 'Not allowed',
    UNAVAILABLE: 'Unavailable',
    NETWORK: 'No connection',
    NOT_FOUND: 'Not found',
    BAD_USER_INPUT: 'Refused',
    CONFLICT: 'Conflict',
    INTERNAL: 'Service error',
  }[code] ?? 'Error';
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** A page's h1; the router moves focus to it after navigation (tabindex -1 makes it focusable). */
export function pageHeading(text, ...extra) {
  return h('div', { class: 'page-heading' }, h('h1', { tabindex: -1 }, text), ...extra);
}

/** An instant in the reader's locale, with the ISO value in its title and datetime. */
export function instant(iso) {
  if (!iso) return DASH;
  return h('time', { datetime: iso, title: iso }, formatInstant(iso));
}

export function date(isoDate) {
  if (!isoDate) return DASH;
  return h('time', { datetime: isoDate, title: isoDate }, formatDate(isoDate));
}

/** A <dl> of [term, value] pairs; values may be nodes or text. */
export function definitions(pairs, className = 'facts') {
  return h('dl', { class: className },
    pairs.filter(Boolean).map(([term, value]) => h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, value ?? DASH))));
}

/** The statistics a full recompute recorded for a segment; a note when none were recorded yet. */
export function statistics(stats) {
  if (!stats) {
    return h('p', { class: 'muted' }, 'No statistics yet: the next full recompute records them.');
  }
  return definitions([
    ['Members then', formatCount(stats.size)],
    ['Share of customers', formatShare(stats.customerShare)],
    ['Revenue in window', formatMoney(stats.revenueInWindow)],
    ['Share of revenue', formatShare(stats.revenueShare)],
    ['Orders in window', formatCount(stats.ordersInWindow)],
    ['Average order value', formatMoney(stats.averageOrderValue)],
    ['Revenue per customer', formatMoney(stats.revenuePerCustomer)],
    ['Recorded', instant(stats.recordedAt)],
  ], 'facts statistics');
}

export const STATISTICS_FIELDS = 'statistics { recordedAt size customerShare revenueInWindow revenueShare '
  + 'ordersInWindow averageOrderValue revenuePerCustomer }';

export const FAMILIES = [
  { key: 'LIFECYCLE', label: 'Lifecycle' },
  { key: 'RFM', label: 'RFM' },
  { key: 'BEHAVIOUR', label: 'Behaviour' },
  { key: 'CUSTOM', label: 'Custom' },
];

export function familyLabel(key) {
  return FAMILIES.find((family) => family.key === key)?.label ?? key;
}

/** Groups segments by family, in the order of FAMILIES; families without segments are left out. */
export function byFamily(segments) {
  return FAMILIES.map((family) => ({ ...family, segments: segments.filter((s) => s.family === family.key) }))
    .filter((family) => family.segments.length > 0);
}

/** A yes/no with a symbol that is not the only signal: the word is there for everyone. */
export function yesNo(value) {
  if (value === null || value === undefined) return DASH;
  return value ? 'yes' : 'no';
}
