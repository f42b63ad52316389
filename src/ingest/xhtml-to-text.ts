/**
 * XHTML (an EPUB chapter) to plain text: block elements become paragraphs separated by blank
 * lines, `<br>` a line break, headings their own block, scripts and styles dropped, entities decoded.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', shy: '',
  eacute: 'é', egrave: 'è', ecirc: 'ê', agrave: 'à', aacute: 'á', acirc: 'â', ccedil: 'ç', ouml: 'ö',
  uuml: 'ü', auml: 'ä', iuml: 'ï', euml: 'ë', oacute: 'ó', ocirc: 'ô', uacute: 'ú', ntilde: 'ñ', szlig: 'ß',
  aelig: 'æ', oelig: 'œ', Eacute: 'É', AElig: 'Æ', OElig: 'Œ', pound: '£', sect: '§', para: '¶', middot: '·',
};

/** Decodes named and numeric character references; unknown names are left as they are. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,10});/gi, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

const BLOCK_TAGS = 'p|div|h[1-6]|li|blockquote|section|article|header|footer|tr|table|ul|ol|dl|dt|dd|figure|figcaption|pre|hr|aside|nav';
const BLOCK_BOUNDARY = new RegExp(`<\\/?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi');

/** Converts one XHTML document to text with blank lines between paragraphs. */
export function xhtmlToText(xhtml: string): string {
  const body = /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(xhtml)?.[1] ?? xhtml;
  const text = body
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\b[^>]*\/?>/gi, '\u0001')
    .replace(BLOCK_BOUNDARY, '\u0002')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\u0002')
    .map((block) =>
      block
        .split('\u0001')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line.length > 0)
        .join('\n'),
    )
    .filter((block) => block.length > 0)
    .join('\n\n');
}
