// A customer's page: who they are, their metrics, lifecycle and RFM scores, their segments and recent
// entries and exits, their latest purchases, and why they are or are not in any segment, condition by
// condition (explainSegment).

import { graphql, isAbort } from './api.js';
import { h, replace, uniqueId } from './dom.js';
import { DASH, formatCount, formatDecimal, formatMoney, formatShare } from './format.js';
import { path } from './router.js';
import { byFamily, definitions, errorNotice, familyLabel, instant, loading, pageHeading, yesNo } from './ui.js';

const METRICS = `asOf orderCount ordersInWindow ordersLast365Days bulkOrdersInWindow activeQuartersInLast4
  totalSpend spendInWindow averageOrderValue largestOrderTotal firstOrderAt lastOrderAt daysSinceFirstOrder
  daysSinceLastOrder interPurchaseGapCv discountedOrderShare mobileOrderShare socialOrderShare quickOrderShare
  topCategory topCategoryShare visitsInWindow visitsLast30Days mobileVisitShare researchVisitsPerOrder
  daysSinceLastCartAdd ordersAfterLastCartAdd`;
const CUSTOMER = `query Customer($externalId: String!) {
  customerByExternalId(externalId: $externalId) {
    externalId email name country city kind registered marketingConsent firstSeenAt lifecycle
    rfm { recency frequency monetary group }
    metrics { ${METRICS} }
    segments { key since detail segment { name family } }
    segmentHistory(first: 20) { edges { node { id key entered at } } }
    purchases(first: 10) { totalCount edges { node {
      externalId orderedAt currency subtotal discount total cancelledAt lines { sku category quantity amount } } } }
  }
  segments { key name family }
}`;
const EXPLAIN = `query Explain($externalId: String!, $key: String!) {
  explainSegment(customerExternalId: $externalId, key: $key) {
    matched member asOf rule { text } nodes { id parentId kind text matched value } } }`;

export function renderCustomer(main, params, context) {
  const { externalId } = params;
  context.setTitle(`Customer ${externalId}`);
  const body = h('div', {}, loading('Loading the customer…'));
  main.append(pageHeading(externalId), body);

  async function load() {
    replace(body, loading('Loading the customer…'));
    try {
      const data = await graphql(CUSTOMER, { externalId }, { signal: context.signal });
      const customer = data.customerByExternalId;
      if (!customer) {
        replace(body, h('div', { class: 'notice error', role: 'alert', id: 'customer-missing' },
          h('p', {}, `There is no customer with the id ${externalId}.`)));
        return;
      }
      replace(body, ...customerPage(customer, data.segments, context));
    } catch (error) {
      if (!isAbort(error)) replace(body, errorNotice(error, { retry: load }));
    }
  }
  load();
}

