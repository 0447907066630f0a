/* Lykta's on-device database (IndexedDB), shared by the page and the service worker.

   The page loads this file as a module (import "./store.js") and the service worker with
   importScripts(): so it has no import or export and defines self.LyktaStore instead.

   Stores:
     outbox      queued findings, oldest first (created_at, id); photo progress per item
     photos      photo bytes of queued findings: {id, finding_id, type, data: ArrayBuffer}
                 (ArrayBuffer + MIME type, not Blob: Safari has lost Blobs in IndexedDB)
     findings    the user's findings as /api/v1/sync last sent them
     categories  by code, as sync sent them (inactive ones too, to hide them)
     walks       the walks the user takes part in
     meta        {key, value}: session, locale, sync cursor, flags
*/
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the module's own scope, as a classic script the service worker loads with importScripts
((global) => {
  "use strict";

  const DB_NAME = "lykta";
  const DB_VERSION = 1;
  const STORES = ["outbox", "photos", "findings", "categories", "walks", "meta"];

  let opening = null;

  function open() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = global.indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = () => {
          const db = request.result;
          const names = db.objectStoreNames;
          if (!names.contains("outbox")) db.createObjectStore("outbox", { keyPath: "id" });
          if (!names.contains("photos")) {
            const photos = db.createObjectStore("photos", { keyPath: "id" });
            photos.createIndex("finding_id", "finding_id");
          }
          if (!names.contains("findings")) db.createObjectStore("findings", { keyPath: "id" });
          if (!names.contains("categories")) {
            db.createObjectStore("categories", { keyPath: "code" });
          }
          if (!names.contains("walks")) db.createObjectStore("walks", { keyPath: "id" });
          if (!names.contains("meta")) db.createObjectStore("meta", { keyPath: "key" });
        };
        request.onsuccess = () => {
          const db = request.result;
          // A newer version of the app wants to upgrade: let it, and reopen next time.
          db.onversionchange = () => {
            db.close();
            opening = null;
          };
          db.onclose = () => {
            opening = null;
          };
          resolve(db);
        };
        request.onerror = () => {
          opening = null;
          reject(request.error);
        };
      });
    }
    return opening;
  }

  /* A request as a promise. Awaiting it inside transact() keeps the transaction alive. */
  function req(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => {
        resolve(request.result);
      };
      request.onerror = () => {
        reject(request.error);
      };
    });
  }

  /* Run body({store: IDBObjectStore, ...}) in one transaction; resolves with what body returned
     once the transaction has committed (not merely when the last request succeeded). The body
     may only await IndexedDB requests, never the network. */
  async function transact(names, mode, body) {
    const db = await open();
    const list = Array.isArray(names) ? names : [names];
    return new Promise((resolve, reject) => {
      const tx = db.transaction(list, mode);
      const stores = {};
      list.forEach((name) => {
        stores[name] = tx.objectStore(name);
      });
      let result;
      Promise.resolve()
        .then(() => body(stores, tx))
        .then(
          (value) => {
            result = value;
          },
          (error) => {
            try {
              tx.abort();
            } catch {
              /* already finished */
            }
            reject(error);
          }
        );
      tx.oncomplete = () => {
        resolve(result);
      };
      tx.onerror = () => {
        reject(tx.error);
      };
      tx.onabort = () => {
        reject(tx.error || new Error("transaction aborted"));
      };
    });
  }

  function get(name, key) {
    return transact(name, "readonly", (s) => req(s[name].get(key)));
  }

  function getAll(name) {
    return transact(name, "readonly", (s) => req(s[name].getAll()));
  }

  function put(name, value) {
    return transact(name, "readwrite", (s) => req(s[name].put(value)));
  }

  function del(name, key) {
    return transact(name, "readwrite", (s) => req(s[name].delete(key)));
  }

  async function getMeta(key) {
    const record = await get("meta", key);
    return record ? record.value : undefined;
  }

  function setMeta(key, value) {
    return put("meta", { key: key, value: value });
  }

  function delMeta(key) {
    return del("meta", key);
  }

  /* Change one outbox item in a transaction of its own: read, change, write. */
  function updateItem(id, change) {
    return transact("outbox", "readwrite", async (s) => {
      const item = await req(s.outbox.get(id));
      if (!item) return undefined;
      change(item);
      await req(s.outbox.put(item));
      return item;
    });
  }

  function byAge(a, b) {
    return a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  /* The outbox, oldest first: the order in which items are sent. */
  async function outboxItems() {
    return (await getAll("outbox")).sort(byAge);
  }

  /* Forget everything on this device (sign-out). */
  function wipe() {
    return transact(STORES, "readwrite", (s) =>
      Promise.all(STORES.map((name) => req(s[name].clear())))
    );
  }

  global.LyktaStore = {
    DB_NAME: DB_NAME,
    DB_VERSION: DB_VERSION,
    STORES: STORES,
    open: open,
    req: req,
    transact: transact,
    get: get,
    getAll: getAll,
    put: put,
    del: del,
    getMeta: getMeta,
    setMeta: setMeta,
    delMeta: delMeta,
    updateItem: updateItem,
    outboxItems: outboxItems,
    byAge: byAge,
    wipe: wipe,
  };
})(self);
