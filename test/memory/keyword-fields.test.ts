import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTermDictionary } from '../../src/search-index/term-dictionary.ts';
import { createFieldBuffers, DEFAULT_KEYWORD_INDEX_OPTIONS, documentFields, fillDocumentFields, termPairs } from '../../src/memory/keyword-fields.ts';
import { tokenize } from '../../src/memory/tokenize.ts';
import { createWordCache } from '../../src/memory/word-cache.ts';

const options = DEFAULT_KEYWORD_INDEX_OPTIONS;

describe('documentFields', () => {
  it('names the same terms and pairs as tokenize and termPairs, whatever the text', () => {
    const dictionary = createTermDictionary();
    const cache = createWordCache();
    const buffers = createFieldBuffers();
    const pieces = ['Alice', "alice's", "Queen's", ' ', ', ', "'s", "s'", '_', '9', 'RUNNING', 'ran', 'the', 'déjà', 'Æsop', '½', 'K', '\u212a', 'ﬁsh', '’s', '“', '”', '—', '–', '‘', '’', 's', 'x', "O'Brien", 'I', 'my', '\u2010', '\u2026', '\ud83d', '😀', '\u00e2'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const terms = tokenize(text);
        const [words, pairs] = documentFields(text, dictionary, options, cache);
        expect(Array.from(words!, (term) => dictionary.name(term))).toEqual(terms);
        expect(Array.from(pairs!, (term) => dictionary.name(term))).toEqual(termPairs(terms));
        // The reused buffers of the build path hold the same.
        fillDocumentFields(text, dictionary, options, cache, buffers);
        expect(Array.from(buffers.fields[0]!.subarray(0, buffers.sizes[0]))).toEqual(Array.from(words!));
        expect(Array.from(buffers.fields[1]!.subarray(0, buffers.sizes[1]))).toEqual(Array.from(pairs!));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a narrated text\'s first person', () => {
    const dictionary = createTermDictionary();
    const [words] = documentFields('My mother and I', dictionary, options, createWordCache(), true);
    expect(Array.from(words!, (term) => dictionary.name(term))).toEqual(['my', 'mother', 'i']);
  });
});
