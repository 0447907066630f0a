// The reports' dashboard (reports.js): a period and an area, then the figures as tables — the
// summary, by status, category, area and owner, durations, owner × category (with its CSV),
// the hot spots (and their map), week by week, the overdue — in the reader's language.

import { get } from "../api.js";
import { categoryName } from "../categories.js";
import { field } from "../forms.js";
import { formatNumber, t } from "../i18n.js";
import { createMap } from "../map.js";
import { loadConfig } from "../session.js";
import { fill, h } from "../ui.js";
import { download, failure, options, query, section, table, ymd } from "./online.js";

const days = (hours) => (hours === null || hours === undefined ? "–" : formatNumber(hours / 24, 1));
const percent = (share) =>
  share === null || share === undefined ? "–" : `${formatNumber(share * 100, 0)} %`;

/* The dashboard: a period and an area, then tables (and the hot spots on a map). */
export function dashboardSection(now, areas, categories, status) {
  const ago = new Date();
  ago.setDate(ago.getDate() - 89);
  const from = h("input", { type: "date", id: "dash-from", value: ymd(ago) });
  const to = h("input", { type: "date", id: "dash-to", value: ymd(now) });
  const dashArea = h("select", { id: "dash-area" }, options(areas));
  const dashBox = h("div", { class: "stack", id: "dashboard", "aria-live": "off" });
  const dashStatus = h("p", { id: "dash-status", role: "status" });
  let hotMap = null; // Leaflet needs the screen in the page: drawn at once, or when mounted
  let hotSpots = null;

  async function load(event) {
    if (event) event.preventDefault();
    if (!navigator.onLine) {
      dashStatus.textContent = t("reports.offline");
      return;
    }
    dashStatus.textContent = t("reports.loading");
    try {
      const period = query({ from: from.value, to: to.value, area: dashArea.value });
      const data = await get(`/api/v1/reports/dashboard${period}`);
      if (hotMap) hotMap.remove();
      hotMap = null;
      const names = localNames(categories);
      for (const { properties: cell } of data.hot_spots.features) {
        cell.top_category = names.category(cell.top_category_code, cell.top_category);
      }
      fill(dashBox, dashboard(data, names, status));
      hotSpots = data.hot_spots;
      if (dashBox.isConnected) hotMap = await drawHotSpots(dashBox, hotSpots);
      const shown = { from: data.period.from, to: data.period.to };
      dashStatus.textContent = t("reports.dashboard_ready", shown);
      document.body.dataset.dashboard = "ready";
    } catch (error) {
      dashStatus.textContent = failure(error);
    }
  }

  const submit = h(
    "button",
    { type: "submit", class: "button button-primary", id: "dash-submit" },
    t("reports.show")
  );
  const node = section(
    "dash-section",
    t("reports.dashboard"),
    h(
      "form",
      { class: "filters", id: "dash-form", onsubmit: load },
      field(t("reports.from"), from),
      field(t("reports.to"), to),
      field(t("reports.area"), dashArea),
      h("div", { class: "field field-submit" }, submit)
    ),
    dashStatus,
    dashBox
  );
  return {
    node,
    load,
    mounted: async () => {
      if (!hotMap) hotMap = await drawHotSpots(dashBox, hotSpots);
    },
    destroy: () => {
      delete document.body.dataset.dashboard;
      if (hotMap) hotMap.remove();
    },
  };
}

/* The hot spots of the period on a map: one square per grid cell, darker the more findings
   it holds. The same cells are in the table above, for those who do not see the map. */
async function drawHotSpots(dashBox, collection) {
  const box = dashBox.querySelector("#dash-hot-map");
  const note = dashBox.querySelector("#dash-hot-map-status");
  const cells = collection?.features || [];
  if (!box || !cells.length) return null;
  try {
    const { L, map } = await createMap(box, {
      config: await loadConfig(),
      center: [59.5186, 17.9119],
      zoom: 14,
      onTiles: (status) =>
        (note.textContent = status === "loaded" ? "" : t("reports.hot_map_no_tiles")),
    });
    if (!box.isConnected) return map.remove();
    const most = Math.max(...cells.map((cell) => cell.properties.count));
    const layer = L.geoJSON(collection, {
      style: (cell) => ({
        color: "#7a1f00",
        weight: 1,
        fillColor: "#c2410c",
        fillOpacity: 0.15 + 0.6 * (cell.properties.count / most),
      }),
      onEachFeature: (cell, shape) => shape.bindTooltip(hotSpotText(cell.properties)),
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [16, 16], maxZoom: 17, animate: false });
    box.dataset.cells = String(cells.length);
    return map;
  } catch {
    box.hidden = true;
    note.textContent = t("reports.hot_map_unavailable");
    return null;
  }
}

function hotSpotText(cell) {
  return t("reports.hot_cell", {
    count: formatNumber(cell.count),
    open: formatNumber(cell.open),
    category: cell.top_category,
  });
}

/* The cross table for a spreadsheet: the dashboard's period and area. */
function ownerCategoryCsv(data, status) {
  const link = download("dash-owner-category-csv", t("reports.owner_category_csv"), status);
  const period = { from: data.period.from, to: data.period.to, area: data.area?.id };
  link.href = `/api/v1/reports/owner-category.csv${query(period)}`;
  return h("p", null, link);
}

