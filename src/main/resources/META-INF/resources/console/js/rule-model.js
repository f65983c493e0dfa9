// The rule builder's model: a tree of groups ("all of" = and, "any of" = or, each possibly negated),
// conditions on a field or aggregate of `ruleFields`, and segment conditions (inSegment). Every node has
// an id, which the DOM refers to. toRuleInput writes the model as the typed form the service checks
// (RuleInput); fromRuleInput reads a typed rule back, e.g. after the text form was edited.

let lastId = 0;

function nextId() {
  lastId += 1;
  return `n${lastId}`;
}

export const OPERATOR_LABELS = {
  EQ: '=', NE: '≠', LT: '<', LE: '≤', GT: '>', GE: '≥', BETWEEN: 'between',
  IN: 'is one of', NOT_IN: 'is none of', CONTAINS: 'contains', STARTS_WITH: 'starts with',
  ENDS_WITH: 'ends with', IS_SET: 'is set', IS_NOT_SET: 'is not set',
};

/** The special field choice of a segment condition, beside the fields of ruleFields. */
export const IN_SEGMENT = 'inSegment';

export function newGroup(op = 'and', children = []) {
  return { id: nextId(), type: 'group', op, negated: false, children };
}

export function newCondition(field = '') {
  return {
    id: nextId(), type: 'condition', negated: false, field, attributeKey: '', attributeType: 'text',
    operator: '', values: [''], filters: emptyFilters(),
  };
}

export function newSegmentCondition(key = '') {
  return { id: nextId(), type: 'segment', negated: false, key };
}

function emptyFilters() {
  return { inLastDays: '', category: [], sku: [], device: [], source: [], discounted: '', addedToCart: '' };
}

/** How many values an operator takes: 0, 1, 2, or 'many' (one or more). */
export function valueCount(operator) {
  if (operator === 'IS_SET' || operator === 'IS_NOT_SET') return 0;
  if (operator === 'BETWEEN') return 2;
  if (operator === 'IN' || operator === 'NOT_IN') return 'many';
  return 1;
}

/** Keeps the values that still fit when the operator changes. */
export function fitValues(values, operator) {
  const count = valueCount(operator);
  if (count === 0) return [];
  if (count === 'many') return values.length ? values : [''];
  const fitted = values.slice(0, count);
  while (fitted.length < count) fitted.push('');
  return fitted;
}

/** What kind of value a condition compares with: 'number', 'flag' or 'text'. */
export function valueKind(meta, node) {
  switch (meta?.type) {
    case 'INTEGER': case 'NUMBER': case 'MONEY': case 'SHARE': return 'number';
    case 'BOOLEAN': return 'flag';
    case 'ATTRIBUTE': return node.attributeType;
    default: return 'text';
  }
}

export function aggregateKindOf(fieldName) {
  const match = /^(orders|spend|units|visits)\(\.\.\.\)$/.exec(fieldName);
  return match ? match[1].toUpperCase() : null;
}

/** A rule the builder cannot send yet: which node, and what is missing. */
export class IncompleteRule extends Error {
  constructor(message, nodeId) {
    super(message);
    this.nodeId = nodeId;
  }
}

/**
 * The typed form of the model, and where each node ended up in it (`paths`: RuleInput path → node id),
 * so that an error the service names by input path (rule.and[1].condition.values) lands on its node.
 */
export function toRuleInput(root, fields) {
  const paths = new Map();
  const input = build(root, 'rule', fields, paths);
  return { input, paths };
}

function build(node, path, fields, paths) {
  if (node.negated) {
    paths.set(path, node.id);
    return { not: buildPlain(node, `${path}.not`, fields, paths) };
  }
  return buildPlain(node, path, fields, paths);
}

function buildPlain(node, path, fields, paths) {
  paths.set(path, node.id);
  if (node.type === 'group') {
    if (node.children.length === 0) {
      throw new IncompleteRule('This group is empty: add a condition to it, or remove it.', node.id);
    }
    if (node.children.length === 1) return build(node.children[0], path, fields, paths);
    return { [node.op]: node.children.map((child, i) => build(child, `${path}.${node.op}[${i}]`, fields, paths)) };
  }
  if (node.type === 'segment') {
    if (!node.key) throw new IncompleteRule('Choose a segment.', node.id);
    return { inSegment: node.key };
  }
  return { condition: conditionInput(node, fields) };
}

function conditionInput(node, fields) {
  const meta = fields.get(node.field);
  if (!meta) throw new IncompleteRule('Choose a field.', node.id);
  if (!node.operator) throw new IncompleteRule('Choose an operator.', node.id);
  const condition = { operator: node.operator, values: typedValues(node, meta) };
  const kind = aggregateKindOf(node.field);
  if (kind) {
    condition.aggregate = aggregateInput(kind, node);
  } else if (meta.kind === 'ATTRIBUTE') {
    const key = node.attributeKey.trim();
    if (!key) throw new IncompleteRule('Enter the attribute key.', node.id);
    condition.field = `attributes.${key}`;
  } else {
    condition.field = node.field;
  }
  return condition;
}

function typedValues(node, meta) {
  const values = node.values.map((value) => String(value ?? '').trim());
  const count = valueCount(node.operator);
  if (count !== 0 && (values.length === 0 || values.some((value) => value === ''))) {
    throw new IncompleteRule(count === 2 ? 'Enter both values.' : 'Enter a value.', node.id);
  }
  const kind = valueKind(meta, node);
  return values.map((value) => {
    if (kind === 'number') return { number: value };
    if (kind === 'flag') return { flag: value === 'true' };
    return { text: value };
  });
}

