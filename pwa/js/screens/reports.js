// The reports (#/reports), online only: they show what the server knows now. Loaded only by
// coordinators and admins, and by owners, whose reports the server scopes to their
// organisation: reporters never download it. The dashboard as tables (dashboard.js; and its hot
// spots on a map), and download links for the weekly lägesbild, the tertial follow-up and
// exports of findings (CSV, GeoJSON) with a choice of columns.
// Downloads are plain links: the session cookie (SameSite=Lax) authenticates a GET.

import { get } from "../api.js";
import { categoryName } from "../categories.js";
import { field } from "../forms.js";
import { t } from "../i18n.js";
import { user } from "../session.js";
import { STATUSES } from "../statuses.js";
import { h } from "../ui.js";
import { dashboardSection } from "./dashboard.js";
import {
  areaOptions,
  download,
  frame,
  offlineView,
  options,
  pad,
  query,
  STAFF,
  section,
} from "./online.js";
import { loadLagesbild } from "./reports-lagesbild.js";

/* ISO week of a date: "2026-W47". */
function isoWeek(date) {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const first = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
  return `${day.getUTCFullYear()}-W${pad(Math.ceil(((day - first) / 86400000 + 1) / 7))}`;
}

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
      : t("reports.scope_org", { org: organisation?.name || "" })
  );
  const node = frame(
    "reports",
    title,
    scope,
    status,
    board.node,
    lagesbildSection(now, areas, categories, status),
    tertialSection(now, areas, status),
    exportSection(areas, categories, columns, status)
  );
  await board.load();
  return { title, node, mounted: board.mounted, destroy: board.destroy };
}

/* The weekly lägesbild: links that follow the week and area chosen; for coordinators and
   admins also on screen (reports-lagesbild.js). */
function lagesbildSection(now, areas, categories, status) {
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
  const staff = STAFF.includes(user().role);
  const box = h("div", { class: "stack", id: "lb-view" });
  const lbStatus = h("p", { class: "hint", id: "lb-status", role: "status" });
  const show = () =>
    loadLagesbild(box, lbStatus, { week: week.value, area: area.value }, categories);
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
    h(
      "div",
      { class: "button-row" },
      staff
        ? h(
            "button",
            { type: "button", class: "button button-primary", id: "lb-show", onclick: show },
            t("reports.lb.show")
          )
        : "",
      pdf,
      csv
    ),
    staff ? [h("p", { class: "hint" }, t("reports.lb.hint")), lbStatus, box] : ""
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
