// An ingest worker thread (ingest-pool.ts): decodes, normalizes and encodes the requests it is posted.
import { parentPort, workerData } from 'node:worker_threads';
import { laneView } from './ingest-lanes.ts';
import { ingestContext, processRequest, type IngestJob } from './ingest-work.ts';
import { transferable, type IngestWorkerData } from './ingest-pool.ts';

const { settings, lanes } = workerData as IngestWorkerData;
const context = ingestContext(settings);
const port = parentPort!;

/** `outLane`: the lane to encode the rows into, when they fit; otherwise they are transferred. */
port.on('message', ({ id, job, outLane }: { id: number; job: IngestJob; outLane?: number }) => {
  try {
    const result = processRequest(job, context, outLane === undefined ? undefined : laneView(lanes, outLane, lanes.laneBytes));
    // Rows in the lane are shared, not copied, by postMessage.
    if (result.kind !== 'rows' || result.encoded.buffer === lanes.memory) return port.postMessage({ id, result });
    const encoded = transferable(result.encoded);
    port.postMessage({ id, result: { ...result, encoded } }, [encoded.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