function aggregateInput(kind, node) {
  const filters = node.filters;
  const aggregate = { kind };
  if (String(filters.inLastDays).trim() !== '') aggregate.inLastDays = Number(filters.inLastDays);
  for (const name of ['category', 'sku', 'device', 'source']) {
    const values = filters[name].map((value) => value.trim()).filter(Boolean);
    if (values.length) aggregate[name] = values;
  }
  if (filters.discounted !== '') aggregate.discounted = filters.discounted === 'true';
  if (filters.addedToCart !== '') aggregate.addedToCart = filters.addedToCart === 'true';
  return aggregate;
}

/**
 * The typed rule (RuleInput) that a rule's parts describe: parseRule's `nodes`, in pre-order, each naming
 * its parent. Absent members come as null and are left out, as a RuleInput leaves them out.
 */
export function ruleInputOfParts(parts) {
  const children = new Map(parts.map((part) => [part.id, []]));
  parts.forEach((part) => {
    if (part.parentId !== null) children.get(part.parentId).push(part);
  });
  const build = (part) => {
    const operands = children.get(part.id).map(build);
    switch (part.kind) {
      case 'AND': return { and: operands };
      case 'OR': return { or: operands };
      case 'NOT': return { not: operands[0] };
      case 'IN_SEGMENT': return { inSegment: part.inSegment };
      default: return { condition: withoutNulls(part.condition) };
    }
  };
  return build(parts[0]);
}

function withoutNulls(value) {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== null)
    .map(([name, member]) => [name, withoutNulls(member)]));
}

/** The model of a typed rule: always a group at the root, so that the builder can add to it. */
export function fromRuleInput(input) {
  const node = read(input);
  return node.type === 'group' && !node.negated ? node : newGroup('and', [node]);
}

function read(input) {
  if (input.and || input.or) {
    const op = input.and ? 'and' : 'or';
    return newGroup(op, input[op].map(read));
  }
  if (input.not) {
    const inner = read(input.not);
    if (!inner.negated) {
      inner.negated = true;
      return inner;
    }
    const wrapper = newGroup('and', [inner]);
    wrapper.negated = true;
    return wrapper;
  }
  if (input.inSegment !== undefined) return newSegmentCondition(input.inSegment);
  return readCondition(input.condition);
}

function readCondition(condition) {
  const node = newCondition();
  node.operator = condition.operator;
  // as the inputs hold them: text
  node.values = condition.values.map((value) => value.text ?? String(value.number ?? value.flag));
  if (condition.aggregate) {
    const { aggregate } = condition;
    node.field = `${aggregate.kind.toLowerCase()}(...)`;
    node.filters = {
      ...emptyFilters(),
      inLastDays: aggregate.inLastDays ?? '',
      category: aggregate.category ?? [],
      sku: aggregate.sku ?? [],
      device: aggregate.device ?? [],
      source: aggregate.source ?? [],
      discounted: aggregate.discounted === undefined ? '' : String(aggregate.discounted),
      addedToCart: aggregate.addedToCart === undefined ? '' : String(aggregate.addedToCart),
    };
  } else if (condition.field.startsWith('attributes.')) {
    node.field = 'attributes.KEY';
    node.attributeKey = condition.field.slice('attributes.'.length);
    const first = condition.values[0] ?? {};
    node.attributeType = first.flag !== undefined ? 'flag' : first.number !== undefined ? 'number' : 'text';
  } else {
    node.field = condition.field;
  }
  return node;
}

/** The operator a newly chosen field starts with: at least for numbers, equality for the rest. */
function defaultOperator(meta) {
  const numeric = ['INTEGER', 'NUMBER', 'MONEY', 'SHARE'].includes(meta.type);
  const wanted = numeric ? 'GE' : 'EQ';
  return meta.operators.includes(wanted) ? wanted : meta.operators[0];
}

/** Points a condition at another field (or makes it a segment condition), keeping what still fits. */
export function changeField(node, fieldName, fields) {
  if (fieldName === IN_SEGMENT) {
    Object.assign(node, { type: 'segment', key: node.key ?? '' });
    return;
  }
  const meta = fields.get(fieldName);
  const before = node.type === 'condition' ? fields.get(node.field) : null;
  const sameType = before && meta && before.type === meta.type && before.kind === meta.kind;
  const fresh = newCondition(fieldName);
  node.type = 'condition';
  node.field = fieldName;
  node.attributeKey = node.attributeKey ?? fresh.attributeKey;
  node.attributeType = node.attributeType ?? fresh.attributeType;
  if (!meta) {
    node.operator = '';
    node.values = [''];
    return;
  }
  if (!sameType || !meta.operators.includes(node.operator)) {
    node.operator = defaultOperator(meta);
    node.values = fitValues([], node.operator);
  }
  if (!aggregateKindOf(fieldName) || !before || !aggregateKindOf(before.name)) node.filters = emptyFilters();
  if (valueKind(meta, node) === 'flag') node.values = node.values.map((value) => (value === '' ? 'true' : value));
}

export function changeOperator(node, operator, meta) {
  node.operator = operator;
  node.values = fitValues(node.values, operator);
  if (valueKind(meta, node) === 'flag') node.values = node.values.map((value) => (value === '' ? 'true' : value));
}
