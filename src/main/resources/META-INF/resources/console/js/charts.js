// Hand-drawn SVG charts of segment sizes. Each chart is an image to assistive technology (role=img)
// named by its <title> and described by its <desc>, which say in words what the line shows; the segment
// page adds the points as a table too. Colours come from console.css classes (no inline styles: CSP).

import { svg, uniqueId } from './dom.js';
import { formatCount, formatDate, formatShortDate } from './format.js';

const DAY_MS = 86_400_000;

function dayNumber(isoDate) {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

/** A titled, described SVG root; its title and desc name it for screen readers. */
function chartRoot(width, height, className, titleText, descText) {
  const titleId = uniqueId('chart-title');
  const descId = uniqueId('chart-desc');
  return svg('svg', {
    class: className, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    preserveAspectRatio: 'none', focusable: 'false',
  }, svg('title', { id: titleId }, titleText), svg('desc', { id: descId }, descText));
}

/** Words for a series: first and last point, and the range, for <desc>. */
export function describeSeries(points) {
  if (points.length === 0) return 'No sizes recorded in this period.';
  const first = points[0];
  const last = points[points.length - 1];
  const sizes = points.map((p) => p.size);
  return `${points.length} recorded ${points.length === 1 ? 'size' : 'sizes'} from ${formatDate(first.date)} `
    + `(${formatCount(first.size)}) to ${formatDate(last.date)} (${formatCount(last.size)}); `
    + `lowest ${formatCount(Math.min(...sizes))}, highest ${formatCount(Math.max(...sizes))}.`;
}

/** A small line of sizes for the overview; the same scale on both axes as its own data only. */
export function sparkline(points, label) {
  const width = 120;
  const height = 32;
  const pad = 3;
  const root = chartRoot(width, height, 'sparkline', label, describeSeries(points));
  if (points.length === 0) {
    root.append(svg('line', { class: 'spark-empty', x1: pad, x2: width - pad, y1: height / 2, y2: height / 2 }));
    return root;
  }
  const xs = points.map((p) => dayNumber(p.date));
  const ys = points.map((p) => p.size);
  const x = scale(Math.min(...xs), Math.max(...xs), pad, width - pad);
  const y = scale(Math.min(...ys), Math.max(...ys), height - pad, pad);
  const coordinates = points.map((p, i) => [x(xs[i]), y(ys[i])]);
  if (coordinates.length > 1) {
    root.append(svg('polyline', { class: 'spark-line', points: coordinates.map((c) => c.map(round).join(',')).join(' ') }));
  }
  const [lastX, lastY] = coordinates[coordinates.length - 1];
  root.append(svg('circle', { class: 'spark-dot', cx: round(lastX), cy: round(lastY), r: 2.5 }));
  return root;
}

/**
 * The size history of one segment: a line over dates with labelled axes, a dot per recorded size (each
 * with its own <title>, shown on hover), and a title and description for assistive technology.
 */
export function sizeChart(points, { title, width = 720 }) {
  // drawn at the width it is shown at, so that its labels keep the page's text size
  const height = Math.round(Math.min(320, Math.max(200, width * 0.36)));
  const margin = { top: 16, right: 20, bottom: 40, left: 64 };
  const root = chartRoot(width, height, 'size-chart', title, describeSeries(points));
  root.removeAttribute('preserveAspectRatio');
  const plotLeft = margin.left;
  const plotRight = width - margin.right;
  const plotTop = margin.top;
  const plotBottom = height - margin.bottom;

  const sizes = points.map((p) => p.size);
  const yTicks = niceTicks(0, Math.max(1, ...sizes));
  const yMax = yTicks[yTicks.length - 1];
  const y = scale(0, yMax, plotBottom, plotTop);
  const days = points.map((p) => dayNumber(p.date));
  const firstDay = days.length ? Math.min(...days) : 0;
  const lastDay = days.length ? Math.max(...days) : 1;
  const x = firstDay === lastDay
    ? () => (plotLeft + plotRight) / 2
    : scale(firstDay, lastDay, plotLeft, plotRight);

  const grid = svg('g', { class: 'chart-grid', 'aria-hidden': 'true' });
  for (const tick of yTicks) {
    grid.append(svg('line', { x1: plotLeft, x2: plotRight, y1: round(y(tick)), y2: round(y(tick)) }));
    grid.append(svg('text', { class: 'chart-label', x: plotLeft - 8, y: round(y(tick)) + 4, 'text-anchor': 'end' },
      formatCount(tick)));
  }
  for (const day of dateTicks(firstDay, lastDay, Math.max(2, Math.min(6, Math.floor(width / 120))))) {
    const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    grid.append(svg('text', { class: 'chart-label', x: round(x(day)), y: plotBottom + 22, 'text-anchor': 'middle' },
      formatShortDate(iso)));
  }
  grid.append(svg('line', { class: 'chart-axis', x1: plotLeft, x2: plotRight, y1: plotBottom, y2: plotBottom }));
  grid.append(svg('text', {
    class: 'chart-label chart-axis-title', x: 14, y: (plotTop + plotBottom) / 2, 'text-anchor': 'middle',
    transform: `rotate(-90 14 ${(plotTop + plotBottom) / 2})`,
  }, 'Members'));
  root.append(grid);

  if (points.length === 0) {
    root.append(svg('text', { class: 'chart-empty', x: (plotLeft + plotRight) / 2, y: (plotTop + plotBottom) / 2,
      'text-anchor': 'middle' }, 'No sizes recorded in this period'));
    return root;
  }
  const coordinates = points.map((p, i) => [round(x(days[i])), round(y(p.size))]);
  if (points.length > 1) {
    root.append(svg('polyline', { class: 'chart-line', points: coordinates.map((c) => c.join(',')).join(' ') }));
  }
  if (points.length <= 120) {
    const dots = svg('g', { class: 'chart-dots' });
    points.forEach((p, i) => dots.append(svg('circle', { cx: coordinates[i][0], cy: coordinates[i][1], r: 3.5 },
      svg('title', {}, `${formatDate(p.date)}: ${formatCount(p.size)}`))));
    root.append(dots);
  }
  return root;
}

function scale(domainMin, domainMax, rangeMin, rangeMax) {
  if (domainMax === domainMin) return () => (rangeMin + rangeMax) / 2;
  const factor = (rangeMax - rangeMin) / (domainMax - domainMin);
  return (value) => rangeMin + (value - domainMin) * factor;
}

function round(value) {
  return Math.round(value * 10) / 10;
}

/** About five round ticks from 0 up to at least max (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min, max) {
  const rough = (max - min) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const wholeStep = Math.max(1, step);
  const ticks = [];
  for (let tick = min; tick < max + wholeStep; tick += wholeStep) {
    ticks.push(tick);
    if (tick >= max) break;
  }
  return ticks;
}

/** Up to `most` dates spread over the period, whole days. */
function dateTicks(firstDay, lastDay, most) {
  if (firstDay === lastDay) return [firstDay];
  const span = lastDay - firstDay;
  const count = Math.min(most, span + 1);
  const ticks = new Set();
  for (let i = 0; i < count; i += 1) ticks.add(Math.round(firstDay + (span * i) / (count - 1)));
  return [...ticks];
}
