import type { Book, Chapter } from '../../src/book/types.ts';

const texts = [
  ['The Lantern', ['Mira found a lantern in the attic, its glass cracked and cold.', '“Who left this here?” asked Mira, turning it over in her hands.', 'The lantern flickered once, though there was no oil in it at all.']],
  ['The River', ['The river ran fast and brown after the storm, carrying branches and a drowned kite.', '“I shall cross it anyway,” said Mira, and she did, wet to the knees.', 'On the far bank an old ferryman watched her without a word.']],
  ['The Ferryman', ['The ferryman told her that the lantern belonged to his daughter, lost many winters ago.', '“Then you must have it back,” said Mira, and she held it out.', 'He would not take it; he said the lantern had chosen her.']],
  ['The Return', ['Mira walked home by the long road, the lantern warm now against her coat.', '“I understand it a little better,” Mira said to the dark fields.', 'At the door she found the glass mended, and a small flame burning.']],
] as const;

/** A four-chapter book built by hand, with Mira's lines attributed. */
export function smallBook(): Book {
  const chapters: Chapter[] = texts.map(([title, paragraphs], index) => ({
    number: index + 1, label: `Chapter ${index + 1}`, title, kind: 'chapter', paragraphs: [...paragraphs], words: paragraphs.join(' ').split(/\s+/).length,
  }));
  const passages = chapters.map((chapter) => ({ id: `small:${chapter.number}:0`, bookId: 'small', chapter: chapter.number, chapterTitle: chapter.title, index: 0, text: chapter.paragraphs.join('\n\n'), words: chapter.words }));
  const speeches = chapters.map((chapter) => {
    const line = chapter.paragraphs[1] ?? '';
    return { id: `small:${chapter.number}:speech`, bookId: 'small', chapter: chapter.number, passageId: `small:${chapter.number}:0`, text: line.match(/“([^”]+)”/)?.[1] ?? '', speaker: 'Mira' };
  });
  return { id: 'small', title: 'The Lantern', author: 'Test', chapters, passages, speeches, warnings: [] };
}
