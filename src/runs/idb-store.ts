// One IndexedDB object store per database, one request per transaction: what the runs and
// your drawings keep (structured clone keeps Float32Arrays as they are).

/** A database with one object store, opened for one transaction. */
export interface StoreSpec {
  db: string;
  store: string;
  options: IDBObjectStoreParameters;
}

function open(spec: StoreSpec): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    // Private windows may have no indexedDB, or one whose open() throws or fails.
    if (typeof indexedDB === 'undefined') throw new DOMException('IndexedDB is not available in this browser window.', 'InvalidStateError');
    const req = indexedDB.open(spec.db, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(spec.store, spec.options);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new DOMException('IndexedDB could not be opened.', 'UnknownError'));
    req.onblocked = () => reject(new DOMException('IndexedDB is blocked by another tab of the lab.', 'InvalidStateError'));
  });
}

/**
 * One request in its own transaction. It settles when the transaction does: a write that
 * does not fit (QuotaExceededError) fails at commit, after the request itself succeeded.
 */
export async function inStore<T>(spec: StoreSpec, mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open(spec);
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(spec.store, mode);
      const req = work(t.objectStore(spec.store));
      const failed = () => reject(req.error ?? t.error ?? new DOMException('The storage transaction was aborted.', 'AbortError'));
      t.oncomplete = () => resolve(req.result);
      t.onerror = failed;
      t.onabort = failed;
    });
  } finally {
    db.close();
  }
}
