// The capture screen's open findings nearby, of the chosen category, so that a duplicate can be
// avoided: the server's answer, or offline what the device knows (the last sync and the
// outbox). Listed in the card and drawn as dots on the position's map. Each one's photo, note
// and "Samma sak" button are added by ./same-thing.js, loaded once something is found.

import { get } from "../api.js";
import { formatDateTime, formatNumber, t, tn } from "../i18n.js";
import { distanceM, dotIcon } from "../map.js";
import * as outbox from "../outbox.js";
import { findings as syncedFindings } from "../pull.js";
import { OPEN_STATUSES } from "../statuses.js";
import { h, icon } from "../ui.js";

const OPEN = new Set(OPEN_STATUSES);

/* The nearby card. Gives the card, schedule() to look again after a change, load() to look
   now, showOn(L, map) once the map is drawn, and destroy(). */
export function nearbyFindings(shared, categories) {
  const { draft } = shared;
  const box = h("div", { id: "nearby", "aria-live": "polite" });
  let timer = null;
  let token = 0;
  let lastFound = [];
  let leaflet = null;
  let layer = null; // the dots, once there is a map

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(load, 300);
  }

  async function load() {
    if (!draft.category || !draft.position) {
      box.replaceChildren(h("p", { class: "hint" }, t("capture.nearby_pick")));
      box.dataset.state = "idle";
      return;
    }
    const asked = ++token;
    let found = await fromServer();
    const source = found === null ? "device" : "server";
    if (found === null) {
      found = await onDevice(categories.find((c) => c.code === draft.category));
    }
    if (asked !== token || shared.destroyed) return;
    found = found.filter((item) => item.id !== draft.id);
    lastFound = found;
    box.dataset.state = "done";
    box.dataset.source = source;
    box.replaceChildren(...listed(found, source));
    if (found.length) {
      import("./same-thing.js").then(
        (m) => asked === token && m.decorate(box, found, shared),
        () => {}
      );
    }
    drawDots(found);
  }

  /* The server's answer, or null offline or without one. */
  async function fromServer() {
    if (!navigator.onLine) return null;
    const { lat, lon } = draft.position;
    const query = new URLSearchParams({ lat, lon, category: draft.category });
    try {
      return await get(`/api/v1/findings/nearby?${query}`, { timeoutMs: 8000 });
    } catch {
      return null;
    }
  }

  /* What the device knows: the last sync's open findings and the outbox's unsent ones. */
  async function onDevice(category) {
    const radius = category?.nearby_radius_m || 50;
    const near = (item) => {
      const distance = distanceM(draft.position.lat, draft.position.lon, item.lat, item.lon);
      return distance <= radius ? { ...item, distance_m: Math.round(distance) } : null;
    };
    const fromSync = (await syncedFindings())
      .filter((f) => f.category === draft.category && OPEN.has(f.status) && f.lat !== null)
      .map(({ id, status, captured_at, mine, lat, lon, note }) =>
        near({ id, status, captured_at, mine, lat, lon, note })
      );
    const fromOutbox = (await outbox.items())
      .filter(
        (item) =>
          item.body.category === draft.category && item.state !== "sent" && item.body.lat !== null
      )
      .map(({ id, body }) =>
        near({
          id,
          status: "ny",
          outbox: true,
          captured_at: body.captured_at,
          mine: true,
          lat: body.lat,
          lon: body.lon,
        })
      );
    return [...fromSync, ...fromOutbox].filter(Boolean).sort((a, b) => a.distance_m - b.distance_m);
  }

  function drawDots(found) {
    if (!layer) return;
    layer.clearLayers();
    for (const item of found) {
      leaflet
        .marker([item.lat, item.lon], {
          icon: dotIcon(leaflet, "map-dot-nearby"),
          keyboard: false,
          interactive: false,
        })
        .addTo(layer);
    }
  }

  return {
    node: h(
      "section",
      { class: "card stack", "aria-labelledby": "nearby-title" },
      h("h2", { id: "nearby-title" }, t("capture.nearby_title")),
      box
    ),
    schedule,
    load,
    showOn: (L, map) => {
      leaflet = L;
      layer = L.layerGroup().addTo(map);
      drawDots(lastFound);
    },
    destroy: () => clearTimeout(timer),
  };
}

function listed(found, source) {
  const list = found.length
    ? [
        h("p", { class: "notice" }, icon("alert"), " ", tn("capture.nearby_found", found.length)),
        h("ul", { class: "nearby-list" }, found.slice(0, 10).map(nearbyItem)),
        h("p", { class: "hint" }, t("capture.nearby_advice")),
      ]
    : [h("p", { class: "hint" }, t("capture.nearby_none"))];
  if (source === "device") list.push(h("p", { class: "hint" }, t("capture.nearby_offline")));
  return list;
}

function nearbyItem(item) {
  return h(
    "li",
    { class: "nearby-item" },
    h("strong", null, t("capture.nearby_distance", { distance: formatNumber(item.distance_m) })),
    " · ",
    item.outbox ? t("status.in_outbox") : t(`status.${item.status}`),
    " · ",
    formatDateTime(item.captured_at),
    item.mine ? ` · ${t("capture.nearby_mine")}` : null
  );
}
