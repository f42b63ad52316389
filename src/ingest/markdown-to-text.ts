/**
 * Markdown to the plain text the book parser reads: `#` headings become heading lines in their
 * own block, emphasis becomes `_..._` (as Gutenberg texts print it), links keep their words,
 * images, HTML comments and code fences go.
 */

/** Converts Markdown to plain text with blank lines between blocks. */
export function markdownToText(markdown: string): string {
  const lines: string[] = [];
  let isInFence = false;
  for (const raw of markdown.replace(/<!--[\s\S]*?-->/g, '').split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      isInFence = !isInFence;
      continue;
    }
    if (isInFence) continue;
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw);
    if (heading) {
      // A heading stands alone so the chapter finder sees a short heading block.
      lines.push('', heading[1]!, '');
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(raw)) {
      lines.push('');
      continue;
    }
    lines.push(
      raw
        .replace(/^\s{0,3}>\s?/, '')
        .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_whole, star: string | undefined, under: string | undefined) => star ?? under ?? '')
        .replace(/(^|[^\w*])\*([^*\n]+)\*(?!\w)/g, '$1_$2_')
        .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1'),
    );
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
