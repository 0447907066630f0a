// A walk's map kept offline: the tiles of its area, route and meeting point at the zooms used
// on foot (15–18), fetched by the service worker into their own cache (sw.js, KEEP_TILES: the
// page's CSP lets only the worker reach the tile server), two at a time, each asked for by the
// page and checked in the cache, so that a download cut short (offline, the app closed)
// resumes with the missing tiles only.
//
// A walk the phone learns of (the walker joined it) is kept at once when it is within the cap
// (/config.json's tile_download_max, LYKTA_TILE_DOWNLOAD_MAX_TILES; 0 when the tile server is
// OpenStreetMap's own, whose policy forbids bulk downloads) and the phone does not ask to save
// data; otherwise, or to resume, the walk's card offers to save the map, with the
// number of tiles, their estimated size and the free storage shown first. What is kept is
// recorded per walk in the meta store ("offline_map_<id>"), wiped at sign-out with the caches.

import "./store.js";
import { formatBytes, formatNumber, t } from "./i18n.js";
import { loadConfig } from "./session.js";
import { announce, h, icon, withIcon } from "./ui.js";

const Store = self.LyktaStore;
export const ZOOMS = [15, 16, 17, 18];
const TILE_BYTES = 20000; // a town's tile at these zooms, roughly: the size shown before
const PAD_M = 150; // around the walk's bounds, for the streets at its edge
const PAD_TILES = 2; // at each zoom: a phone's screen centred anywhere in the walk is covered
const CACHE = "lykta-tiles-walks-v1"; // sw.js's WALK_TILE_CACHE
const TILE_TIMEOUT_MS = 60000; // a service worker stopped meanwhile never answers
const OPEN = new Set(["planerad", "pågår"]);
const jobs = new Map(); // walk id → {done, failed, bytes, total}: downloads under way
const tried = new Set(); // walks kept or resumed by themselves once in this session
let queue = Promise.resolve();

/* [[south, west], [north, east]] of the walk's area, route and meeting point, or null. */
export function walkBounds(walk, pad = true) {
  const points = [];
  if (walk.area?.bbox) {
    const [west, south, east, north] = walk.area.bbox;
    points.push([south, west], [north, east]);
  }
  for (const [lon, lat] of walk.route?.coordinates || []) points.push([lat, lon]);
  if (walk.meeting_lat != null && walk.meeting_lon != null) {
    points.push([walk.meeting_lat, walk.meeting_lon]);
  }
  if (!points.length) return null;
  const lats = points.map((p) => p[0]);
  const lons = points.map((p) => p[1]);
  const dLat = pad ? PAD_M / 111320 : 0;
  const mid = (Math.min(...lats) + Math.max(...lats)) / 2;
  const dLon = dLat / Math.cos((mid * Math.PI) / 180);
  return [
    [Math.min(...lats) - dLat, Math.min(...lons) - dLon],
    [Math.max(...lats) + dLat, Math.max(...lons) + dLon],
  ];
}

const tileX = (lon, z) => Math.floor(((lon + 180) / 360) * 2 ** z);
const tileY = (lat, z) => {
  const rad = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
};

/* The tiles' URLs, as Leaflet asks for them (its subdomain rule included). */
export function tileUrls(bounds, template) {
  const [[south, west], [north, east]] = bounds;
  const urls = [];
  for (const z of ZOOMS) {
    const last = 2 ** z - 1;
    const clamp = (n) => Math.min(last, Math.max(0, n));
    for (let x = clamp(tileX(west, z) - PAD_TILES); x <= clamp(tileX(east, z) + PAD_TILES); x++) {
      for (
        let y = clamp(tileY(north, z) - PAD_TILES);
        y <= clamp(tileY(south, z) + PAD_TILES);
        y++
      ) {
        const values = { s: "abc"[(x + y) % 3], z, x, y, r: "", "-y": last - y };
        urls.push(template.replace(/\{(-?\w+)\}/g, (match, key) => values[key] ?? match));
      }
    }
  }
  return urls;
}

const recordKey = (walk) => `offline_map_${walk.id}`;

/* What the card needs: the tiles, the cap, what is kept already. */
async function plan(walk) {
  const config = await loadConfig();
  const bounds = walkBounds(walk);
  if (!config?.tile_url || !config.tile_download_max || !bounds) return null;
  const urls = tileUrls(bounds, config.tile_url);
  const key = `${config.tile_url}|${urls.length}|${bounds.flat().map((n) => n.toFixed(5))}`;
  const kept = await Store.getMeta(recordKey(walk));
  return { urls, key, max: config.tile_download_max, kept: kept?.key === key ? kept : null };
}

/* Each open walk's card in `box` (li[data-walk-id]) gets its offline map's line and buttons. */
export async function decorate(box, walks) {
  const wanted = new Set();
  for (const walk of walks) {
    const card = box.querySelector(`li[data-walk-id="${walk.id}"]`);
    if (!card || !walkBounds(walk)) continue;
    const part = h("div", { class: "walk-offline-map", id: `walk-${walk.id}-offline` });
    card.append(part);
    // A walk that is over only shows its map: its tiles go (prune).
    const route = OPEN.has(walk.status) ? await plan(walk) : null;
    draw(walk, part, route);
    if (!route) continue;
    for (const url of route.urls) wanted.add(new URL(url, location.href).href);
    if (tried.has(walk.id) || jobs.has(walk.id)) continue;
    const saveData = navigator.connection?.saveData;
    if (!route.kept?.complete && route.urls.length <= route.max && navigator.onLine && !saveData) {
      tried.add(walk.id);
      save(walk);
    }
  }
  if (!jobs.size) await prune(wanted);
}

