/**
 * The store's side of the index: which item each document is, its content hash (so an item
 * given again with the same text is not re-indexed), and the partition ids of the book, shared
 * memories and each visitor. A document loaded from a checkpoint has an id and a hash but no
 * item until a source gives the item again ("attached"), or until the store trusts the
 * checkpoint's own record of it (`trust`: its source vouched that nothing changed since, see
 * store-checkpoint.ts); a trusted record is parsed into its item when first read, not at start.
 */
import type { StoreCheckpoint } from './memory-store.ts';
import type { MemoryItem, MemoryKind } from './types.ts';
import { grown } from '../search-index/grown.ts';
import type { TextList } from '../search-index/checkpoint-file.ts';

/** The book's and the shared memories' partitions: the two with exact per-term frequencies. */
const RESERVED_PARTITIONS = ['\u0000book', ''];

/** Each kind's code in a checkpoint's `items.kinds` (the high bit: the item has no visitor). */
const KIND_CODES: readonly MemoryKind[] = ['passage', 'turn', 'reflection', 'insight', 'visitor_fact', 'strategy'];
const SHARED_BIT = 0x80;
/** Kinds whose record a checkpoint keeps: those a source can vouch for without giving them again (books are read every start anyway). */
export const RECORDED_KINDS: ReadonlySet<MemoryKind> = new Set(['turn', 'visitor_fact', 'reflection']);
const textAt = (list: NonNullable<StoreCheckpoint['records']>, index: number): string => (Array.isArray(list) ? (list as string[])[index]! : (list as TextList).at(index));
const isEmptyAt = (list: NonNullable<StoreCheckpoint['records']>, index: number): boolean => (Array.isArray(list) ? (list as string[])[index] === '' : (list as TextList).bytesAt(index) === 0);
const kindCode = (item: MemoryItem): number => KIND_CODES.indexOf(item.kind) | (item.visitor === undefined ? SHARED_BIT : 0);

/**
 * The record a checkpoint keeps of an item, '' for none: turns and the facts said in them (the
 * journal gives them), and reflections (the dataset does). Not what dreams made, nor a fact a
 * reflection drew (no source gives those again), and without a dream's supersession, which the
 * memory versions apply again at start (a visitor's own retirement, with `validTo`, stays).
 */
function recordOf(item: MemoryItem): string {
  if (!RECORDED_KINDS.has(item.kind) || item.version !== undefined || item.id.startsWith('dream:')) return '';
  if (item.kind === 'visitor_fact' && !item.id.startsWith('fact:')) return '';
  if (item.supersededBy !== undefined && item.validTo === undefined) {
    const { supersededBy: _dreamt, ...kept } = item;
    return JSON.stringify(kept);
  }
  return JSON.stringify(item);
}

/** See the file comment. */
export interface ItemTable {
  /** Items attached. */
  readonly size: number;
  /** Documents placed or released since the last checkpoint. */
  readonly changes: number;
  documentOf(id: string): number | undefined;
  itemAt(document: number): MemoryItem | undefined;
  item(id: string): MemoryItem | undefined;
  hashAt(document: number): number;
  createdAtMs(document: number): number;
  /** Gives a document its item (the same id; new fields such as `supersededBy`). */
  attach(document: number, item: MemoryItem): void;
  /** Records a newly indexed document. */
  place(document: number, item: MemoryItem, hash: number): void;
  /** Forgets a removed document. */
  release(document: number): void;
  partitionId(key: string): number | undefined;
  /** The partition id of a key, made when new. */
  partitionFor(key: string): number;
  /** Documents loaded from a checkpoint that no item was attached to. */
  unattached(): number[];
  /** Turns and visitor facts kept with no visitor (shared): few or none, so listing a visitor's own is quick. */
  sharedVisitorKinds(): Iterable<number>;
  /** Every item (of these kinds when given), in document order; only those already parsed with `parsedOnly`. */
  allItems(kinds?: ReadonlySet<MemoryKind>, parsedOnly?: boolean): MemoryItem[];
  /** Attaches every unattached document of these kinds from its checkpoint record; returns how many. */
  trust(kinds: ReadonlySet<MemoryKind>): number;
  /** Follows an index compaction (`renumbered[old]` is the new id or -1). */
  renumber(renumbered: Int32Array): void;
  checkpoint(index: StoreCheckpoint['index']): StoreCheckpoint;
}

