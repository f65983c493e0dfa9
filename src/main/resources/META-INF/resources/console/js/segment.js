// A segment's page: what it is (definition, playbook, statistics), how its size moved (chart), who is in
// it (members page by page, CSV export), and who entered and left lately, live over the subscription.

import { downloadMembers, graphql, isAbort } from './api.js';
import { describeSeries, sizeChart } from './charts.js';
import { debounce, h, replace } from './dom.js';
import { daysBefore, formatCount, formatDate, todayUtc } from './format.js';
import { LiveSubscription } from './live.js';
import { adviceBody } from './playbook.js';
import { navigate, path } from './router.js';
import * as session from './session.js';
import {
  STATISTICS_FIELDS, date, errorNotice, explain, familyLabel, instant, loading, pageHeading, statistics,
} from './ui.js';

const SEGMENT = `query Segment($key: String!) { segment(key: $key) {
  key name family description size rule { text } advice { meaning goal actions measure } ${STATISTICS_FIELDS} } }`;
const SIZE = 'query SegmentSize($key: String!) { segment(key: $key) { size } }';
const HISTORY = `query SizeHistory($key: String!, $from: Date, $to: Date) {
  segment(key: $key) { sizeHistory(from: $from, to: $to) { date size } } }`;
const MEMBERS_PAGE = 25;
const MEMBERS = `query Members($key: String!, $after: String) { segment(key: $key) {
  members(first: ${MEMBERS_PAGE}, after: $after) { totalCount
    edges { node { id externalId email country lifecycle } } pageInfo { hasNextPage endCursor } } } }`;
const CHANGES_SHOWN = 20;
const CHANGES = `query RecentChanges($key: String!) { segment(key: $key) {
  recentChanges(first: ${CHANGES_SHOWN}) { id customerExternalId key entered at } } }`;
const FOLLOW = `subscription FollowSegment($keys: [String], $after: ID) {
  segmentChanges(keys: $keys, after: $after) { id customerExternalId key entered at } }`;
const DELETE = 'mutation DeleteSegment($key: String!) { deleteSegment(key: $key) }';

export function renderSegment(main, params, context) {
  const { key } = params;
  context.setTitle(key);
  const body = h('div', {}, loading('Loading the segment…'));
  const heading = pageHeading(key);
  main.append(heading, body);

  async function load() {
    replace(body, loading('Loading the segment…'));
    let segment;
    try {
      segment = (await graphql(SEGMENT, { key }, { signal: context.signal })).segment;
    } catch (error) {
      if (!isAbort(error)) replace(body, errorNotice(error, { retry: load }));
      return;
    }
    if (!segment) {
      replace(body, h('div', { class: 'notice error', role: 'alert' },
        h('p', {}, `There is no segment ${key}. `, h('a', { href: '#/' }, 'Back to the overview.'))));
      return;
    }
    context.setTitle(segment.name);
    heading.querySelector('h1').textContent = segment.name;
    replace(body, ...segmentPage(segment, context));
  }
  load();
}

function segmentPage(segment, context) {
  const sizeValue = h('span', { id: 'segment-size', dataset: { size: segment.size } }, formatCount(segment.size));
  const refreshSize = debounce(async () => {
    try {
      const size = (await graphql(SIZE, { key: segment.key }, { signal: context.signal })).segment?.size;
      if (size !== undefined && size !== null) {
        sizeValue.textContent = formatCount(size);
        sizeValue.dataset.size = size;
      }
    } catch {
      // the size stays as it was; the next change tries again
    }
  }, 400);
  const custom = segment.family === 'CUSTOM';
  return [
    h('div', { class: 'segment-summary' },
      h('p', { class: 'tags' }, h('span', { class: 'key' }, segment.key), h('span', { class: 'tag' }, familyLabel(segment.family))),
      segment.description ? h('p', { class: 'lead' }, segment.description) : null,
      h('p', { class: 'big-figure' }, sizeValue, ' members now')),
    custom ? customActions(segment, context) : builtInActions(segment),
    h('div', { class: 'two-columns' },
      section('Definition', definition(segment)),
      section('Statistics', statistics(segment.statistics),
        h('p', { class: 'hint' }, 'Over the orders of the window, as recorded by the last full recompute or change of the segment.'))),
    segment.advice ? section('Playbook', adviceBody(segment.advice)) : null,
    historySection(segment, context),
    membersSection(segment, context),
    changesSection(segment, context, refreshSize),
  ];
}

