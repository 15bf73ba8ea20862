// Files that hold one insert's binary data while the embedded engine reads it with `file()`.
// chdb's raw insert silently truncates binary formats passed inline at the first "\n\n" byte pair
// (3,000 RowBinary rows sent, 2,570 stored, no error), so binary data never goes inline: it is
// written to a file, the engine runs `INSERT … SELECT … FROM file(path, Native)`, and the file is
// removed. The file lives on tmpfs (/dev/shm) when there is room, so it never touches a disk; a
// container's /dev/shm is often small (Docker's default is 64 MB), so a batch that would not fit,
// or any failure to write there, falls back to a directory beside the data on disk.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, statfsSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface StagingOptions {
  /** The tmpfs directory to try first (default /dev/shm); undefined or unusable means disk only. */
  tmpfsRoot?: string;
  /** Room left free on tmpfs beyond the file itself, as other programs use /dev/shm too (64 MiB). */
  tmpfsHeadroomBytes?: number;
  /** Told, once, why files go to disk rather than tmpfs. */
  log?: (line: string) => void;
}

export class StagingFiles {
  private readonly fast: string | undefined;
  private readonly disk: string;
  private readonly headroom: number;
  private readonly log: (line: string) => void;
  private toldWhy = false;
  private next = 0;

  /**
   * `dataDir` is the engine's data directory (locked by this process), so the directories derived
   * from it belong to this process alone, and what a crashed run left in them can be removed.
   */
  constructor(dataDir: string, options: StagingOptions = {}) {
    const tag = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
    this.disk = emptied(join(dataDir, 'vigil-staging'));
    this.headroom = options.tmpfsHeadroomBytes ?? 64 * 1024 * 1024;
    this.log = options.log ?? ((line) => console.error(line));
    if (options.tmpfsRoot !== undefined) {
      try {
        this.fast = emptied(join(options.tmpfsRoot, `vigil-staging-${tag}`));
      } catch (error) {
        // Absent, read-only, not a directory: the disk will do.
        this.fellBack(`${options.tmpfsRoot} is not usable (${(error as Error).message})`);
      }
    }
  }

  private fellBack(why: string): void {
    if (this.toldWhy) return;
    this.toldWhy = true;
    this.log(`vigil: storage: insert files go to ${this.disk} (disk), not tmpfs: ${why}`);
  }

  /** Where files go first: tmpfs when usable, else the disk directory. */
  get location(): string {
    return this.fast ?? this.disk;
  }

  /** Writes `parts` to a new file, runs `read` with its path, and removes the file whatever happens. */
  async with<T>(parts: readonly Uint8Array[], read: (path: string) => Promise<T>): Promise<T> {
    const bytes = parts.reduce((sum, part) => sum + part.byteLength, 0);
    const name = `insert-${this.next++}.bin`;
    let path: string | undefined;
    if (this.fast !== undefined) {
      // Where the free space cannot be read, the write says what is wrong.
      const free = freeBytes(this.fast) ?? Infinity;
      if (free >= bytes + this.headroom) {
        path = await writeFile(join(this.fast, name), parts, bytes).catch((error: Error) => void this.fellBack(`writing to ${this.fast} failed (${error.message})`));
      } else {
        const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
        this.fellBack(`${this.fast} has ${mb(free)} free, an insert needed ${mb(bytes)} plus ${mb(this.headroom)} left free (a container needs a larger /dev/shm: shm_size)`);
      }
    }
    path ??= await writeFile(join(this.disk, name), parts, bytes);
    try {
      return await read(path);
    } finally {
      await rm(path, { force: true });
    }
  }

  close(): void {
    for (const dir of [this.fast, this.disk]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** The directory emptied and ready; mode 0700, as the files hold span data. */
function emptied(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  // Not recursive: where the tmpfs root is missing, nothing is made in its place.
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

function freeBytes(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

async function writeFile(path: string, parts: readonly Uint8Array[], bytes: number): Promise<string> {
  const file = await open(path, 'w', 0o600);
  try {
    const { bytesWritten } = await file.writev(parts as Uint8Array[]);
    if (bytesWritten !== bytes) throw new Error(`short write to ${path}: ${bytesWritten} of ${bytes} bytes`);
  } catch (error) {
    await file.close();
    await rm(path, { force: true });
    throw error;
  }
  await file.close();
  return path;
}
