// The safety survey's results on the survey screen (survey.js): the squares of about 150 m that
// the server lists, coloured by their mean score on a map with a legend in words, and the same
// squares in a table (answers, mean, by time of day, the commonest reasons) — the map is never
// the only way. Filters: campaign and time of day; the CSV and PDF of the same. The server applies
// k-anonymity (a square with fewer than five answers is not listed, its answers are counted in
// `suppressed`): this screen shows exactly the squares the answer lists, nothing computed more.

import { get } from "../api.js";
import { field } from "../forms.js";
import { formatCoordinates, formatNumber, t, tn } from "../i18n.js";
import { createMap } from "../map.js";
import { loadConfig } from "../session.js";
import { fill, h } from "../ui.js";
import { download, failure, options, query, section, table } from "./online.js";

const REPORT = "/api/v1/reports/perceived-safety";
export const TIMES = ["dag", "kväll", "natt"];
// The mean score's classes, from unsafe to safe: a colour-blind-safe orange–purple scale, each
// also named in the legend and the table (the colour is never the only way).
const CLASSES = [
  { below: 2, colour: "#b35806", key: "very_unsafe" },
  { below: 3, colour: "#f1a340", key: "unsafe" },
  { below: 4, colour: "#998ec3", key: "fairly_safe" },
  { below: 6, colour: "#542788", key: "safe" },
];
const classOf = (mean) => CLASSES.find((c) => mean < c.below);
const METRES_PER_DEGREE = 111320;

/* The section; `load` draws the results of the filters chosen, `destroy` removes the map. */
export function resultsSection(campaigns, chosenCampaign) {
  const campaign = h(
    "select",
    { id: "sr-campaign" },
    options(
      [["", t("survey.all_campaigns")], ...campaigns.map((c) => [c.id, c.title])],
      chosenCampaign
    )
  );
  const time = h(
    "select",
    { id: "sr-time" },
    options([["", t("survey.all_times")], ...TIMES.map((code) => [code, t(`survey.time.${code}`)])])
  );
  const status = h("p", { class: "hint", id: "sr-status", role: "status" });
  const box = h("div", { class: "stack", id: "sr-view" });
  const csv = download("sr-csv", t("reports.csv"), status);
  const pdf = download("sr-pdf", t("reports.pdf"), status);
  let map = null;
  let token = 0;

  async function load() {
    const chosen = query({ campaign_id: campaign.value, time_of_day: time.value });
    csv.href = `${REPORT}.csv${chosen}`;
    pdf.href = `${REPORT}.pdf${chosen}`;
    const mine = ++token;
    status.textContent = t("reports.loading");
    try {
      const data = await get(`${REPORT}${chosen}`);
      if (mine !== token) return;
      const cells = data.cells; // the worst first, as the server sorts them
      if (map) map.remove();
      map = null;
      fill(box, ...resultParts(data, cells));
      status.textContent = tn("survey.results_ready", cells.length);
      map = await drawMap(box, cells, data.cell_size_m);
      box.dataset.ready = "true";
    } catch (error) {
      if (mine === token) status.textContent = failure(error);
    }
  }

  const node = section(
    "survey-results",
    t("survey.results"),
    h("p", { class: "hint" }, t("survey.results_hint")),
    h(
      "form",
      { class: "filters", id: "sr-form", onchange: load, onsubmit: (e) => e.preventDefault() },
      field(t("survey.filter.campaign"), campaign),
      field(t("survey.filter.time"), time)
    ),
    status,
    box,
    h("div", { class: "button-row" }, csv, pdf)
  );
  return { node, load, destroy: () => map?.remove() };
}