function section(title, ...content) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

function definition(segment) {
  if (segment.rule) {
    return h('pre', { class: 'rule-text', id: 'segment-rule' }, h('code', {}, segment.rule.text));
  }
  if (segment.key === 'BIG_SPENDER') {
    return h('p', { class: 'muted', id: 'segment-rule' }, 'No rule yet: big spenders are the customers above the 90th '
      + 'percentile of order totals, and that threshold exists only once there are orders (or when the setting '
      + 'bigSpenderOrderTotal sets one).');
  }
  return h('p', { class: 'muted', id: 'segment-rule' }, 'This segment has no rule the rule language can express yet.');
}

/** A built-in cannot change; its rule can start a custom segment in the builder. */
function builtInActions(segment) {
  if (!segment.rule) return null;
  return h('div', { class: 'actions wrap segment-actions' },
    h('a', { class: 'button secondary', href: `#${path('builder', segment.key)}` }, 'Start a custom segment from this rule'));
}

/** Edit (everyone may try; saving needs admin) and, for admins, delete with a confirmation step. */
function customActions(segment, context) {
  const status = h('div', { class: 'delete-status', 'aria-live': 'polite' });
  const bar = h('div', { class: 'actions wrap segment-actions' },
    h('a', { class: 'button secondary', href: `#${path('builder', segment.key)}` }, 'Edit the rule'));
  if (!session.isAdmin()) return h('div', {}, bar);
  const confirmPanel = h('div', { class: 'notice warning confirm-delete', hidden: true, id: 'confirm-delete' });
  const deleteButton = h('button', { type: 'button', class: 'secondary danger', id: 'delete-segment', 'aria-controls': 'confirm-delete',
    on: { click: () => { confirmPanel.hidden = false; confirmPanel.querySelector('button').focus(); } } },
  'Delete segment…');
  async function remove() {
    replace(status, loading('Deleting…'));
    try {
      await graphql(DELETE, { key: segment.key }, { signal: context.signal });
      navigate('/');
    } catch (error) {
      if (!isAbort(error)) replace(status, errorNotice(error));
    }
  }
  replace(confirmPanel,
    h('p', {}, `Delete ${segment.name}? Every member leaves (recorded as exits) and its size history goes. This cannot be undone.`),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'danger', id: 'confirm-delete-button', on: { click: remove } }, `Delete ${segment.key}`),
      h('button', { type: 'button', class: 'secondary', on: { click: () => { confirmPanel.hidden = true; deleteButton.focus(); } } }, 'Cancel')));
  bar.append(deleteButton);
  return h('div', {}, bar, confirmPanel, status);
}

function historySection(segment, context) {
  const today = todayUtc();
  const fromInput = h('input', { type: 'date', id: 'history-from', value: daysBefore(today, 365), max: today });
  const toInput = h('input', { type: 'date', id: 'history-to', value: today, max: today });
  const chartBox = h('div', { class: 'chart-box', id: 'size-chart' }, loading('Loading the size history…'));
  const tableBox = h('div', {});
  let shown = null;
  let drawnWidth = 0;

  function draw() {
    drawnWidth = chartBox.clientWidth;
    replace(chartBox, sizeChart(shown.points, { title: shown.title, width: Math.max(280, drawnWidth || 720) }));
  }
  // redrawn when its width changes (a turned phone, a resized window), so that its labels stay readable
  const resizes = new ResizeObserver(() => {
    if (shown && Math.abs(chartBox.clientWidth - drawnWidth) > 16) draw();
  });
  resizes.observe(chartBox);
  context.onLeave(() => resizes.disconnect());

  async function load() {
    shown = null;
    replace(chartBox, loading('Loading the size history…'));
    replace(tableBox);
    try {
      const data = await graphql(HISTORY, { key: segment.key, from: fromInput.value || null, to: toInput.value || null },
        { signal: context.signal });
      const points = data.segment?.sizeHistory ?? [];
      shown = { points, title: `Size of ${segment.name} from ${formatDate(fromInput.value || null)} to ${formatDate(toInput.value || today)}` };
      draw();
      replace(tableBox, historyTable(points));
    } catch (error) {
      if (!isAbort(error)) replace(chartBox, errorNotice(error, { retry: load }));
    }
  }
  const form = h('form', { class: 'inline-form', on: { submit: (event) => { event.preventDefault(); load(); } } },
    h('div', { class: 'field' }, h('label', { for: 'history-from' }, 'From'), fromInput),
    h('div', { class: 'field' }, h('label', { for: 'history-to' }, 'To'), toInput),
    h('button', { type: 'submit', class: 'secondary' }, 'Show'));
  load();
  return section('Size history', h('p', { class: 'hint' }, 'One point per day on which a full recompute (or a change of a custom segment) recorded the size.'),
    form, chartBox, tableBox);
}

