// The walked route (issue 16, item 7), loaded with the walks on Hem: on each walk a switch,
// off by default and explained, by which the walker lets the phone record where they go. While
// it is on, the phone keeps a point every 20 m (or every 30 s once it moved 5 m), only fixes
// better than 50 m, in IndexedDB (its own database, per user and walk), and PUTs the whole track
// with the walk (PUT /api/v1/walks/<id>/track, safe to repeat): at once, then at most once a
// minute, when the switch goes off and when the link returns. The walk's coordinators and the
// walker see it, in the protocol beside the planned route. Its delete button removes it from the
// phone and the server. Recording goes on while the app is open on any screen.

import { api } from "../api.js";
import { formatDateTime, t, tn } from "../i18n.js";
import { distanceM } from "../map.js";
import { user } from "../session.js";
import { h } from "../ui.js";

const MIN_STEP_M = 20;
const MIN_WAIT_MS = 30_000;
const MIN_MOVE_M = 5;
const MAX_ACCURACY_M = 50;
const SEND_EVERY_MS = 60_000;

let recording = null; // { key, walkId, watch }
let sentAt = 0;
let sending = null;
const views = new Map(); // walk id → its status line's update function
let listening = false;

/* Adds the switch to each walk's card on Hem that is not over, and resumes a recording left on. */
export async function decorate(box, walks) {
  if (!listening) {
    listening = true;
    addEventListener("online", () => {
      for (const walkId of views.keys()) send(walkId);
    });
  }
  views.clear();
  for (const walk of walks) {
    const card = box.querySelector(`[data-walk-id="${walk.id}"]`);
    if (!card) continue;
    const saved = await read(walk.id);
    const over = walk.status === "avslutad" || walk.status === "inställd";
    if (over && saved?.on) await switchOff(walk.id);
    if (over && !saved) continue;
    card.append(trackCard(walk, saved, over));
    if (!over && saved?.on && recording?.walkId !== walk.id) start(walk.id);
    if (saved && saved.sentCount < saved.points.length) send(walk.id); // left unsent
  }
}

function trackCard(walk, saved, over) {
  const id = `track-${walk.id}`;
  const status = h("p", { class: "meta", id: `${id}-status`, "aria-live": "polite" });
  const toggle = h("input", {
    type: "checkbox",
    role: "switch",
    id: `${id}-switch`,
    "aria-describedby": `${id}-hint`,
  });
  toggle.checked = Boolean(saved?.on);
  toggle.disabled = over;
  toggle.addEventListener("change", async () => {
    if (toggle.checked) {
      await switchOn(walk.id);
    } else {
      await switchOff(walk.id);
    }
    update();
  });
  const remove = h(
    "button",
    { type: "button", class: "button button-quiet", id: `${id}-delete` },
    t("track.delete")
  );
  remove.addEventListener("click", async () => {
    await switchOff(walk.id, false);
    toggle.checked = false;
    await forget(walk.id);
    update();
  });
  async function update() {
    const now = await read(walk.id);
    const count = now?.points.length || 0;
    const parts = [tn("track.points", count)];
    if (now?.sentAt) parts.push(t("track.sent", { when: formatDateTime(now.sentAt) }));
    if (now?.problem) parts.push(now.problem);
    status.textContent = parts.join(" · ");
    status.parentElement.dataset.points = String(count);
    status.parentElement.dataset.sent = String(now?.sentCount || 0);
    remove.hidden = !count && !now?.sentCount;
  }
  views.set(walk.id, update);
  const node = h(
    "div",
    { class: "walk-track stack", id },
    h(
      "div",
      { class: "choice-group" },
      h("div", { class: "choice" }, toggle, h("label", { for: `${id}-switch` }, t("track.switch")))
    ),
    h("p", { class: "hint", id: `${id}-hint` }, t("track.explain")),
    status,
    remove
  );
  update();
  return node;
}

async function switchOn(walkId) {
  if (recording && recording.walkId !== walkId) await switchOff(recording.walkId);
  const saved = (await read(walkId)) || { points: [], sentCount: 0, sentAt: null };
  await write(walkId, { ...saved, on: true, problem: null });
  start(walkId);
}

async function switchOff(walkId, flush = true) {
  if (recording?.walkId === walkId) {
    navigator.geolocation.clearWatch(recording.watch);
    recording = null;
  }
  const saved = await read(walkId);
  if (!saved) return;
  await write(walkId, { ...saved, on: false });
  if (flush) await send(walkId, true);
}

function start(walkId) {
  if (!navigator.geolocation) return;
  let queue = Promise.resolve(); // one fix at a time, so that none is lost
  const watch = navigator.geolocation.watchPosition(
    (position) => {
      queue = queue.then(() => keep(walkId, position)).catch(() => {});
    },
    () => {},
    { enableHighAccuracy: true, maximumAge: 5000, timeout: 60_000 }
  );
  recording = { walkId, watch };
}

/* One fix from the phone: kept if it is accurate enough and far or long enough from the last. */
async function keep(walkId, position) {
  const { latitude, longitude, accuracy } = position.coords;
  if (!(accuracy <= MAX_ACCURACY_M)) return;
  const saved = await read(walkId);
  if (!saved?.on) return;
  const last = saved.points.at(-1);
  if (last) {
    const moved = distanceM(last.lat, last.lon, latitude, longitude);
    const waited = position.timestamp - Date.parse(last.at);
    if (!(moved >= MIN_STEP_M || (waited >= MIN_WAIT_MS && moved >= MIN_MOVE_M))) return;
  }
  saved.points.push({
    lat: Math.round(latitude * 1e6) / 1e6,
    lon: Math.round(longitude * 1e6) / 1e6,
    at: new Date(position.timestamp).toISOString(),
    accuracy_m: Math.round(accuracy * 10) / 10,
  });
  await write(walkId, saved);
  views.get(walkId)?.();
  if (Date.now() - sentAt >= SEND_EVERY_MS) send(walkId);
}

/* The whole track to the server (the PUT replaces it); one at a time. */
async function send(walkId, force = false) {
  if (sending) await sending;
  const saved = await read(walkId);
  if (!saved?.points.length || (!force && saved.sentCount === saved.points.length)) return;
  if (!navigator.onLine) return;
  sentAt = Date.now();
  const count = saved.points.length;
  sending = api("PUT", `/api/v1/walks/${walkId}/track`, { json: { points: saved.points } })
    .then(async () => {
      const now = await read(walkId);
      await write(walkId, { ...now, sentCount: count, sentAt: new Date().toISOString() });
    })
    .catch(async (error) => {
      if (error.status === 0) return; // again with the next point or when the link returns
      const now = await read(walkId);
      await write(walkId, { ...now, problem: error.message });
    })
    .finally(() => {
      sending = null;
      views.get(walkId)?.();
    });
  await sending;
}

async function forget(walkId) {
  const saved = await read(walkId);
  if (saved?.sentCount) {
    try {
      await api("DELETE", `/api/v1/walks/${walkId}/track`);
    } catch (error) {
      if (error.status !== 404) {
        await write(walkId, { ...saved, problem: error.message });
        return;
      }
    }
  }
  await transaction("readwrite", (store) => store.delete(key(walkId)));
}

/* The phone's tracks: a database of their own, one record per user and walk. */
const key = (walkId) => `${user()?.id}:${walkId}`;

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("lykta-tracks", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("tracks");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transaction(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction("tracks", mode);
      const request = work(tx.objectStore("tracks"));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const read = (walkId) => transaction("readonly", (store) => store.get(key(walkId)));
const write = (walkId, record) =>
  transaction("readwrite", (store) => store.put(record, key(walkId)));