/* The counts, the map and its legend, and the table of the squares listed. */
function resultParts(data, cells) {
  const k = data.k ?? 5;
  return [
    h(
      "p",
      { id: "sr-total" },
      t("survey.answers_shown", {
        shown: formatNumber(shownAnswers(cells)),
        total: formatNumber(data.total),
      })
    ),
    data.suppressed
      ? h(
          "p",
          { class: "notice", id: "sr-suppressed" },
          tn("survey.suppressed", data.suppressed, { k })
        )
      : null,
    h("div", {
      class: "map survey-map",
      id: "sr-map",
      role: "region",
      "aria-label": t("survey.map_label"),
    }),
    h("p", { class: "hint", id: "sr-map-status", role: "status" }),
    legend(),
    table(
      "sr-cells",
      t("survey.table_caption"),
      [
        t("survey.col.square"),
        t("survey.col.answers"),
        t("survey.col.mean"),
        ...TIMES.map((code) => t(`survey.time.${code}`)),
        t("survey.col.reasons"),
        t("survey.col.centre"),
      ],
      cells.map((cell, index) => [
        cell.area
          ? t("survey.square_in", { n: index + 1, area: cell.area })
          : t("survey.square", { n: index + 1 }),
        formatNumber(cell.n),
        meanText(cell.mean),
        ...TIMES.map((code) => partText(cell.by_time_of_day?.[code])),
        reasonsText(cell.reasons, data.reasons || {}),
        formatCoordinates(cell.lat, cell.lon),
      ]),
      t("survey.no_cells", { k })
    ),
  ];
}

const shownAnswers = (cells) => cells.reduce((sum, cell) => sum + cell.n, 0);

/* "2,4 (otryggt)": the mean with its class in words. */
const meanText = (mean) => `${formatNumber(mean, 1)} (${t(`survey.class.${classOf(mean).key}`)})`;

/* A time of day within a square ({n, mean}): "–" where the server withheld it (a group of fewer
   than k answers). */
const partText = (part) =>
  part ? t("survey.part", { mean: formatNumber(part.mean, 1), n: formatNumber(part.n) }) : "–";

/* The commonest reasons (up to three) with their counts; the server leaves out those fewer
   than k gave. */
function reasonsText(reasons, names) {
  const counted = Object.entries(reasons || {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  if (!counted.length) return "–";
  return counted
    .map(([code, count]) => `${names[code] || code} (${formatNumber(count)})`)
    .join(", ");
}

/* The colours in words: a list whose swatches only repeat what the words say. */
function legend() {
  return h(
    "div",
    { class: "survey-legend" },
    h("p", { id: "sr-legend-title" }, t("survey.legend")),
    h(
      "ul",
      { id: "sr-legend", "aria-labelledby": "sr-legend-title" },
      CLASSES.map((c) =>
        h(
          "li",
          null,
          h("span", { class: `swatch swatch-${c.key}`, "aria-hidden": "true" }),
          t(`survey.legend.${c.key}`)
        )
      )
    )
  );
}

/* The square's corners: [[south, west], [north, east]], from the answer's bounds ([min lat,
   min lon, max lat, max lon]), else from the size around the centre. */
function corners(cell, size) {
  if (Array.isArray(cell.bounds) && cell.bounds.length === 4) {
    const [south, west, north, east] = cell.bounds;
    return [
      [south, west],
      [north, east],
    ];
  }
  const half = (size || 150) / 2;
  const dLat = half / METRES_PER_DEGREE;
  const dLon = half / (METRES_PER_DEGREE * Math.cos((cell.lat * Math.PI) / 180));
  return [
    [cell.lat - dLat, cell.lon - dLon],
    [cell.lat + dLat, cell.lon + dLon],
  ];
}

/* The squares on a map, each coloured by its class, outlined, and numbered as in the table
   (whose rows say the rest in words). */
async function drawMap(box, cells, size) {
  const element = box.querySelector("#sr-map");
  const note = box.querySelector("#sr-map-status");
  if (!cells.length) {
    element.hidden = true;
    return null;
  }
  try {
    const { L, map } = await createMap(element, {
      config: await loadConfig(),
      center: [cells[0].lat, cells[0].lon],
      zoom: 15,
      onTiles: (tiles) => {
        if (tiles !== "loaded") note.textContent = t("reports.hot_map_no_tiles");
      },
    });
    if (!element.isConnected) return map.remove();
    const layers = cells.map((cell, index) =>
      L.rectangle(corners(cell, size), {
        color: "#1f2937",
        weight: 2,
        fillColor: classOf(cell.mean).colour,
        fillOpacity: 0.7,
      }).bindTooltip(String(index + 1), {
        permanent: true,
        direction: "center",
        className: "survey-map-number",
      })
    );
    const group = L.featureGroup(layers).addTo(map);
    map.fitBounds(group.getBounds(), { padding: [16, 16], maxZoom: 17, animate: false });
    element.dataset.cells = String(cells.length);
    return map;
  } catch {
    element.hidden = true;
    note.textContent = t("reports.hot_map_unavailable");
    return null;
  }
}
