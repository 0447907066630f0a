// What the coordinators' two online-only screens share (walks.js and reports.js): their frame,
// the view when there is no network, tables that stay readable on a phone, selects, and the
// areas to choose from. Loaded with those screens only: reporters never download it.

import { get } from "../api.js";
import { t } from "../i18n.js";
import { h } from "../ui.js";

export const STAFF = ["coordinator", "admin"];

export const pad = (n) => String(n).padStart(2, "0");

/* YYYY-MM-DD of a date on this device. */
export const ymd = (date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/* The screen's frame: heading, a status line (announced), the body. */
export function frame(id, title, ...children) {
  return h(
    "section",
    { class: "screen screen-reports", "aria-labelledby": `${id}-title` },
    h("h1", { id: `${id}-title`, tabindex: "-1" }, title),
    ...children
  );
}

/* No network, or no answer: say so in Swedish (or English), with a way to try again. */
export function offlineView(id, title, navigate) {
  const node = frame(
    id,
    title,
    h("p", { class: "notice", role: "status", id: "reports-offline" }, t("reports.offline")),
    h(
      "button",
      {
        type: "button",
        class: "button",
        id: "reports-retry",
        onclick: () => navigate(location.hash),
      },
      t("reports.retry")
    )
  );
  return { title, node };
}

export const failure = (error) => (error.status === 0 ? t("reports.offline") : error.message);

export const options = (pairs, chosen) =>
  pairs.map(([value, text]) =>
    h("option", { value, selected: String(value) === String(chosen) ? true : null }, text)
  );

/* The areas for a select: [["", all], [id, name]...]; none offline. */
export async function areaOptions(allText) {
  const areas = await get("/api/v1/areas").catch(() => []);
  return [["", allText], ...areas.map((area) => [area.id, area.name])];
}

/* A table with caption, column headers and row headers (the first `rowHeaders` cells). On a
   narrow screen each row is a card, and each cell shows its column's name (data-label, see
   app.css) — unless `wide`: a cross table keeps its columns and scrolls sideways. */
export function table(id, caption, headers, rows, empty, { rowHeaders = 1, wide = false } = {}) {
  if (!rows.length) return h("p", { class: "empty", id }, empty || t("reports.none"));
  const cell = (value, index) =>
    index < rowHeaders
      ? h("th", { scope: "row" }, value)
      : h("td", { dataset: { label: headers[index] } }, value);
  return h(
    "div",
    { class: "table-scroll", role: "region", "aria-labelledby": `${id}-caption`, tabindex: "0" },
    h(
      "table",
      { class: `${wide ? "wide-table" : "cases-table"} report-table`, id },
      h("caption", { id: `${id}-caption` }, caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          headers.map((text) => h("th", { scope: "col" }, text))
        )
      ),
      h(
        "tbody",
        null,
        rows.map((cells) => h("tr", null, cells.map(cell)))
      )
    )
  );
}