/* The server names categories and "not assigned" in Swedish: here they are in the reader's
   language. */
function localNames(categories) {
  const names = new Map(categories.map((c) => [c.code, categoryName(c)]));
  return {
    category: (code, name) => names.get(code) || name,
    owner: (id, name) => (id === null ? t("reports.unassigned") : name),
  };
}

/* The dashboard's tables, the hot spots' map and the cross table's download. */
function dashboard(data, names, status) {
  const named = (items, nameOf = (item) => item.name) =>
    items.map((item) => [nameOf(item), formatNumber(item.count)]);
  const owner = (item) => names.owner(item.id, item.name);
  const count = [t("reports.col.name"), t("reports.col.count")];
  return [
    summaryTable(data),
    table(
      "dash-by-status",
      t("reports.by_status"),
      count,
      data.by_status.map((item) => [t(`status.${item.id}`), formatNumber(item.count)])
    ),
    table(
      "dash-category",
      t("reports.by_category"),
      count,
      named(data.by_category, (item) => names.category(item.id, item.name))
    ),
    table("dash-area", t("reports.by_area"), count, named(data.by_area)),
    table("dash-owner", t("reports.by_owner"), count, named(data.by_owner, owner)),
    table(
      "dash-durations",
      t("reports.durations_by_owner"),
      [
        t("reports.col.name"),
        t("reports.col.fixed"),
        t("reports.col.median_fix"),
        t("reports.col.within_target"),
      ],
      data.durations.by_owner.map((item) => [
        owner(item),
        formatNumber(item.fixed),
        days(item.median_hours_to_fix),
        percent(item.share_fixed_within_target),
      ])
    ),
    ownerCategoryTable(data, names),
    data.by_owner_category.length ? ownerCategoryCsv(data, status) : null,
    ...hotSpots(data),
    table(
      "dash-weekly",
      t("reports.weekly"),
      [t("reports.col.week"), t("reports.new"), t("reports.closed")],
      data.weekly.map((item) => [item.week, formatNumber(item.new), formatNumber(item.closed)])
    ),
    table(
      "dash-overdue",
      t("reports.overdue_by_owner"),
      [
        t("reports.col.name"),
        t("reports.col.overdue"),
        t("reports.col.oldest_due"),
        t("reports.col.days_late"),
      ],
      data.backlog.overdue_by_owner.map((item) => [
        owner(item),
        formatNumber(item.overdue),
        item.oldest_due_date,
        formatNumber(item.max_days_overdue),
      ])
    ),
  ];
}

function summaryTable(data) {
  const s = data.summary;
  const withinTarget = t("reports.within_target_value", {
    share: percent(s.share_fixed_within_target),
    count: formatNumber(s.fixed_within_target),
    total: formatNumber(s.fixed_with_due_date),
  });
  return table(
    "dash-summary",
    t("reports.summary"),
    [t("reports.col.figure"), t("reports.col.value")],
    [
      [t("reports.new"), formatNumber(s.new)],
      [t("reports.closed"), formatNumber(s.closed)],
      [t("reports.positive"), formatNumber(s.positive)],
      [t("reports.acknowledged"), formatNumber(s.acknowledged)],
      [t("reports.median_ack"), days(s.median_hours_to_acknowledge)],
      [t("reports.fixed"), formatNumber(s.fixed)],
      [t("reports.median_fix"), days(s.median_hours_to_fix)],
      [t("reports.within_target"), withinTarget],
      [t("reports.open_now"), formatNumber(data.backlog.open)],
      [t("reports.overdue_now"), formatNumber(data.backlog.overdue)],
    ]
  );
}

/* Owner × category: a cross table that keeps its columns (two row headers). */
function ownerCategoryTable(data, names) {
  return table(
    "dash-owner-category",
    t("reports.by_owner_category"),
    [
      t("reports.col.owner"),
      t("reports.category"),
      t("reports.new"),
      t("reports.closed"),
      t("reports.open_now"),
      t("reports.overdue_now"),
      t("reports.col.median_fix"),
      t("reports.col.within_target"),
    ],
    data.by_owner_category.map((pair) => [
      names.owner(pair.owner.id, pair.owner.name),
      names.category(pair.category.code, pair.category.name),
      ...[pair.new, pair.closed, pair.open, pair.overdue].map((count) => formatNumber(count)),
      days(pair.median_hours_to_fix),
      percent(pair.share_fixed_within_target),
    ]),
    null,
    { rowHeaders: 2, wide: true }
  );
}

/* The ten hottest cells as a table, and the box the map is drawn in (drawHotSpots). */
function hotSpots(data) {
  return [
    table(
      "dash-hotspots",
      t("reports.hot_spots", { metres: formatNumber(data.hot_spots.cell_m) }),
      [
        t("reports.col.rank"),
        t("reports.col.findings"),
        t("reports.col.open"),
        t("reports.col.top_category"),
      ],
      data.hot_spots.features
        .slice(0, 10)
        .map((cell, index) => [
          formatNumber(index + 1),
          formatNumber(cell.properties.count),
          formatNumber(cell.properties.open),
          cell.properties.top_category,
        ])
    ),
    h("div", {
      class: "map",
      id: "dash-hot-map",
      role: "region",
      "aria-label": t("reports.hot_map_label"),
    }),
    h("p", { class: "hint", id: "dash-hot-map-status", role: "status" }),
  ];
}
