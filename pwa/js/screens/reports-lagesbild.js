// The weekly lägesbild on screen (reports.js), for coordinators and admins: the partners'
// incidents (total, by type, weekday × hour, the eight weeks' trend), the hot spots of findings
// and incidents together with the rounds made there week by week, the actions decided at this
// week's meeting and last week's followed up (done or not, the incidents at the place before and
// since), and the week's rounds per place. Tables with captions and headers, numbers as text.

import { get } from "../api.js";
import { categoryName } from "../categories.js";
import { formatCoordinates, formatNumber, t, tn } from "../i18n.js";
import { createMap } from "../map.js";
import { loadConfig } from "../session.js";
import { fill, h } from "../ui.js";
import { failure, query, table } from "./online.js";

const HOURS_PER_BLOCK = 4;
const COLOURS = { finding: "#b91c1c", incident: "#6d28d9", round: "#0f766e", cell: "#c2410c" };
let shownMap = null; // the Leaflet map of the lägesbild shown last
const weekNumber = (key) => key.split("-W")[1];

/* Load the lägesbild of the week and area into box; type names from the managed list. */
export async function loadLagesbild(box, status, params, categories) {
  if (!navigator.onLine) {
    status.textContent = t("reports.offline");
    return;
  }
  status.textContent = t("reports.loading");
  try {
    const [data, types] = await Promise.all([
      get(`/api/v1/reports/lagesbild${query(params)}`),
      get("/api/v1/incident-types").catch(() => []),
    ]);
    const names = Object.fromEntries(types.map((type) => [type.code, type.name]));
    const typeName = (code) => names[code] || code;
    const categoryNames = Object.fromEntries(categories.map((c) => [c.code, categoryName(c)]));
    if (shownMap) shownMap.remove();
    shownMap = null;
    fill(
      box,
      incidentsPart(data.incidents, typeName),
      hotSpotsPart(data.combined_hot_spots || [], typeName, categoryNames),
      actionsPart(data.actions),
      roundsPart(data.rounds)
    );
    shownMap = await drawMap(box, data);
    status.textContent = t("reports.lb.ready", { week: data.week });
    document.body.dataset.lagesbild = "ready";
  } catch (error) {
    status.textContent = failure(error);
  }
}

