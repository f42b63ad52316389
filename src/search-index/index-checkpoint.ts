/** An index's state to and from checkpoint sections (see checkpoint-file.ts). */
import type { CheckpointContents } from './checkpoint-file.ts';
import { CheckpointError } from './checkpoint-file.ts';
import { POSTING_CLASSES, TRACKED_PARTITIONS, type InvertedIndexState } from './inverted-index.ts';
import type { PostingListsState } from './posting-lists.ts';

function listsSections(prefix: string, lists: PostingListsState, count: number): CheckpointContents['arrays'] {
  return {
    [`${prefix}.ids`]: lists.ids.subarray(0, lists.used),
    [`${prefix}.frequencies`]: lists.frequencies.subarray(0, lists.used),
    [`${prefix}.heads`]: lists.heads.subarray(0, count),
    [`${prefix}.tails`]: lists.tails.subarray(0, count),
  };
}

/** The sections of an index state, under `prefix.` names. */
export function indexSections(state: InvertedIndexState): Pick<CheckpointContents, 'arrays' | 'strings'> & { header: Record<string, number> } {
  const terms = state.dictionary.count;
  const arrays: CheckpointContents['arrays'] = {
    'terms.isPair': state.dictionary.isPair.subarray(0, terms),
    'terms.pairParts': state.dictionary.pairParts.subarray(0, terms * 2),
    ...listsSections('postings', state.postings, terms * POSTING_CLASSES),
    ...listsSections('members', state.members, state.partitions),
    'terms.maxFrequencies': state.maxFrequencies.subarray(0, terms * POSTING_CLASSES),
    'terms.minLengths': state.minLengths.subarray(0, terms * POSTING_CLASSES),
    'documents.partitions': state.documentPartitions.subarray(0, state.documents),
    'documents.alive': state.documentAlive.subarray(0, state.documents),
    'documents.lengths': state.documentLengths.subarray(0, state.documents * state.fieldCount),
    'partitions.documents': state.partitionDocuments.subarray(0, state.partitions),
    'partitions.lengths': state.partitionLengths.subarray(0, state.partitions * state.fieldCount),
  };
  state.trackedFrequencies.forEach((frequencies, partition) => (arrays[`terms.frequencies.${partition}`] = frequencies.subarray(0, terms)));
  state.scoreBounds.forEach((bounds, partition) => (arrays[`terms.scoreBounds.${partition}`] = new Float64Array(bounds.subarray(0, terms))));
  arrays['partitions.boundAverages'] = state.boundAverages;
  return {
    header: { fieldCount: state.fieldCount, terms, documents: state.documents, partitions: state.partitions, deadDocuments: state.deadDocuments, postingsUsed: state.postings.used, membersUsed: state.members.used },
    arrays,
    strings: { words: state.dictionary.words.slice(0, terms) },
  };
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new CheckpointError(`checkpoint lacks ${name}`);
  return value;
}

function listsFrom(contents: CheckpointContents, prefix: string, used: number): PostingListsState {
  const array = <T>(name: string) => required(contents.arrays[`${prefix}.${name}`], `${prefix}.${name}`) as T;
  const heads = array<Uint32Array>('heads');
  return { ids: array<Uint32Array>('ids'), frequencies: array<Uint8Array>('frequencies'), used, heads, tails: array('tails'), lists: heads.length };
}

/** The index state a checkpoint holds; throws `CheckpointError` when a section is missing or inconsistent. */
export function indexStateFrom(contents: CheckpointContents): InvertedIndexState {
  const header = contents.header as Record<string, number>;
  const number = (name: string) => {
    const value = header[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new CheckpointError(`checkpoint header lacks ${name}`);
    return value;
  };
  const words = required(contents.strings.words, 'words');
  const terms = number('terms');
  const array = <T>(name: string) => required(contents.arrays[name], name) as T;
  const state: InvertedIndexState = {
    fieldCount: number('fieldCount'),
    dictionary: { words, isPair: array('terms.isPair'), pairParts: array('terms.pairParts'), count: terms },
    trackedFrequencies: Array.from({ length: TRACKED_PARTITIONS }, (_, partition) => array<Uint32Array>(`terms.frequencies.${partition}`)),
    scoreBounds: Array.from({ length: TRACKED_PARTITIONS }, (_, partition) => new Float32Array(array<Float64Array>(`terms.scoreBounds.${partition}`))),
    boundAverages: array('partitions.boundAverages'),
    maxFrequencies: array('terms.maxFrequencies'),
    minLengths: array('terms.minLengths'),
    postings: listsFrom(contents, 'postings', number('postingsUsed')),
    members: listsFrom(contents, 'members', number('membersUsed')),
    documents: number('documents'),
    documentPartitions: array('documents.partitions'),
    documentAlive: array('documents.alive'),
    documentLengths: array('documents.lengths'),
    partitions: number('partitions'),
    partitionDocuments: array('partitions.documents'),
    partitionLengths: array('partitions.lengths'),
    deadDocuments: number('deadDocuments'),
  };
  const consistent = words.length === terms && state.dictionary.isPair.length === terms && state.dictionary.pairParts.length === terms * 2
    && state.postings.lists === terms * POSTING_CLASSES && state.maxFrequencies.length === terms * POSTING_CLASSES && state.trackedFrequencies.every((frequencies) => frequencies.length === terms) && state.documentPartitions.length === state.documents
    && state.members.lists === state.partitions && state.documentLengths.length === state.documents * state.fieldCount;
  if (!consistent) throw new CheckpointError('checkpoint sections disagree with each other');
  return state;
}
