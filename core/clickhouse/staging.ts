// Files that hold one insert's binary data while the embedded engine reads it with `file()`.
// chdb's raw insert silently truncates binary formats passed inline at the first "\n\n" byte pair
// (3,000 RowBinary rows sent, 2,570 stored, no error), so binary data never goes inline: it is
// written to a file, the engine runs `INSERT … SELECT … FROM file(path, Native)`, and the file is
// removed. The collector writes its own files (its journal, collector/journal.ts); these serve
// one-off inserts of encoded rows (the ingest benchmark's engine-alone figures, tests).
import { mkdirSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';

export class StagingFiles {
  private readonly dir: string;
  private next = 0;

  /**
   * `dataDir` is the engine's data directory (locked by this process), so the directory derived
   * from it belongs to this process alone, and what a crashed run left in it can be removed.
   */
  constructor(dataDir: string) {
    this.dir = join(dataDir, 'vigil-staging');
    rmSync(this.dir, { recursive: true, force: true });
    // Mode 0700: the files hold span data.
    mkdirSync(this.dir, { mode: 0o700 });
  }

  get location(): string {
    return this.dir;
  }

  /** Writes `parts` to a new file, runs `read` with its path, and removes the file whatever happens. */
  async with<T>(parts: readonly Uint8Array[], read: (path: string) => Promise<T>): Promise<T> {
    const path = join(this.dir, `insert-${this.next++}.bin`);
    try {
      await writeParts(path, parts);
      return await read(path);
    } finally {
      await rm(path, { force: true });
    }
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function writeParts(path: string, parts: readonly Uint8Array[]): Promise<void> {
  const bytes = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const file = await open(path, 'w', 0o600);
  try {
    const { bytesWritten } = await file.writev(parts as Uint8Array[]);
    if (bytesWritten !== bytes) throw new Error(`short write to ${path}: ${bytesWritten} of ${bytes} bytes`);
  } finally {
    await file.close();
  }
}
