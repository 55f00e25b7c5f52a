// Reads an import workbook in a worker thread (import-worker.ts) with fixed bounds: at most
// IMPORT_READ_MEMORY_MB of heap and IMPORT_READ_SECONDS of time, IMPORT_READINGS_AT_ONCE at a time,
// stopped as soon as the client goes away.
// exceljs may write a sheet to a temporary file; the worker's TMPDIR is a folder of its own, under a
// folder the server owns, removed when the reading ends however it ends. A crash leaves such folders
// behind: each is named after its server's process id, and a server starting removes those whose
// process is gone (several servers may share the folder: tests, or two on one machine).
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { ImportFormat } from '@lpt/shared/imports';
import type { CodedIssue } from '@lpt/shared/messages';
import { AppError, type AppErrorCode } from '../../errors.ts';
import { checkWorkbookDirectory, fileRefusal, formatOf, readCsv, type Cell } from './import-files.ts';

export const IMPORT_READ_SECONDS = 20;
export const IMPORT_READ_MEMORY_MB = 256;
/** Workbooks read at once; the next ones wait their turn (four hostile ones at once took 3.3 GB before). */
export const IMPORT_READINGS_AT_ONCE = 2;

export const defaultImportTempDir = () => path.join(tmpdir(), 'lpt-imports');

export interface ReadOptions {
  /** The folder the server owns for import files (defaultImportTempDir()). */
  tempDir?: string;
  /** Aborted when the client goes away: the worker is stopped (or never started). */
  signal?: AbortSignal;
  /** Tighter bounds than IMPORT_READ_SECONDS and IMPORT_READ_MEMORY_MB (tests). */
  limits?: { seconds?: number; memoryMb?: number };
}

let readings = 0;
const waiting: (() => void)[] = [];

/** Waits for one of the IMPORT_READINGS_AT_ONCE turns; the answer gives it back. */
async function turn(signal?: AbortSignal): Promise<() => void> {
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else readings--;
  };
  signal?.throwIfAborted();
  if (readings < IMPORT_READINGS_AT_ONCE) {
    readings++;
    return release;
  }
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      waiting.splice(waiting.indexOf(go), 1);
      reject(signal!.reason);
    };
    const go = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    waiting.push(go);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return release;
}

// In the bundle (scripts/build.ts) the worker is server/dist/import-worker.js beside main.js. From the
// sources (`pnpm dev`, the tests) it is TypeScript: a worker's own --import does not take on Node 20, so a
// one-line script has tsx import it.
const fromSources = import.meta.url.endsWith('.ts');

function startWorker(options: WorkerOptions): Worker {
  if (!fromSources) return new Worker(new URL('./import-worker.js', import.meta.url), options);
  // tsx's ES module API (its CommonJS twin misplaces its own files when imported this way).
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsx = pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default)).href;
  const entry = new URL('./import-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}));`, {
    ...options,
    eval: true,
  });
}

type WorkerAnswer =
  | { ok: true; format: ImportFormat; rows: Cell[][] }
  | { ok: false; code: AppErrorCode; message: string; issues?: CodedIssue[] };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** At start: removes what readings of servers no longer running left in the folder. */
export async function removeLeftoverImportFiles(tempDir = defaultImportTempDir()): Promise<string[]> {
  await mkdir(tempDir, { recursive: true, mode: 0o700 });
  const removed: string[] = [];
  for (const name of await readdir(tempDir)) {
    const pid = /^(\d+)-/.exec(name)?.[1];
    if (pid && isAlive(Number(pid))) continue;
    await rm(path.join(tempDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * The file's format and rows: a workbook read in a worker thread within the bounds above (its zip directory
 * checked here first); a CSV file here, since csv-parse reads its 2 MB at most, stopping at the row limit,
 * in milliseconds.
 */
export async function readImportFileApart(bytes: Uint8Array, options: ReadOptions = {}): Promise<{ format: ImportFormat; rows: Cell[][] }> {
  options.signal?.throwIfAborted();
  if (formatOf(bytes) === 'csv') return { format: 'csv', rows: readCsv(bytes) };
  // A bomb that its zip directory gives away is refused here, without a worker's start.
  checkWorkbookDirectory(bytes);
  const seconds = options.limits?.seconds ?? IMPORT_READ_SECONDS;
  const memoryMb = options.limits?.memoryMb ?? IMPORT_READ_MEMORY_MB;
  const root = options.tempDir ?? defaultImportTempDir();
  await mkdir(root, { recursive: true, mode: 0o700 });
  const release = await turn(options.signal);
  const stops: (() => void)[] = [release];
  let ownDir: string | undefined;
  let worker: Worker | undefined;
  try {
    ownDir = await mkdtemp(path.join(root, `${process.pid}-`));
    worker = startWorker({
      workerData: { bytes },
      env: { ...process.env, TMPDIR: ownDir },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(32, memoryMb) },
    });
    const running = worker;
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(fileRefusal('import_read_too_long', { seconds })), seconds * 1000);
      stops.push(() => clearTimeout(timer));
      if (options.signal) {
        if (options.signal.aborted) reject(options.signal.reason);
        const onAbort = () => reject(options.signal!.reason);
        options.signal.addEventListener('abort', onAbort, { once: true });
        stops.push(() => options.signal!.removeEventListener('abort', onAbort));
      }
      running.once('message', (answer: WorkerAnswer) =>
        answer.ok ? resolve({ format: answer.format, rows: answer.rows }) : reject(new AppError(answer.code, answer.message, answer.issues)),
      );
      running.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? fileRefusal('import_read_too_big') : error),
      );
      running.once('exit', (code) => reject(new Error(`The import reader stopped (exit code ${code}) without an answer`)));
    });
  } finally {
    await worker?.terminate();
    if (ownDir) await rm(ownDir, { recursive: true, force: true });
    for (const stop of stops) stop();
  }
}
