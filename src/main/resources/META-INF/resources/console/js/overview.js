// The overview: every segment by family, with its size, the last 30 days of sizes as a sparkline, the
// growth over them, and the statistics the last full recompute recorded.
//
// Cost: `segments` counts as many as there are segments, and `sizeHistory` as many as its days, so one
// request costs about 77 per segment (some 10,000 for the 33 built-ins and 100 custom segments; the
// limit is 20,000). Should the service refuse it for its cost (a lower CLIENTELE_LIMITS_MAX_COST), the
// page asks for the rows and the histories separately, and shows the rows alone if the histories still
// cost too much.

import { graphql, isAbort } from './api.js';
import { sparkline } from './charts.js';
import { h, replace } from './dom.js';
import {
  DASH, daysBefore, formatCount, formatMoney, formatShare, formatSignedCount, formatSignedShare, todayUtc,
} from './format.js';
import { path } from './router.js';
import { STATISTICS_FIELDS, byFamily, errorNotice, instant, loading, pageHeading } from './ui.js';

const HISTORY_DAYS = 30;
const ROW_FIELDS = `key name family size ${STATISTICS_FIELDS}`;
const STATUS_FIELDS = 'segmentStatus { evaluatesAt lastFullRecomputeAsOf pinnedAsOf }';
const WHOLE = `query Overview($from: Date!) { ${STATUS_FIELDS} segments { ${ROW_FIELDS} sizeHistory(from: $from) { date size } } }`;
const ROWS = `query OverviewRows { ${STATUS_FIELDS} segments { ${ROW_FIELDS} } }`;
const HISTORIES = 'query OverviewHistories($from: Date!) { segments { key sizeHistory(from: $from) { date size } } }';

export function renderOverview(main, params, context) {
  context.setTitle('Segments');
  const body = h('div', { class: 'overview-body' }, loading('Loading the segments…'));
  main.append(pageHeading('Segments', h('a', { class: 'button', href: '#/builder' }, 'New segment')), body);

  async function load() {
    replace(body, loading('Loading the segments…'));
    try {
      const data = await fetchOverview(context.signal);
      replace(body, ...overview(data));
    } catch (error) {
      if (!isAbort(error)) replace(body, errorNotice(error, { retry: load }));
    }
  }
  load();
}

function isCostRefusal(error) {
  return error.code === 'BAD_USER_INPUT' && error.extensions?.cost !== undefined;
}

async function fetchOverview(signal) {
  const from = daysBefore(todayUtc(), HISTORY_DAYS);
  try {
    return await graphql(WHOLE, { from }, { signal });
  } catch (error) {
    if (!isCostRefusal(error)) throw error;
  }
  const rows = await graphql(ROWS, {}, { signal });
  try {
    const histories = await graphql(HISTORIES, { from }, { signal });
    const byKey = new Map(histories.segments.map((s) => [s.key, s.sizeHistory]));
    rows.segments.forEach((segment) => { segment.sizeHistory = byKey.get(segment.key) ?? null; });
  } catch (error) {
    if (!isCostRefusal(error)) throw error;
    rows.historiesTooCostly = true;
  }
  return rows;
}

function overview(data) {
  const status = data.segmentStatus;
  const parts = [
    h('p', { class: 'lead' },
      'Members are counted now. The other figures cover the orders of the window and were recorded by the last full '
      + 'recompute', status.lastFullRecomputeAsOf ? [' (evaluated at ', instant(status.lastFullRecomputeAsOf), ')'] : '',
      '. ', status.pinnedAsOf ? ['The engine is pinned at ', instant(status.pinnedAsOf), '.'] : ''),
  ];
  if (data.historiesTooCostly) {
    parts.push(h('p', { class: 'notice warning' },
      'The size histories are not shown: the service limits the cost of a request, and asking for them would exceed it.'));
  }
  for (const family of byFamily(data.segments)) {
    parts.push(familySection(family));
  }
  return parts;
}

function familySection(family) {
  const headingId = `family-${family.key.toLowerCase()}`;
  return h('section', { class: 'family', 'aria-labelledby': headingId, dataset: { family: family.key } },
    h('h2', { id: headingId }, family.label, h('span', { class: 'count-badge' }, formatCount(family.segments.length))),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'segments-table reflow' },
        h('caption', { class: 'visually-hidden' }, `${family.label} segments`),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Segment'),
          h('th', { scope: 'col', class: 'num' }, 'Members'),
          h('th', { scope: 'col' }, `Last ${HISTORY_DAYS} days`),
          h('th', { scope: 'col', class: 'num' }, 'Customer share'),
          h('th', { scope: 'col', class: 'num' }, 'Revenue'),
          h('th', { scope: 'col', class: 'num' }, 'Revenue share'),
          h('th', { scope: 'col', class: 'num' }, 'Orders'),
          h('th', { scope: 'col', class: 'num' }, 'Avg. order'),
          h('th', { scope: 'col', class: 'num' }, 'Per customer'))),
        h('tbody', {}, family.segments.map(segmentRow)))));
}

function segmentRow(segment) {
  const stats = segment.statistics;
  return h('tr', { dataset: { key: segment.key } },
    h('th', { scope: 'row', class: 'segment-cell' },
      h('a', { href: `#${path('segments', segment.key)}` }, segment.name),
      h('span', { class: 'key' }, segment.key)),
    cell('Members', formatCount(segment.size), 'num size', { size: segment.size }),
    h('td', { class: 'trend', dataset: { label: `Last ${HISTORY_DAYS} days` } }, trend(segment)),
    cell('Customer share', formatShare(stats?.customerShare), 'num'),
    cell('Revenue', formatMoney(stats?.revenueInWindow), 'num'),
    cell('Revenue share', formatShare(stats?.revenueShare), 'num'),
    cell('Orders', formatCount(stats?.ordersInWindow), 'num'),
    cell('Avg. order', formatMoney(stats?.averageOrderValue), 'num'),
    cell('Per customer', formatMoney(stats?.revenuePerCustomer), 'num'));
}

/** A table cell that carries its column name for the phone layout, where rows become cards. */
function cell(label, text, className, dataset = {}) {
  return h('td', { class: className, dataset: { label, ...dataset } }, text);
}

/** The sparkline and the growth from the first to the last recorded size of the period. */
function trend(segment) {
  const points = segment.sizeHistory;
  if (!points) return DASH;
  const growth = growthOf(points);
  return h('div', { class: 'trend-box' },
    sparkline(points, `${segment.name}: size over the last ${HISTORY_DAYS} days`),
    h('span', { class: ['growth', growth && growth.difference > 0 ? 'up' : growth && growth.difference < 0 ? 'down' : null] },
      growth ? `${formatSignedCount(growth.difference)}${growth.share === null ? '' : ` (${formatSignedShare(growth.share)})`}` : DASH));
}

export function growthOf(points) {
  if (points.length < 2) return null;
  const first = points[0].size;
  const last = points[points.length - 1].size;
  return { difference: last - first, share: first === 0 ? null : (last - first) / first };
}