/** The chart's points as a table, for readers who cannot see the chart. */
function historyTable(points) {
  if (points.length === 0) return null;
  return h('details', { class: 'data-table' },
    h('summary', {}, 'The sizes as a table'),
    h('p', { class: 'visually-hidden' }, describeSeries(points)),
    h('div', { class: 'table-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col', class: 'num' }, 'Members'))),
      h('tbody', {}, points.map((p) => h('tr', {}, h('td', {}, date(p.date)), h('td', { class: 'num' }, formatCount(p.size))))))));
}

function membersSection(segment, context) {
  // Cursors of the pages seen so far: Previous goes back to the one before, Next asks after endCursor.
  const cursors = [null];
  let pageIndex = 0;
  let nextCursor = null;
  const table = h('div', { class: 'members-box', 'aria-live': 'polite' }, loading('Loading the members…'));
  const previous = h('button', { type: 'button', class: 'secondary', id: 'members-previous', disabled: true }, 'Previous');
  const next = h('button', { type: 'button', class: 'secondary', id: 'members-next', disabled: true }, 'Next');
  const position = h('span', { class: 'page-position', id: 'members-position' });

  async function load() {
    previous.disabled = true;
    next.disabled = true;
    table.setAttribute('aria-busy', 'true');
    try {
      const data = await graphql(MEMBERS, { key: segment.key, after: cursors[pageIndex] }, { signal: context.signal });
      const members = data.segment.members;
      nextCursor = members.pageInfo.hasNextPage ? members.pageInfo.endCursor : null;
      const first = pageIndex * MEMBERS_PAGE + 1;
      const last = pageIndex * MEMBERS_PAGE + members.edges.length;
      position.textContent = members.totalCount === 0 ? 'No members'
        : `${formatCount(first)}–${formatCount(last)} of ${formatCount(members.totalCount)}`;
      replace(table, membersTable(members.edges.map((edge) => edge.node)));
      previous.disabled = pageIndex === 0;
      next.disabled = nextCursor === null;
    } catch (error) {
      if (!isAbort(error)) replace(table, errorNotice(error, { retry: load }));
    } finally {
      table.removeAttribute('aria-busy');
    }
  }
  next.addEventListener('click', () => {
    if (nextCursor === null) return;
    cursors[pageIndex + 1] = nextCursor;
    pageIndex += 1;
    load();
  });
  previous.addEventListener('click', () => {
    if (pageIndex === 0) return;
    pageIndex -= 1;
    load();
  });
  load();
  return section('Members', exportForm(segment, context), table,
    h('div', { class: 'pager' }, previous, position, next));
}

function membersTable(members) {
  if (members.length === 0) return h('p', { class: 'muted' }, 'Nobody is in this segment now.');
  return h('div', { class: 'table-scroll' }, h('table', { class: 'members-table reflow', id: 'members-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Customer'), h('th', { scope: 'col' }, 'E-mail'),
      h('th', { scope: 'col' }, 'Country'), h('th', { scope: 'col' }, 'Lifecycle'))),
    h('tbody', {}, members.map((member) => h('tr', { dataset: { externalId: member.externalId } },
      h('th', { scope: 'row' }, h('a', { href: `#${path('customers', member.externalId)}` }, member.externalId)),
      h('td', { dataset: { label: 'E-mail' } }, member.email ?? '—'),
      h('td', { dataset: { label: 'Country' } }, member.country ?? '—'),
      h('td', { dataset: { label: 'Lifecycle' } }, member.lifecycle))))));
}

