/**
 * Reading an EPUB: `META-INF/container.xml` names the package (OPF) file, whose manifest and spine
 * give the XHTML documents in reading order; each becomes text with paragraph breaks. Sizes are
 * checked from the central directory before anything is inflated, and capped again while inflating.
 */
import path from 'node:path/posix';
import JSZip from 'jszip';
import { IngestError } from './ingest-error.ts';
import type { InputLimits } from './input-limits.ts';
import { decodeEntities, xhtmlToText } from './xhtml-to-text.ts';
import { checkZipDirectory, readZipDirectory } from './zip-directory.ts';

/** The text of an EPUB and what its package says about it. */
export interface EpubText {
  text: string;
  title?: string;
  author?: string;
  /** How many spine documents were read. */
  documents: number;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  const value = match?.[2] ?? match?.[3];
  return value === undefined ? undefined : decodeEntities(value);
}

function metadataField(opf: string, field: 'title' | 'creator'): string | undefined {
  const match = new RegExp(`<dc:${field}\\b[^>]*>([\\s\\S]*?)<\\/dc:${field}>`, 'i').exec(opf);
  const value = match ? decodeEntities(match[1]!.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim() : '';
  return value.length > 0 ? value.slice(0, 500) : undefined;
}

/** JSZip's streaming reader (present at run time, left out of its type declarations). */
interface ZipEntryStreamer {
  internalStream(type: 'uint8array'): JSZip.JSZipStreamHelper<Uint8Array>;
}

/** Inflates one entry as UTF-8 text, stopping as soon as the budget is spent. */
async function inflateText(zip: JSZip, name: string, budget: { bytesLeft: number }): Promise<string> {
  const file = zip.file(name);
  if (!file) throw new IngestError('bad-epub', `The EPUB names "${name.slice(0, 200)}" but does not contain it.`);
  const chunks: Uint8Array[] = [];
  await new Promise<void>((resolve, reject) => {
    const stream = (file as unknown as ZipEntryStreamer).internalStream('uint8array');
    stream
      .on('data', (chunk) => {
        budget.bytesLeft -= chunk.length;
        if (budget.bytesLeft < 0) {
          stream.pause();
          reject(new IngestError('zip-bomb', 'The EPUB inflates to more than its sizes declared or the limit allows; refused as a zip bomb.'));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (error) => reject(new IngestError('bad-epub', `The EPUB entry "${name.slice(0, 200)}" is damaged: ${error.message}`, { cause: error })))
      .on('end', () => resolve())
      .resume();
  });
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

/** Reads an EPUB's spine as text. Throws IngestError for damaged, non-EPUB or oversized archives. */
export async function readEpub(bytes: Uint8Array, limits: InputLimits): Promise<EpubText> {
  checkZipDirectory(readZipDirectory(bytes), limits);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch (error) {
    throw new IngestError('bad-epub', `The EPUB cannot be opened as a zip: ${(error as Error).message}`, { cause: error });
  }
  const budget = { bytesLeft: limits.maxInflatedBytes };
  if (!zip.file('META-INF/container.xml')) {
    throw new IngestError('bad-epub', 'This zip is not an EPUB: META-INF/container.xml is missing.');
  }
  const container = await inflateText(zip, 'META-INF/container.xml', budget);
  const rootTag = /<rootfile\b[^>]*>/i.exec(container)?.[0];
  const opfPath = rootTag ? attribute(rootTag, 'full-path') : undefined;
  if (!opfPath) throw new IngestError('bad-epub', 'The EPUB container.xml names no package (rootfile) file.');
  const opf = await inflateText(zip, opfPath, budget);

  const manifest = new Map<string, { href: string; mediaType: string }>();
  for (const [tag] of opf.matchAll(/<(?:opf:)?item\b[^>]*>/gi)) {
    const id = attribute(tag, 'id');
    const href = attribute(tag, 'href');
    if (id && href) manifest.set(id, { href, mediaType: attribute(tag, 'media-type') ?? '' });
  }
  const spine = [...opf.matchAll(/<(?:opf:)?itemref\b[^>]*>/gi)]
    .map(([tag]) => attribute(tag, 'idref'))
    .filter((id): id is string => id !== undefined);
  if (spine.length === 0) throw new IngestError('bad-epub', 'The EPUB package has an empty spine: no chapters to read.');

  const base = path.dirname(opfPath);
  const texts: string[] = [];
  for (const idref of spine) {
    const item = manifest.get(idref);
    if (!item || !/html|xml/i.test(item.mediaType || 'html')) continue;
    const href = decodeURIComponent(item.href.split('#')[0]!);
    const entry = path.normalize(base === '.' ? href : `${base}/${href}`);
    const text = xhtmlToText(await inflateText(zip, entry, budget));
    if (text.length > 0) texts.push(text);
  }
  const result: EpubText = { text: texts.join('\n\n\n'), documents: texts.length };
  const title = metadataField(opf, 'title');
  const author = metadataField(opf, 'creator');
  if (title) result.title = title;
  if (author) result.author = author;
  return result;
}
