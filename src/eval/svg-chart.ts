/** One line of a chart: its name in the legend and its points. */
export interface ChartSeries {
  name: string;
  points: Array<{ x: number; y: number }>;
}

/** What a line chart shows. `yMax` defaults to the largest value (1 for fractions below 1). */
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  yMax?: number;
  width?: number;
  height?: number;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const round = (value: number) => Math.round(value * 10) / 10;

/** A plain SVG line chart: axes with ticks, one path per series, a legend. No script, no external style. */
export function lineChartSvg(options: LineChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 360;
  const margin = { left: 56, right: 160, top: 36, bottom: 48 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const points = options.series.flatMap((series) => series.points);
  const xMin = Math.min(0, ...points.map((point) => point.x));
  const xMax = Math.max(xMin + 1, ...points.map((point) => point.x));
  const largest = Math.max(0, ...points.map((point) => point.y));
  const yMax = options.yMax ?? (largest <= 1 ? 1 : largest);
  const xOf = (x: number) => round(margin.left + ((x - xMin) / (xMax - xMin)) * plotWidth);
  const yOf = (y: number) => round(margin.top + plotHeight - (y / (yMax || 1)) * plotHeight);
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="20" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<line class="axis" x1="${margin.left}" y1="${margin.top + plotHeight}" x2="${margin.left + plotWidth}" y2="${margin.top + plotHeight}" stroke="#333"/>`,
    `<line class="axis" x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotHeight}" stroke="#333"/>`,
  ];
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (yMax * tick) / 4;
    const y = yOf(value);
    lines.push(`<line x1="${margin.left - 4}" y1="${y}" x2="${margin.left + plotWidth}" y2="${y}" stroke="#ddd"/>`);
    lines.push(`<text x="${margin.left - 8}" y="${y + 4}" text-anchor="end">${escapeXml(yMax <= 1 ? value.toFixed(2) : String(Math.round(value)))}</text>`);
  }
  const xTicks = [...new Set(points.map((point) => point.x))].sort((left, right) => left - right);
  for (const x of xTicks) lines.push(`<text x="${xOf(x)}" y="${margin.top + plotHeight + 16}" text-anchor="middle">${x}</text>`);
  lines.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  lines.push(`<text transform="translate(14 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  options.series.forEach((series, index) => {
    const colour = COLOURS[index % COLOURS.length] ?? '#000';
    const sorted = [...series.points].sort((left, right) => left.x - right.x);
    const d = sorted.map((point, pointIndex) => `${pointIndex === 0 ? 'M' : 'L'}${xOf(point.x)} ${yOf(point.y)}`).join(' ');
    lines.push(`<path class="series" d="${d || `M${margin.left} ${margin.top + plotHeight}`}" fill="none" stroke="${colour}" stroke-width="2"><title>${escapeXml(series.name)}</title></path>`);
    for (const point of sorted) lines.push(`<circle cx="${xOf(point.x)}" cy="${yOf(point.y)}" r="3" fill="${colour}"/>`);
    const legendY = margin.top + index * 18;
    const legendX = margin.left + plotWidth + 16;
    lines.push(`<line x1="${legendX}" y1="${legendY}" x2="${legendX + 20}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`);
    lines.push(`<text x="${legendX + 26}" y="${legendY + 4}">${escapeXml(series.name)}</text>`);
  });
  lines.push('</svg>');
  return `${lines.join('\n')}\n`;
}
