import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import type { FakeHub } from '../../test/fakes/hub-server.ts';
import { readConfig } from '../dataset/shard-reader.ts';
import { DATASET_CONFIGS } from '../dataset/schema.ts';
import type { Reverie } from '../main.ts';

/** What an erasure left of a visitor, read back from the files, the stores and the fake Hub. */
export interface ErasureCheck {
  status: number;
  erased: unknown;
  journalLines: number;
  storeItems: number;
  versionItems: number;
  datasetRows: number;
  /** The visitor's rows on the Hub just before the erasure, and after it. */
  hubRowsBefore: number;
  hubRows: number;
  /** Files (and Hub files) that still name the visitor or hold one of their values. */
  residue: string[];
}

const json = (value: unknown): string => JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'bigint' ? Number(entry) : entry));

/** Erases a visitor through the HTTP API and counts what is left of them everywhere. */
export async function checkErasure(options: { reverie: Reverie; baseUrl: string; dataDir: string; visitorId: string; values: string[]; hub?: FakeHub }): Promise<ErasureCheck> {
  const pseudonym = options.reverie.dataset.pseudonym(options.visitorId);
  // Names, places and pets: the values that say who the visitor is.
  const marks = [options.visitorId, pseudonym, ...options.values.filter((value) => /^\p{Lu}/u.test(value))];
  const isTheirs = (text: string) => marks.some((mark) => text.includes(mark));
  // Everything published so far is on the Hub first, so the erasure has something to take back.
  if (options.hub) await options.reverie.dataset.syncNow();
  const hubRowsBefore = await countHubRows(options.hub, isTheirs);
  const response = await fetch(`${options.baseUrl}/api/visitors/me?confirm=yes&visitorId=${options.visitorId}`, { method: 'DELETE' });
  const answer = (await response.json()) as { erased?: unknown };
  const journal = await readFile(path.join(options.dataDir, 'journal.jsonl'), 'utf8').catch(() => '');
  let storeItems = 0;
  for (const runtime of options.reverie.runtimes.values()) {
    storeItems += [options.visitorId, pseudonym].flatMap((visitor) => runtime.memory.items({ visitor }, { includeSuperseded: true }).filter((item) => item.visitor === visitor)).length;
  }
  const residue: string[] = [];
  let versionItems = 0;
  for (const name of (await readdir(options.dataDir, { recursive: true })).map(String)) {
    if (name.endsWith('.parquet') || name === 'erasures.json' || name === 'secret.key') continue;
    const text = await readFile(path.join(options.dataDir, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    if (/^memory\/.*\/v\d+\.json$/.test(name)) versionItems += (JSON.parse(text) as { items: Array<{ visitor?: string }> }).items.filter((item) => item.visitor === options.visitorId || item.visitor === pseudonym).length;
    if (isTheirs(text)) residue.push(name);
  }
  let datasetRows = 0;
  for (const config of DATASET_CONFIGS) {
    const rows = await readConfig(options.reverie.dataset.datasetDir, config.name).catch(() => []);
    datasetRows += rows.filter((row) => isTheirs(json(row))).length;
  }
  for (const repo of options.hub?.repos.values() ?? []) {
    for (const [file, { content }] of repo.files) if (!file.endsWith('.parquet') && isTheirs(content.toString('utf8'))) residue.push(`hub:${file}`);
  }
  return {
    status: response.status, erased: answer.erased ?? answer, journalLines: journal.split('\n').filter((line) => line.includes(options.visitorId)).length,
    storeItems, versionItems, datasetRows, hubRowsBefore, hubRows: await countHubRows(options.hub, isTheirs), residue,
  };
}

/** Rows of the fake Hub's Parquet files that are the visitor's. */
async function countHubRows(hub: FakeHub | undefined, isTheirs: (text: string) => boolean): Promise<number> {
  let count = 0;
  for (const repo of hub?.repos.values() ?? []) {
    for (const [file, { content }] of repo.files) {
      if (!file.endsWith('.parquet')) continue;
      const rows = await parquetReadObjects({ file: content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer });
      count += rows.filter((row) => isTheirs(json(row))).length;
    }
  }
  return count;
}
