import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.js';
import { inspectionsApi } from '../../api/inspections.js';
import { queueAll, queueDelete, queuePut, type QueueItem } from './store.js';

/**
 * Sends queued inspections one at a time, oldest first. An item leaves the queue only
 * after the server answered 200 (a replay it already had) or 201 (new), so a sync cut
 * off halfway (network lost after the server stored it but before the reply) re-sends
 * the same idempotency key next time and the server acknowledges it without a second
 * record or case. 409 (same key, different content) and other refusals are kept and
 * shown; network failures stop the round and leave everything pending.
 */

type Listener = (items: QueueItem[]) => void;
const listeners = new Set<Listener>();
const roundListeners = new Set<() => void>();
let running: Promise<void> | null = null;
let started = false;

let asked = 0;
let shown = 0;

/** Tells every listener what is queued; a read that finishes after a newer one is dropped. */
async function publish(): Promise<void> {
  const n = ++asked;
  const items = await queueAll();
  if (n < shown) return;
  shown = n;
  for (const l of listeners) l(items);
}

function formOf(item: QueueItem): FormData {
  const fd = new FormData();
  fd.append('command', JSON.stringify(item.command));
  for (const p of item.photos) fd.append(p.field, p.blob, p.name);
  return fd;
}

async function sendOne(item: QueueItem): Promise<'done' | 'stop' | 'kept'> {
  try {
    await inspectionsApi.submit(formOf(item), { quiet: true });
    await queueDelete(item.key);
    return 'done';
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
    if (err.status === 0 || err.status === 401 || err.status >= 500) return 'stop';
    await queuePut({
      ...item,
      status: err.status === 409 ? 'conflict' : 'rejected',
      error: err.message,
      errorCode: err.code,
      errorStatus: err.status,
    });
    return 'kept';
  }
}

/** One sync round (a second call while one runs waits for it). */
export function syncNow(): Promise<void> {
  running ??= (async () => {
    try {
      for (const item of await queueAll()) {
        if (item.status !== 'pending') continue;
        if (!navigator.onLine) break;
        const r = await sendOne(item);
        await publish();
        if (r === 'stop') break;
      }
    } finally {
      running = null;
      await publish();
      for (const l of roundListeners) l();
    }
  })();
  return running;
}

/** Retries a conflicting or refused item as it is (same key). */
export async function retryItem(item: QueueItem): Promise<void> {
  await queuePut({ ...item, status: 'pending', error: undefined });
  await syncNow();
}

export async function enqueue(item: QueueItem): Promise<void> {
  await queuePut(item);
  await publish();
  void syncNow();
}

/** Starts syncing on app start and whenever the connection returns (once per page load). */
export function startSync(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => void syncNow());
  void syncNow();
}

/**
 * Calls `fn` after every sync round (also one with nothing to send, as when the
 * connection returns), so pages refresh what the server now knows; returns the
 * unsubscribe.
 */
export function onSyncRound(fn: () => void): () => void {
  roundListeners.add(fn);
  return () => {
    roundListeners.delete(fn);
  };
}

export function useQueue(): QueueItem[] {
  const [items, setItems] = useState<QueueItem[]>([]);
  useEffect(() => {
    listeners.add(setItems);
    void publish();
    return () => {
      listeners.delete(setItems);
    };
  }, []);
  return items;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}
