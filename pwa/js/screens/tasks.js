// The owner's list, #/tasks: Att åtgärda (owners) / Ärenden (coordinators), loaded only by
// owners and coordinators: reporters never download it. The findings sent to the organisation
// as a table-like list and on a map, filtered by status and area, sorted by due date or
// priority, overdue ones marked in words; side by side on a desktop. The list comes from the
// API; the last answer is kept on the device to read offline.

import { get } from "../api.js";
import { formatDateTime, formatDay, t, tn } from "../i18n.js";
import { categoryNames } from "../pull.js";
import { on, state, user } from "../session.js";
import { OPEN_STATUSES } from "../statuses.js";
import { announce, fill, h, icon, withIcon } from "../ui.js";
import { DONE, fetchKept, isOverdue, priorityText, statusBadge, WITH_OWNER } from "./cases.js";
import { tasksMap } from "./tasks-map.js";

const Store = self.LyktaStore;
const FILTERS = {
  open: WITH_OWNER.join(","),
  skickad: "skickad",
  mottagen: "mottagen",
  planerad: "planerad",
  done: DONE.join(","),
  // Coordinators only: nobody's yet.
  triage: OPEN_STATUSES.filter((status) => !WITH_OWNER.includes(status)).join(","),
  all: "",
};
const due = (f) => f.due_date || "9999"; // no due date: last
const newest = (a, b) => new Date(b.captured_at) - new Date(a.captured_at);
const SORTS = {
  due: (a, b) => due(a).localeCompare(due(b)) || a.priority - b.priority || newest(a, b),
  priority: (a, b) => a.priority - b.priority || due(a).localeCompare(due(b)) || newest(a, b),
  newest,
};

// Remembered while the app is open: filters, list or map, and the finding last opened.
const chosen = { status: "open", area: "", sort: "due", view: "list" };
let lastOpened = null;
on("signed-out", () => {
  Object.assign(chosen, { status: "open", area: "", sort: "due" }); // the next person afresh
});

const link = (f, text) =>
  h(
    "a",
    { class: "case-link", href: `#/findings?id=${f.id}`, onclick: () => (lastOpened = f.id) },
    text
  );

export async function render() {
  const who = user();
  const staff = who.role !== "owner";
  if (!staff && chosen.status === "triage") chosen.status = "open"; // another user before
  const nameOf = await categoryNames();
  let items = [];
  let destroyed = false;
  let loadToken = 0;

  const summary = h("p", { class: "cases-summary", id: "tasks-summary", role: "status" });
  const freshness = h("p", { class: "hint", id: "tasks-updated" });
  const tableBox = h("div", { class: "tasks-list-box", id: "tasks-list-box" });
  const map = tasksMap({ nameOf, link, wanted: () => chosen.view === "map" });
  const layout = h("div", { class: "tasks-layout", dataset: { view: chosen.view } });
  const filters = filterForm(staff, { load, draw, isGone: () => destroyed });

  async function load() {
    const token = ++loadToken;
    summary.textContent = t("cases.loading");
    let result;
    try {
      result = await fetchList(staff ? null : who.organisation.id);
    } catch (error) {
      if (token !== loadToken || destroyed) return;
      items = [];
      summary.textContent = freshness.textContent = "";
      fill(tableBox, loadProblem(error, load));
      return map.draw(items);
    }
    if (token !== loadToken || destroyed) return;
    items = result.items;
    const when = { time: formatDateTime(result.at) };
    freshness.textContent = t(result.cached ? "cases.showing_cached" : "cases.updated", when);
    freshness.classList.toggle("notice", result.cached);
    draw();
    const back = lastOpened && tableBox.querySelector(`tr[data-id="${lastOpened}"] .case-link`);
    if (back && document.activeElement === document.getElementById("tasks-title")) back.focus();
  }

  function draw() {
    const sorted = [...items].sort(SORTS[chosen.sort]);
    summary.textContent = countText(sorted);
    fill(
      tableBox,
      sorted.length
        ? casesTable(sorted, { staff, nameOf, highlight: map.highlight })
        : h("p", { class: "empty", id: "tasks-empty" }, t("cases.empty_hint"))
    );
    map.draw(items);
  }

  const segments = viewSegments((view) => {
    chosen.view = layout.dataset.view = view;
    map.show();
  });

  const flash = state.flash;
  state.flash = null;
  if (flash) announce(flash);
  const title = staff ? t("cases.title_staff") : t("cases.title");
  // A phone shows the list or the map below the filters; a desktop the map beside it all.
  layout.append(
    h(
      "div",
      { class: "tasks-main" },
      staff && tasksSubnav(title),
      h("h1", { id: "tasks-title", tabindex: "-1" }, title),
      h(
        "p",
        { class: "lead" },
        staff ? t("cases.lead_staff") : t("cases.lead", { organisation: who.organisation.name })
      ),
      flash &&
        h("p", { class: "flash", role: "status", id: "tasks-flash" }, icon("check"), " ", flash),
      filters.node,
      summary,
      freshness,
      segments,
      tableBox
    ),
    map.node
  );
  return {
    title,
    node: h("section", { class: "screen screen-tasks", "aria-labelledby": "tasks-title" }, layout),
    mounted: () => {
      map.listen();
      window.addEventListener("online", load);
      filters.fillAreas();
      load();
      map.show();
    },
    destroy: () => {
      destroyed = true;
      window.removeEventListener("online", load);
      map.destroy();
    },
  };
}