/** CSV export through fetch (the token in the header), then a blob download. */
function exportForm(segment, context) {
  const consent = h('input', { type: 'checkbox', id: 'export-consent', checked: true });
  const status = h('span', { class: 'export-status', id: 'export-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'secondary', id: 'export-button' }, 'Download CSV');
  async function download(event) {
    event.preventDefault();
    button.disabled = true;
    status.textContent = 'Preparing the file…';
    try {
      const bytes = await downloadMembers(segment.key, consent.checked, { signal: context.signal });
      status.textContent = `Downloaded ${segment.key}-members.csv (${formatCount(Math.ceil(bytes / 1024))} KB).`;
    } catch (error) {
      if (!isAbort(error)) status.textContent = `The export failed. ${explain(error)}`;
    } finally {
      button.disabled = false;
    }
  }
  return h('form', { class: 'inline-form export-form', on: { submit: download } },
    h('div', { class: 'check' }, consent, h('label', { for: 'export-consent' }, 'Only customers who agreed to marketing')),
    button, status);
}

/**
 * The latest entries and exits (recentChanges, newest first), then live ones: the subscription resumes
 * right after the newest one read, so nothing falls between the two and nothing shows twice.
 */
function changesSection(segment, context, onChange) {
  const status = h('p', { class: 'live-status', id: 'live-status', role: 'status' }, 'Reading the latest changes…');
  const note = h('p', { class: 'hint', id: 'changes-note' });
  const list = h('ol', { class: 'changes', id: 'changes', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
    'aria-label': `Entries and exits of ${segment.name}` });
  const errors = h('div', {});
  let subscription = null;

  async function start() {
    let recent = [];
    try {
      const data = await graphql(CHANGES, { key: segment.key }, { signal: context.signal });
      recent = data.segment?.recentChanges ?? [];
    } catch (error) {
      if (isAbort(error)) return;
      replace(errors, errorNotice(error));
    }
    if (!context.isCurrent()) return;
    recent.forEach((change) => list.append(changeItem(change, false)));
    note.textContent = recent.length ? '' : 'No entries or exits yet.';
    // without any change yet, from now on
    const after = recent[0]?.id ?? null;
    subscription = new LiveSubscription({
      token: session.token(), query: FOLLOW, variables: { keys: [segment.key] }, after, field: 'segmentChanges',
      onEvent: (change) => {
        note.textContent = '';
        list.prepend(changeItem(change, true));
        while (list.children.length > 50) list.lastElementChild.remove();
        onChange();
      },
      onStatus: (state, detail) => {
        if (state === 'live') replace(errors);
        showStatus(status, state, detail);
      },
      onError: (error) => replace(errors, errorNotice({ message: error?.message, code: error?.extensions?.code })),
      // the socket closed for the token (4401/4403): one query lets api.js confirm it and sign out
      onUnauthenticated: () => graphql('query Check { segmentStatus { evaluatesAt } }').catch(() => {}),
    }).start();
  }
  context.onLeave(() => subscription?.stop());
  start();
  return section('Latest entries and exits', status, errors, note, list);
}

function showStatus(element, state, detail) {
  element.dataset.state = state;
  switch (state) {
    case 'connecting':
      element.textContent = 'Connecting to the live feed…';
      break;
    case 'live':
      element.textContent = 'Live: entries and exits appear here as they happen.';
      break;
    case 'waiting':
      element.textContent = `${detail?.reason ? `${detail.reason}. ` : 'The live feed was interrupted. '}Reconnecting in ${detail?.seconds ?? 1} s…`;
      break;
    default:
      element.textContent = detail ? `The live feed is closed: ${detail}` : 'The live feed is closed.';
  }
}

function changeItem(change, fresh) {
  const who = change.customerExternalId
    ? h('a', { href: `#${path('customers', change.customerExternalId)}` }, change.customerExternalId)
    : h('span', { class: 'muted' }, 'an erased customer');
  return h('li', { class: ['change', change.entered ? 'entered' : 'left', fresh ? 'fresh' : null],
    dataset: { changeId: change.id, customer: change.customerExternalId ?? '', entered: change.entered } },
  h('span', { class: 'change-kind' }, change.entered ? 'Entered' : 'Left'), ' ', who, ' ', instant(change.at));
}