function customerPage(customer, allSegments, context) {
  const m = customer.metrics;
  return [
    h('p', { class: 'lead' }, [customer.name, customer.email, [customer.city, customer.country].filter(Boolean).join(', ')]
      .filter(Boolean).join(' · ') || 'No personal details recorded.'),
    h('div', { class: 'two-columns' },
      card('Profile', definitions([
        ['Lifecycle', h('strong', { id: 'customer-lifecycle' }, customer.lifecycle)],
        ['RFM', customer.rfm ? `${customer.rfm.group} (R ${customer.rfm.recency}, F ${customer.rfm.frequency}, M ${customer.rfm.monetary})`
          : 'No order in the RFM window'],
        ['Kind', customer.kind],
        ['Registered', yesNo(customer.registered)],
        ['Marketing consent', yesNo(customer.marketingConsent)],
        ['First seen', instant(customer.firstSeenAt)],
      ])),
      card('Segments', segmentsList(customer.segments))),
    explainSection(customer, allSegments, context),
    card('Metrics', h('p', { class: 'hint' }, 'As of ', instant(m.asOf), ' (the customer\'s last evaluation).'),
      h('div', { class: 'metric-groups' },
        metricGroup('Orders', [
          ['Orders, all time', formatCount(m.orderCount)], ['Orders in window', formatCount(m.ordersInWindow)],
          ['Orders, last 365 days', formatCount(m.ordersLast365Days)], ['Bulk orders in window', formatCount(m.bulkOrdersInWindow)],
          ['Active quarters of the last 4', formatCount(m.activeQuartersInLast4)]]),
        metricGroup('Spend', [
          ['Total spend', formatMoney(m.totalSpend)], ['Spend in window', formatMoney(m.spendInWindow)],
          ['Average order value', formatMoney(m.averageOrderValue)], ['Largest order', formatMoney(m.largestOrderTotal)]]),
        metricGroup('Timing', [
          ['First order', instant(m.firstOrderAt)], ['Latest order', instant(m.lastOrderAt)],
          ['Days since first order', formatCount(m.daysSinceFirstOrder)], ['Days since latest order', formatCount(m.daysSinceLastOrder)],
          ['Gap variation (CV)', formatDecimal(m.interPurchaseGapCv)]]),
        metricGroup('Habits', [
          ['Discounted orders', formatShare(m.discountedOrderShare)], ['Mobile orders', formatShare(m.mobileOrderShare)],
          ['Social orders', formatShare(m.socialOrderShare)], ['Quick orders', formatShare(m.quickOrderShare)],
          ['Top category', m.topCategory ?? DASH], ['Top category share', formatShare(m.topCategoryShare)]]),
        metricGroup('Visits', [
          ['Visits in window', formatCount(m.visitsInWindow)], ['Visits, last 30 days', formatCount(m.visitsLast30Days)],
          ['Mobile visits', formatShare(m.mobileVisitShare)], ['Research visits per order', formatDecimal(m.researchVisitsPerOrder)],
          ['Days since last cart add', formatCount(m.daysSinceLastCartAdd)], ['Orders after last cart add', formatCount(m.ordersAfterLastCartAdd)]]))),
    h('div', { class: 'two-columns' },
      card('Recent entries and exits', historyList(customer.segmentHistory.edges.map((edge) => edge.node))),
      card('Latest purchases', purchasesTable(customer.purchases))),
  ];
}

function card(title, ...content) {
  const id = uniqueId('card');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

function metricGroup(title, pairs) {
  return h('div', { class: 'metric-group' }, h('h3', {}, title), definitions(pairs));
}

function segmentsList(memberships) {
  if (memberships.length === 0) return h('p', { class: 'muted' }, 'In no segment.');
  return h('ul', { class: 'plain-list', id: 'customer-segments' }, memberships.map((membership) => h('li', { dataset: { key: membership.key } },
    h('a', { href: `#${path('segments', membership.key)}` }, membership.segment.name),
    ' ', h('span', { class: 'key' }, membership.key),
    h('span', { class: 'muted' }, ` ${familyLabel(membership.segment.family)}, since `), instant(membership.since),
    membership.detail ? h('span', { class: 'muted' }, ` (${membership.detail})`) : null)));
}

function historyList(changes) {
  if (changes.length === 0) return h('p', { class: 'muted' }, 'No entries or exits yet.');
  return h('ol', { class: 'changes' }, changes.map((change) => h('li', { class: ['change', change.entered ? 'entered' : 'left'] },
    h('span', { class: 'change-kind' }, change.entered ? 'Entered' : 'Left'), ' ',
    h('a', { href: `#${path('segments', change.key)}` }, change.key), ' ', instant(change.at))));
}

function purchasesTable(purchases) {
  if (purchases.totalCount === 0) return h('p', { class: 'muted' }, 'No purchases.');
  return h('div', {},
    h('p', { class: 'hint' }, purchases.totalCount > purchases.edges.length
      ? `The latest ${purchases.edges.length} of ${formatCount(purchases.totalCount)} purchases.` : 'All purchases, newest first.'),
    h('div', { class: 'table-scroll' }, h('table', { class: 'purchases-table reflow' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Ordered'), h('th', { scope: 'col' }, 'Order'),
        h('th', { scope: 'col' }, 'Items'), h('th', { scope: 'col', class: 'num' }, 'Total'))),
      h('tbody', {}, purchases.edges.map(({ node }) => h('tr', { class: node.cancelledAt ? 'cancelled' : null },
        h('td', { dataset: { label: 'Ordered' } }, instant(node.orderedAt)),
        h('td', { dataset: { label: 'Order' } }, node.externalId, node.cancelledAt ? h('span', { class: 'tag' }, 'cancelled') : null),
        h('td', { dataset: { label: 'Items' } }, node.lines.map((line) => `${line.quantity} × ${line.category ?? line.sku}`).join(', ')),
        h('td', { class: 'num', dataset: { label: 'Total' } }, `${formatMoney(node.total)} ${node.currency}`)))))));
}

