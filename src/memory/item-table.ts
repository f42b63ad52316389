/**
 * The store's side of the index: which item each document is, its content hash (so an item
 * given again with the same text is not re-indexed), and the partition ids of the book, shared
 * memories and each visitor. A document loaded from a checkpoint has an id and a hash but no
 * item until a source gives the item again ("attached").
 */
import type { StoreCheckpoint } from './memory-store.ts';
import type { MemoryItem } from './types.ts';
import { grown } from '../search-index/grown.ts';

/** The book's and the shared memories' partitions: the two with exact per-term frequencies. */
const RESERVED_PARTITIONS = ['\u0000book', ''];

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
  allItems(): MemoryItem[];
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
  const documents = new Map<string, number>();
  ids.forEach((id, document) => id !== undefined && documents.set(id, document));
  const keys: string[] = checkpoint ? [...checkpoint.partitionKeys] : [...RESERVED_PARTITIONS];
  const partitions = new Map(keys.map((key, partition) => [key, partition]));
  let attached = 0;
  let changes = 0;
  let sharedVisitorItems = new Set<number>();
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
    itemAt: (document) => items[document],
    item(id) {
      const document = documents.get(id);
      return document === undefined ? undefined : items[document];
    },
    hashAt: (document) => hashes[document]!,
    createdAtMs(document) {
      let time = created[document]!;
      // Parsed when first ranked, not when attached: a start attaches every item, a search reads few.
      if (Number.isNaN(time)) created[document] = time = Date.parse(items[document]?.createdAt ?? '');
      return time;
    },
    attach(document, item) {
      if (items[document] === undefined) attached += 1;
      items[document] = item;
      track(document, item);
      created[document] = Number.NaN;
    },
    place(document, item, hash) {
      ids[document] = item.id;
      items[document] = item;
      hashes = grown(hashes, document + 1);
      created = grown(created, document + 1);
      hashes[document] = hash;
      created[document] = Number.NaN;
      documents.set(item.id, document);
      track(document, item);
      attached += 1;
      changes += 1;
    },
    release(document) {
      const id = ids[document];
      if (id !== undefined && documents.get(id) === document) documents.delete(id);
      if (items[document] !== undefined) attached -= 1;
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
        if (id !== undefined && items[document] === undefined) stale.push(document);
      });
      return stale;
    },
    sharedVisitorKinds: () => sharedVisitorItems,
    allItems: () => items.filter((item): item is MemoryItem => item !== undefined),
    renumber(renumbered) {
      const size = renumbered.reduce((count, target) => (target === -1 ? count : count + 1), 0);
      const nextIds: Array<string | undefined> = new Array(size);
      const nextItems: Array<MemoryItem | undefined> = new Array(size);
      const nextHashes = new Float64Array(Math.max(64, size));
      const nextCreated = new Float64Array(Math.max(64, size));
      renumbered.forEach((target, document) => {
        if (target === -1) return;
        nextIds[target] = ids[document];
        nextItems[target] = items[document];
        nextHashes[target] = hashes[document]!;
        nextCreated[target] = created[document]!;
      });
      ids = nextIds;
      items = nextItems;
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
      return { index, itemIds: ids.map((id) => id ?? ''), hashes: hashes.slice(0, ids.length), partitionKeys };
    },
  };
}
