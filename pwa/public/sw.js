/* The residents' pages' own service worker (/tipsa and /trygghet, served as /public-sw.js and
   registered once per page with that page as its scope).

   Why a separate worker and not the app's sw.js: the app's worker precaches the whole staff
   app (about 60 kB gzipped of scripts and the big catalogues) and runs the staff outbox; a
   resident who sends one tip should download neither. This one keeps only the two pages, their
   few scripts, their small catalogues, the icons and Leaflet, plus the map tiles seen (bounded).
   Its caches are named "public-lykta-…", which the app's worker (which deletes "lykta-…" caches
   it does not know) leaves alone, and the other way round.

   The queue itself lives in the page (public/js/queue.js, IndexedDB): the page sends on
   `online`, when it is shown again and on a timer. The API is never answered from a cache here:
   the lists the pages need offline (categories, reasons, a campaign) are kept by the page.

   A new version takes over at once (skipWaiting): these pages hold no session to lose, and
   what was typed is either queued or still in the open page. */

const BUILD = "__BUILD__"; // filled in by the server: a digest of every file of pwa/
const LEAFLET = "__LEAFLET__"; // filled in by the server: Leaflet's versioned folder
const SHELL_CACHE = `public-lykta-shell-${BUILD}`;
const TILE_CACHE = "public-lykta-tiles-v1";
const TILE_LIMIT = 300;
const SHELL = [
  "/tipsa",
  "/trygghet",
  "/config.json",
  "/css/app.css",
  "/public/public.css",
  "/public/tips.webmanifest",
  "/public/survey.webmanifest",
  "/public/i18n/sv.json",
  "/public/i18n/en.json",
  "/public/js/common.js",
  "/public/js/place.js",
  "/public/js/queue.js",
  "/public/js/survey.js",
  "/public/js/tips.js",
  "/js/photos.js",
  "/icons/favicon.svg",
  "/icons/icon-192.png",
  "/icons/apple-touch-icon.png",
  `${LEAFLET}leaflet.js`,
  `${LEAFLET}leaflet.css`,
  `${LEAFLET}images/marker-icon.png`,
  `${LEAFLET}images/marker-icon-2x.png`,
  `${LEAFLET}images/marker-shadow.png`,
];
const SHELL_PATHS = new Set(SHELL);

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" })));
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, TILE_CACHE]);
      for (const name of await caches.keys()) {
        if (name.startsWith("public-lykta-") && !keep.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    if (request.destination === "image") event.respondWith(tile(event));
    return;
  }
  if (request.mode === "navigate") {
    // /trygghet/<code> is the same page as /trygghet: its script reads the code.
    const page = url.pathname.startsWith("/trygghet") ? "/trygghet" : "/tipsa";
    if (url.pathname === "/tipsa" || url.pathname.startsWith("/trygghet")) {
      event.respondWith(networkFirst(request, page));
    }
    return;
  }
  if (url.pathname === "/config.json")
    return event.respondWith(networkFirst(request, "/config.json"));
  if (SHELL_PATHS.has(url.pathname)) event.respondWith(fromShell(request));
  // The API and everything else: the network only.
});

/* The page from the network when there is one (a fresh page after a change), else the cache;
   a network that has not answered in 4 s counts as none (one bar of coverage). */
async function networkFirst(request, key) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const slow = new Promise((_resolve, reject) =>
      setTimeout(() => reject(new Error("slow")), 4000)
    );
    const response = await Promise.race([fetch(request), slow]);
    if (response.ok) {
      await cache.put(key, response.clone());
      return response;
    }
    return (await cache.match(key)) || response;
  } catch {
    return (await cache.match(key)) || Response.error();
  }
}

async function fromShell(request) {
  const cache = await caches.open(SHELL_CACHE);
  return (await cache.match(request, { ignoreSearch: true })) || fetch(request);
}

/* Map tiles: cache first, bounded (the oldest go). */
async function tile(event) {
  const cache = await caches.open(TILE_CACHE);
  const cached = await cache.match(event.request);
  if (cached) return cached;
  let response;
  try {
    response = await fetch(event.request);
  } catch {
    return Response.error();
  }
  if (response.ok && response.type !== "opaque") {
    event.waitUntil(
      (async () => {
        await cache.put(event.request, response.clone());
        const keys = await cache.keys();
        for (const key of keys.slice(0, Math.max(0, keys.length - TILE_LIMIT)))
          await cache.delete(key);
      })()
    );
  }
  return response;
}
