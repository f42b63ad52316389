// Plain SVG charts built in JS (no library): stacked bars per day and a line over time.
// Colours come from CSS classes (series-0, series-1...) so the CSP needs no inline style.
const svgNamespace = 'http://www.w3.org/2000/svg';

function svgElement(tag, attributes = {}, text) {
  const node = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function frame(width, height, title) {
  const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', preserveAspectRatio: 'xMidYMid meet' });
  svg.append(svgElement('title', {}, title));
  return svg;
}

function niceMax(value) {
  if (value <= 5) return Math.max(1, Math.ceil(value));
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

/**
 * Stacked bars: `rows` is [{ label, values: { seriesName: number } }], `series` the names in
 * stacking order. Returns an <svg> with a <title> and a legend.
 */
export function stackedBars({ rows, series, title, unit = '' }) {
  const width = 640;
  const height = 240;
  const left = 44;
  const bottom = 48;
  const top = 28;
  const svg = frame(width, height, title);
  const totals = rows.map((row) => series.reduce((sum, name) => sum + (row.values[name] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotHeight = height - top - bottom;
  const plotWidth = width - left - 10;
  const y = (value) => top + plotHeight - (value / max) * plotHeight;
  for (const tick of [0, max / 2, max]) {
    svg.append(svgElement('line', { x1: left, x2: width - 10, y1: y(tick), y2: y(tick), class: 'grid' }));
    svg.append(svgElement('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'axis' }, formatNumber(tick)));
  }
  const slot = rows.length > 0 ? plotWidth / rows.length : plotWidth;
  const barWidth = Math.max(4, Math.min(48, slot * 0.7));
  rows.forEach((row, index) => {
    const x = left + index * slot + (slot - barWidth) / 2;
    let base = 0;
    series.forEach((name, seriesIndex) => {
      const value = row.values[name] ?? 0;
      if (value <= 0) return;
      const rect = svgElement('rect', { x, y: y(base + value), width: barWidth, height: Math.max(1, y(base) - y(base + value)), class: `series-${seriesIndex}` });
      rect.append(svgElement('title', {}, `${row.label}: ${formatNumber(value)}${unit} ${name}`));
      svg.append(rect);
      base += value;
    });
    const everyNth = Math.ceil(rows.length / 8);
    if (index % everyNth === 0) svg.append(svgElement('text', { x: x + barWidth / 2, y: height - bottom + 16, 'text-anchor': 'middle', class: 'axis' }, row.label));
  });
  if (rows.length === 0) svg.append(svgElement('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'axis' }, 'No data yet'));
  legend(svg, series, height - 12, left);
  return svg;
}

/** A line through points [{ x: Date, y: number }], with y between `min` and `max` (a zero line). */
export function lineChart({ points, title, min = -5, max = 5, label = '' }) {
  const width = 640;
  const height = 200;
  const left = 44;
  const top = 16;
  const bottom = 30;
  const svg = frame(width, height, title);
  const plotHeight = height - top - bottom;
  const y = (value) => top + plotHeight - ((Math.max(min, Math.min(max, value)) - min) / (max - min)) * plotHeight;
  for (const tick of [min, 0, max]) {
    svg.append(svgElement('line', { x1: left, x2: width - 10, y1: y(tick), y2: y(tick), class: tick === 0 ? 'zero' : 'grid' }));
    svg.append(svgElement('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'axis' }, formatNumber(tick)));
  }
  if (points.length === 0) {
    svg.append(svgElement('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'axis' }, 'No data yet'));
    return svg;
  }
  const times = points.map((point) => point.x.getTime());
  const first = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - first);
  const x = (time) => (points.length === 1 ? left + (width - left - 10) / 2 : left + ((time - first) / span) * (width - left - 20));
  const path = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(point.x.getTime()).toFixed(1)},${y(point.y).toFixed(1)}`).join(' ');
  svg.append(svgElement('path', { d: path, class: 'line' }));
  for (const point of points) {
    const dot = svgElement('circle', { cx: x(point.x.getTime()), cy: y(point.y), r: 4, class: point.y >= 0 ? 'dot positive' : 'dot negative' });
    dot.append(svgElement('title', {}, `${point.x.toLocaleString()}: ${label} ${formatNumber(point.y)}`));
    svg.append(dot);
  }
  svg.append(svgElement('text', { x: left, y: height - 8, class: 'axis' }, new Date(first).toLocaleDateString()));
  svg.append(svgElement('text', { x: width - 10, y: height - 8, 'text-anchor': 'end', class: 'axis' }, new Date(first + span).toLocaleDateString()));
  return svg;
}

function legend(svg, series, y, left) {
  let x = left;
  series.forEach((name, index) => {
    svg.append(svgElement('rect', { x, y: y - 9, width: 10, height: 10, class: `series-${index}` }));
    svg.append(svgElement('text', { x: x + 14, y, class: 'axis' }, name));
    x += 26 + name.length * 6.5;
  });
}

function formatNumber(value) {
  if (Math.abs(value) >= 1_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  if (Math.abs(value) >= 10_000) return `${Math.round(value / 1000)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
