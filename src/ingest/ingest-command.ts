/**
 * `reverie ingest <file> [--id ID] [--title T] [--author A] [--corpus DIR] [--json]`: ingests a
 * novel into the corpus. Progress lines go to stderr; the result goes to stdout (JSON with --json).
 * Exit codes: 0 ingested, 1 the file was refused or could not be written, 2 a usage error.
 */
import { parseArgs } from 'node:util';
import { IngestError } from './ingest-error.ts';
import { ingestBook, type IngestResult } from './ingest-book.ts';

/** Where a command writes. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Defaults the CLI wiring may supply. */
export interface IngestCommandDefaults {
  /** The corpus folder when --corpus is not given (default "corpus"). */
  corpusDir?: string;
}

const USAGE = 'Usage: reverie ingest <file> [--id ID] [--title TITLE] [--author AUTHOR] [--corpus DIR] [--json]';

function summary(result: IngestResult): string {
  const lines = [
    `Ingested "${result.title}" by ${result.author} as ${result.id} (${result.format}, ${result.words} words, edition ${result.edition}).`,
    `${result.chapters.length} chapters:`,
    ...result.chapters.map((chapter) => `  ${chapter.number}. ${chapter.title} (${chapter.words} words)`),
    `Characters (${result.characters.length}):`,
    ...result.characters.slice(0, 20).map((character) => `  ${character.name}: ${character.lines} lines, ${character.mentions} mentions${character.isNarrator ? ', narrator' : ''}`),
    ...(result.narrators.length > 0
      ? [`Narrators (${result.narratorSource === 'given' ? 'from book.json' : 'found in the text'}):`, ...result.narrators.map((range) => `  ${range.speaker}: chapters ${range.fromChapter}-${range.toChapter}${range.startsAt ? ` from “${range.startsAt}”` : ''}`)]
      : []),
    ...result.warnings.map((warning) => `Warning: ${warning}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs `reverie ingest`; returns the exit code. */
export async function runIngestCommand(args: string[], io: CommandIo, defaults: IngestCommandDefaults = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        id: { type: 'string' },
        title: { type: 'string' },
        author: { type: 'string' },
        corpus: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`reverie ingest: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    io.stderr.write(`reverie ingest: ${file === undefined ? 'give the file to ingest' : `one file at a time (got ${parsed.positionals.length})`}\n${USAGE}\n`);
    return 2;
  }
  const { values } = parsed;
  try {
    const result = await ingestBook({
      file,
      corpusDir: values.corpus ?? defaults.corpusDir ?? 'corpus',
      ...(values.id !== undefined ? { id: values.id } : {}),
      ...(values.title !== undefined ? { title: values.title } : {}),
      ...(values.author !== undefined ? { author: values.author } : {}),
      onProgress: (event) => {
        io.stderr.write(`ingest: ${event.stage} ${event.percent}%${event.detail ? ` (${event.detail})` : ''}\n`);
      },
    });
    io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : summary(result));
    return 0;
  } catch (error) {
    if (error instanceof IngestError) {
      io.stderr.write(`reverie ingest: ${error.message}\n`);
      return error.reason === 'bad-id' ? 2 : 1;
    }
    throw error;
  }
}
