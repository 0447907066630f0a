// The owner's side, one module loaded only by owners and coordinators (and by an email link):
// reporters never download it. Two screens:
// - tasks (#/tasks): Att åtgärda (owners) / Ärenden (coordinators), the findings sent to the
//   organisation as a table-like list and on a map, filtered by status and area, sorted by due
//   date or priority, overdue ones marked in words; side by side on a desktop.
// - finding (#/findings?id=<uuid>, the owners' email links): photos, facts, place, history, and
//   the actions the server allows now (`transitions`).
// Lists and findings come from the API; the last answer is kept on the device to read offline.
// Actions are decisions, not field captures: they need the network and are never queued. Offline
// the form stays as filled in (kept per finding while the app is open) and says why it waits.

import { ApiError, get, post, putBytes } from "../api.js";
import { formatCoordinates, formatDateTime, formatDay, formatNumber, t, tn } from "../i18n.js";
import { createMap, dotIcon, pinIcon } from "../map.js";
import { PhotoError, shrink, uuid } from "../photos.js";
import { categoryNames } from "../pull.js";
import { loadConfig, on, state, user, write } from "../session.js";
import { announce, confirmDialog, fill, h, icon, withIcon } from "../ui.js";

const Store = self.LyktaStore;
const WIDE = "(min-width: 64rem)";
const CLOSED = ["åtgärdad", "verifierad", "avvisad", "dubblett"];
const FILTERS = {
  open: "skickad,mottagen,planerad",
  skickad: "skickad",
  mottagen: "mottagen",
  planerad: "planerad",
  done: [CLOSED[0], CLOSED[1]].join(","),
  triage: ["ny", "granskad", "ej vårt ansvar"].join(","), // coordinators only: nobody's yet
  all: "",
};
const due = (f) => f.due_date || "9999"; // no due date: last
const newest = (a, b) => new Date(b.captured_at) - new Date(a.captured_at);
const SORTS = {
  due: (a, b) => due(a).localeCompare(due(b)) || a.priority - b.priority || newest(a, b),
  priority: (a, b) => a.priority - b.priority || due(a).localeCompare(due(b)) || newest(a, b),
  newest,
};
const ACTIONS = { mottagen: "ack", planerad: "plan", "åtgärdad": "fixed", "ej vårt ansvar": "not-ours" }; // → ids
const CLEARS = { planerad: ["plan-date"], "åtgärdad": ["fixed-comment"] }; // drafts sent by a move
const MAX_AFTER_PHOTOS = 5;

// Remembered while the app is open: filters, list or map, the finding last opened, and what was
// filled in on each finding's forms and not yet sent.
const chosen = { status: "open", area: "", sort: "due", view: "list" };
let lastOpened = null;
const drafts = new Map();
on("signed-out", () => {
  drafts.clear(); // the next person on this device starts afresh
  Object.assign(chosen, { status: "open", area: "", sort: "due" });
});

// --- Shared ----------------------------------------------------------------------------------

/* YYYY-MM-DD on this device, days from today (due dates are dates, not moments). */
function today(days = 0) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

const isOverdue = (f) => Boolean(f.due_date) && !CLOSED.includes(f.status) && f.due_date < today();
const statusClass = (status) => (CLOSED.slice(0, 2).includes(status) ? "done" : CLOSED.includes(status) ? "closed" : "open");
const statusBadge = (status, id) => h("span", { class: `status-badge status-${statusClass(status)}`, id }, t(`status.${status}`));
const priorityText = (priority) => t(`cases.priority.${[1, 2, 3].includes(priority) ? priority : 2}`);
const link = (f, text) => h("a", { class: "case-link", href: `#/findings?id=${f.id}`, onclick: () => (lastOpened = f.id) }, text);

/* From the network, kept on the device per user; offline, the kept copy: {...data, at, cached}. */
async function fetchKept(key, fetcher) {
  key = `cases:${state.session.user.id}:${key}`;
  try {
    const copy = { ...(await fetcher()), at: Date.now() };
    await Store.setMeta(key, copy);
    return { ...copy, cached: false };
  } catch (error) {
    if (error.status === 404 || error.status === 403) await Store.delMeta(key);
    const copy = error.status === 0 ? await Store.getMeta(key) : null;
    if (!copy) throw error;
    return { ...copy, cached: true };
  }
}

// --- The list and the map --------------------------------------------------------------------