/** A select of every segment (the customer's own first by default) and the explanation of the chosen one. */
function explainSection(customer, allSegments, context) {
  const select = h('select', { id: 'explain-segment' }, byFamily(allSegments).map((family) => h('optgroup', { label: family.label },
    family.segments.map((segment) => h('option', { value: segment.key }, `${segment.name} (${segment.key})`)))));
  select.value = defaultSegment(customer);
  const result = h('div', { class: 'explanation', id: 'explanation', 'aria-live': 'polite' });
  let controller = null;

  async function explainChosen() {
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    context.signal.addEventListener('abort', () => controller.abort(), { once: true });
    result.setAttribute('aria-busy', 'true');
    replace(result, loading('Explaining…'));
    try {
      const data = await graphql(EXPLAIN, { externalId: customer.externalId, key: select.value }, { signal });
      replace(result, explanation(data.explainSegment, select.value));
    } catch (error) {
      if (!isAbort(error)) replace(result, errorNotice(error));
    } finally {
      if (!signal.aborted) result.removeAttribute('aria-busy');
    }
  }
  select.addEventListener('change', explainChosen);
  explainChosen();
  return card('Why in a segment, or not',
    h('div', { class: 'field' }, h('label', { for: 'explain-segment' }, 'Segment'), select),
    result);
}

/** One of the customer's own segments: a custom one first, else a behaviour or RFM one, else the lifecycle. */
function defaultSegment(customer) {
  const order = ['CUSTOM', 'BEHAVIOUR', 'RFM', 'LIFECYCLE'];
  const own = [...customer.segments].sort((a, b) => order.indexOf(a.segment.family) - order.indexOf(b.segment.family));
  return own[0]?.key ?? customer.lifecycle;
}

function explanation(result, key) {
  const children = new Map();
  for (const node of result.nodes) {
    const siblings = children.get(node.parentId ?? null) ?? [];
    siblings.push(node);
    children.set(node.parentId ?? null, siblings);
  }
  const roots = children.get(null) ?? [];
  return h('div', { dataset: { key, matched: result.matched } },
    h('p', { class: ['verdict', result.matched ? 'yes' : 'no'], id: 'explain-verdict' },
      mark(result.matched),
      result.matched ? ' The rule selects this customer.' : ' The rule does not select this customer.'),
    h('p', { class: 'hint' }, 'Member as stored: ', yesNo(result.member), '. Evaluated at ', instant(result.asOf), '.'),
    h('ul', { class: 'explain-tree', id: 'explain-tree' }, roots.map((node) => explainNode(node, children))));
}

function explainNode(node, children) {
  const kids = children.get(node.id) ?? [];
  const isCondition = node.kind === 'CONDITION' || node.kind === 'IN_SEGMENT';
  return h('li', { class: ['explain-node', node.matched ? 'holds' : 'fails'], dataset: { nodeId: node.id, kind: node.kind, matched: node.matched } },
    h('div', { class: 'explain-line' },
      mark(node.matched),
      h('div', { class: 'explain-body' },
        isCondition ? h('code', { class: 'explain-text' }, node.text) : h('span', { class: 'explain-group' }, groupLabel(node.kind)),
        node.kind === 'CONDITION' ? h('span', { class: 'explain-value' }, 'customer\'s value: ',
          node.value === null ? h('em', {}, 'not set') : h('code', {}, node.value)) : null)),
    kids.length ? h('ul', {}, kids.map((kid) => explainNode(kid, children))) : null);
}

function groupLabel(kind) {
  return { AND: 'All of these', OR: 'Any of these', NOT: 'Not this' }[kind] ?? kind;
}

/** ✓ or ✗ for the eye, with words for screen readers: colour is never the only signal. */
function mark(matched) {
  return h('span', { class: ['mark', matched ? 'yes' : 'no'] },
    h('span', { 'aria-hidden': 'true' }, matched ? '✓' : '✗'),
    h('span', { class: 'visually-hidden' }, matched ? 'holds: ' : 'does not hold: '));
}
