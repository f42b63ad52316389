/** An index's state to and from checkpoint sections (see checkpoint-file.ts). */
import type { CheckpointContents } from './checkpoint-file.ts';
import { CheckpointError } from './checkpoint-file.ts';
import { TRACKED_PARTITIONS, type InvertedIndexState } from './inverted-index.ts';
import type { PostingListsState } from './posting-lists.ts';

function listsSections(prefix: string, lists: PostingListsState): CheckpointContents['arrays'] {
  return {
    [`${prefix}.ids`]: lists.ids.subarray(0, lists.used),
    [`${prefix}.frequencies`]: lists.frequencies.subarray(0, lists.used),
    [`${prefix}.heads`]: lists.heads.subarray(0, lists.lists),
    [`${prefix}.tails`]: lists.tails.subarray(0, lists.lists),
    [`${prefix}.tailUsed`]: lists.tailUsed.subarray(0, lists.lists),
    [`${prefix}.counts`]: lists.counts.subarray(0, lists.lists),
  };
}

/** The sections of an index state, under `prefix.` names. */
export function indexSections(state: InvertedIndexState): Pick<CheckpointContents, 'arrays' | 'strings'> & { header: Record<string, number> } {
  const terms = state.terms.length;
  const arrays: CheckpointContents['arrays'] = {
    ...listsSections('postings', state.postings),
    ...listsSections('members', state.members),
    'terms.fields': state.termFields.subarray(0, terms),
    'terms.maxFrequencies': state.maxFrequencies.subarray(0, terms),
    'terms.minLengths': state.minLengths.subarray(0, terms),
    'documents.partitions': state.documentPartitions.subarray(0, state.documents),
    'documents.alive': state.documentAlive.subarray(0, state.documents),
    'documents.lengths': state.documentLengths.subarray(0, state.documents * state.fieldCount),
    'partitions.documents': state.partitionDocuments.subarray(0, state.partitions),
    'partitions.lengths': state.partitionLengths.subarray(0, state.partitions * state.fieldCount),
  };
  state.trackedFrequencies.forEach((frequencies, partition) => (arrays[`terms.frequencies.${partition}`] = frequencies.subarray(0, terms)));
  return {
    header: { fieldCount: state.fieldCount, documents: state.documents, partitions: state.partitions, deadDocuments: state.deadDocuments, postingsUsed: state.postings.used, membersUsed: state.members.used },
    arrays,
    strings: { terms: state.terms },
  };
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new CheckpointError(`checkpoint lacks ${name}`);
  return value;
}

function listsFrom(contents: CheckpointContents, prefix: string, used: number): PostingListsState {
  const array = <T>(name: string) => required(contents.arrays[`${prefix}.${name}`], `${prefix}.${name}`) as T;
  const heads = array<Uint32Array>('heads');
  return { ids: array<Uint32Array>('ids'), frequencies: array<Uint8Array>('frequencies'), used, heads, tails: array('tails'), tailUsed: array('tailUsed'), counts: array('counts'), lists: heads.length };
}

/** The index state a checkpoint holds; throws `CheckpointError` when a section is missing or inconsistent. */
export function indexStateFrom(contents: CheckpointContents): InvertedIndexState {
  const header = contents.header as Record<string, number>;
  const number = (name: string) => {
    const value = header[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new CheckpointError(`checkpoint header lacks ${name}`);
    return value;
  };
  const terms = required(contents.strings.terms, 'terms');
  const array = <T>(name: string) => required(contents.arrays[name], name) as T;
  const state: InvertedIndexState = {
    fieldCount: number('fieldCount'),
    terms,
    termFields: array('terms.fields'),
    trackedFrequencies: Array.from({ length: TRACKED_PARTITIONS }, (_, partition) => array<Uint32Array>(`terms.frequencies.${partition}`)),
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
  const consistent = state.termFields.length === terms.length && state.postings.lists === terms.length && state.documentPartitions.length === state.documents
    && state.members.lists === state.partitions && state.documentLengths.length === state.documents * state.fieldCount;
  if (!consistent) throw new CheckpointError('checkpoint sections disagree with each other');
  return state;
}
