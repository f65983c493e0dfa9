// Builds DOM without HTML strings: every server or user value ends up in a text node or an attribute
// value, never in markup, so nothing the service returns can inject script (no innerHTML anywhere).

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('a', {href: '#/', class: 'x', on: {click: fn}}, 'text', child, [more]) creates an element.
 * Props: class, on (listeners), dataset, aria-* / role / for and other attributes, or DOM properties
 * (value, checked, disabled, ...). Children: strings (as text), nodes, arrays, null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  return fill(document.createElement(tag), props, children);
}

/** The same for SVG elements (attributes only: SVG has few writable properties). */
export function svg(tag, props = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.setAttribute('class', value);
    else element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

function fill(element, props, children) {
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined) continue;
    if (name === 'class') {
      element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (name === 'on') {
      for (const [event, listener] of Object.entries(value)) element.addEventListener(event, listener);
    } else if (name === 'dataset') {
      for (const [key, data] of Object.entries(value)) {
        if (data !== null && data !== undefined) element.dataset[key] = String(data);
      }
    } else if (name === 'text') {
      element.textContent = String(value);
    } else if (name.startsWith('aria-') || name === 'role' || name === 'for' || name === 'list'
        || name === 'form' || name === 'inputmode' || name === 'autocomplete' || name === 'pattern') {
      if (value !== false) element.setAttribute(name, value === true ? 'true' : String(value));
    } else if (name in element) {
      element[name] = value;
    } else if (value !== false) {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, ...children);
  return element;
}

/** Appends children as h() takes them (null and false skipped, strings as text). */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything in the element by the given children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, ...children);
  return element;
}

/** Ids for label/aria references of generated elements; unique within the page. */
let idCounter = 0;
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A function that runs fn only after `wait` ms without another call (typing, clicking fast). */
export function debounce(fn, wait) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}
