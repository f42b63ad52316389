/**
 * Ingesting a novel: read the file (text, Markdown or EPUB), name it, parse it into chapters,
 * passages and attributed speech, discover its characters, and write it into the corpus
 * atomically (see `writeCorpusBook`). Progress is reported stage by stage.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { BookParseError, parseBook } from '../book/parse-book.ts';
import { discoverCharacters } from '../book/discover-characters.ts';
import { readBookMetadata, type BookMetadata } from '../book/load-corpus.ts';
import type { NarratorRange } from '../book/extract-speeches.ts';
import { assertBookId, readHeaderField, slugify, titleFromFileName } from './book-id.ts';
import { assertPlainNames, flagFrontMatter, withoutParagraphs } from './front-matter.ts';
import { IngestError } from './ingest-error.ts';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from './input-limits.ts';
import { readBookInput, type BookInput, type InputFormat } from './read-input.ts';
import { writeCorpusBook } from './write-corpus-book.ts';
import { readCharacterEdits } from './character-edits-file.ts';

/** The stages of an ingestion, in order. */
export type IngestStage = 'reading' | 'cleaning' | 'chapters' | 'passages' | 'speech' | 'indexing' | 'done';

/** One progress report. */
export interface IngestProgress {
  stage: IngestStage;
  percent: number;
  detail?: string;
}

/** Options for `ingestBook`. */
export interface IngestBookOptions {
  /** A path to read, or the file's bytes. */
  file: string | Uint8Array;
  /** The file's name when `file` is bytes (used to tell Markdown and to guess a title). */
  fileName?: string;
  id?: string;
  title?: string;
  author?: string;
  corpusDir: string;
  /** Where the text came from, for book.json; "Uploaded file <name>" when absent. */
  source?: string;
  limits?: Partial<InputLimits>;
  /** The file already read with `readBookInput` (the HTTP route checks an upload before streaming). */
  input?: BookInput;
  /** Called at each stage; a throw aborts the ingestion and nothing is written. */
  onProgress?: (event: IngestProgress) => void;
}

/** A chapter as the ingestion reports it. */
export interface IngestedChapter {
  number: number;
  title: string;
  words: number;
}

/** A discovered character as the ingestion reports it. */
export interface IngestedCharacter {
  name: string;
  aliases: string[];
  lines: number;
  mentions: number;
  chapters: number[];
  isNarrator: boolean;
}

/** What `ingestBook` returns and `reverie ingest --json` prints. */
export interface IngestResult {
  id: string;
  title: string;
  author: string;
  format: InputFormat;
  encoding: string;
  /** The content hash of the text now in corpus/<id>/text.txt. */
  edition: string;
  /** Editions replaced by this one and kept under corpus/<id>/editions/. */
  previousEditions: string[];
  words: number;
  chapters: IngestedChapter[];
  characters: IngestedCharacter[];
  /** First-person narrators by chapter: book.json's when it has them, else found in the text. */
  narrators: NarratorRange[];
  narratorSource: 'given' | 'discovered';
  warnings: string[];
}

async function readFileChecked(file: string, limits: InputLimits): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new IngestError('empty', `${file} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError('empty', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (size > limits.maxInputBytes) {
    throw new IngestError('too-large', `${file} is ${size} bytes, over the ${limits.maxInputBytes}-byte limit.`);
  }
  return readFile(file);
}

async function previousNarrators(corpusDir: string, id: string): Promise<NarratorRange[] | undefined> {
  try {
    const metadata: BookMetadata = await readBookMetadata(path.join(corpusDir, id));
    return metadata.narrators;
  } catch {
    return undefined;
  }
}

function licenceFor(text: string): string {
  return /project gutenberg/i.test(text.slice(0, 30_000))
    ? 'Project Gutenberg text: public domain in the United States; see the licence at the end of text.txt.'
    : 'Not stated: supplied by the author who uploaded it. Check the rights before publishing.';
}

/** Reads, parses, discovers and writes one book into `corpusDir`; throws IngestError on refusal. */
export async function ingestBook(options: IngestBookOptions): Promise<IngestResult> {
  const limits: InputLimits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
  const report = options.onProgress ?? (() => {});
  if (options.id !== undefined) assertBookId(options.id);
  const fileName = typeof options.file === 'string' ? options.file : options.fileName;

  report({ stage: 'reading', percent: 5, detail: fileName ? path.basename(fileName) : undefined });
  const input =
    options.input ??
    (await readBookInput(typeof options.file === 'string' ? await readFileChecked(options.file, limits) : options.file, limits, fileName));

  report({ stage: 'cleaning', percent: 15, detail: `${input.format}, ${input.encoding}` });
  const title = options.title ?? input.title ?? readHeaderField(input.text, 'Title') ?? titleFromFileName(fileName) ?? 'Untitled';
  const author = options.author ?? input.author ?? readHeaderField(input.text, 'Author') ?? 'Unknown';
  const id = assertBookId(options.id ?? slugify(title));
  const narrators = await previousNarrators(options.corpusDir, id);

  assertPlainNames(title, author);
  const parse = (text: string) => {
    try {
      return parseBook(text, { id, title, author, ...(narrators ? { narrators } : {}) });
    } catch (error) {
      if (error instanceof BookParseError) throw new IngestError('no-text', error.message, { cause: error });
      throw error;
    }
  };
  let text = input.text;
  let book = parse(text);
  const flagged = flagFrontMatter(book);
  if (flagged.length > 0) {
    text = withoutParagraphs(text, flagged);
    book = parse(text);
    book.warnings.push(...flagged.map((entry) => `Left out a paragraph before the first chapter that reads as an instruction to the model (${entry.reasons.join('; ')}): "${entry.paragraph.slice(0, 120)}"`));
  }
  report({ stage: 'chapters', percent: 45, detail: `${book.chapters.length} chapters` });
  report({ stage: 'passages', percent: 55, detail: `${book.passages.length} passages` });
  report({ stage: 'speech', percent: 65, detail: `${book.speeches.length} quotations, ${book.speeches.filter((speech) => speech.speaker !== null).length} attributed` });

  // Re-ingesting a book replays the author's corrections on the new discovery.
  const edits = await readCharacterEdits(path.join(options.corpusDir, id)).catch(() => []);
  const characters = discoverCharacters(book, { edits });
  const record = await writeCorpusBook({
    corpusDir: options.corpusDir,
    record: {
      id,
      title: title.slice(0, 500),
      author: author.slice(0, 500),
      source: (options.source ?? (fileName ? `Uploaded file ${path.basename(fileName)}` : 'Uploaded text')).slice(0, 1000),
      licence: licenceFor(text),
      ...(narrators ? { narrators } : {}),
    },
    text,
    beforeCommit: () => report({ stage: 'indexing', percent: 85, detail: `${characters.length} characters found` }),
  });

  const result: IngestResult = {
    id,
    title: book.title,
    author: book.author,
    format: input.format,
    encoding: input.encoding,
    edition: record.edition,
    previousEditions: record.editions ?? [],
    words: book.chapters.reduce((sum, chapter) => sum + chapter.words, 0),
    chapters: book.chapters.map((chapter) => ({ number: chapter.number, title: chapter.title, words: chapter.words })),
    characters: characters.map(({ name, aliases, lines, mentions, chapters, isNarrator }) => ({ name, aliases, lines, mentions, chapters, isNarrator })),
    narrators: book.narrators ?? [],
    narratorSource: book.narratorSource ?? 'discovered',
    warnings: book.warnings,
  };
  report({ stage: 'done', percent: 100, detail: `${result.chapters.length} chapters, ${result.characters.length} characters` });
  return result;
}
