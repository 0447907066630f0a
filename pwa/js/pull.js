// Keep the device's copy fresh: GET /api/v1/sync?cursor= brings what changed since last time
// (the user's findings with status and owner, categories, walks). Stored in IndexedDB, so My
// findings and the walks can be read with no network. After it, the lists that the incident and
// round screens need offline: the incident types and this and last week's rounds to walk.

import "./store.js";
import { get } from "./api.js";
import { categoryName } from "./categories.js";
import { locale } from "./i18n.js";
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
    await pullFieldLists();
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

/* The incident types (named in the reader's language) and, for those who may read the EST
   meeting's actions (owners and staff; a reporter's are none), the rounds decided this week and
   last week: kept in `meta` for the incident and round screens with no network. A failure keeps
   the last copy. */
export async function pullFieldLists() {
  try {
    const items = await get("/api/v1/incident-types");
    await Store.setMeta("incident_types", { locale: locale(), items });
  } catch {
    /* offline or refused: the last copy stays */
  }
  if (!["owner", "coordinator", "admin"].includes(state.session?.user.role)) return;
  try {
    const now = new Date();
    const weeks = [isoWeek(now), isoWeek(new Date(now.getTime() - 7 * 86400000))];
    const lists = await Promise.all(weeks.map((week) => get(`/api/v1/est/actions?week=${week}`)));
    const rounds = lists.flat().filter((action) => action.kind === "trygghetsrunda");
    await Store.setMeta("round_actions", rounds);
  } catch {
    /* the last copy stays */
  }
}

/* The incident types as last fetched: {locale, items: [{code, name}]} or undefined. */
export function incidentTypes() {
  return Store.getMeta("incident_types");
}

/* This and last week's rounds decided at the EST meeting, as last fetched. */
export async function roundActions() {
  return (await Store.getMeta("round_actions")) || [];
}

/* The ISO week of a day on this device: "2026-W14". */
export function isoWeek(date) {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday decides the year
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}
