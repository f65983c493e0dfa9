// The rule builder: conditions on the left, the rule's text beside them, each following the other, a
// live count of what the rule selects now, and saving it as a custom segment (admin).
//
//  - A change of the conditions is written as text by printRule; an edit of the text is checked by
//    parseRule, whose parts of the tree become the conditions. An error of the text shows its column with a caret.
//  - Each change waits 300 ms for the next one (debounce); then the rule is checked, then counted. A new
//    round aborts the requests of the one before, and a round number drops any answer that is not of the
//    latest round, so a slow old count never overwrites a newer one.

import { graphql, isAbort } from './api.js';
import { createTreeEditor } from './builder-tree.js';
import { append, debounce, h, replace } from './dom.js';
import { formatCount, formatShare } from './format.js';
import { IncompleteRule, fromRuleInput, ruleInputOfParts, toRuleInput } from './rule-model.js';
import { navigate, path } from './router.js';
import * as session from './session.js';
import { errorNotice, instant, loading, pageHeading } from './ui.js';

const DEBOUNCE_MS = 300;
const SAMPLE = 10;
const PREVIEW_FIELDS = `count population tookMillis asOf rule { text } sample { externalId email country lifecycle }`;
const BUILDER = `query Builder { ruleFields { name kind type description unit operators values filters
  suggestions { value count } moreValues } segments { key name family } }`;
const EDITED = 'query EditedSegment($key: String!) { segment(key: $key) { key name family description rule { text } } }';
const PRINT = 'query PrintRule($rule: RuleInput!) { printRule(rule: $rule) { text } }';
// The tree comes as its parts (pre-order, each naming its parent): a selection of `tree` would reach only
// as deep as it is written, and a rule may nest 20 levels.
const PARSE = `query ParseRule($text: String!) { parseRule(text: $text) { text nodes { id parentId kind inSegment
  condition { field operator values { text number flag }
    aggregate { kind inLastDays category sku device source discounted addedToCart } } } } }`;
const PREVIEW_RULE = `query PreviewRule($rule: RuleInput!) { previewSegment(rule: $rule, sample: ${SAMPLE}) { ${PREVIEW_FIELDS} } }`;
const PREVIEW_TEXT = `query PreviewText($text: String!) { previewSegment(ruleText: $text, sample: ${SAMPLE}) { ${PREVIEW_FIELDS} } }`;
const CREATE = 'mutation CreateSegment($segment: SegmentInput!) { createSegment(segment: $segment) { key } }';
const UPDATE = 'mutation UpdateSegment($key: String!, $segment: SegmentInput!) { updateSegment(key: $key, segment: $segment) { key } }';
const KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function renderBuilder(main, params, context) {
  const editingKey = params.key ?? null;
  const title = editingKey ? `Edit ${editingKey}` : 'Rule builder';
  context.setTitle(title);
  const heading = pageHeading(title);
  const body = h('div', {}, loading('Loading the rule builder…'));
  main.append(heading, body);

  async function load() {
    replace(body, loading('Loading the rule builder…'));
    try {
      const [catalogue, edited] = await Promise.all([
        graphql(BUILDER, {}, { signal: context.signal }),
        editingKey ? graphql(EDITED, { key: editingKey }, { signal: context.signal }).then((data) => data.segment) : null,
      ]);
      if (editingKey && !edited) {
        replace(body, h('div', { class: 'notice error', role: 'alert' }, h('p', {}, `There is no segment ${editingKey}.`)));
        return;
      }
      replace(body);
      if (edited) {
        const named = edited.family === 'CUSTOM' ? `Edit ${edited.name}` : `New segment from ${edited.name}`;
        context.setTitle(named);
        heading.querySelector('h1').textContent = named;
      }
      builderPage(body, catalogue, edited, context);
    } catch (error) {
      if (!isAbort(error)) replace(body, errorNotice(error, { retry: load }));
    }
  }
  load();
}