/* Ärenden | Att granska: the coordinators' two lists, under the same tab. */
function tasksSubnav(title) {
  return h(
    "nav",
    { class: "subnav", "aria-label": t("followup.subnav") },
    h("a", { class: "button", href: "#/tasks", "aria-current": "page" }, title),
    h("a", { class: "button", href: "#/triage", id: "subnav-triage" }, t("followup.title"))
  );
}

/* Every page of the list (at most 10 of 500), or the copy kept on the device; an owner's
   (`organisation`) only theirs. */
function fetchList(organisation) {
  const query = new URLSearchParams({ limit: 500 });
  if (FILTERS[chosen.status]) query.set("status", FILTERS[chosen.status]);
  if (chosen.area) query.set("area", chosen.area);
  if (organisation !== null) query.set("assigned_org", organisation);
  return fetchKept(`list:${query}`, async () => {
    const found = [];
    for (let page = 0, cursor = null; page < 10; page += 1) {
      if (cursor) query.set("cursor", cursor);
      const data = await get(`/api/v1/findings?${query}`);
      found.push(...data.items);
      cursor = data.next_cursor;
      if (!cursor) break;
    }
    return { items: found };
  });
}

/* The list could not be fetched and none is kept: why, and a way to try again. */
function loadProblem(error, retry) {
  const why = error.status === 0 ? t("cases.list_offline") : error.message;
  return [
    h("p", { class: "notice", id: "tasks-error" }, icon("alert"), " ", why),
    h(
      "button",
      { type: "button", class: "button", id: "tasks-retry", onclick: retry },
      withIcon("sync", t("cases.retry"))
    ),
  ];
}

function countText(sorted) {
  if (!sorted.length) return t("cases.empty");
  const overdue = sorted.filter(isOverdue).length;
  const late = overdue ? tn("cases.overdue_count", overdue) : "";
  return `${tn("cases.count", sorted.length)} ${late}`.trim();
}

/* Status, area and sort, remembered in `chosen`: a new status or area loads, a new sort only
   draws again. fillAreas() adds the areas (kept on the device for offline). */