/** A 53-bit hash of an item's indexed text and partition (cyrb53). */
export function contentHash(text: string, partitionKey: string): number {
  // One loop per string and no closure: start-up hashes every item it is given again.
  let first = 0xdeadbeef;
  let second = 0x41c6ce57;
  for (let position = 0; position < partitionKey.length; position += 1) {
    const code = partitionKey.charCodeAt(position);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  first = Math.imul(first, 2654435761);
  second = Math.imul(second, 1597334677);
  for (let position = 0; position < text.length; position += 1) {
    const code = text.charCodeAt(position);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507) ^ Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507) ^ Math.imul(first ^ (first >>> 13), 3266489909);
  return 4294967296 * (2097151 & second) + (first >>> 0);
}

/** Creates the table, empty or from a checkpoint's documents. */
export function createItemTable(checkpoint?: StoreCheckpoint): ItemTable {
  let ids: Array<string | undefined> = checkpoint ? [...checkpoint.itemIds] : [];
  let items: Array<MemoryItem | undefined> = new Array(ids.length);
  let hashes: Float64Array = checkpoint ? checkpoint.hashes.slice() : new Float64Array(64);
  let created: Float64Array = new Float64Array(Math.max(64, ids.length));
  // A checkpoint's records (JSON of recorded kinds, '' otherwise), read one at a time, and kind
  // codes; `recordOf[document]` is 1 + the record's place among them (0: none), `lazy` marks the
  // trusted ones not yet parsed.
  const records = checkpoint?.records;
  let recordAt = new Uint32Array(Math.max(64, ids.length));
  if (records) for (let document = 0; document < records.length; document += 1) recordAt[document] = document + 1;
  const recordText = (document: number): string => {
    const place = recordAt[document] ?? 0;
    return place === 0 || !records ? '' : textAt(records, place - 1);
  };
  let kinds: Uint8Array = checkpoint?.kinds ? checkpoint.kinds.slice() : new Uint8Array(0);
  let lazy = new Uint8Array(Math.max(64, ids.length));
  const documents = new Map<string, number>();
  ids.forEach((id, document) => id !== undefined && documents.set(id, document));
  const keys: string[] = checkpoint ? [...checkpoint.partitionKeys] : [...RESERVED_PARTITIONS];
  const partitions = new Map(keys.map((key, partition) => [key, partition]));
  let attached = 0;
  let changes = 0;
  let sharedVisitorItems = new Set<number>();
  // A trusted record becomes its item when first read; the record is then let go.
  function itemAt(document: number): MemoryItem | undefined {
    const held = items[document];
    if (held !== undefined || lazy[document] !== 1) return held;
    const item = JSON.parse(recordText(document)) as MemoryItem;
    items[document] = item;
    lazy[document] = 0;
    recordAt[document] = 0;
    return item;
  }
  const forgetRecord = (document: number) => {
    lazy[document] = 0;
    recordAt[document] = 0;
  };
  const track = (document: number, item: MemoryItem | undefined) => {
    if (item && item.visitor === undefined && (item.kind === 'turn' || item.kind === 'visitor_fact')) sharedVisitorItems.add(document);
    else sharedVisitorItems.delete(document);
  };

  return {
    get size() {
      return attached;
    },
    get changes() {
      return changes;
    },
    documentOf: (id) => documents.get(id),
    itemAt,
    item(id) {
      const document = documents.get(id);
      return document === undefined ? undefined : itemAt(document);
    },
    hashAt: (document) => hashes[document]!,
    createdAtMs(document) {
      let time = created[document]!;
      // Parsed when first ranked, not when attached: a start attaches every item, a search reads few.
      if (Number.isNaN(time)) created[document] = time = Date.parse(itemAt(document)?.createdAt ?? '');
      return time;
    },
    attach(document, item) {
      if (items[document] === undefined && lazy[document] === 0) attached += 1;
      forgetRecord(document);
      items[document] = item;
      track(document, item);
      created[document] = Number.NaN;
    },
    place(document, item, hash) {
      ids[document] = item.id;
      items[document] = item;
      hashes = grown(hashes, document + 1);
      created = grown(created, document + 1);
      lazy = grown(lazy, document + 1);
      recordAt = grown(recordAt, document + 1);
      hashes[document] = hash;
      created[document] = Number.NaN;
      forgetRecord(document);
      documents.set(item.id, document);
      track(document, item);
      attached += 1;
      changes += 1;
    },
    release(document) {
      const id = ids[document];
      if (id !== undefined && documents.get(id) === document) documents.delete(id);
      if (items[document] !== undefined || lazy[document] === 1) attached -= 1;
      forgetRecord(document);
      ids[document] = undefined;
      items[document] = undefined;
      track(document, undefined);
      changes += 1;
    },
    partitionId: (key) => partitions.get(key),
    partitionFor(key) {
      let partition = partitions.get(key);
      if (partition === undefined) {
        partition = keys.length;
        keys.push(key);
        partitions.set(key, partition);
      }
      return partition;
    },
    unattached() {
      const stale: number[] = [];
      ids.forEach((id, document) => {
        if (id !== undefined && items[document] === undefined && lazy[document] === 0) stale.push(document);
      });
      return stale;
    },
    sharedVisitorKinds: () => sharedVisitorItems,
    allItems(only, parsedOnly = false) {
      const found: MemoryItem[] = [];
      for (let document = 0; document < ids.length; document += 1) {
        const held = items[document];
        if (held !== undefined ? only !== undefined && !only.has(held.kind) : parsedOnly || lazy[document] === 0 || (only !== undefined && !only.has(KIND_CODES[kinds[document]! & ~SHARED_BIT]!))) continue;
        found.push(itemAt(document)!);
      }
      return found;
    },
    trust(only) {
      let trusted = 0;
      for (let document = 0; document < ids.length; document += 1) {
        if (ids[document] === undefined || items[document] !== undefined || lazy[document] === 1 || recordAt[document] === 0 || !records || isEmptyAt(records, recordAt[document]! - 1)) continue;
        const code = kinds[document]!;
        const kind = KIND_CODES[code & ~SHARED_BIT];
        if (kind === undefined || !only.has(kind)) continue;
        lazy[document] = 1;
        created[document] = Number.NaN;
        attached += 1;
        trusted += 1;
        // The few turns and facts of no visitor are listed at once (see sharedVisitorKinds).
        if ((code & SHARED_BIT) !== 0 && (kind === 'turn' || kind === 'visitor_fact')) track(document, itemAt(document));
      }
      return trusted;
    },
    renumber(renumbered) {
      const size = renumbered.reduce((count, target) => (target === -1 ? count : count + 1), 0);
      const nextIds: Array<string | undefined> = new Array(size);
      const nextItems: Array<MemoryItem | undefined> = new Array(size);
      const nextHashes = new Float64Array(Math.max(64, size));
      const nextCreated = new Float64Array(Math.max(64, size));
      const nextRecordAt = new Uint32Array(Math.max(64, size));
      const nextKinds = new Uint8Array(size);
      const nextLazy = new Uint8Array(Math.max(64, size));
      renumbered.forEach((target, document) => {
        if (target === -1) return;
        nextIds[target] = ids[document];
        nextItems[target] = items[document];
        nextRecordAt[target] = recordAt[document]!;
        nextKinds[target] = kinds[document] ?? 0;
        nextLazy[target] = lazy[document]!;
        nextHashes[target] = hashes[document]!;
        nextCreated[target] = created[document]!;
      });
      ids = nextIds;
      items = nextItems;
      recordAt = nextRecordAt;
      kinds = nextKinds;
      lazy = nextLazy;
      hashes = nextHashes;
      created = nextCreated;
      documents.clear();
      ids.forEach((id, document) => id !== undefined && documents.set(id, document));
      sharedVisitorItems = new Set([...sharedVisitorItems].map((document) => renumbered[document]!).filter((document) => document !== -1));
    },
    checkpoint(index) {
      changes = 0;
      // A partition left empty (a visitor erased) is written without its key.
      const partitionKeys = keys.map((key, partition) => (partition < RESERVED_PARTITIONS.length || (index.partitionDocuments[partition] ?? 0) > 0 ? key : `\u0000empty:${partition}`));
      const recordFor = (document: number): string => {
        const item = items[document];
        return item !== undefined ? recordOf(item) : recordText(document);
      };
      const codes = new Uint8Array(ids.length);
      for (let document = 0; document < ids.length; document += 1) {
        const item = items[document];
        codes[document] = item !== undefined ? kindCode(item) : (kinds[document] ?? 0);
      }
      return { index, itemIds: ids.map((id) => id ?? ''), hashes: hashes.slice(0, ids.length), partitionKeys, records: ids.map((_, document) => recordFor(document)), kinds: codes };
    },
  };
}
