// What the coordinators' two online-only screens share (walks.js and reports.js): their frame,
// the view when there is no network, tables that stay readable on a phone, selects, and the
// areas to choose from. Loaded with those screens only: reporters never download it.

import { get } from "../api.js";
import { t } from "../i18n.js";
import { announce, h } from "../ui.js";

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

/* A download link: a plain GET with the session cookie; offline, a message instead. */
export function download(id, text, status) {
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

export const query = (params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
};

/* A card with a heading. */
export const section = (id, heading, ...children) =>
  h(
    "section",
    { class: "card stack", "aria-labelledby": `${id}-title`, id },
    h("h2", { id: `${id}-title` }, heading),
    ...children
  );
