// The reports (#/reports), online only: they show what the server knows now. Loaded only by
// coordinators and admins, and by owners, whose reports the server scopes to their
// organisation: reporters never download it. The dashboard as tables (and its hot spots on a
// map), and download links for the weekly lägesbild, the tertial follow-up and exports of
// findings (CSV, GeoJSON) with a choice of columns.
// Downloads are plain links: the session cookie (SameSite=Lax) authenticates a GET.

import { get } from "../api.js";
import { categoryName } from "../categories.js";
import { field } from "../forms.js";
import { formatNumber, t } from "../i18n.js";
import { createMap } from "../map.js";
import { loadConfig, user } from "../session.js";
import { STATUSES } from "../statuses.js";
import { announce, fill, h } from "../ui.js";
import {
  areaOptions,
  failure,
  frame,
  offlineView,
  options,
  pad,
  STAFF,
  table,
  ymd,
} from "./online.js";

/* ISO week of a date: "2026-W47". */
function isoWeek(date) {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const first = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
  return `${day.getUTCFullYear()}-W${pad(Math.ceil(((day - first) / 86400000 + 1) / 7))}`;
}

const days = (hours) => (hours === null || hours === undefined ? "–" : formatNumber(hours / 24, 1));
const percent = (share) =>
  share === null || share === undefined ? "–" : `${formatNumber(share * 100, 0)} %`;

/* A download link: a plain GET with the session cookie; offline, a message instead. */
function download(id, text, status) {
  return h(
    "a",
    {
      class: "button",
      id,
      href: "#",
      onclick: (event) => {
        // No column chosen: the link leads nowhere.
        if (event.currentTarget.hasAttribute("aria-disabled")) return event.preventDefault();
        if (navigator.onLine) return;
        event.preventDefault();
        status.textContent = t("reports.offline");
        announce(t("reports.offline"));
      },
    },
    text
  );
}

const query = (params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
};

const section = (id, heading, ...children) =>
  h(
    "section",
    { class: "card stack", "aria-labelledby": `${id}-title`, id },
    h("h2", { id: `${id}-title` }, heading),
    ...children
  );

/* A form whose links follow what is typed (it is never submitted). */
const linkForm = (props, update, ...fields) =>
  h(
    "form",
    { ...props, oninput: update, onchange: update, onsubmit: (e) => e.preventDefault() },
    ...fields
  );

export async function render({ navigate }) {
  const title = t("reports.title");
  if (!navigator.onLine) return offlineView("reports", title, navigate);
  let areas;
  let columns;
  let categories;
  try {
    [areas, columns, categories] = await Promise.all([
      areaOptions(t("reports.all_areas")),
      get("/api/v1/exports/columns"),
      get("/api/v1/categories").catch(() => []),
    ]);
  } catch (error) {
    if (error.status === 0) return offlineView("reports", title, navigate);
    throw error;
  }
  const now = new Date();
  const status = h("p", { class: "hint", id: "reports-status", role: "status" });
  const board = dashboardSection(now, areas, categories, status);
  const organisation = user().organisation;
  const scope = h(
    "p",
    { class: "hint", id: "reports-scope" },
    STAFF.includes(user().role)
      ? t("reports.scope_all")
      : t("reports.scope_org", { org: (organisation && organisation.name) || "" })
  );
  const node = frame(
    "reports",
    title,
    scope,
    status,
    board.node,
    lagesbildSection(now, areas, status),
    tertialSection(now, areas, status),
    exportSection(areas, categories, columns, status)
  );
  await board.load();
  return { title, node, mounted: board.mounted, destroy: board.destroy };
}

