/** The data the pool handed to this worker at start (undefined in the main thread). */
import { workerData } from 'node:worker_threads';

export function workerInit<T>(): T | undefined {
  return (workerData as { init?: T } | null)?.init;
}
