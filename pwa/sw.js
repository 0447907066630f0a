/* Lykta's service worker: the app opens with no network, photos and map tiles are kept in
   bounded caches, and queued findings are sent by Background Sync where the browser has it.

   Updates are the user's choice: a new version installs and waits until the page posts
   SKIP_WAITING ("Ny version finns — ladda om"). The API is never answered from a cache, except
   photos and thumbnails, whose URLs carry a version and never change. */

const BUILD = "__BUILD__"; // filled in by the server: a digest of every file of the app
const LEAFLET = "__LEAFLET__"; // filled in by the server: Leaflet's versioned folder
const SHELL_CACHE = `lykta-shell-v1-${BUILD}`;
const PHOTO_CACHE = "lykta-photos-v1";
const TILE_CACHE = "lykta-tiles-v1";
const WALK_TILE_CACHE = "lykta-tiles-walks-v1";
const LIMITS = { [PHOTO_CACHE]: 200, [TILE_CACHE]: 500 };
const SHELL = [
  "/",
  "/manifest.webmanifest",
  "/config.json",
  "/css/app.css",
  "/i18n/sv.json",
  "/i18n/en.json",
  "/icons/favicon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/maskable-192.png",
  "/icons/maskable-512.png",
  "/icons/apple-touch-icon.png",
  "/js/api.js",
  "/js/app.js",
  "/js/worker.js",
  "/js/capture/categories.js",
  "/js/capture/nearby.js",
  "/js/capture/photos.js",
  "/js/capture/position.js",
  "/js/categories.js",
  "/js/i18n.js",
  "/js/icons.js",
  "/js/map.js",
  "/js/outbox.js",
  "/js/photos.js",
  "/js/pull.js",
  "/js/sender.js",
  "/js/sending/lock.js",
  "/js/sending/requests.js",
  "/js/sending/verdicts.js",
  "/js/session.js",
  "/js/statuses.js",
  "/js/store.js",
  "/js/ui.js",
  "/js/screens/capture.js",
  "/js/screens/findings.js",
  "/js/screens/home.js",
  "/js/screens/outbox.js",
  "/js/screens/settings.js",
  "/js/screens/signin.js",
  `${LEAFLET}leaflet.js`,
  `${LEAFLET}leaflet.css`,
];
// The staff screens (owners, coordinators), the modules only they use, and their styles: not
// precached (reporters never download them), cached in the shell cache when an owner or
// coordinator first uses them, or when their page asks (CACHE_CASES).
const LAZY = [
  "/css/staff.css",
  "/js/capture/exif.js",
  "/js/capture/hyphenate.js",
  "/js/capture/original.js",
  "/js/capture/same-thing.js",
  "/js/forms.js",
  "/js/screens/case-actions.js",
  "/js/screens/case-parts.js",
  "/js/screens/case.js",
  "/js/screens/cases.js",
  "/js/screens/dashboard.js",
  "/js/screens/field-forms.js",
  "/js/screens/field-lists.js",
  "/js/screens/est-import.js",
  "/js/screens/est-parts.js",
  "/js/screens/est.js",
  "/js/screens/followup-comments.js",
  "/js/screens/followup-moves.js",
  "/js/screens/followup.js",
  "/js/screens/incident.js",
  "/js/screens/online.js",
  "/js/screens/promise-common.js",
  "/js/screens/promise-form.js",
  "/js/screens/promise-parts.js",
  "/js/screens/promise.js",
  "/js/screens/promises.js",
  "/js/screens/redaction.js",
  "/js/screens/reports-lagesbild.js",
  "/js/screens/reports.js",
  "/js/screens/revisits.js",
  "/js/screens/round.js",
  "/js/screens/survey-common.js",
  "/js/screens/survey-form.js",
  "/js/screens/survey-results.js",
  "/js/screens/survey.js",
  "/js/screens/tasks-map.js",
  "/js/screens/tasks.js",
  "/js/screens/tips-parts.js",
  "/js/screens/tips.js",
  "/js/screens/walk-forms.js",
  "/js/screens/walks.js",
  "/js/offline-map.js",
  "/js/screens/walk-map.js",
  "/js/screens/walk-track.js",
];
// Of those, Registrera händelse, Logga trygghetsrunda and a follow-up walk's list (revisits):
// every role may use them, with no network, but they are not part of the first load: cached
// when any signed-in user's page asks (CACHE_FIELD; an owner's or coordinator's CACHE_CASES
// caches them with the rest).
const FIELD = [
  "/js/capture/exif.js",
  "/js/capture/hyphenate.js",
  "/js/capture/original.js",
  "/js/screens/field-forms.js",
  "/js/screens/field-lists.js",
  "/js/screens/incident.js",
  "/js/screens/revisits.js",
  "/js/screens/round.js",
  "/js/offline-map.js",
  "/js/screens/walk-map.js",
  "/js/capture/same-thing.js",
  "/js/screens/walk-track.js",
];
const SHELL_PATHS = new Set(SHELL.filter((url) => url !== "/"));
const LAZY_PATHS = new Set(LAZY);
const PHOTO_PATH = /^\/api\/v1\/findings\/[0-9a-f-]{36}\/photos\/[0-9a-f-]{36}(\/thumbnail)?$/;
// The earlier walk's thumbnails on a follow-up walk (js/screens/revisits.js): the same cache.
const REVISIT_PHOTO_PATH = /^\/api\/v1\/walks\/\d+\/revisits\/[0-9a-f-]{36}\/thumbnail$/;

