// The worker thread that reads one import file (import-reader.ts starts it, one per file): the file's bytes
// in, its rows or its coded refusal out. Apart from the thread that answers requests, so that a hostile
// workbook costs this thread's memory and time, within its limits, and never the server's.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../errors.ts';
import { readImportFile } from './import-files.ts';

const { bytes } = workerData as { bytes: Uint8Array };
try {
  parentPort!.postMessage({ ok: true, ...(await readImportFile(bytes)) });
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  parentPort!.postMessage({ ok: false, code: error.code, message: error.message, issues: error.issues });
}
