import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointError, readCheckpoint, writeCheckpoint } from '../../src/search-index/checkpoint-file.ts';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function file(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'reverie-checkpoint-file-'));
  folders.push(folder);
  return join(folder, 'x.rvix');
}

const contents = () => ({
  header: { documents: 3 },
  arrays: { bytes: Uint8Array.of(1, 2, 3), shorts: Uint16Array.of(65535, 7), ids: Uint32Array.of(4, 2 ** 32 - 1), scores: Float64Array.of(0.5, -1e300) },
  strings: { empty: [], latin: ['', 'visitor-1', 'café'], wide: ['Ottoline 🐇', '\ud800 alone', '', '中文'] },
});

describe('checkpoint files', () => {
  it('reads back every array and string list as written, lone surrogates and all', async () => {
    const path = await file();
    await writeCheckpoint(path, contents());
    const read = await readCheckpoint(path);
    expect(read.header).toEqual({ documents: 3 });
    expect(read.arrays).toEqual(contents().arrays);
    expect(read.strings).toEqual(contents().strings);
    // Arrays read in place still belong to the reader: writing one changes nothing else.
    read.arrays.bytes![0] = 9;
    expect(read.arrays.shorts).toEqual(Uint16Array.of(65535, 7));
  });

  it('refuses a file cut short or with any byte of its body changed', async () => {
    const path = await file();
    await writeCheckpoint(path, contents());
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 1));
    await expect(readCheckpoint(path)).rejects.toThrow(/torn/);
    for (const position of [bytes.length - 1, bytes.length - 40, bytes.length - 90]) {
      const changed = Buffer.from(bytes);
      changed[position] = changed[position]! ^ 0x01;
      await writeFile(path, changed);
      await expect(readCheckpoint(path)).rejects.toThrow(CheckpointError);
    }
  });
});
