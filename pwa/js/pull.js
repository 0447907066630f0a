// Keep the device's copy fresh: GET /api/v1/sync?cursor= brings what changed since last time
// (the user's findings with status and owner, categories, walks). Stored in IndexedDB, so My
// findings and the walks can be read with no network. After it, the lists that the incident and
// round screens need offline (screens/field-lists.js, loaded then: not in the first load).

import "./store.js";
import { get } from "./api.js";
import { categoryName } from "./categories.js";
import { emit, requireSignIn, state } from "./session.js";

const Store = self.LyktaStore;
const MAX_PAGES = 50;

let running = null;

export function pull() {
  if (!running) running = pullOnce().finally(() => (running = null));
  return running;
}

async function pullOnce() {
  if (!state.session || state.authRequired) return { status: "signed-out" };
  let cursor = await Store.getMeta("sync_cursor");
  emit("pull", { status: "running" });
  try {
    for (let page = 0; page < MAX_PAGES; page += 1) {
      let data;
      try {
        data = await get(`/api/v1/sync${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`);
      } catch (error) {
        if ((error.status === 400 || error.status === 422) && cursor) {
          cursor = null; // a cursor the server no longer understands: start over
          continue;
        }
        throw error;
      }
      await store(data, !cursor);
      cursor = data.cursor;
      if (!data.more) break;
    }
    await Store.setMeta("last_sync_at", Date.now());
    await import("./screens/field-lists.js").then(
      (lists) => lists.pull(),
      () => {}
    );
    // Loaded, it sends a follow-up walk's marks kept on the phone, now and whenever it is back
    // online: from the first sync on, whichever screen the app was opened on.
    await import("./screens/revisits.js").catch(() => {});
    emit("pull", { status: "done" });
    emit("data");
    return { status: "done" };
  } catch (error) {
    if (error.status === 401) await requireSignIn();
    emit("pull", { status: "failed", error });
    return { status: error.status === 0 ? "offline" : "failed", error };
  }
}

async function store(data, first) {
  await Store.transact(["findings", "categories", "walks", "meta"], "readwrite", async (s) => {
    for (const finding of data.findings) {
      const known = await Store.req(s.findings.get(finding.id));
      if (!known || known.version <= finding.version) await Store.req(s.findings.put(finding));
    }
    if (first && data.categories.length) await Store.req(s.categories.clear());
    for (const category of data.categories) await Store.req(s.categories.put(category));
    for (const walk of data.walks) await Store.req(s.walks.put(walk));
    const current = new Set(data.walk_ids);
    for (const id of await Store.req(s.walks.getAllKeys())) {
      if (!current.has(id)) await Store.req(s.walks.delete(id));
    }
    await Store.req(s.meta.put({ key: "sync_cursor", value: data.cursor }));
  });
}

export async function categories() {
  const all = await Store.getAll("categories");
  return all.sort((a, b) => a.sort_order - b.sort_order || a.code.localeCompare(b.code));
}

/* code → name, from the last sync's categories (or the server's, before the first sync). */
export async function categoryNames() {
  let known = await categories();
  if (!known.length) known = await get("/api/v1/categories").catch(() => []);
  const names = new Map(known.map((c) => [c.code, categoryName(c)]));
  return (code) => names.get(code) || code;
}

export async function activeCategories() {
  return (await categories()).filter((category) => category.active);
}

export async function walks() {
  const all = await Store.getAll("walks");
  return all.sort((a, b) => new Date(b.planned_start) - new Date(a.planned_start));
}

export async function findings() {
  const all = await Store.getAll("findings");
  return all.sort((a, b) => new Date(b.captured_at) - new Date(a.captured_at));
}

export async function lastSyncAt() {
  return Store.getMeta("last_sync_at");
}
