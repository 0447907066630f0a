// The owner's list on a map (tasks.js): a dot per finding, overdue ones a square, each with a
// popup that links to it; beside the list on a desktop, instead of it when chosen on a phone.

import { t } from "../i18n.js";
import { createMap, dotIcon } from "../map.js";
import { loadConfig } from "../session.js";
import { h } from "../ui.js";
import { isOverdue, statusClass } from "./cases.js";

const WIDE = "(min-width: 64rem)";

/* Drawn once it is shown: on a desktop, or when `wanted()` (Karta chosen on a phone). `link(f,
   text)` makes a popup's link to a finding. */
export function tasksMap({ nameOf, link, wanted }) {
  const wide = window.matchMedia(WIDE);
  const box = h("div", {
    class: "map tasks-map",
    id: "tasks-map",
    role: "region",
    "aria-label": t("cases.map_label"),
  });
  const status = h("p", { class: "hint", id: "tasks-map-status" });
  let parts = null;
  let items = [];
  let destroyed = false;

  async function show() {
    if (parts || destroyed || !(wide.matches || wanted()) || !box.isConnected) return;
    parts = {};
    try {
      const { L, map } = await createMap(box, {
        config: await loadConfig(),
        center: [59.5186, 17.9119], // until the findings are drawn
        zoom: 15,
        onTiles: (tiles) => {
          box.dataset.tiles = tiles;
          status.textContent = tiles === "loaded" ? "" : t("cases.map_no_tiles");
        },
      });
      if (destroyed) return map.remove();
      parts = { L, map, layer: L.layerGroup().addTo(map), markers: new Map() };
      parts.observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
      parts.observer.observe(box);
      draw(items);
    } catch {
      parts = null;
      box.hidden = true;
      status.textContent = t("cases.map_unavailable");
    }
  }

  function draw(list) {
    items = list;
    if (!parts?.layer) return;
    const { L, map, layer, markers } = parts;
    layer.clearLayers();
    markers.clear();
    for (const f of items.filter((f) => f.lat !== null)) {
      markers.set(f.id, marker(L, f).addTo(layer));
    }
    const points = [...markers.values()].map((found) => found.getLatLng());
    // No animation: the screen may be left (and the map removed) at any moment.
    if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 17, animate: false });
    } else if (points.length) {
      map.setView(points[0], 17, { animate: false });
    }
    box.dataset.markers = points.length;
  }

  function marker(L, f) {
    const late = isOverdue(f);
    const lines = [nameOf(f.category), t(`status.${f.status}`), late && t("cases.overdue")].filter(
      Boolean
    );
    const found = L.marker([f.lat, f.lon], {
      // overdue: a square
      icon: dotIcon(L, late ? "map-dot-overdue" : `map-dot-${statusClass(f.status)}`),
      title: lines.join(", "),
      keyboard: true,
    });
    found.bindPopup(() =>
      h(
        "p",
        null,
        lines.map((line) => [line, h("br")]),
        link(f, t("cases.open"))
      )
    );
    return found;
  }

  function highlight(id) {
    for (const [key, found] of parts?.markers ? parts.markers : []) {
      if (found.getElement()) found.getElement().classList.toggle("is-selected", key === id);
    }
  }

  const onMedia = () => show();
  return {
    node: h("div", { class: "tasks-map-box" }, box, status),
    show,
    draw,
    highlight,
    listen: () => wide.addEventListener("change", onMedia),
    destroy: () => {
      destroyed = true;
      wide.removeEventListener("change", onMedia);
      if (parts?.map) {
        parts.observer.disconnect();
        parts.map.remove();
      }
    },
  };
}
