/**
 * The inspector's offline store: one small IndexedDB database (no library) with
 * `cache` (assigned points, checklists; refreshed when online) and `queue` (recorded
 * inspections waiting to be sent, photos kept as Blobs).
 */

import type { SubmitBody } from '../../../../src/shared/contracts/inspections.contract.js';

const DB_NAME = 'dudao-inspect';
const DB_VERSION = 1;

export interface QueuedPhoto {
  field: string;
  name: string;
  blob: Blob;
}

export interface QueueItem {
  /** The idempotency key (a UUID made when the inspection was recorded). */
  key: string;
  pointName: string;
  /** Exactly the submit command the server takes (POST /api/inspections). */
  command: SubmitBody;
  photos: QueuedPhoto[];
  createdAt: string;
  /** `pending` until a 200/201 removes it; `conflict` (409) or `rejected` (other 4xx) stay for the inspector to see. */
  status: 'pending' | 'conflict' | 'rejected';
  error?: string;
  /** The refusal's code and status, said in the UI's language when shown (apiErrors.ts). */
  errorCode?: string;
  errorStatus?: number;
}

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('cache')) db.createObjectStore('cache');
      if (!db.objectStoreNames.contains('queue')) db.createObjectStore('queue', { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      opening = null;
      reject(req.error ?? new Error('indexedDB unavailable'));
    };
  });
  return opening;
}

async function run<T>(store: 'cache' | 'queue', mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(req.result as T);
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('indexedDB error'));
    tx.onabort = () => reject(tx.error ?? new Error('indexedDB aborted'));
  });
}

export const cacheGet = <T>(key: string) => run<T | undefined>('cache', 'readonly', (s) => s.get(key));
export const cachePut = (key: string, value: unknown) => run<IDBValidKey>('cache', 'readwrite', (s) => s.put(value, key));

export const queueAll = async (): Promise<QueueItem[]> =>
  (await run<QueueItem[]>('queue', 'readonly', (s) => s.getAll())).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
export const queuePut = (item: QueueItem) => run<IDBValidKey>('queue', 'readwrite', (s) => s.put(item));
export const queueDelete = (key: string) => run<undefined>('queue', 'readwrite', (s) => s.delete(key));
