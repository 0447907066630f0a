// A walk's map on the phone (#/?map=<walk id>): its area, route and meeting point over the
// tiles, at the zooms kept offline (15–18, js/offline-map.js), with whether they are kept.
// The walk is the one /api/v1/sync last brought, so the screen opens with no network.

import { t } from "../i18n.js";
import { createMap, pinIcon } from "../map.js";
import { isKept, walkBounds, ZOOMS } from "../offline-map.js";
import { walks } from "../pull.js";
import { loadConfig } from "../session.js";
import { h, icon, withIcon } from "../ui.js";

export async function render(id) {
  const walk = (await walks()).find((one) => String(one.id) === String(id));
  const back = h("a", { class: "button", href: "#/", id: "walk-map-back" }, t("nav.home"));
  const bounds = walk && walkBounds(walk, false);
  if (!bounds) {
    const node = h(
      "section",
      { class: "screen", "aria-labelledby": "walk-map-title" },
      h("h1", { id: "walk-map-title", tabindex: "-1" }, t("offline_map.title")),
      h("p", { class: "empty", id: "walk-map-none" }, t("offline_map.none")),
      back
    );
    return { title: t("offline_map.title"), tab: "home", node };
  }
  const kept = await isKept(walk);
  const box = h("div", {
    class: "map map-large",
    id: "walk-map",
    role: "region",
    "aria-label": t("offline_map.label", { title: walk.title }),
  });
  const tiles = h("p", { class: "hint", id: "walk-map-tiles", "aria-live": "polite" });
  const node = h(
    "section",
    { class: "screen screen-walk-map", "aria-labelledby": "walk-map-title" },
    h("h1", { id: "walk-map-title", tabindex: "-1" }, walk.title),
    h(
      "p",
      { class: "meta", id: "walk-map-kept" },
      kept ? [icon("check"), " ", t("offline_map.is_kept")] : t("offline_map.not_kept")
    ),
    walk.meeting_point
      ? h("p", { class: "meta" }, withIcon("pin", t("offline_map.meeting", walk)))
      : null,
    box,
    tiles,
    back
  );
  let map = null;
  async function mounted() {
    const config = await loadConfig();
    const center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2];
    const made = await createMap(box, {
      config,
      center,
      zoom: 17,
      onTiles: (state) => {
        tiles.textContent = state === "loaded" ? "" : t("offline_map.no_tiles");
      },
    });
    map = made.map;
    if (!box.isConnected) return map.remove();
    draw(made.L, made.map, walk, bounds);
  }
  return { title: walk.title, tab: "home", node, mounted, destroy: () => map?.remove() };
}

function draw(L, map, walk, bounds) {
  map.setMinZoom(ZOOMS[0]);
  map.setMaxZoom(ZOOMS[ZOOMS.length - 1]);
  map.eachLayer((layer) => {
    // Every tile in view arrived (or failed): the tests' and the curious user's sign.
    if (layer instanceof L.TileLayer)
      layer.on("load", () => (map.getContainer().dataset.tiles = "settled"));
  });
  map.fitBounds(bounds, { animate: false });
  if (walk.area?.bbox) {
    const [west, south, east, north] = walk.area.bbox;
    L.rectangle(
      [
        [south, west],
        [north, east],
      ],
      { weight: 2, fill: false, interactive: false }
    ).addTo(map);
  }
  if (walk.route?.coordinates) {
    const line = walk.route.coordinates.map(([lon, lat]) => [lat, lon]);
    L.polyline(line, { weight: 5, interactive: false }).addTo(map);
  }
  if (walk.meeting_lat != null && walk.meeting_lon != null) {
    L.marker([walk.meeting_lat, walk.meeting_lon], {
      icon: pinIcon(L),
      keyboard: false,
      title: walk.meeting_point || t("offline_map.meeting_pin"),
    }).addTo(map);
  }
}
