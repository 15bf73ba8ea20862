// An ingest worker thread (ingest-pool.ts): decodes, normalizes and encodes the requests it is posted.
import { parentPort, workerData } from 'node:worker_threads';
import { ingestContext, processRequest, type IngestJob, type IngestSettings } from './ingest-work.ts';
import { transferable } from './ingest-pool.ts';

const context = ingestContext(workerData as IngestSettings);
const port = parentPort!;

port.on('message', ({ id, job }: { id: number; job: IngestJob }) => {
  try {
    const result = processRequest(job, context);
    if (result.kind !== 'rows') return port.postMessage({ id, result });
    const encoded = transferable(result.encoded);
    port.postMessage({ id, result: { ...result, encoded } }, [encoded.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
