// My findings: what became of them — status and responsible owner — as a list and on a map,
// from the copy /api/v1/sync keeps on the device (readable with no network). Findings still in
// the outbox are shown first.

import { categoryName } from "../categories.js";
import { formatCoordinates, formatDate, formatDateTime, t } from "../i18n.js";
import { createMap, dotIcon } from "../map.js";
import * as outbox from "../outbox.js";
import {
  categories as allCategories,
  lastSyncAt,
  findings as syncedFindings,
  walks,
} from "../pull.js";
import { loadConfig, on } from "../session.js";
import { h, icon } from "../ui.js";

let view = "list"; // remembered while the app is open

export async function render() {
  const listBox = h("div", { id: "findings-list-box" });
  const mapBox = h("div", {
    class: "map map-large",
    id: "findings-map",
    role: "region",
    "aria-label": t("findings.map_label"),
  });
  const mapStatus = h("p", { class: "hint", id: "findings-map-status" });
  const mapSection = h(
    "div",
    { id: "findings-map-section", hidden: view !== "map" },
    mapBox,
    mapStatus
  );
  const updated = h("p", { class: "hint", id: "findings-updated" });
  let mapParts = null;
  let destroyed = false;
  let shown = [];

  const listButton = segmentButton("findings-view-list", "list", t("findings.view_list"));
  const mapButton = segmentButton("findings-view-map", "map", t("findings.view_map"));
  listButton.addEventListener("click", () => choose("list"));
  mapButton.addEventListener("click", () => choose("map"));

  function choose(which) {
    view = which;
    listButton.setAttribute("aria-pressed", String(which === "list"));
    mapButton.setAttribute("aria-pressed", String(which === "map"));
    mapSection.hidden = which !== "map";
    listBox.hidden = which !== "list";
    if (which === "map") showMap();
  }

  async function draw() {
    const names = new Map((await allCategories()).map((c) => [c.code, c]));
    const walkNames = new Map((await walks()).map((w) => [w.id, w.title]));
    const queued = (await outbox.items()).filter((item) => item.state !== "sent");
    const synced = (await syncedFindings()).filter(
      (finding) => !queued.some((item) => item.id === finding.id)
    );
    const at = await lastSyncAt();
    updated.textContent = at
      ? t("findings.updated", { time: formatDateTime(at) })
      : t("findings.never_synced");
    const nameOf = (code) => (names.has(code) ? categoryName(names.get(code)) : code);
    shown = [
      ...queued.map((item) => ({ ...item.body, id: item.id, queued: true, mine: true })),
      ...synced,
    ];
    const cards = [
      ...queued.map((item) => queuedCard(item, nameOf, walkNames)),
      ...synced.map((finding) => syncedCard(finding, nameOf, walkNames)),
    ];
    listBox.replaceChildren(cardList(cards));
    drawMarkers(nameOf);
  }

  async function showMap() {
    if (mapParts || destroyed || !mapBox.isConnected) return;
    const points = shown.filter((item) => item.lat !== null && item.lat !== undefined);
    if (!points.length) {
      mapBox.hidden = true;
      mapStatus.textContent = t("findings.map_empty");
      return;
    }
    mapParts = {};
    try {
      const { L, map } = await createMap(mapBox, {
        config: await loadConfig(),
        center: [points[0].lat, points[0].lon],
        zoom: 16,
        onTiles: (status) => {
          mapBox.dataset.tiles = status;
          mapStatus.textContent = status === "loaded" ? "" : t("findings.map_no_tiles");
        },
      });
      if (destroyed) return map.remove();
      mapParts = { L, map, layer: L.layerGroup().addTo(map) };
      drawMarkers(lastNameOf);
    } catch {
      mapParts = null;
      mapBox.hidden = true;
      mapStatus.textContent = t("findings.map_unavailable");
    }
  }

  let lastNameOf = (code) => code;
  function drawMarkers(nameOf) {
    lastNameOf = nameOf;
    if (mapParts?.layer) placeMarkers(mapParts, shown, nameOf);
  }

  const node = h(
    "section",
    { class: "screen screen-findings", "aria-labelledby": "findings-title" },
    h("h1", { id: "findings-title", tabindex: "-1" }, t("findings.title")),
    updated,
    h(
      "div",
      { class: "segments", role: "group", "aria-label": t("findings.view_label") },
      listButton,
      mapButton
    ),
    mapSection,
    listBox
  );
  listBox.hidden = view !== "list";
  await draw();
  const off = [on("data", draw), on("outbox", draw)];
  return {
    title: t("findings.title"),
    node,
    mounted: () => {
      if (view === "map") showMap();
    },
    destroy: () => {
      destroyed = true;
      off.forEach((stop) => stop());
      if (mapParts?.map) mapParts.map.remove();
    },
  };
}