function filterForm(staff, { load, draw, isGone }) {
  const select = (name, options, then) => {
    const element = h(
      "select",
      {
        id: `tasks-${name}`,
        onchange: () => {
          chosen[name] = element.value;
          then();
        },
      },
      options.map(([value, text]) => h("option", { value }, text))
    );
    element.value = chosen[name];
    return h(
      "div",
      { class: "field" },
      h("label", { for: element.id }, t(`cases.label.${name}`)),
      element
    );
  };
  const keys = (object) => Object.keys(object).filter((key) => staff || key !== "triage");
  const statusField = select(
    "status",
    keys(FILTERS).map((key) => [key, t(`cases.filter.${key}`)]),
    load
  );
  const areaField = select("area", [["", t("cases.area_all")]], load);
  const sortField = select(
    "sort",
    keys(SORTS).map((key) => [key, t(`cases.sort.${key}`)]),
    draw
  );
  const areaSelect = areaField.lastChild;

  async function fillAreas() {
    let areas;
    try {
      areas = await get("/api/v1/areas");
      await Store.setMeta("cases:areas", areas);
    } catch {
      areas = (await Store.getMeta("cases:areas")) || [];
    }
    if (isGone()) return;
    areaSelect.append(...areas.map((area) => h("option", { value: String(area.id) }, area.name)));
    areaSelect.value = chosen.area;
    if (areaSelect.value !== chosen.area) {
      chosen.area = ""; // an area that no longer exists
      load();
    }
  }

  const node = h(
    "form",
    {
      class: "filters",
      "aria-label": t("cases.filters_label"),
      onsubmit: (event) => event.preventDefault(),
    },
    statusField,
    areaField,
    sortField
  );
  return { node, fillAreas };
}

/* The table (a card per finding on a phone), arrows moving between the rows' links. */
function casesTable(sorted, { staff, nameOf, highlight }) {
  const headings = ["finding", "status", "due", "priority", "place", staff && "owner"]
    .filter(Boolean)
    .map((key) => t(`cases.col.${key}`));
  const row = (f) => caseRow(f, headings, { staff, nameOf, highlight });
  return [
    h(
      "table",
      { class: "cases-table", id: "tasks-table", "aria-describedby": "tasks-keys" },
      h("caption", { class: "visually-hidden" }, t("cases.table_caption")),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          headings.map((text) => h("th", { scope: "col" }, text))
        )
      ),
      h("tbody", { onkeydown: moveBetweenRows }, sorted.map(row))
    ),
    h("p", { class: "hint", id: "tasks-keys" }, t("cases.keys_hint")),
  ];
}

function caseRow(f, headings, { staff, nameOf, highlight }) {
  const late = isOverdue(f);
  const cells = [
    statusBadge(f.status),
    [
      f.due_date ? formatDay(f.due_date) : t("cases.no_due"),
      late && h("strong", { class: "overdue-badge" }, icon("alert"), " ", t("cases.overdue")),
      f.planned_for &&
        h(
          "span",
          { class: "meta planned" },
          t("cases.planned_for", { date: formatDay(f.planned_for) })
        ),
    ],
    priorityText(f.priority),
    f.routing ? f.routing.text : "–",
    staff && (f.assigned_org ? f.assigned_org.name : t("findings.owner_none")),
  ];
  return h(
    "tr",
    {
      dataset: { id: f.id, status: f.status, overdue: late },
      class: late && "is-overdue",
      onmouseenter: () => highlight(f.id),
      onfocusin: () => highlight(f.id),
    },
    h(
      "th",
      { scope: "row" },
      link(f, nameOf(f.category)),
      f.note && h("span", { class: "case-note" }, excerpt(f.note))
    ),
    cells
      .slice(0, headings.length - 1)
      .map((content, index) => h("td", { "data-label": headings[index + 1] }, content))
  );
}

/* Up and down arrows between the rows' links, Home and End to the first and last. */
function moveBetweenRows(event) {
  const links = [...event.currentTarget.querySelectorAll(".case-link")];
  const at = links.indexOf(event.target);
  const to =
    links[{ ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 }[event.key]];
  if (at < 0 || !to) return;
  event.preventDefault();
  to.focus();
}

function excerpt(text) {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/* Lista | Karta on a phone; choose(view) is called at once with the view last chosen. */
function viewSegments(choose) {
  const segment = (view, iconName) =>
    h(
      "button",
      {
        type: "button",
        class: "button segment",
        id: `tasks-view-${view}`,
        onclick: () => pick(view),
      },
      icon(iconName),
      " ",
      t(`findings.view_${view}`)
    );
  const segments = h(
    "div",
    { class: "segments tasks-segments", role: "group", "aria-label": t("findings.view_label") },
    segment("list", "list"),
    segment("map", "map")
  );
  function pick(view) {
    for (const button of segments.children) {
      button.setAttribute("aria-pressed", String(button.id.endsWith(view)));
    }
    choose(view);
  }
  pick(chosen.view);
  return segments;
}
