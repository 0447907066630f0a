/* One sender at a time across the page's tabs and the service worker: Web Locks where the
   browser has them, else a lease in IndexedDB. The server makes a replay harmless anyway; the
   lock keeps two senders from racing over the same item's progress.

   A classic script like store.js (the service worker loads it with importScripts): it needs
   self.LyktaStore and adds self.LyktaSending.lock. */
((global) => {
  "use strict";

  const Store = global.LyktaStore;
  const LOCK_NAME = "lykta-outbox";
  const LEASE_MS = 2 * 60 * 1000;

  /* Web Locks: a second sender waits for the first to finish its pass, then makes its own
     (which finds the items already sent): never two at once, and no request is lost.
     Resolves with what work() returned, or {status: "busy"} when a lease is held elsewhere. */
  async function withLock(work) {
    const locks = global.navigator?.locks;
    if (locks) return locks.request(LOCK_NAME, work);
    return withLease(work);
  }

  /* Without Web Locks: a lease in IndexedDB, taken in one transaction, renewed while sending.
     Whoever finds it taken is told "busy" (sender.js then leaves a request that the holder
     honours before it lets go). */
  async function withLease(work) {
    const owner = Math.random().toString(36).slice(2);
    const taken = await Store.transact("meta", "readwrite", async (s) => {
      const lease = await Store.req(s.meta.get("send_lease"));
      if (lease && lease.value.until > Date.now()) return false;
      const value = { owner: owner, until: Date.now() + LEASE_MS };
      await Store.req(s.meta.put({ key: "send_lease", value: value }));
      return true;
    });
    if (!taken) return { status: "busy" };
    const renew = setInterval(() => {
      Store.setMeta("send_lease", { owner: owner, until: Date.now() + LEASE_MS });
    }, LEASE_MS / 3);
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await Store.delMeta("send_lease");
    }
  }

  global.LyktaSending = global.LyktaSending || {};
  global.LyktaSending.lock = { withLock: withLock };
})(self);