function walkLine(walkId, walkNames) {
  if (!walkId) return "";
  return ` · ${walkNames.has(walkId) ? t("findings.in_walk", { title: walkNames.get(walkId) }) : t("findings.in_a_walk")}`;
}

function statusClass(status) {
  if (["åtgärdad", "verifierad"].includes(status)) return "done";
  if (["avvisad", "dubblett"].includes(status)) return "closed";
  return "open";
}

function segmentButton(id, iconName, label) {
  const pressed = id === `findings-view-${view}`;
  return h(
    "button",
    { type: "button", class: "button segment", id, "aria-pressed": String(pressed) },
    icon(iconName),
    " ",
    label
  );
}

function queuedCard(item, nameOf, walkNames) {
  return h(
    "li",
    { class: "card finding", dataset: { id: item.id, status: "outbox" } },
    h("h2", { class: "finding-title" }, nameOf(item.body.category)),
    h(
      "p",
      { class: "status-line" },
      h("span", { class: "status-badge status-outbox" }, icon("clock"), " ", t("status.in_outbox"))
    ),
    h(
      "p",
      { class: "meta" },
      formatDateTime(item.body.captured_at),
      walkLine(item.body.walk_id, walkNames)
    ),
    item.body.note ? h("p", { class: "note" }, item.body.note) : null
  );
}

function syncedCard(finding, nameOf, walkNames) {
  return h(
    "li",
    { class: "card finding", dataset: { id: finding.id, status: finding.status } },
    h("h2", { class: "finding-title" }, nameOf(finding.category)),
    h(
      "p",
      { class: "status-line" },
      h(
        "span",
        { class: `status-badge status-${statusClass(finding.status)}` },
        t("findings.status"),
        " ",
        h("strong", null, t(`status.${finding.status}`))
      )
    ),
    h(
      "p",
      { class: "meta owner" },
      t("findings.owner"),
      " ",
      finding.assigned_org ? h("strong", null, finding.assigned_org.name) : t("findings.owner_none")
    ),
    h(
      "p",
      { class: "meta" },
      formatDateTime(finding.captured_at),
      walkLine(finding.walk_id, walkNames),
      finding.mine ? "" : ` · ${t("findings.by_other")}`
    ),
    finding.lat !== null
      ? h("p", { class: "meta" }, formatCoordinates(finding.lat, finding.lon))
      : null,
    finding.note ? h("p", { class: "note" }, finding.note) : null,
    finding.due_date
      ? h("p", { class: "meta" }, t("findings.due", { date: formatDate(finding.due_date) }))
      : null,
    finding.complete
      ? null
      : h(
          "p",
          { class: "notice" },
          icon("alert"),
          " ",
          t("findings.incomplete", {
            sent: finding.photos.length,
            total: finding.photos_expected,
          })
        ),
    finding.photos.length
      ? h(
          "ul",
          { class: "photo-list" },
          finding.photos.map((photo, index) => thumbnail(photo, index, finding.photos.length))
        )
      : null
  );
}

function thumbnail(photo, index, count) {
  const image = h("img", {
    src: photo.thumbnail_url,
    alt: t("findings.photo_alt", { number: index + 1, count }),
    width: 96,
    height: 96,
    loading: "lazy",
    decoding: "async",
  });
  image.addEventListener("error", () => {
    image.replaceWith(
      h(
        "span",
        { class: "photo-missing" },
        icon("image"),
        h("span", null, t("findings.photo_offline"))
      )
    );
  });
  return h("li", { class: "photo" }, image);
}

function cardList(cards) {
  if (!cards.length) return h("p", { class: "empty", id: "findings-empty" }, t("findings.empty"));
  return h(
    "ul",
    { class: "card-list findings-list", id: "findings-list", dataset: { count: cards.length } },
    cards
  );
}

function placeMarkers({ L, map, layer }, shown, nameOf) {
  layer.clearLayers();
  const bounds = [];
  for (const item of shown) {
    if (item.lat === null || item.lat === undefined) continue;
    const status = item.queued ? t("status.in_outbox") : t(`status.${item.status}`);
    const marker = L.marker([item.lat, item.lon], {
      icon: dotIcon(L, item.queued ? "map-dot-outbox" : `map-dot-${statusClass(item.status)}`),
      title: `${nameOf(item.category)}: ${status}`,
      keyboard: true,
    });
    marker.bindPopup(() =>
      h("div", null, h("strong", null, nameOf(item.category)), h("br"), status)
    );
    marker.addTo(layer);
    bounds.push([item.lat, item.lon]);
  }
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 18 });
}
