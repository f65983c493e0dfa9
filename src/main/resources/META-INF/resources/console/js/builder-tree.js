// The condition tree of the rule builder: groups (all of / any of, negatable) holding conditions and
// further groups. It edits the model of rule-model.js in place and calls onChange after every edit.
// Structural edits (a field, an operator, adding or removing) redraw the tree and put the focus back
// on the control that had it, or on the one just added; typing a value changes the model only, so the
// caret stays where it is.

import { h, uniqueId } from './dom.js';
import {
  IN_SEGMENT, OPERATOR_LABELS, aggregateKindOf, changeField, changeOperator, newCondition, newGroup,
  valueCount, valueKind,
} from './rule-model.js';
import { byFamily } from './ui.js';

const FIELD_GROUPS = [
  { kind: 'FIELD', label: 'Customer and metrics' },
  { kind: 'AGGREGATE', label: 'Counted over orders and visits' },
  { kind: 'ATTRIBUTE', label: 'Free attributes' },
];

/**
 * env: fields (Map name → RuleField), fieldList (in ruleFields order), segments ({key, name, family}),
 * excludedKey (the segment being edited, which its own rule cannot name), onChange().
 */
export function createTreeEditor(container, env) {
  let root = newGroup('and', [newCondition()]);
  let focusAfterRender = null;

  function render() {
    const active = document.activeElement;
    const focusKey = focusAfterRender ?? (container.contains(active) ? active?.dataset?.focus : null);
    focusAfterRender = null;
    container.replaceChildren(groupEditor(root, null, ''));
    if (focusKey) container.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`)?.focus();
  }

  /** A change of shape: redraw, then tell the page. */
  function reshape(mutate, focusKey = null) {
    mutate();
    focusAfterRender = focusKey;
    render();
    env.onChange();
  }

  function groupEditor(group, parent, label) {
    const isRoot = parent === null;
    const opId = uniqueId('group-op');
    const notId = uniqueId('group-not');
    const op = h('select', { id: opId, class: 'group-op', dataset: { focus: `${group.id}:op` },
      on: { change: () => reshape(() => { group.op = op.value; }) } },
    h('option', { value: 'and' }, 'all of these (and)'),
    h('option', { value: 'or' }, 'any of these (or)'));
    op.value = group.op;
    const negate = h('input', { type: 'checkbox', id: notId, class: 'group-not', checked: group.negated,
      dataset: { focus: `${group.id}:not` }, on: { change: () => reshape(() => { group.negated = negate.checked; }) } });
    const children = group.children.map((child, i) => {
      const childLabel = label ? `${label}.${i + 1}` : `${i + 1}`;
      return h('li', { class: 'rule-child' },
        i > 0 ? h('span', { class: 'connector', 'aria-hidden': 'true' }, group.op) : null,
        child.type === 'group' ? groupEditor(child, group, childLabel) : conditionEditor(child, group, childLabel));
    });
    return h('fieldset', { class: ['rule-group', isRoot ? 'root' : 'nested', group.negated ? 'negated' : null],
      dataset: { nodeId: group.id } },
    h('legend', {}, isRoot ? 'Customers who match' : `Group ${label}`),
    h('div', { class: 'group-bar' },
      h('div', { class: 'field inline' }, h('label', { for: opId }, 'Match'), op),
      h('div', { class: 'check' }, negate, h('label', { for: notId }, isRoot ? 'Not (select everyone else)' : 'Not'))),
    children.length ? h('ol', { class: 'rule-children' }, children)
      : h('p', { class: 'muted empty-group' }, 'No conditions yet.'),
    h('div', { class: 'group-actions' },
      h('button', { type: 'button', class: 'secondary small add-condition', dataset: { focus: `${group.id}:add-condition` },
        on: { click: () => { const added = newCondition(); reshape(() => group.children.push(added), `${added.id}:field`); } } },
      'Add condition'),
      h('button', { type: 'button', class: 'secondary small add-group', dataset: { focus: `${group.id}:add-group` },
        on: { click: () => { const added = newGroup('and', [newCondition()]); reshape(() => group.children.push(added), `${added.id}:op`); } } },
      'Add group'),
      isRoot ? null : h('button', { type: 'button', class: 'link danger small remove-group', dataset: { focus: `${group.id}:remove` },
        on: { click: () => reshape(() => parent.children.splice(parent.children.indexOf(group), 1), `${parent.id}:add-condition`) } },
      `Remove group ${label}`)),
    problemSlot(group));
  }

  function conditionEditor(node, parent, label) {
    const titleId = uniqueId('condition-title');
    const meta = node.type === 'condition' ? env.fields.get(node.field) : null;
    const notId = uniqueId('condition-not');
    const negate = h('input', { type: 'checkbox', id: notId, class: 'condition-not', checked: node.negated,
      dataset: { focus: `${node.id}:not` }, on: { change: () => reshape(() => { node.negated = negate.checked; }) } });
    const head = h('div', { class: 'condition-head' },
      h('p', { class: 'condition-title', id: titleId }, `Condition ${label}`),
      h('div', { class: 'check not-check' }, negate, h('label', { for: notId }, 'Not')),
      h('button', { type: 'button', class: 'link danger small remove-condition', dataset: { focus: `${node.id}:remove` },
        'aria-label': `Remove condition ${label}`,
        on: { click: () => reshape(() => parent.children.splice(parent.children.indexOf(node), 1), `${parent.id}:add-condition`) } },
      'Remove'));
    const row = h('div', { class: 'condition-row' },
      fieldPicker(node),
      node.type === 'segment' ? segmentPicker(node) : null,
      meta?.kind === 'ATTRIBUTE' ? attributeEditors(node) : null,
      meta ? operatorPicker(node, meta) : null,
      meta ? valuesEditor(node, meta) : null);
    return h('div', { class: ['rule-condition', node.negated ? 'negated' : null], role: 'group', 'aria-labelledby': titleId,
      dataset: { nodeId: node.id } },
    head,
    row,
    meta && aggregateKindOf(node.field) ? filtersEditor(node, meta) : null,
    meta ? h('p', { class: 'hint field-hint' }, meta.description, meta.unit ? ` (${meta.unit})` : '') : null,
    problemSlot(node));
  }

  function fieldPicker(node) {
    const id = uniqueId('field');
    const select = h('select', { id, class: 'field-select', dataset: { focus: `${node.id}:field` },
      on: { change: () => reshape(() => changeField(node, select.value, env.fields)) } },
    h('option', { value: '' }, 'Choose a field…'),
    h('optgroup', { label: 'Membership' }, h('option', { value: IN_SEGMENT }, 'in segment…')),
    FIELD_GROUPS.map((group) => h('optgroup', { label: group.label },
      env.fieldList.filter((f) => f.kind === group.kind).map((f) => h('option', { value: f.name }, f.name)))));
    select.value = node.type === 'segment' ? IN_SEGMENT : node.field;
    return h('div', { class: 'field' }, h('label', { for: id }, 'Field'), select);
  }

  function segmentPicker(node) {
    const id = uniqueId('segment');
    const choices = env.segments.filter((s) => s.key !== env.excludedKey);
    const select = h('select', { id, class: 'segment-select', dataset: { focus: `${node.id}:segment` },
      on: { change: () => { node.key = select.value; env.onChange(); } } },
    h('option', { value: '' }, 'Choose a segment…'),
    byFamily(choices).map((family) => h('optgroup', { label: family.label },
      family.segments.map((s) => h('option', { value: s.key }, `${s.name} (${s.key})`)))));
    select.value = node.key;
    return h('div', { class: 'field wide' }, h('label', { for: id }, 'Segment'), select);
  }

  function attributeEditors(node) {
    const keyId = uniqueId('attribute-key');
    const typeId = uniqueId('attribute-type');
    const type = h('select', { id: typeId, class: 'attribute-type', dataset: { focus: `${node.id}:attribute-type` },
      on: { change: () => reshape(() => { node.attributeType = type.value; node.values = node.values.map(() => (type.value === 'flag' ? 'true' : '')); }) } },
    h('option', { value: 'text' }, 'text'), h('option', { value: 'number' }, 'number'), h('option', { value: 'flag' }, 'flag'));
    type.value = node.attributeType;
    return [
      h('div', { class: 'field' }, h('label', { for: keyId }, 'Attribute key'),
        h('input', { id: keyId, class: 'attribute-key', value: node.attributeKey, spellcheck: false, autocomplete: 'off',
          dataset: { focus: `${node.id}:attribute-key` }, on: { input: (event) => { node.attributeKey = event.target.value; env.onChange(); } } })),
      h('div', { class: 'field' }, h('label', { for: typeId }, 'Value type'), type),
    ];
  }

  function operatorPicker(node, meta) {
    const id = uniqueId('operator');
    const select = h('select', { id, class: 'operator-select', dataset: { focus: `${node.id}:operator` },
      on: { change: () => reshape(() => changeOperator(node, select.value, meta)) } },
    meta.operators.map((operator) => h('option', { value: operator }, OPERATOR_LABELS[operator] ?? operator)));
    select.value = node.operator;
    return h('div', { class: 'field' }, h('label', { for: id }, 'Operator'), select);
  }

  function valuesEditor(node, meta) {
    const count = valueCount(node.operator);
    if (count === 0) return null;
    const enumerated = (meta.type === 'ENUM' || meta.type === 'KEY') && meta.values.length > 0;
    if (count === 'many' && enumerated) {
      return choiceList(`${node.id}:values`, 'Values', meta.values, node.values, (chosen) => { node.values = chosen.length ? chosen : ['']; env.onChange(); });
    }
    if (count === 'many') {
      return listEditor(node.values, { label: 'Values', itemLabel: 'value', addLabel: 'Add a value', focusBase: `${node.id}:values`, input: (i) => valueInput(node, meta, i, `Value ${i + 1}`) });
    }
    if (count === 2) {
      return [
        h('div', { class: 'field' }, ...valueInput(node, meta, 0, 'From')),
        h('div', { class: 'field' }, ...valueInput(node, meta, 1, 'To')),
      ];
    }
    return h('div', { class: 'field value-field' }, ...valueInput(node, meta, 0, 'Value'));
  }

  /** A label and the input for value `index` of a condition, by the type of its field. */
  function valueInput(node, meta, index, label) {
    const id = uniqueId('value');
    const focus = `${node.id}:value-${index}`;
    const update = (event) => {
      node.values[index] = event.target.value;
      env.onChange();
    };
    const kind = valueKind(meta, node);
    let input;
    if ((meta.type === 'ENUM' || meta.type === 'KEY') && meta.values.length) {
      input = h('select', { id, class: 'value-input', dataset: { focus }, on: { change: update } },
        h('option', { value: '' }, 'Choose…'), meta.values.map((value) => h('option', { value }, value)));
    } else if (kind === 'flag') {
      input = h('select', { id, class: 'value-input', dataset: { focus }, on: { change: update } },
        h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
    } else if (kind === 'number') {
      const step = meta.type === 'INTEGER' ? '1' : meta.type === 'SHARE' ? '0.01' : 'any';
      input = h('input', { id, type: 'number', step, class: 'value-input', inputmode: 'decimal', dataset: { focus }, on: { input: update } });
      if (meta.type === 'SHARE') Object.assign(input, { min: '0', max: '1' });
    } else if (meta.type === 'DATE') {
      input = h('input', { id, type: 'date', class: 'value-input', dataset: { focus }, on: { input: update } });
    } else {
      const listId = suggestionsFor(meta);
      input = h('input', { id, type: 'text', class: 'value-input', spellcheck: false, autocomplete: 'off', dataset: { focus },
        placeholder: meta.type === 'INSTANT' ? '2026-11-01 or 2026-11-01T10:15:00Z' : null, list: listId, on: { input: update } });
    }
    input.value = node.values[index] ?? '';
    return [h('label', { for: id }, label), input];
  }

  /** One shared <datalist> per field with suggestions (values found in the data, or of enumerations). */
  function suggestionsFor(meta) {
    const values = meta.suggestions?.map((s) => s.value) ?? [];
    if (values.length === 0) return null;
    const id = `suggestions-${meta.name.replace(/[^A-Za-z0-9]+/g, '-')}`;
    if (!document.getElementById(id)) {
      document.body.append(h('datalist', { id }, meta.suggestions.map((s) => h('option', { value: s.value, label: `${s.value} (${s.count})` }))));
    }
    return id;
  }

  /** Several values, one input each, with Add and Remove; `quietLabels` when a visible title names them. */
  function listEditor(values, { label, itemLabel, addLabel, focusBase, input, quietLabels = false }) {
    const items = values.map((value, i) => h('li', { class: 'value-item' },
      h('div', { class: 'field' }, ...labelled(input(i), quietLabels)),
      values.length > 1 ? h('button', { type: 'button', class: 'link danger small', 'aria-label': `Remove ${itemLabel} ${i + 1}`,
        dataset: { focus: `${focusBase}:remove-${i}` },
        on: { click: () => reshape(() => values.splice(i, 1), `${focusBase}:add`) } }, 'Remove') : null));
    return h('div', { class: 'value-list', role: 'group', 'aria-label': label },
      h('ul', { class: 'plain-list' }, items),
      h('button', { type: 'button', class: 'secondary small', dataset: { focus: `${focusBase}:add` },
        on: { click: () => reshape(() => values.push(''), `${focusBase}:add`) } }, addLabel));
  }

  function labelled([labelElement, input], quiet) {
    if (quiet) labelElement.classList.add('visually-hidden');
    return [labelElement, input];
  }

  /** Checkboxes for the values of an enumeration (in, not in, device and source filters). */
  function choiceList(focusBase, legend, options, chosen, onChoose) {
    const boxes = options.map((option) => {
      const id = uniqueId('choice');
      const box = h('input', { type: 'checkbox', id, value: option, checked: chosen.includes(option), dataset: { focus: `${focusBase}:${option}` } });
      return h('div', { class: 'check' }, box, h('label', { for: id }, option));
    });
    const fieldset = h('fieldset', { class: 'choice-list' }, h('legend', {}, legend), boxes);
    fieldset.addEventListener('change', () => {
      onChoose([...fieldset.querySelectorAll('input:checked')].map((box) => box.value));
    });
    return fieldset;
  }

  function filtersEditor(node, meta) {
    const filters = node.filters;
    const daysId = uniqueId('days');
    const has = (name) => meta.filters.includes(name);
    const days = has('in last N days') ? h('div', { class: 'field' }, h('label', { for: daysId }, 'In the last … days'),
      h('input', { id: daysId, type: 'number', min: '1', max: '36500', step: '1', class: 'filter-days', value: filters.inLastDays,
        placeholder: 'all time', dataset: { focus: `${node.id}:days` },
        on: { input: (event) => { filters.inLastDays = event.target.value; env.onChange(); } } })) : null;
    const more = [];
    const categoryMeta = { ...meta, type: 'STRING', name: `${meta.name}-category` };
    if (has('category')) {
      more.push(h('div', { class: 'filter' }, h('p', { class: 'filter-title' }, 'Category'),
        listEditor(filters.category.length ? filters.category : (filters.category = ['']), {
          label: 'Categories', itemLabel: 'category', addLabel: 'Add a category', focusBase: `${node.id}:category`, quietLabels: true,
          input: (i) => plainInput(filters.category, i, `Category ${i + 1}`, `${node.id}:category-${i}`, suggestionsFor(categoryMeta)),
        })));
    }
    if (has('sku')) {
      more.push(h('div', { class: 'filter' }, h('p', { class: 'filter-title' }, 'SKU'),
        listEditor(filters.sku.length ? filters.sku : (filters.sku = ['']), {
          label: 'SKUs', itemLabel: 'SKU', addLabel: 'Add an SKU', focusBase: `${node.id}:sku`, quietLabels: true,
          input: (i) => plainInput(filters.sku, i, `SKU ${i + 1}`, `${node.id}:sku-${i}`, null),
        })));
    }
    if (has('device')) {
      more.push(choiceList(`${node.id}:device`, 'Device', env.fields.get('device')?.values ?? [], filters.device,
        (chosen) => { filters.device = chosen; env.onChange(); }));
    }
    if (has('source')) {
      more.push(choiceList(`${node.id}:source`, 'Source', env.fields.get('source')?.values ?? [], filters.source,
        (chosen) => { filters.source = chosen; env.onChange(); }));
    }
    for (const [name, label] of [['discounted', 'Discounted'], ['addedToCart', 'Added to cart']]) {
      if (!has(name)) continue;
      const id = uniqueId(name);
      const select = h('select', { id, dataset: { focus: `${node.id}:${name}` },
        on: { change: () => { filters[name] = select.value; env.onChange(); } } },
      h('option', { value: '' }, 'either'), h('option', { value: 'true' }, 'yes'), h('option', { value: 'false' }, 'no'));
      select.value = filters[name];
      more.push(h('div', { class: 'field' }, h('label', { for: id }, label), select));
    }
    const anyMore = filters.category.some(Boolean) || filters.sku.some(Boolean) || filters.device.length
      || filters.source.length || filters.discounted !== '' || filters.addedToCart !== '';
    const details = h('details', { class: 'more-filters', open: Boolean(node.filtersOpen || anyMore) },
      h('summary', { dataset: { focus: `${node.id}:more` } }, 'More filters'), h('div', { class: 'filters-grid' }, more));
    details.addEventListener('toggle', () => { node.filtersOpen = details.open; });
    return h('div', { class: 'filters' }, days, more.length ? details : null);
  }

  function plainInput(values, index, label, focus, listId) {
    const id = uniqueId('filter-value');
    const input = h('input', { id, type: 'text', value: values[index] ?? '', spellcheck: false, autocomplete: 'off', list: listId,
      dataset: { focus }, on: { input: (event) => { values[index] = event.target.value; env.onChange(); } } });
    return [h('label', { for: id }, label), input];
  }

  function problemSlot(node) {
    return h('p', { class: 'node-problem', id: `problem-${node.id}`, dataset: { problemFor: node.id }, hidden: true });
  }

  return {
    /** Replaces the tree (a rule read from its text) without calling onChange. */
    set(newRoot) {
      root = newRoot;
      render();
    },
    root: () => root,
    render,
    /** Shows what is wrong with one node, beside it. */
    showProblem(nodeId, message) {
      const slot = container.querySelector(`[data-problem-for="${CSS.escape(nodeId)}"]`);
      if (!slot) return;
      slot.textContent = message;
      slot.hidden = false;
    },
    clearProblems() {
      for (const slot of container.querySelectorAll('.node-problem')) {
        slot.textContent = '';
        slot.hidden = true;
      }
    },
  };
}