// The outbox engine, the same code the page runs: each file needs the ones before it.
importScripts(
  "/js/store.js",
  "/js/sending/verdicts.js",
  "/js/sending/requests.js",
  "/js/sending/lock.js",
  "/js/sender.js"
);

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // Past the HTTP cache: the shell must be this version's files, all of them.
      await cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" })));
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, PHOTO_CACHE, TILE_CACHE, WALK_TILE_CACHE]);
      for (const name of await caches.keys()) {
        if (name.startsWith("lykta-") && !keep.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
  // KEEP_TILES: a walk's map (js/offline-map.js), which the page asks for and checks tile by tile.
  const type = event.data?.type;
  const wanted = { CACHE_CASES: LAZY, CACHE_FIELD: FIELD, KEEP_TILES: event.data?.urls }[type];
  if (wanted) {
    const missing = async (cache) => {
      for (const url of wanted) if (!(await cache.match(url))) await cache.add(url);
    };
    event.waitUntil(
      caches
        .open(type === "KEEP_TILES" ? WALK_TILE_CACHE : SHELL_CACHE)
        .then(missing)
        .catch(() => {}) // offline: next time
        .then(() => event.ports[0]?.postMessage(type))
    );
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin === self.location.origin) {
    if (request.mode === "navigate") {
      // Only the app's own page: other pages of the server are none of our business.
      if (url.pathname === "/") event.respondWith(shellPage(request));
      return;
    }
    if (url.pathname === "/config.json")
      return event.respondWith(staleWhileRevalidate(event, SHELL_CACHE));
    const photo = PHOTO_PATH.test(url.pathname) || REVISIT_PHOTO_PATH.test(url.pathname);
    if (photo && url.searchParams.has("v")) {
      return event.respondWith(cacheFirst(event, PHOTO_CACHE)); // a versioned URL never changes
    }
    if (SHELL_PATHS.has(url.pathname)) return event.respondWith(fromShell(request));
    if (LAZY_PATHS.has(url.pathname)) return event.respondWith(fromShell(request, event));
    return; // the API and everything else: the network, never a cache
  }
  if (request.destination === "image") event.respondWith(cacheFirst(event, TILE_CACHE));
});

async function shellPage(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match("/");
  return cached || fetch(request);
}

/* From the shell cache; with `event` (a file not precached), fetched and kept on first use. */
async function fromShell(request, event) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached || !event) return cached || fetch(request);
  const response = await fetch(request);
  if (response.ok) event.waitUntil(cache.put(request, response.clone()));
  return response;
}

/* The cached answer at once (one bar of coverage must not hold up the start), refreshed from
   the network for next time. */
async function staleWhileRevalidate(event, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(event.request, { ignoreSearch: true });
  const fresh = fetch(event.request).then(async (response) => {
    if (response.ok) await cache.put(event.request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => {}));
    return cached;
  }
  return fresh;
}

/* Cache first, bounded: the oldest entries go when the cache is full. Only complete, readable
   answers are kept (tiles are fetched with CORS, so they are not opaque). */
async function cacheFirst(event, cacheName) {
  const cache = await caches.open(cacheName);
  const tile = cacheName === TILE_CACHE;
  const cached = await (tile ? caches : cache).match(event.request, { ignoreVary: tile });
  if (cached) return cached;
  if (self.navigator.onLine === false) return Response.error();
  let response;
  try {
    response = await fetch(event.request);
  } catch {
    return Response.error();
  }
  if (response.ok && response.type !== "opaque") {
    event.waitUntil(keep(cache, cacheName, event.request, response.clone()));
  }
  return response;
}

async function keep(cache, cacheName, request, response) {
  await cache.put(request, response);
  const keys = await cache.keys();
  const excess = keys.length - LIMITS[cacheName];
  for (let index = 0; index < excess; index += 1) await cache.delete(keys[index]);
}

/* Background Sync (Chromium): the browser wakes us when the network is back, so everything
   waiting is tried now, as the page does on `online`. Anything still waiting afterwards (the
   server failed, or the network went again) rejects the promise: the browser tries later. */
self.addEventListener("sync", (event) => {
  if (event.tag !== self.LyktaSender.SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const result = await self.LyktaSender.sendOutbox({ force: true });
      if (
        result.nextAt !== null &&
        result.status !== "unauthorized" &&
        result.status !== "signed-out"
      ) {
        throw new Error("Lykta: findings are still waiting; try again later");
      }
    })()
  );
});
