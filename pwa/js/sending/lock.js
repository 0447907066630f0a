/* One sender at a time (page, tabs, service worker): Web Locks, else a lease in IndexedDB. */
((global) => {
  "use strict";

  const Store = global.LyktaStore;
  const LOCK_NAME = "lykta-outbox";
  const LEASE_MS = 2 * 60 * 1000;

  /* What work() returned, or {status: "busy"} when a lease is held elsewhere. */
  async function withLock(work) {
    const locks = global.navigator?.locks;
    if (locks) return locks.request(LOCK_NAME, work);
    return withLease(work);
  }

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