/* The dashboard: a period and an area, then tables (and the hot spots on a map). */
function dashboardSection(now, areas, categories, status) {
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

/* The weekly lägesbild: links that follow the week and area chosen. */
function lagesbildSection(now, areas, status) {
  const week = h("input", {
    type: "week",
    id: "lb-week",
    value: isoWeek(now),
    pattern: "\\d{4}-?W\\d{2}",
  });
  const area = h("select", { id: "lb-area" }, options(areas));
  const pdf = download("lb-pdf", t("reports.pdf"), status);
  const csv = download("lb-csv", t("reports.csv"), status);
  const update = () => {
    const chosen = query({ area: area.value, week: week.value });
    pdf.href = `/api/v1/reports/lagesbild.pdf${chosen}`;
    csv.href = `/api/v1/reports/lagesbild.csv${chosen}`;
  };
  update();
  return section(
    "lb-section",
    t("reports.lagesbild"),
    h("p", { class: "hint" }, t("reports.lagesbild_hint")),
    linkForm(
      { class: "filters", id: "lb-form" },
      update,
      field(t("reports.week"), week, t("reports.week_hint")),
      field(t("reports.area"), area)
    ),
    h("div", { class: "button-row" }, pdf, csv)
  );
}

/* The tertial follow-up: links that follow the year, tertial and area chosen. */
function tertialSection(now, areas, status) {
  const year = h("input", {
    type: "number",
    id: "tr-year",
    min: "2000",
    max: "2999",
    value: String(now.getFullYear()),
    inputmode: "numeric",
  });
  const tertials = [1, 2, 3].map((n) => [n, t(`reports.tertial_${n}`)]);
  const tertial = h(
    "select",
    { id: "tr-tertial" },
    options(tertials, Math.floor(now.getMonth() / 4) + 1)
  );
  const area = h("select", { id: "tr-area" }, options(areas));
  const pdf = download("tr-pdf", t("reports.pdf"), status);
  const csv = download("tr-csv", t("reports.csv"), status);
  const update = () => {
    const chosen = query({ year: year.value, tertial: tertial.value, area: area.value });
    pdf.href = `/api/v1/reports/tertial.pdf${chosen}`;
    csv.href = `/api/v1/reports/tertial.csv${chosen}`;
  };
  update();
  return section(
    "tr-section",
    t("reports.tertial"),
    h("p", { class: "hint" }, t("reports.tertial_hint")),
    linkForm(
      { class: "filters", id: "tr-form" },
      update,
      field(t("reports.year"), year),
      field(t("reports.tertial_label"), tertial),
      field(t("reports.area"), area)
    ),
    h("div", { class: "button-row" }, pdf, csv)
  );
}

/* The export: filters as the findings list has them, and a choice of columns. */
function exportSection(areas, categories, columns, status) {
  const statuses = STATUSES.map((s) => [s, t(`status.${s}`)]);
  const exStatus = h(
    "select",
    { id: "ex-status" },
    options([["", t("reports.all_statuses")], ...statuses])
  );
  const kinds = categories.map((c) => [c.code, categoryName(c)]);
  const exCategory = h(
    "select",
    { id: "ex-category" },
    options([["", t("reports.all_categories")], ...kinds])
  );
  const exArea = h("select", { id: "ex-area" }, options(areas));
  const exFrom = h("input", { type: "date", id: "ex-from" });
  const exTo = h("input", { type: "date", id: "ex-to" });
  const usable = columns.filter((column) => column.available);
  const boxes = usable.map((column) =>
    h("input", {
      type: "checkbox",
      id: `col-${column.key}`,
      value: column.key,
      checked: column.default,
    })
  );
  const csv = download("ex-csv", t("reports.csv"), status);
  const geojson = download("ex-geojson", t("reports.geojson"), status);
  const colError = h("p", { class: "field-error", id: "ex-columns-error", role: "alert" });
  const update = () => {
    const chosen = boxes.filter((box) => box.checked).map((box) => box.value);
    colError.textContent = chosen.length ? "" : t("reports.no_columns");
    const filters = query({
      status: exStatus.value,
      category: exCategory.value,
      area: exArea.value,
      from: exFrom.value,
      to: exTo.value,
      columns: chosen.join(","),
    });
    csv.href = `/api/v1/exports/findings.csv${filters}`;
    geojson.href = `/api/v1/exports/findings.geojson${filters}`;
    for (const link of [csv, geojson]) link.toggleAttribute("aria-disabled", !chosen.length);
  };
  update();
  const choices = usable.map((column, index) =>
    h("li", null, boxes[index], h("label", { for: boxes[index].id }, column.label))
  );
  return section(
    "ex-section",
    t("reports.export"),
    h("p", { class: "hint" }, t("reports.export_hint")),
    linkForm(
      { class: "stack", id: "ex-form" },
      update,
      h(
        "div",
        { class: "filters" },
        field(t("reports.status"), exStatus),
        field(t("reports.category"), exCategory),
        field(t("reports.area"), exArea),
        field(t("reports.from"), exFrom),
        field(t("reports.to"), exTo)
      ),
      h(
        "fieldset",
        { class: "column-choice", "aria-describedby": "ex-columns-error" },
        h("legend", null, t("reports.columns")),
        h("ul", { class: "check-list" }, choices)
      ),
      colError
    ),
    h("div", { class: "button-row" }, csv, geojson)
  );
}

/* The hot spots of the period on a map: one square per grid cell, darker the more findings
   it holds. The same cells are in the table above, for those who do not see the map. */
async function drawHotSpots(dashBox, collection) {
  const box = dashBox.querySelector("#dash-hot-map");
  const note = dashBox.querySelector("#dash-hot-map-status");
  const cells = (collection && collection.features) || [];
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
  } catch (error) {
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
  const period = { from: data.period.from, to: data.period.to, area: data.area && data.area.id };
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
