// The playbook: what each built-in segment means, what to aim for, the plays that suit it and what to
// watch, grouped by family. Custom segments have no advice (their meaning is their authors').

import { graphql, isAbort } from './api.js';
import { h, replace } from './dom.js';
import { path } from './router.js';
import { byFamily, errorNotice, loading, pageHeading } from './ui.js';

const PLAYBOOK = 'query Playbook { segments { key name family advice { meaning goal actions measure } } }';

export function renderPlaybook(main, params, context) {
  context.setTitle('Playbook');
  const body = h('div', {}, loading('Loading the playbook…'));
  main.append(pageHeading('Playbook'),
    h('p', { class: 'lead' }, 'What every built-in segment means and what to do with it. The first action is the one to try first.'),
    body);

  async function load() {
    replace(body, loading('Loading the playbook…'));
    try {
      const data = await graphql(PLAYBOOK, {}, { signal: context.signal });
      const advised = data.segments.filter((segment) => segment.advice);
      replace(body, ...byFamily(advised).map(familySection));
    } catch (error) {
      if (!isAbort(error)) replace(body, errorNotice(error, { retry: load }));
    }
  }
  load();
}

function familySection(family) {
  const headingId = `playbook-${family.key.toLowerCase()}`;
  return h('section', { class: 'family', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, family.label),
    h('div', { class: 'advice-grid' }, family.segments.map(adviceCard)));
}

function adviceCard(segment) {
  return h('article', { class: 'card advice', dataset: { key: segment.key } },
    h('h3', {}, h('a', { href: `#${path('segments', segment.key)}` }, segment.name), ' ', h('span', { class: 'key' }, segment.key)),
    adviceBody(segment.advice));
}

/** Meaning, goal, actions and measure; the segment page shows the same. */
export function adviceBody(advice) {
  return h('div', { class: 'advice-body' },
    h('p', { class: 'meaning' }, advice.meaning),
    h('dl', { class: 'advice-list' },
      h('dt', {}, 'Goal'), h('dd', {}, advice.goal),
      h('dt', {}, 'Actions'), h('dd', {}, h('ol', {}, advice.actions.map((action) => h('li', {}, action)))),
      h('dt', {}, 'Measure'), h('dd', {}, advice.measure)));
}
