import JSZip from 'jszip';

/** Chapters for a test EPUB: a heading and paragraphs each. */
export interface EpubChapter {
  heading: string;
  paragraphs: string[];
}

/** Builds a small EPUB (container.xml, OPF with manifest and spine, one XHTML per chapter). */
export async function buildEpub(title: string, author: string, chapters: EpubChapter[], extra: Record<string, string> = {}): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file(
    'META-INF/container.xml',
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
  );
  // The spine lists chapters in reverse manifest order to prove the spine, not the manifest, sets the order.
  const items = chapters.map((_, index) => `<item id="c${index}" href="text/ch${index}.xhtml" media-type="application/xhtml+xml"/>`).reverse();
  const spine = chapters.map((_, index) => `<itemref idref="c${index}"/>`);
  zip.file(
    'OEBPS/content.opf',
    `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${title}</dc:title><dc:creator>${author}</dc:creator></metadata><manifest>${items.join('')}<item id="css" href="style.css" media-type="text/css"/></manifest><spine>${spine.join('')}</spine></package>`,
  );
  zip.file('OEBPS/style.css', 'p { margin: 0 }');
  chapters.forEach((chapter, index) => {
    zip.file(
      `OEBPS/text/ch${index}.xhtml`,
      `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title><style>p{}</style></head><body><h2>${chapter.heading}</h2>${chapter.paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n')}</body></html>`,
    );
  });
  for (const [name, content] of Object.entries(extra)) zip.file(name, content);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Rewrites the declared uncompressed size of one entry (local header and central directory) to lie. */
export function understateSize(zipBytes: Uint8Array, entryName: string, declared: number): Uint8Array {
  const bytes = Uint8Array.from(zipBytes);
  const view = new DataView(bytes.buffer);
  const name = new TextEncoder().encode(entryName);
  const matchesAt = (offset: number) => name.every((value, index) => bytes[offset + index] === value);
  for (let offset = 0; offset < bytes.length - 46; offset += 1) {
    const signature = view.getUint32(offset, true);
    if (signature === 0x04034b50 && matchesAt(offset + 30)) view.setUint32(offset + 22, declared, true);
    if (signature === 0x02014b50 && matchesAt(offset + 46)) view.setUint32(offset + 24, declared, true);
  }
  return bytes;
}