function builderPage(body, catalogue, edited, context) {
  const fields = new Map(catalogue.ruleFields.map((field) => [field.name, field]));
  // A built-in cannot change: its rule is a starting point for a new custom segment.
  const updating = edited && edited.family === 'CUSTOM' ? edited : null;
  // source: the form edited last ('tree' or 'text'), which Save sends
  const state = { sequence: 0, inFlight: null, source: edited?.rule ? 'text' : 'tree' };
  context.onLeave(() => state.inFlight?.abort());

  const treeBox = h('div', { class: 'rule-tree', id: 'rule-tree' });
  const treeNote = h('p', { class: 'hint', id: 'tree-note', hidden: true });
  const tree = createTreeEditor(treeBox, {
    fields, fieldList: catalogue.ruleFields, segments: catalogue.segments, excludedKey: updating?.key ?? null,
    onChange: () => {
      state.source = 'tree';
      treeNote.hidden = true;
      scheduleFromText.cancel();
      scheduleFromTree();
    },
  });

  const textarea = h('textarea', { id: 'rule-text', rows: 5, spellcheck: false, autocomplete: 'off',
    'aria-describedby': 'rule-text-help rule-text-status' });
  const textStatus = h('div', { class: 'rule-text-status', id: 'rule-text-status', 'aria-live': 'polite' });
  const preview = h('div', { class: 'preview', id: 'preview', 'aria-live': 'polite', 'aria-atomic': 'true' },
    h('p', { class: 'muted' }, 'Complete a condition to count the customers it selects.'));
  const sample = h('div', { class: 'preview-sample', id: 'preview-sample' });

  /** Starts a request round: aborts the previous one; answers of older rounds are dropped. */
  function begin() {
    state.inFlight?.abort();
    state.inFlight = new AbortController();
    state.sequence += 1;
    return { round: state.sequence, signal: state.inFlight.signal };
  }
  const isLatest = (round) => round === state.sequence && context.isCurrent();

  // ---- conditions → text and count ------------------------------------------------------------
  const scheduleFromTree = debounce(fromTree, DEBOUNCE_MS);
  function fromTree() {
    tree.clearProblems();
    let built;
    try {
      built = toRuleInput(tree.root(), fields);
    } catch (error) {
      if (!(error instanceof IncompleteRule)) throw error;
      begin();
      tree.showProblem(error.nodeId, error.message);
      showTextHint(`The conditions are not complete yet: ${error.message}`);
      showPreviewIdle('Complete the conditions to count the customers they select.');
      return;
    }
    const { round, signal } = begin();
    markCounting();
    graphql(PRINT, { rule: built.input }, { signal }).then((data) => {
      if (!isLatest(round)) return;
      textarea.value = data.printRule.text;
      showTextOk(null);
      runPreview(round, signal, PREVIEW_RULE, { rule: built.input });
    }, (error) => {
      if (isAbort(error) || !isLatest(round)) return;
      showTreeError(error, built.paths);
      showPreviewIdle('No count while the rule has an error.');
    });
  }

  /** Puts a typed-form error beside its node; `prefix` is what the operation adds (segment.rule...). */
  function showTreeError(error, paths, prefix = '') {
    const fullPath = error.extensions?.inputPath ?? '';
    const inputPath = fullPath.startsWith(prefix) ? fullPath.slice(prefix.length) : fullPath;
    // the longest recorded path that the error's path starts with names the node
    let nodeId = null;
    let longest = -1;
    for (const [rulePath, id] of paths) {
      if ((inputPath === rulePath || inputPath.startsWith(`${rulePath}.`)) && rulePath.length > longest) {
        nodeId = id;
        longest = rulePath.length;
      }
    }
    const message = stripPath(error.message, fullPath);
    if (nodeId && error.code === 'BAD_USER_INPUT') tree.showProblem(nodeId, message);
    replace(textStatus, errorNotice(error));
  }

  // ---- text → conditions and count ------------------------------------------------------------
  const scheduleFromText = debounce(fromText, DEBOUNCE_MS);
  textarea.addEventListener('input', () => {
    state.source = 'text';
    scheduleFromTree.cancel();
    scheduleFromText();
  });

  function fromText() {
    const text = textarea.value;
    if (!text.trim()) {
      begin();
      showTextHint('Write a rule here, or build one with the conditions.');
      showPreviewIdle('Write or build a rule to count the customers it selects.');
      return;
    }
    const { round, signal } = begin();
    markCounting();
    graphql(PARSE, { text }, { signal }).then((data) => {
      if (!isLatest(round)) return;
      const canonical = data.parseRule.text;
      showTextOk(canonical === text.trim() ? null : canonical);
      loadIntoTree(data.parseRule.nodes);
      runPreview(round, signal, PREVIEW_TEXT, { text: canonical });
    }, (error) => {
      if (isAbort(error) || !isLatest(round)) return;
      showTextError(error, text);
      showPreviewIdle('No count while the rule has an error.');
      treeNote.textContent = 'The text does not read; the conditions show the last rule that did.';
      treeNote.hidden = false;
    });
  }

  function loadIntoTree(parts) {
    tree.set(fromRuleInput(ruleInputOfParts(parts)));
    treeNote.hidden = true;
  }

  // ---- the text's status: fine, a hint, or an error at its column ------------------------------
  function showTextOk(canonical) {
    textarea.removeAttribute('aria-invalid');
    replace(textStatus, canonical
      ? h('p', { class: 'ok' }, 'Reads as: ', h('code', { id: 'rule-canonical' }, canonical))
      : h('p', { class: 'ok' }, h('span', { 'aria-hidden': 'true' }, '✓ '), 'The rule reads.'));
  }

  function showTextHint(text) {
    textarea.removeAttribute('aria-invalid');
    replace(textStatus, h('p', { class: 'hint' }, text));
  }

  /** The message, with a caret under the column it names (1-based; the end of the text is length + 1). */
  function showTextError(error, text) {
    const column = Number(error.extensions?.column);
    if (error.code !== 'BAD_USER_INPUT' || !Number.isInteger(column) || column < 1) {
      textarea.removeAttribute('aria-invalid');
      replace(textStatus, errorNotice(error));
      return;
    }
    textarea.setAttribute('aria-invalid', 'true');
    const before = text.slice(0, column - 1);
    const lineStart = before.lastIndexOf('\n') + 1;
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    const lineNumber = before.split('\n').length;
    const caretOffset = column - 1 - lineStart;
    const expected = error.extensions?.expected;
    replace(textStatus, h('div', { class: 'rule-error', id: 'rule-error', role: 'alert', dataset: { column } },
      h('pre', { class: 'caret-view', 'aria-hidden': 'true' },
        h('span', { class: 'caret-source' }, line), '\n',
        h('span', { class: 'caret-line', id: 'rule-error-caret' }, `${' '.repeat(caretOffset)}^`)),
      h('p', {}, h('strong', { id: 'rule-error-column', dataset: { column } }, `column ${column}`),
        lineNumber > 1 ? ` (line ${lineNumber})` : '', ': ', stripPath(error.message, error.extensions?.inputPath)),
      Array.isArray(expected) && expected.length
        ? h('p', { class: 'hint', id: 'rule-error-expected' }, 'Expected: ', expected.join(', ')) : null));
  }

  // ---- the live count -------------------------------------------------------------------------
  function markCounting() {
    preview.setAttribute('aria-busy', 'true');
    preview.classList.add('stale');
  }

  /** No count on show: the preview is neither busy nor of any rule. */
  function resetPreview() {
    preview.removeAttribute('aria-busy');
    preview.classList.remove('stale');
    delete preview.dataset.rule;
    replace(sample);
  }

  function showPreviewIdle(text) {
    resetPreview();
    replace(preview, h('p', { class: 'muted' }, text));
  }

  /** Counts a rule that has just checked; a timeout (over 5 s) or an outage shows as an error here. */
  function runPreview(round, signal, query, variables) {
    graphql(query, variables, { signal }).then((data) => {
      if (isLatest(round)) showPreview(data.previewSegment);
    }, (error) => {
      if (isAbort(error) || !isLatest(round)) return;
      resetPreview();
      replace(preview, errorNotice(error));
    });
  }

  function showPreview(result) {
    preview.removeAttribute('aria-busy');
    preview.classList.remove('stale');
    preview.dataset.rule = result.rule.text;
    replace(preview,
      h('p', { class: 'preview-figure' },
        h('span', { class: 'big', id: 'preview-count', dataset: { count: result.count } }, formatCount(result.count)),
        ' of ', h('span', { id: 'preview-population', dataset: { population: result.population } }, formatCount(result.population)),
        ' customers', result.population > 0 ? ` (${formatShare(result.count / result.population)})` : ''),
      h('p', { class: 'hint' }, 'Evaluated at ', instant(result.asOf), `, in ${formatCount(result.tookMillis)} ms.`));
    replace(sample, result.sample.length === 0 ? null : [
      h('h3', {}, result.count > result.sample.length ? `The first ${result.sample.length}` : 'All of them'),
      h('ul', { class: 'sample-list' }, result.sample.map((customer) => h('li', {},
        h('a', { href: `#${path('customers', customer.externalId)}` }, customer.externalId),
        h('span', { class: 'muted' }, ` ${[customer.email, customer.country, customer.lifecycle].filter(Boolean).join(' · ')}`)))),
    ]);
  }

  // ---- what Save sends: the form edited last ----------------------------------------------------
  const ruleToSave = {
    /** {ruleText} or {rule, paths}; throws IncompleteRule while the conditions are not complete. */
    current() {
      if (state.source === 'text') return { ruleText: textarea.value.trim() };
      tree.clearProblems();
      try {
        const built = toRuleInput(tree.root(), fields);
        return { rule: built.input, paths: built.paths };
      } catch (error) {
        if (error instanceof IncompleteRule) tree.showProblem(error.nodeId, error.message);
        throw error;
      }
    },
    showError(error, sent) {
      if (sent.ruleText !== undefined) showTextError(error, sent.ruleText);
      else showTreeError(error, sent.paths, 'segment.');
    },
  };

  // ---- the page ---------------------------------------------------------------------------------
  append(body,
    h('p', { class: 'lead' }, 'Build a rule from conditions, or write it in the rule language: each form follows the other. '
      + 'The count shows how many customers the rule selects now.'),
    edited && !updating ? h('p', { class: 'notice info' }, `${edited.name} is a built-in segment and cannot change. `
      + 'Its rule is here as a start for a new custom segment.') : null,
    h('div', { class: 'builder-layout' },
      h('section', { class: 'card builder-conditions', 'aria-labelledby': 'conditions-title' },
        h('h2', { id: 'conditions-title' }, 'Conditions'), treeNote, treeBox),
      h('div', { class: 'builder-side' },
        h('section', { class: 'card', 'aria-labelledby': 'rule-text-title' },
          h('h2', { id: 'rule-text-title' }, h('label', { for: 'rule-text' }, 'Rule text')),
          h('p', { class: 'hint', id: 'rule-text-help' }, 'For example: ', h('code', {}, "country in ('BE', 'NL') and orders(in last 90 days) >= 3")),
          textarea, textStatus),
        h('section', { class: 'card', 'aria-labelledby': 'preview-title' },
          h('h2', { id: 'preview-title' }, 'Live count'), preview, sample),
        saveSection(updating, ruleToSave, context))));

  tree.render();
  const startText = edited?.rule?.text;
  if (startText) {
    textarea.value = startText;
    fromText();
  } else {
    showTextHint('Write a rule here, or build one with the conditions.');
  }
}