const part = (id, heading, ...children) =>
  h(
    "section",
    { class: "stack", id, "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title` }, heading),
    ...children
  );

/* What, when and how many: the incidents of the week. */
function incidentsPart(incidents, typeName) {
  if (!incidents) return h("p", { class: "hint" }, t("reports.lb.no_incidents"));
  const byType = Object.entries(incidents.by_type)
    .filter(([, count]) => count)
    .map(([code, count]) => [typeName(code), formatNumber(count)]);
  const blocks = [];
  for (let hour = 0; hour < 24; hour += HOURS_PER_BLOCK) blocks.push(hour);
  const span = (hour) =>
    `${String(hour).padStart(2, "0")}–${String(hour + HOURS_PER_BLOCK).padStart(2, "0")}`;
  const weekdays = incidents.by_weekday_hour.map((hours, day) => [
    t(`reports.lb.weekday_${day + 1}`),
    ...blocks.map((start) =>
      formatNumber(hours.slice(start, start + HOURS_PER_BLOCK).reduce((a, b) => a + b, 0))
    ),
  ]);
  const most = Math.max(1, ...incidents.trend.map((week) => week.total));
  const trend = incidents.trend.map((week) => [
    weekNumber(week.week),
    formatNumber(week.total),
    h("meter", {
      class: "lb-bar",
      min: "0",
      max: String(most),
      value: String(week.total),
      "aria-hidden": "true",
    }),
  ]);
  return part(
    "lb-incidents",
    t("reports.lb.incidents"),
    h("p", { id: "lb-incidents-total" }, tn("reports.lb.incidents_total", incidents.total)),
    table(
      "lb-by-type",
      t("reports.lb.by_type"),
      [t("reports.lb.col.type"), t("reports.lb.col.count")],
      byType,
      t("reports.lb.none")
    ),
    table(
      "lb-when",
      t("reports.lb.when"),
      [t("reports.lb.col.weekday"), ...blocks.map(span)],
      weekdays,
      "",
      { wide: true }
    ),
    table(
      "lb-trend",
      t("reports.lb.trend"),
      [t("reports.col.week"), t("reports.lb.col.incidents"), t("reports.lb.col.bar")],
      trend,
      "",
      { wide: true }
    )
  );
}

/* Where: cells with findings and incidents together, and what was done there week by week. */
function hotSpotsPart(spots, typeName, categoryNames) {
  const top = (counts, name) => {
    const [code] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0] || [];
    return code ? name(code) : "–";
  };
  const rows = spots.map((spot, index) => [
    t("reports.lb.spot", { n: index + 1 }),
    formatNumber(spot.findings),
    formatNumber(spot.open),
    formatNumber(spot.incidents),
    formatNumber(spot.rounds),
    `${top(spot.categories, (code) => categoryNames[code] || code)} · ${top(spot.incident_types, typeName)}`,
    formatCoordinates(spot.centre[1], spot.centre[0]),
  ]);
  const weeks = spots.length ? spots[0].weeks.map((week) => weekNumber(week.week)) : [];
  const perWeek = spots.map((spot, index) => [
    t("reports.lb.spot", { n: index + 1 }),
    ...spot.weeks.map((week) =>
      t("reports.lb.incidents_rounds", { incidents: week.incidents, rounds: week.rounds })
    ),
  ]);
  return part(
    "lb-hot-spots",
    t("reports.lb.hot_spots"),
    h("p", { class: "hint" }, t("reports.lb.hot_spots_hint")),
    h("div", { class: "map", id: "lb-map", role: "region", "aria-label": t("reports.lb.map") }),
    h("p", { class: "hint", id: "lb-map-legend" }, t("reports.lb.map_legend")),
    h("p", { class: "hint", id: "lb-map-status", role: "status" }),
    table(
      "lb-spots",
      t("reports.lb.hot_spots_caption"),
      [
        t("reports.lb.col.spot"),
        t("reports.lb.col.findings"),
        t("reports.lb.col.open"),
        t("reports.lb.col.incidents"),
        t("reports.lb.col.rounds"),
        t("reports.lb.col.most_common"),
        t("reports.lb.col.centre"),
      ],
      rows,
      t("reports.lb.no_hot_spots")
    ),
    spots.length
      ? table(
          "lb-spot-weeks",
          t("reports.lb.spot_weeks"),
          [t("reports.lb.col.spot"), ...weeks.map((n) => t("reports.lb.week_n", { n }))],
          perWeek,
          "",
          { wide: true }
        )
      : ""
  );
}

const where = (action) =>
  [action.where.place, action.where.area?.name].filter(Boolean).join(", ") ||
  (action.where.lat === null ? "–" : formatCoordinates(action.where.lat, action.where.lon));

/* The meeting: this week's actions, and last week's with done or not and the incidents. */
function actionsPart(actions) {
  if (!actions) return "";
  const before = (a) =>
    a.incidents?.before === null || a.incidents?.before === undefined
      ? "–"
      : formatNumber(a.incidents.before);
  const decided = actions.decided.map((a) => [a.what, a.who.name, where(a), a.due_on, before(a)]);
  const followed = actions.followed_up.map((a) => {
    const counted = a.incidents || {};
    const known = counted.before !== null && counted.before !== undefined;
    return [
      a.what,
      a.who.name,
      a.done ? t("reports.lb.yes") : t("reports.lb.no"),
      known ? formatNumber(counted.before) : "–",
      known ? formatNumber(counted.meeting_week) : "–",
      known ? t("reports.lb.after", { count: counted.after, weeks: counted.after_weeks }) : "–",
    ];
  });
  return part(
    "lb-actions",
    t("reports.lb.actions"),
    table(
      "lb-decided",
      t("reports.lb.decided"),
      [
        t("est.col.what"),
        t("est.col.who"),
        t("est.col.where"),
        t("est.col.due"),
        t("reports.lb.col.before"),
      ],
      decided,
      t("reports.lb.none_decided")
    ),
    table(
      "lb-followed",
      t("reports.lb.followed"),
      [
        t("est.col.what"),
        t("est.col.who"),
        t("reports.lb.col.done"),
        t("reports.lb.col.before"),
        t("reports.lb.col.meeting_week"),
        t("reports.lb.col.since"),
      ],
      followed,
      t("reports.lb.none_followed")
    ),
    h("p", { class: "hint" }, t("reports.lb.followed_hint"))
  );
}