export async function tasks() {
  const who = user();
  const staff = who.role !== "owner";
  if (!staff && chosen.status === "triage") chosen.status = "open"; // another user before
  const nameOf = await categoryNames();
  const wide = window.matchMedia(WIDE);
  let items = [];
  let mapParts = null;
  let destroyed = false;
  let loadToken = 0;

  const summary = h("p", { class: "cases-summary", id: "tasks-summary", role: "status" });
  const freshness = h("p", { class: "hint", id: "tasks-updated" });
  const tableBox = h("div", { class: "tasks-list-box", id: "tasks-list-box" });
  const mapBox = h("div", { class: "map tasks-map", id: "tasks-map", role: "region", "aria-label": t("cases.map_label") });
  const mapStatus = h("p", { class: "hint", id: "tasks-map-status" });
  const layout = h("div", { class: "tasks-layout", dataset: { view: chosen.view } });

  const select = (name, options, then) => {
    const element = h(
      "select",
      { id: `tasks-${name}`, onchange: () => ((chosen[name] = element.value), then()) },
      options.map(([value, text]) => h("option", { value }, text))
    );
    element.value = chosen[name];
    return h("div", { class: "field" }, h("label", { for: element.id }, t(`cases.label.${name}`)), element);
  };
  const keys = (object) => Object.keys(object).filter((key) => staff || key !== "triage");
  const statusField = select("status", keys(FILTERS).map((key) => [key, t(`cases.filter.${key}`)]), load);
  const areaField = select("area", [["", t("cases.area_all")]], load);
  const sortField = select("sort", keys(SORTS).map((key) => [key, t(`cases.sort.${key}`)]), draw);
  const areaSelect = areaField.lastChild;

  async function fillAreas() {
    let areas;
    try {
      areas = await get("/api/v1/areas");
      await Store.setMeta("cases:areas", areas);
    } catch (error) {
      areas = (await Store.getMeta("cases:areas")) || [];
    }
    if (destroyed) return;
    areaSelect.append(...areas.map((area) => h("option", { value: String(area.id) }, area.name)));
    areaSelect.value = chosen.area;
    if (areaSelect.value !== chosen.area) {
      chosen.area = ""; // an area that no longer exists
      load();
    }
  }

  async function load() {
    const token = ++loadToken;
    summary.textContent = t("cases.loading");
    const query = new URLSearchParams({ limit: 500 });
    if (FILTERS[chosen.status]) query.set("status", FILTERS[chosen.status]);
    if (chosen.area) query.set("area", chosen.area);
    if (!staff) query.set("assigned_org", who.organisation.id);
    let result;
    try {
      result = await fetchKept(`list:${query}`, async () => {
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
    } catch (error) {
      if (token !== loadToken || destroyed) return;
      items = [];
      summary.textContent = freshness.textContent = "";
      fill(
        tableBox,
        h("p", { class: "notice", id: "tasks-error" }, icon("alert"), " ", error.status === 0 ? t("cases.list_offline") : error.message),
        h("button", { type: "button", class: "button", id: "tasks-retry", onclick: load }, withIcon("sync", t("cases.retry")))
      );
      return drawMarkers();
    }
    if (token !== loadToken || destroyed) return;
    items = result.items;
    freshness.textContent = t(result.cached ? "cases.showing_cached" : "cases.updated", { time: formatDateTime(result.at) });
    freshness.classList.toggle("notice", result.cached);
    draw();
    const back = lastOpened && tableBox.querySelector(`tr[data-id="${lastOpened}"] .case-link`);
    if (back && document.activeElement === document.getElementById("tasks-title")) back.focus();
  }

  function draw() {
    const sorted = [...items].sort(SORTS[chosen.sort]);
    const overdue = sorted.filter(isOverdue).length;
    summary.textContent = sorted.length ? `${tn("cases.count", sorted.length)} ${overdue ? tn("cases.overdue_count", overdue) : ""}`.trim() : t("cases.empty");
    const headings = ["finding", "status", "due", "priority", "place", staff && "owner"].filter(Boolean).map((key) => t(`cases.col.${key}`));
    fill(
      tableBox,
      sorted.length
        ? [
            h(
              "table",
              { class: "cases-table", id: "tasks-table", "aria-describedby": "tasks-keys" },
              h("caption", { class: "visually-hidden" }, t("cases.table_caption")),
              h("thead", null, h("tr", null, headings.map((text) => h("th", { scope: "col" }, text)))),
              h("tbody", { onkeydown: moveBetweenRows }, sorted.map((f) => row(f, headings)))
            ),
            h("p", { class: "hint", id: "tasks-keys" }, t("cases.keys_hint")),
          ]
        : h("p", { class: "empty", id: "tasks-empty" }, t("cases.empty_hint"))
    );
    drawMarkers();
  }

  function row(f, headings) {
    const late = isOverdue(f);
    const cells = [
      statusBadge(f.status),
      [
        f.due_date ? formatDay(f.due_date) : t("cases.no_due"),
        late && h("strong", { class: "overdue-badge" }, icon("alert"), " ", t("cases.overdue")),
        f.planned_for && h("span", { class: "meta planned" }, t("cases.planned_for", { date: formatDay(f.planned_for) })),
      ],
      priorityText(f.priority),
      f.routing ? f.routing.text : "–",
      staff && (f.assigned_org ? f.assigned_org.name : t("findings.owner_none")),
    ];
    return h(
      "tr",
      { dataset: { id: f.id, status: f.status, overdue: late }, class: late && "is-overdue", onmouseenter: () => highlight(f.id), onfocusin: () => highlight(f.id) },
      h("th", { scope: "row" }, link(f, nameOf(f.category)), f.note && h("span", { class: "case-note" }, excerpt(f.note))),
      cells.slice(0, headings.length - 1).map((content, index) => h("td", { "data-label": headings[index + 1] }, content))
    );
  }

  /* Up and down arrows between the rows' links, Home and End to the first and last. */
  function moveBetweenRows(event) {
    const links = [...tableBox.querySelectorAll(".case-link")];
    const at = links.indexOf(event.target);
    const to = links[{ ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 }[event.key]];
    if (at < 0 || !to) return;
    event.preventDefault();
    to.focus();
  }

  async function showMap() {
    if (mapParts || destroyed || !(wide.matches || chosen.view === "map") || !mapBox.isConnected) return;
    mapParts = {};
    try {
      const { L, map } = await createMap(mapBox, {
        config: await loadConfig(),
        center: [59.5186, 17.9119], // until the findings are drawn
        zoom: 15,
        onTiles: (status) => {
          mapBox.dataset.tiles = status;
          mapStatus.textContent = status === "loaded" ? "" : t("cases.map_no_tiles");
        },
      });
      if (destroyed) return map.remove();
      mapParts = { L, map, layer: L.layerGroup().addTo(map), markers: new Map() };
      mapParts.observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
      mapParts.observer.observe(mapBox);
      drawMarkers();
    } catch (error) {
      mapParts = null;
      mapBox.hidden = true;
      mapStatus.textContent = t("cases.map_unavailable");
    }
  }

  function drawMarkers() {
    if (!mapParts || !mapParts.layer) return;
    const { L, map, layer, markers } = mapParts;
    layer.clearLayers();
    markers.clear();
    for (const f of items.filter((f) => f.lat !== null)) {
      const late = isOverdue(f);
      const lines = [nameOf(f.category), t(`status.${f.status}`), late && t("cases.overdue")].filter(Boolean);
      const marker = L.marker([f.lat, f.lon], {
        icon: dotIcon(L, late ? "map-dot-overdue" : `map-dot-${statusClass(f.status)}`), // overdue: a square
        title: lines.join(", "),
        keyboard: true,
      });
      marker.bindPopup(() => h("p", null, lines.map((line) => [line, h("br")]), link(f, t("cases.open"))));
      markers.set(f.id, marker.addTo(layer));
    }
    const points = [...markers.values()].map((marker) => marker.getLatLng());
    // No animation: the screen may be left (and the map removed) at any moment.
    if (points.length > 1) map.fitBounds(points, { padding: [24, 24], maxZoom: 17, animate: false });
    else if (points.length) map.setView(points[0], 17, { animate: false });
    mapBox.dataset.markers = points.length;
  }

  function highlight(id) {
    for (const [key, marker] of mapParts && mapParts.markers ? mapParts.markers : []) {
      if (marker.getElement()) marker.getElement().classList.toggle("is-selected", key === id);
    }
  }

  const segment = (view, iconName) =>
    h("button", { type: "button", class: "button segment", id: `tasks-view-${view}`, onclick: () => choose(view) }, icon(iconName), " ", t(`findings.view_${view}`));
  const segments = h("div", { class: "segments tasks-segments", role: "group", "aria-label": t("findings.view_label") }, segment("list", "list"), segment("map", "map"));
  function choose(view) {
    chosen.view = layout.dataset.view = view;
    for (const button of segments.children) button.setAttribute("aria-pressed", String(button.id.endsWith(view)));
    showMap();
  }
  choose(chosen.view);

  const flash = state.flash;
  state.flash = null;
  if (flash) announce(flash);
  const title = staff ? t("cases.title_staff") : t("cases.title");
  // A phone shows the list or the map below the filters; a desktop the map beside it all.
  layout.append(
    h(
      "div",
      { class: "tasks-main" },
      staff && h("nav", { class: "subnav", "aria-label": t("followup.subnav") }, h("a", { class: "button", href: "#/tasks", "aria-current": "page" }, title), h("a", { class: "button", href: "#/triage", id: "subnav-triage" }, t("followup.title"))),
      h("h1", { id: "tasks-title", tabindex: "-1" }, title),
      h("p", { class: "lead" }, staff ? t("cases.lead_staff") : t("cases.lead", { organisation: who.organisation.name })),
      flash && h("p", { class: "flash", role: "status", id: "tasks-flash" }, icon("check"), " ", flash),
      h("form", { class: "filters", "aria-label": t("cases.filters_label"), onsubmit: (event) => event.preventDefault() }, statusField, areaField, sortField),
      summary,
      freshness,
      segments,
      tableBox
    ),
    h("div", { class: "tasks-map-box" }, mapBox, mapStatus)
  );
  const onMedia = () => showMap();
  return {
    title,
    node: h("section", { class: "screen screen-tasks", "aria-labelledby": "tasks-title" }, layout),
    mounted: () => {
      wide.addEventListener("change", onMedia);
      window.addEventListener("online", load);
      fillAreas();
      load();
      showMap();
    },
    destroy: () => {
      destroyed = true;
      wide.removeEventListener("change", onMedia);
      window.removeEventListener("online", load);
      if (mapParts && mapParts.map) {
        mapParts.observer.disconnect();
        mapParts.map.remove();
      }
    },
  };
}

function excerpt(text) {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

// --- One finding ----------------------------------------------------------------------------

export async function finding({ params, navigate }) {
  const id = (params.get("id") || "").toLowerCase();
  const who = user();
  const mine = !["owner", "coordinator", "admin"].includes(who.role); // a reporter's own finding
  const back = h("a", { class: "back-link", href: mine ? "#/findings" : "#/tasks", id: "case-back" }, t(mine ? "cases.back_mine" : "cases.back"));
  const tab = mine ? "findings" : "tasks";
  const problem = (heading, text, retry) => ({
    title: heading,
    tab,
    node: h(
      "section",
      { class: "screen screen-case", "aria-labelledby": "case-title" },
      back,
      h("h1", { id: "case-title", tabindex: "-1" }, heading),
      h("p", { class: "notice", id: "case-problem" }, text),
      retry && h("button", { type: "button", class: "button", id: "case-retry", onclick: () => navigate(location.hash) }, withIcon("sync", t("cases.retry")))
    ),
  });
  const load = () =>
    fetchKept(`case:${id}`, async () => {
      const [found, events] = await Promise.all([get(`/api/v1/findings/${id}`), get(`/api/v1/findings/${id}/events`)]);
      return { finding: found, events };
    });

  let data;
  try {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new ApiError(404, null);
    data = await load();
  } catch (error) {
    if (error.status === 404 || error.status === 403) return problem(t("cases.not_found_title"), t("cases.not_found"));
    const offline = error.status === 0;
    return problem(t(offline ? "cases.offline_title" : "cases.not_found_title"), offline ? t("cases.offline_text") : error.message, true);
  }

  const nameOf = await categoryNames();
  if (!drafts.has(id)) drafts.set(id, {});
  const draft = drafts.get(id);
  draft.photos = draft.photos || [];
  let f = data.finding;
  let events = [];
  let mapParts = null;
  let destroyed = false;
  let busy = false;

  const title = h("h1", { id: "case-title", tabindex: "-1" });
  const statusLine = h("p", { class: "status-line", id: "case-status" });
  const flash = h("p", { class: "flash", id: "case-flash", role: "status", tabindex: "-1", hidden: true });
  const cachedNote = h("p", { class: "notice", id: "case-cached" });
  const facts = h("dl", { class: "facts", id: "case-facts" });
  const photos = h("div", { class: "stack", id: "case-photos" });
  const place = h("div", { class: "stack", id: "case-place" });
  const mapBox = h("div", { class: "map", id: "case-map", role: "region", "aria-label": t("cases.map_one_label") });
  const mapStatus = h("p", { class: "hint", id: "case-map-status" });
  const actions = h("div", { class: "stack", id: "case-actions" });
  const history = h("ol", { class: "history", id: "case-history" });
  const offlineNote = h("p", { class: "warning", id: "case-offline" }, icon("alert"), h("span", null, t("cases.actions_offline")));
  const actionError = h("p", { class: "form-error", id: "case-action-error", role: "alert" });
  const viewer = photoViewer();
  // Coordinators' moves, comments and photo redaction, owners' comments: js/screens/followup.js.
  const followup = mine ? null : await import("./followup.js").then((m) => m.panel({ id, reload: () => load().then((fresh) => destroyed || draw(fresh)) }), () => null);

  function draw(fresh) {
    f = fresh.finding;
    events = fresh.events;
    const late = isOverdue(f);
    title.textContent = nameOf(f.category);
    fill(statusLine, statusBadge(f.status, "case-status-badge"), late && h("strong", { class: "overdue-badge", id: "case-overdue" }, icon("alert"), " ", t("cases.overdue_since", { date: formatDay(f.due_date) })));
    cachedNote.hidden = !fresh.cached;
    cachedNote.textContent = t("cases.showing_cached_one", { time: formatDateTime(fresh.at) });
    fill(
      facts,
      [
        ["col.status", t(`status.${f.status}`)],
        ["col.due", f.due_date ? [formatDay(f.due_date), late && ` (${t("cases.overdue")})`] : t("cases.no_due")],
        f.planned_for && ["planned_label", formatDay(f.planned_for)],
        ["col.priority", priorityText(f.priority)],
        ["col.owner", f.assigned_org ? f.assigned_org.name : t("findings.owner_none")],
        ["reported", formatDateTime(f.captured_at)],
        ["note", f.note ? h("span", { class: "note" }, f.note) : t("cases.no_note")],
      ]
        .filter(Boolean)
        .map(([term, value]) => [h("dt", null, t(`cases.${term}`)), h("dd", null, value)])
    );
    const report = f.photos.filter((photo) => photo.kind !== "after");
    const after = f.photos.filter((photo) => photo.kind === "after");
    fill(
      photos,
      report.length ? grid(report, "case-photo-list", "cases.photo") : h("p", { class: "hint" }, t("cases.no_photos")),
      !f.complete && h("p", { class: "notice" }, icon("alert"), " ", t("findings.incomplete", { sent: report.length, total: f.photos_expected })),
      after.length > 0 && [h("h3", null, t("cases.after_photos")), grid(after, "case-after-list", "cases.after_photo")]
    );
    fill(
      place,
      f.lat === null
        ? h("p", null, t("cases.no_position"))
        : h("p", { class: "position-text", id: "case-coordinates" }, formatCoordinates(f.lat, f.lon), f.accuracy_m ? ` (±${formatNumber(f.accuracy_m)} m)` : ""),
      f.routing && h("p", { id: "case-routing" }, h("strong", null, t("cases.routing")), " ", f.routing.text)
    );
    drawActions();
    if (followup) followup.draw(f);
    fill(history, events.length ? events.map(eventItem) : h("li", null, t("cases.history_empty")));
  }

  function grid(list, listId, altKey) {
    return h(
      "ul",
      { class: "photo-list photo-grid", id: listId },
      list.map((photo, index) => {
        const label = t(altKey, { number: index + 1, count: list.length });
        const image = h("img", { src: photo.thumbnail_url, alt: "", width: 120, height: 120, loading: "lazy" });
        image.onerror = () => image.replaceWith(h("span", { class: "photo-missing" }, icon("image"), h("span", null, t("findings.photo_offline"))));
        const open = (event) => viewer.open(photo, label, event.currentTarget);
        return h("li", { class: "photo" }, h("button", { type: "button", class: "photo-open", "aria-label": t("cases.photo_open", { label }), onclick: open }, image));
      })
    );
  }

  async function showMap() {
    if (f.lat === null) mapBox.hidden = true;
    if (mapParts || destroyed || f.lat === null) return;
    mapParts = {};
    try {
      const { L, map } = await createMap(mapBox, {
        config: await loadConfig(),
        center: [f.lat, f.lon],
        onTiles: (status) => {
          mapBox.dataset.tiles = status;
          mapStatus.textContent = status === "loaded" ? "" : t("cases.map_no_tiles_one");
        },
      });
      if (destroyed) return map.remove();
      L.marker([f.lat, f.lon], { icon: pinIcon(L), keyboard: false, interactive: false }).addTo(map);
      mapParts = { map };
    } catch (error) {
      mapBox.hidden = true;
      mapStatus.textContent = t("cases.map_unavailable");
    }
  }

  // --- Actions ---------------------------------------------------------------------------
  function drawActions() {
    const moves = f.transitions.filter((status) => ACTIONS[status]);
    offlineNote.hidden = navigator.onLine;
    if (!moves.length) return fill(actions, h("p", { id: "case-no-actions" }, t(mine ? "cases.no_actions_reporter" : followup && who.role !== "owner" ? "followup.no_owner_moves" : "cases.no_actions")));
    const forms = { mottagen: acknowledgeForm, planerad: planForm, "åtgärdad": fixedForm, "ej vårt ansvar": notOursForm };
    fill(actions, offlineNote, actionError, moves.map((status) => forms[status]()));
  }

  /* A form of its own per action: heading, fields, submit; check() returns the body or null. */
  function actionForm(status, heading, fields, submitText, check, confirm) {
    const key = ACTIONS[status];
    const submit = h("button", { type: "submit", class: `button ${key === "not-ours" ? "button-danger" : "button-primary"}`, id: `submit-${key}` }, submitText);
    const onsubmit = async (event) => {
      event.preventDefault();
      const body = await check();
      if (!body) return;
      if (confirm && navigator.onLine && !(await confirmDialog(confirm))) return;
      act(status, body, submit);
    };
    return h("form", { class: "action-form stack", id: `form-${key}`, novalidate: true, "aria-labelledby": `form-${key}-title`, onsubmit }, h("h3", { id: `form-${key}-title` }, heading), fields, submit);
  }

  /* A text field kept in the draft, with its error line. */
  function field(name, label, props, hint) {
    const base = props.type ? {} : { rows: 3, maxlength: 2000 };
    const control = h(props.type ? "input" : "textarea", { id: name, "aria-describedby": `${name}-hint ${name}-error`, ...base, ...props, oninput: () => (draft[name] = control.value) });
    control.value = draft[name] || props.value || "";
    const error = h("p", { class: "field-error", id: `${name}-error` });
    const invalid = (text) => ((error.textContent = text), control.focus(), null);
    return { control, error, invalid, node: [h("div", { class: "field" }, h("label", { for: name }, label), hint && h("p", { class: "hint", id: `${name}-hint` }, hint), control), error] };
  }

  function acknowledgeForm() {
    return actionForm("mottagen", t("cases.ack_title"), h("p", { class: "hint" }, t("cases.ack_hint")), withIcon("check", t("cases.ack_submit")), () => ({}));
  }

  function planForm() {
    const again = f.status === "planerad";
    const date = field("plan-date", t("cases.plan_date"), { type: "date", required: true, min: today(), max: today(730), value: f.planned_for }, t("cases.plan_hint"));
    const check = () => {
      const value = date.control.value;
      date.error.textContent = "";
      if (!value) return date.invalid(t("cases.plan_missing"));
      if (value < date.control.min || value > date.control.max) return date.invalid(t("cases.plan_range"));
      return { planned_for: value };
    };
    return actionForm("planerad", t(again ? "cases.plan_again_title" : "cases.plan_title"), date.node, withIcon("clock", t(again ? "cases.plan_again_submit" : "cases.plan_submit")), check);
  }

  function fixedForm() {
    const comment = field("fixed-comment", t("cases.fixed_comment"), {});
    const list = h("ul", { class: "photo-list", id: "after-photo-list" });
    const status = h("p", { class: "hint", id: "after-photo-status", "aria-live": "polite" });
    let work = Promise.resolve();
    const drawChosen = () => {
      fill(
        list,
        draft.photos.map((photo, index) =>
          h(
            "li",
            { class: "photo" },
            h("img", { src: photo.url, alt: t("cases.after_photo", { number: index + 1, count: draft.photos.length }), width: 96, height: 96 }),
            h("button", { type: "button", class: "button button-icon photo-remove", "aria-label": t("capture.photo_remove", { number: index + 1 }), onclick: () => remove(index) }, icon("x"))
          )
        )
      );
      status.textContent = draft.photos.length ? tn("capture.photo_count", draft.photos.length) : t("cases.after_none");
    };
    const remove = (index) => {
      URL.revokeObjectURL(draft.photos.splice(index, 1)[0].url);
      drawChosen();
      announce(t("capture.photo_removed"));
      (list.querySelector(".photo-remove") || inputs[1]).focus();
    };
    const add = (input) => {
      const files = [...input.files];
      input.value = "";
      work = work.then(async () => {
        for (const file of files) {
          if (draft.photos.length >= MAX_AFTER_PHOTOS) {
            status.textContent = t("capture.photo_limit", { max: MAX_AFTER_PHOTOS });
            break;
          }
          status.textContent = t("capture.photo_working");
          try {
            const shrunk = await shrink(file); // as the reporter's: 2048 px, JPEG, no metadata
            draft.photos.push({ id: uuid(), type: shrunk.type, data: shrunk.data, url: URL.createObjectURL(new Blob([shrunk.data], { type: shrunk.type })) });
            drawChosen();
            announce(tn("capture.photo_added", draft.photos.length));
          } catch (error) {
            status.textContent = t(error instanceof PhotoError ? error.reason : "photo.error_decode");
          }
        }
      });
    };
    const inputs = [
      ["after-camera", "camera", "capture.take_photo", { capture: "environment" }],
      ["after-gallery", "image", "capture.pick_photo", { multiple: true }],
    ].map(([inputId, iconName, text, extra]) => [
      h("input", { type: "file", accept: "image/*", id: inputId, class: "file-input", onchange: (event) => add(event.target), ...extra }),
      h("label", { for: inputId, class: "button" }, withIcon(iconName, t(text))),
    ]);
    drawChosen();
    const fields = [comment.node, h("p", { class: "label-like" }, t("cases.after_label")), h("div", { class: "photo-actions" }, inputs), list, status];
    inputs[1] = inputs[1][0];
    return actionForm("åtgärdad", t("cases.fixed_title"), fields, withIcon("check", t("cases.fixed_submit")), async () => {
      await work;
      return { comment: comment.control.value.trim() || null };
    });
  }

  function notOursForm() {
    const reason = field("not-ours-reason", t("cases.not_ours_reason"), { required: true }, t("cases.not_ours_hint"));
    const check = () => {
      reason.error.textContent = "";
      return reason.control.value.trim() ? { comment: reason.control.value.trim() } : reason.invalid(t("cases.not_ours_missing"));
    };
    const confirm = { title: t("cases.not_ours_confirm_title"), text: t("cases.not_ours_confirm_text"), confirm: t("cases.not_ours_submit") };
    return actionForm("ej vårt ansvar", t("cases.not_ours_title"), reason.node, withIcon("x", t("cases.not_ours_submit")), check, confirm);
  }

  async function act(status, body, submit) {
    if (busy) return;
    actionError.textContent = "";
    busy = true;
    submit.setAttribute("aria-busy", "true");
    try {
      // The photos of the fix first, one request each: a retry sends only what is missing.
      for (const photo of status === "åtgärdad" ? draft.photos : []) {
        if (!photo.sent) await write(() => putBytes(`/api/v1/findings/${id}/photos/${photo.id}?kind=after`, photo.data, photo.type, { timeoutMs: 120000 }));
        photo.sent = true;
      }
      const moved = await write(() => post(`/api/v1/findings/${id}/status`, { status, ...body }));
      const done = t(`cases.done.${ACTIONS[status]}`);
      if (status === "åtgärdad" || status === "ej vårt ansvar") {
        draft.photos.forEach((photo) => URL.revokeObjectURL(photo.url));
        draft.photos = [];
      }
      if (status === "ej vårt ansvar") {
        drafts.delete(id);
        state.flash = done; // it has left the organisation: back to the list, where it is no more
        return navigate("#/tasks");
      }
      for (const key of CLEARS[status] || []) delete draft[key];
      let fresh;
      try {
        fresh = await load();
      } catch (error) {
        fresh = { events, at: Date.now() };
      }
      if (destroyed) return;
      draw({ ...fresh, finding: fresh.cached || !fresh.finding ? moved : fresh.finding, cached: false });
      flash.hidden = false;
      fill(flash, icon("check"), " ", done);
      flash.focus();
    } catch (error) {
      const details = error.errors ? Object.values(error.errors).flat().join(" ") : "";
      actionError.textContent = error.status === 0 ? t("cases.action_offline") : `${error.message} ${details}`.trim();
      if (error.status === 409 || error.status === 412) load().then(draw, () => {}); // someone else moved it
      if (submit.isConnected) submit.focus();
    } finally {
      busy = false;
      submit.removeAttribute("aria-busy");
    }
  }

  const onNetwork = () => {
    offlineNote.hidden = navigator.onLine;
    if (navigator.onLine && !cachedNote.hidden) load().then((fresh) => destroyed || draw(fresh), () => {});
  };
  const card = (key, ...children) =>
    h("section", { class: "card stack", "aria-labelledby": `case-${key}-title` }, h("h2", { id: `case-${key}-title` }, t(`cases.${key}`)), children);
  const node = h(
    "section",
    { class: "screen screen-case", "aria-labelledby": "case-title" },
    back,
    title,
    statusLine,
    flash,
    cachedNote,
    h(
      "div",
      { class: "case-layout" },
      h("div", { class: "case-main" }, card("facts", facts), card("photos", photos), card("place", place, mapBox, mapStatus)),
      h("div", { class: "case-side" }, card("actions", actions), followup && followup.node, card("history", history))
    ),
    viewer.node
  );
  draw(data);
  return {
    title: nameOf(f.category),
    tab,
    node,
    mounted: () => {
      window.addEventListener("online", onNetwork);
      window.addEventListener("offline", onNetwork);
      showMap();
    },
    destroy: () => {
      destroyed = true;
      window.removeEventListener("online", onNetwork);
      window.removeEventListener("offline", onNetwork);
      if (mapParts && mapParts.map) mapParts.map.remove();
      if (viewer.node.open) viewer.node.close();
    },
  };
}

/* A line of the history: when, who (and through what), what, why. */
function eventItem(event) {
  const org = event.organisation && event.organisation.name;
  const who = [event.actor ? (org ? `${event.actor.name} (${org})` : event.actor.name) : org || t("cases.event.system"), event.via === "link" && t("cases.via_link")];
  const status = (value) => (value ? t(`status.${value}`) : "–");
  const data = event.data || {};
  const what = {
    created: () => t("cases.event.created"),
    status: () => [t("cases.event.status", { from: status(event.from_value), to: status(event.to_value) }), data.planned_for && ` ${t("cases.event.planned", { date: formatDay(data.planned_for) })}`],
    assigned: () => (event.to_value ? t("cases.event.assigned", { organisation: event.to_value }) : t("cases.event.unassigned")),
    photo: () => t(data.kind === "after" ? "cases.event.photo_after" : "cases.event.photo"),
    edited: () => t("cases.event.edited"),
    delivery: () => t("cases.event.delivery"),
    priority: () => t("cases.event.priority", { from: priorityText(Number(event.from_value)), to: priorityText(Number(event.to_value)) }),
    due_date: () => t("cases.event.due_date", { date: event.to_value ? formatDay(event.to_value) : "–" }),
    merged: () => t("cases.event.merged"),
    redacted: () => t("cases.event.redacted"),
    reminder: () => t("cases.event.reminder"),
  }[event.kind];
  const why = event.kind === "assigned" ? event.text : event.kind === "edited" ? null : event.comment;
  return h(
    "li",
    { class: "history-item", dataset: { kind: event.kind } },
    h("p", { class: "meta" }, h("time", { datetime: event.at }, formatDateTime(event.at)), " · ", who.filter(Boolean).join(", ")),
    h("p", { class: "history-what" }, what ? what() : t("cases.event.comment")),
    why && h("p", { class: event.kind === "assigned" ? "meta" : "note" }, why)
  );
}

/* A full-size photo in a modal dialog; Escape or the button closes it, the focus goes back. */
function photoViewer() {
  const heading = h("h2", { id: "photo-viewer-title" });
  const image = h("img", { id: "photo-viewer-image", alt: "" });
  const close = h("button", { type: "button", class: "button", id: "photo-viewer-close", onclick: () => node.close() }, withIcon("x", t("cases.close")));
  const node = h("dialog", { class: "dialog photo-viewer", "aria-labelledby": "photo-viewer-title", id: "photo-viewer" }, h("div", { class: "photo-viewer-head" }, heading, close), image);
  let opener = null;
  node.addEventListener("close", () => {
    image.removeAttribute("src");
    if (opener && opener.isConnected) opener.focus();
  });
  return {
    node,
    open(photo, label, from) {
      opener = from;
      heading.textContent = image.alt = label;
      Object.assign(image, { width: photo.width, height: photo.height, src: photo.url });
      node.showModal();
      close.focus();
    },
  };
}