/** The service prefixes messages with the input path ("text: column 14: ..."); the page shows it elsewhere. */
function stripPath(message, inputPath) {
  let text = message ?? '';
  if (inputPath && text.startsWith(`${inputPath}: `)) text = text.slice(inputPath.length + 2);
  return text.replace(/^column \d+: /, '');
}

/** Key, name and description, and Save: createSegment, or updateSegment when editing a custom segment. */
function saveSection(updating, ruleToSave, context) {
  const admin = session.isAdmin();
  const keyInput = h('input', { id: 'segment-key', name: 'key', required: true, maxLength: 64, spellcheck: false, autocomplete: 'off',
    pattern: '[a-z0-9]+(-[a-z0-9]+)*', 'aria-describedby': 'segment-key-hint segment-key-error', value: updating?.key ?? '',
    readOnly: Boolean(updating) });
  const nameInput = h('input', { id: 'segment-name', name: 'name', required: true, maxLength: 200, autocomplete: 'off',
    'aria-describedby': 'segment-name-error', value: updating?.name ?? '' });
  const descriptionInput = h('textarea', { id: 'segment-description', name: 'description', rows: 3, maxLength: 2000,
    'aria-describedby': 'segment-description-error', value: updating?.description ?? '' });
  const errors = {
    key: fieldError('segment-key-error'), name: fieldError('segment-name-error'), description: fieldError('segment-description-error'),
  };
  const status = h('div', { class: 'save-status', id: 'save-status', 'aria-live': 'polite' });
  const explanation = admin ? null : h('p', { class: 'notice info', id: 'save-explanation' },
    `Saving needs the admin role. Your token has the role ${session.roleLabel()}: you can build, count and explain rules, but not save them.`);
  const button = h('button', { type: 'submit', id: 'save-button', disabled: !admin,
    'aria-describedby': admin ? null : 'save-explanation' }, updating ? 'Save changes' : 'Create segment');

  let keyEdited = Boolean(updating);
  keyInput.addEventListener('input', () => { keyEdited = true; });
  nameInput.addEventListener('input', () => {
    if (!keyEdited) keyInput.value = slug(nameInput.value);
  });

  function clearErrors() {
    for (const [name, element] of Object.entries(errors)) {
      element.textContent = '';
      element.hidden = true;
      ({ key: keyInput, name: nameInput, description: descriptionInput })[name].removeAttribute('aria-invalid');
    }
    replace(status);
  }

  function showFieldError(name, message) {
    const input = { key: keyInput, name: nameInput, description: descriptionInput }[name];
    errors[name].textContent = message;
    errors[name].hidden = false;
    input.setAttribute('aria-invalid', 'true');
  }

  async function save(event) {
    event.preventDefault();
    clearErrors();
    const key = keyInput.value.trim();
    const name = nameInput.value.trim();
    let rule = null;
    let refused = false;
    try {
      rule = ruleToSave.current();
    } catch (error) {
      if (!(error instanceof IncompleteRule)) throw error;
      replace(status, h('p', { class: 'notice error', role: 'alert' }, `Complete the conditions first: ${error.message}`));
      refused = true;
    }
    if (!KEY_PATTERN.test(key)) {
      showFieldError('key', 'Use lower-case letters and digits, with single dashes between them.');
      refused = true;
    }
    if (!name) {
      showFieldError('name', 'Give the segment a name.');
      refused = true;
    }
    if (rule?.ruleText === '') {
      replace(status, h('p', { class: 'notice error', role: 'alert' }, 'There is no rule to save yet.'));
      refused = true;
    }
    if (refused) return;
    const segment = { key, name, description: descriptionInput.value.trim() || null };
    if (rule.ruleText !== undefined) segment.ruleText = rule.ruleText;
    else segment.rule = rule.rule;
    button.disabled = true;
    replace(status, loading(updating ? 'Saving…' : 'Creating the segment and computing its members…'));
    try {
      const data = updating
        ? await graphql(UPDATE, { key: updating.key, segment }, { signal: context.signal })
        : await graphql(CREATE, { segment }, { signal: context.signal });
      navigate(path('segments', (data.createSegment ?? data.updateSegment).key));
    } catch (error) {
      if (isAbort(error)) return;
      button.disabled = false;
      showSaveError(error, rule);
    }
  }

  function showSaveError(error, rule) {
    replace(status);
    if (error.code === 'FORBIDDEN') {
      replace(status, h('div', { class: 'notice error', role: 'alert', id: 'save-forbidden' },
        h('p', {}, h('strong', {}, 'Not allowed: '), 'your token\'s role may not save segments; saving needs the admin role. ',
          h('span', { class: 'muted' }, `(${error.message})`))));
      return;
    }
    const problems = error.extensions?.problems?.length ? error.extensions.problems
      : [{ path: error.extensions?.inputPath, message: error.message }];
    let shown = false;
    for (const problem of problems) {
      const field = /^segment\.(key|name|description)$/.exec(problem.path ?? '')?.[1];
      if (field) {
        showFieldError(field, stripPath(problem.message, problem.path));
        shown = true;
      }
    }
    if (/^segment\.(ruleText|rule)/.test(error.extensions?.inputPath ?? '')) {
      ruleToSave.showError(error, rule);
      shown = true;
    }
    if (!shown || error.code !== 'BAD_USER_INPUT') replace(status, errorNotice(error));
  }

  const form = h('form', { id: 'save-form', novalidate: true, on: { submit: save } },
    h('div', { class: 'field' }, h('label', { for: 'segment-name' }, 'Name'), nameInput, errors.name),
    h('div', { class: 'field' }, h('label', { for: 'segment-key' }, 'Key'), keyInput,
      h('p', { class: 'hint', id: 'segment-key-hint' }, updating ? 'The key of a segment never changes.'
        : 'Lower-case letters, digits and single dashes, e.g. dutch-vips. It cannot change later.'), errors.key),
    h('div', { class: 'field' }, h('label', { for: 'segment-description' }, 'Description (optional)'), descriptionInput, errors.description),
    explanation,
    h('div', { class: 'actions' }, button),
    status);
  return h('section', { class: 'card', 'aria-labelledby': 'save-title' },
    h('h2', { id: 'save-title' }, updating ? 'Save the segment' : 'Save as a segment'), form);
}

function fieldError(id) {
  return h('p', { class: 'field-error', id, hidden: true });
}

/** A key suggested from the name: "Dutch VIPs" → "dutch-vips". */
function slug(name) {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
}