/* The week's rounds per place (cells of 150 m). */
function roundsPart(rounds) {
  if (!rounds) return "";
  const rows = rounds.by_hot_spot.map((cell, index) => [
    t("reports.lb.place", { n: index + 1 }),
    formatNumber(cell.count),
    formatNumber(cell.no_deviations),
    formatCoordinates(cell.centre[1], cell.centre[0]),
  ]);
  return part(
    "lb-rounds",
    t("reports.lb.rounds"),
    h("p", { id: "lb-rounds-total" }, tn("reports.lb.rounds_total", rounds.total)),
    table(
      "lb-rounds-table",
      t("reports.lb.rounds_caption"),
      [
        t("reports.lb.col.place"),
        t("reports.lb.col.rounds"),
        t("reports.lb.col.no_deviations"),
        t("reports.lb.col.centre"),
      ],
      rows,
      t("reports.lb.no_rounds")
    )
  );
}

/* The week on a map: the hot spots' cells, the new findings, incidents and rounds as dots of
   three colours (the legend says which). The tables carry the same, for those who do not see
   the map; without Leaflet or tiles the map stays out of the way. */
async function drawMap(box, data) {
  const element = box.querySelector("#lb-map");
  const note = box.querySelector("#lb-map-status");
  const spots = data.combined_hot_spots || [];
  const dots = [
    ...data.new_findings.filter((f) => f.lat !== null).map((f) => ["finding", f.lat, f.lon]),
    ...(data.incidents?.positions || []).map((i) => ["incident", i.lat, i.lon]),
    ...(data.rounds?.positions || []).map((r) => ["round", r.lat, r.lon]),
  ];
  if (!element || !(spots.length || dots.length)) {
    if (element) element.hidden = true;
    return null;
  }
  try {
    const { L, map } = await createMap(element, {
      config: await loadConfig(),
      center: [dots[0]?.[1] ?? spots[0].centre[1], dots[0]?.[2] ?? spots[0].centre[0]],
      zoom: 15,
      onTiles: (status) => {
        if (status !== "loaded") note.textContent = t("reports.hot_map_no_tiles");
      },
    });
    if (!element.isConnected) return map.remove();
    const layers = spots.map(({ bbox: [west, south, east, north], count, findings, incidents }) =>
      L.rectangle(
        [
          [south, west],
          [north, east],
        ],
        { color: COLOURS.cell, weight: 1, fillOpacity: 0.25 }
      ).bindTooltip(t("reports.lb.map_cell", { count, findings, incidents }))
    );
    for (const [kind, lat, lon] of dots) {
      const style = { color: "#ffffff", weight: 1, fillColor: COLOURS[kind], fillOpacity: 0.95 };
      layers.push(L.circleMarker([lat, lon], { ...style, radius: 6 }));
    }
    const group = L.featureGroup(layers).addTo(map);
    map.fitBounds(group.getBounds(), { padding: [16, 16], maxZoom: 17, animate: false });
    element.dataset.cells = String(spots.length);
    element.dataset.dots = String(dots.length);
    return map;
  } catch {
    element.hidden = true;
    note.textContent = t("reports.hot_map_unavailable");
    return null;
  }
}
