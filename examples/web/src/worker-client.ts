import type { LongRunResult, Trained, TrainingProgress, WorkerReply, WorkerRequest } from './protocol.js';

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void; onProgress?: (progress: TrainingProgress) => void };
/** A request without its id: the client numbers them. */
type Ask<T extends WorkerRequest['type']> = Omit<Extract<WorkerRequest, { type: T }>, 'id' | 'type'>;

/** The page's side of the cpu worker (worker.ts): one promise per request. */
export class CpuWorker {
  readonly #worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  constructor() {
    this.#worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      if (reply.type === 'progress') return pending.onProgress?.(reply);
      this.#pending.delete(reply.id);
      if (reply.type === 'error') pending.reject(new Error(reply.message));
      else pending.resolve(reply);
    };
    this.#worker.onerror = (event) => {
      const error = new Error(`the worker failed: ${event.message || 'it could not start'}`);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
  }

  train(ask: Ask<'train'>, onProgress: (progress: TrainingProgress) => void): Promise<Trained> {
    return this.#ask({ type: 'train', ...ask }, onProgress) as Promise<Trained>;
  }

  longRun(ask: Ask<'long-run'>): Promise<LongRunResult> {
    return this.#ask({ type: 'long-run', ...ask }) as Promise<LongRunResult>;
  }

  #ask(request: Omit<WorkerRequest, 'id'>, onProgress?: Pending['onProgress']): Promise<WorkerReply> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ ...request, id });
    });
  }
}
