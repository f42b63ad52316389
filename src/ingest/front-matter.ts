/**
 * The guard at ingestion: an uploaded book's title, author and front matter (the opening before
 * the first chapter, prefaces) are where text addressed to a model hides best, because they are
 * not the story. A title or an author that gives orders refuses the upload, since both go into
 * every prompt; front-matter paragraphs that do are left out of the text, with a warning.
 */
import type { Book } from '../book/types.ts';
import { findInstructions } from '../safety/instruction.ts';
import { IngestError } from './ingest-error.ts';

/** A front-matter paragraph that reads as an instruction, and why. */
export interface FlaggedParagraph {
  paragraph: string;
  reasons: string[];
}

const STORY_KINDS = new Set(['chapter', 'letter', 'part']);

/** Throws IngestError('injection') when the title or the author reads as an instruction to the model. */
export function assertPlainNames(title: string, author: string): void {
  for (const [field, value] of [['title', title], ['author', author]] as const) {
    const reasons = findInstructions(value);
    if (reasons.length > 0) throw new IngestError('injection', `The ${field} "${value.slice(0, 80)}" reads as an instruction to the model (${reasons.join('; ')}); give the book a plain ${field}.`);
  }
}

/** The paragraphs before the story starts (an "Opening" section, prefaces) that read as instructions. */
export function flagFrontMatter(book: Book): FlaggedParagraph[] {
  const firstStory = book.chapters.findIndex((chapter) => STORY_KINDS.has(chapter.kind));
  const front = firstStory < 0 ? [] : book.chapters.slice(0, firstStory);
  return front.flatMap((chapter) => chapter.paragraphs).flatMap((paragraph) => {
    const reasons = findInstructions(paragraph);
    return reasons.length > 0 ? [{ paragraph, reasons }] : [];
  });
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text with the flagged paragraphs' blocks removed (a block is text between blank lines). */
export function withoutParagraphs(text: string, flagged: FlaggedParagraph[]): string {
  const drop = new Set(flagged.map((entry) => squash(entry.paragraph)));
  return text.split(/(\r?\n[ \t]*\r?\n)/).filter((block, index, blocks) => {
    if (index % 2 === 1) return !drop.has(squash(blocks[index - 1] ?? ''));
    return !drop.has(squash(block));
  }).join('');
}