/* The tiles of walks that are over, moved or gone leave the phone. */
async function prune(wanted) {
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
}

function draw(walk, part, route) {
  const job = jobs.get(walk.id);
  const id = `walk-${walk.id}-map`;
  // A live region: the progress is said in tenths; the start and the end by announce().
  const status = h("p", { class: "meta", id: `${id}-status`, "aria-live": "polite" });
  const open = h(
    "a",
    { class: "button", href: `#/?map=${walk.id}`, id: `${id}-open` },
    withIcon("map", t("offline_map.open"))
  );
  const bar = h("p", null);
  const buttons = h("div", { class: "button-row" });
  if (!route) status.textContent = "";
  else if (job) {
    status.textContent = progressText(job);
    const max = job.total;
    bar.append(
      h("progress", { id: `${id}-progress`, max, value: job.done, "aria-hidden": "true" })
    );
  } else if (route.kept?.complete) {
    status.append(icon("check"), " ", keptText(route.kept));
  } else if (route.urls.length > route.max) {
    status.textContent = t("offline_map.too_large", {
      tiles: formatNumber(route.urls.length),
      max: formatNumber(route.max),
    });
  } else {
    status.textContent = route.kept ? t("offline_map.partial", countOf(route)) : sizeText(route);
    const label = route.kept ? t("offline_map.resume") : t("offline_map.save");
    const button = h("button", { type: "button", class: "button", id: `${id}-save` }, label);
    button.addEventListener("click", () => save(walk, true));
    buttons.append(button);
    storageLine(route).then((line) => line && status.append(" ", line));
  }
  buttons.append(open);
  part.replaceChildren(...[status, bar.firstChild && bar, buttons].filter(Boolean));
}

const countOf = (route) => ({
  done: formatNumber(route.kept.done),
  tiles: formatNumber(route.urls.length),
});
const sizeText = (route) =>
  t("offline_map.size", {
    tiles: formatNumber(route.urls.length),
    size: formatBytes(route.urls.length * TILE_BYTES),
  });
const keptText = (kept) =>
  t("offline_map.kept", { tiles: formatNumber(kept.total), size: formatBytes(kept.bytes) });
const progressText = (job) =>
  t("offline_map.progress", { done: formatNumber(job.done), tiles: formatNumber(job.total) });

/* The storage the browser grants this app, and what is left of it. */
async function storageLine(route) {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate?.quota) return null;
  const free = estimate.quota - (estimate.usage || 0);
  const key = free < route.urls.length * TILE_BYTES ? "offline_map.no_room" : "offline_map.free";
  return t(key, { free: formatBytes(free) });
}

function redraw(walk, route) {
  const part = document.getElementById(`walk-${walk.id}-offline`);
  if (part) draw(walk, part, route);
}

/* Keep the walk's tiles: one walk at a time; said when it starts and ends. */
function save(walk, asked = false) {
  if (jobs.has(walk.id)) return queue;
  if (asked && !navigator.onLine) {
    announce(t("offline_map.offline"));
    return queue;
  }
  queue = queue.then(() => download(walk)).catch(() => {});
  return queue;
}

async function download(walk) {
  const route = await plan(walk);
  if (!route || route.urls.length > route.max || !navigator.serviceWorker) return;
  const worker = (await navigator.serviceWorker.ready).active;
  const cache = await caches.open(CACHE);
  const job = { done: 0, failed: 0, bytes: 0, total: route.urls.length };
  jobs.set(walk.id, job);
  redraw(walk, route);
  announce(`${t("offline_map.started", { title: walk.title })} ${sizeText(route)}`);
  let step = 0;
  const urls = [...route.urls];
  const lane = async () => {
    for (let url = urls.shift(); url; url = urls.shift()) {
      let kept = await cache.match(url);
      if (!kept && navigator.onLine) {
        await ask(worker, url);
        kept = await cache.match(url);
      }
      if (kept) job.done += 1;
      else job.failed += 1;
      job.bytes += kept ? (await kept.blob()).size : 0;
      const bar = document.getElementById(`walk-${walk.id}-map-progress`);
      if (bar) bar.value = job.done;
      const status = document.getElementById(`walk-${walk.id}-map-status`);
      // Read out in tenths, not per tile.
      if (status && Math.floor((job.done * 10) / job.total) !== step) {
        step = Math.floor((job.done * 10) / job.total);
        status.textContent = progressText(job);
      }
    }
  };
  await Promise.all([lane(), lane()]);
  const complete = job.done === job.total;
  const kept = { key: route.key, total: job.total, done: job.done, bytes: job.bytes, complete };
  await Store.setMeta(recordKey(walk), { ...kept, at: new Date().toISOString() });
  jobs.delete(walk.id);
  redraw(walk, { ...route, kept });
  announce(complete ? keptText(kept) : t("offline_map.partial", countOf({ ...route, kept })));
}

/* One tile fetched by the service worker into the walks' cache; an answer or a minute. */
function ask(worker, url) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(resolve, TILE_TIMEOUT_MS);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
    worker.postMessage({ type: "KEEP_TILES", urls: [url] }, [channel.port2]);
  });
}

/* Whether the walk's map is kept whole (the walk's own map screen says so). */
export async function isKept(walk) {
  const route = await plan(walk);
  return Boolean(route?.kept?.complete);
}
