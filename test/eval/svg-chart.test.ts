import { describe, expect, it } from 'vitest';
import { lineChartSvg } from '../../src/eval/svg-chart.ts';
import { markdownTable } from '../../src/eval/markdown-table.ts';

/** A small well-formedness check: every tag closes in order, attributes are quoted, & is an entity. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const tags = xml.match(/<[^>]*>/g) ?? [];
  for (const tag of tags) {
    expect(tag).not.toMatch(/=[^"\s>]/);
    if (tag.startsWith('</')) expect(stack.pop()).toBe(tag.slice(2, -1).trim());
    else if (!tag.endsWith('/>')) stack.push(/^<([\w:-]+)/.exec(tag)?.[1] ?? '');
  }
  expect(stack).toEqual([]);
  expect(xml.replace(/<[^>]*>/g, '')).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  expect(xml.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]/);
}

describe('SVG line chart', () => {
  const svg = lineChartSvg({
    title: 'Hits & <misses>',
    xLabel: 'cycle',
    yLabel: 'hit rate',
    series: [
      { name: 'book hit@1', points: [{ x: 0, y: 0.5 }, { x: 1, y: 0.6 }, { x: 2, y: 0.7 }] },
      { name: 'book hit@3', points: [{ x: 0, y: 0.8 }, { x: 1, y: 0.9 }, { x: 2, y: 0.9 }] },
      { name: 'visitor "hit@3"', points: [{ x: 0, y: 1 }, { x: 1, y: 0.4 }, { x: 2, y: 0.6 }] },
    ],
  });

  it('is well-formed XML with an svg root', () => {
    expect(svg.trimStart()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assertWellFormedXml(svg);
  });

  it('draws one path per series and names each in the legend', () => {
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('book hit@1');
    expect(svg).toContain('visitor &quot;hit@3&quot;');
  });

  it('stays well-formed with no series at all', () => {
    const empty = lineChartSvg({ title: 'empty', xLabel: 'x', yLabel: 'y', series: [] });
    assertWellFormedXml(empty);
    expect(empty).not.toContain('<path');
  });
});

describe('Markdown table', () => {
  it('writes a header, a separator and fractions with three decimals', () => {
    expect(markdownTable(['name', 'hit@1'], [['all', 0.6829], ['a|b', 3]])).toBe('| name | hit@1 |\n|---|---|\n| all | 0.683 |\n| a\\|b | 3 |');
  });
});
