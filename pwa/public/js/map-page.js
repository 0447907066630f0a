// The public map page (/karta): findings in public categories and what became of them, on a
// map and in a table with the same rows (for screen readers and keyboards). It reads the keyless
// Open311 list, which holds public fields only: rounded positions, no notes, photos or people.
// Texts come from /public/i18n/map.<sv|en>.json, Swedish first; nothing of the staff app loads.

const LOCALES = ["sv", "en"];
const LANGUAGE_KEY = "lykta-public-language"; // shared with /tipsa and /trygghet
const REQUESTS = "/open311/v2/requests.json";
const SERVICES = "/open311/v2/services.json";
// Statuses (API codes) by what they mean to a resident; each group has its own mark and colour.
const GROUPS = [
  ["received", "!", ["ny", "granskad", "ej vårt ansvar"]],
  ["under_way", "›", ["skickad", "mottagen", "planerad"]],
  ["fixed", "✓", ["åtgärdad", "verifierad"]],
  ["closed", "–", ["avvisad", "dubblett"]],
];
const OVERVIEW = { center: [62.5, 16.5], zoom: 5 }; // Sweden, when there is nothing to show

let current = "sv";
let catalogue = {};

function chosenLocale() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (LOCALES.includes(asked)) return asked;
  const stored = localStorage.getItem(LANGUAGE_KEY);
  if (LOCALES.includes(stored)) return stored;
  for (const wanted of navigator.languages || [navigator.language]) {
    const code = String(wanted || "")
      .slice(0, 2)
      .toLowerCase();
    if (LOCALES.includes(code)) return code;
  }
  return "sv";
}

async function loadTexts(code) {
  const response = await fetch(`/public/i18n/map.${code}.json`);
  if (!response.ok) throw new Error(`catalogue ${code}: ${response.status}`);
  catalogue = await response.json();
  current = code;
  document.documentElement.lang = code;
}

function text(key, params = {}) {
  const value = catalogue[key];
  if (value === undefined) return key;
  return value.replace(/\{(\w+)\}/g, (match, name) =>
    params[name] === undefined ? match : String(params[name])
  );
}

function textN(key, count) {
  const form = new Intl.PluralRules(current).select(count);
  const chosen = catalogue[`${key}.${form}`] === undefined ? `${key}.other` : `${key}.${form}`;
  return text(chosen, { count: new Intl.NumberFormat(tag()).format(count) });
}

function tag() {
  return current === "sv" ? "sv-SE" : "en-GB";
}

function element(name, attributes = {}, ...children) {
  const made = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, value);
  made.append(...children);
  return made;
}

function applyStatic() {
  for (const found of document.querySelectorAll("[data-i18n]")) {
    found.textContent = text(found.dataset.i18n);
  }
  for (const found of document.querySelectorAll("[data-i18n-aria-label]")) {
    found.setAttribute("aria-label", text(found.dataset.i18nAriaLabel));
  }
  document.title = text("doc_title");
  const other = current === "sv" ? "en" : "sv";
  const switcher = document.getElementById("language");
  switcher.textContent = text("language_switch");
  switcher.setAttribute("aria-label", text("language_label"));
  switcher.lang = other;
  switcher.hreflang = other;
  switcher.href = `?lang=${other}`;
  switcher.addEventListener("click", () => localStorage.setItem(LANGUAGE_KEY, other));
}

function groupOf(status) {
  return GROUPS.find(([, , statuses]) => statuses.includes(status)) || GROUPS[0];
}

function mark(status) {
  const [group, symbol] = groupOf(status);
  return element("span", { class: `status-mark status-${group}`, "aria-hidden": "true" }, symbol);
}

function drawLegend() {
  const list = document.getElementById("legend");
  list.replaceChildren(
    ...GROUPS.map(([group, , statuses]) =>
      element("li", {}, mark(statuses[0]), ` ${text(`group.${group}`)}`)
    )
  );
}

function categoryName(request, englishNames) {
  return (current === "en" && englishNames.get(request.service_code)) || request.service_name;
}

function describe(request, englishNames) {
  return {
    category: categoryName(request, englishNames),
    status: text(`status.${request.detailed_status}`),
    area: request.address || text("no_area"),
    date: request.requested_datetime
      ? new Intl.DateTimeFormat(tag(), { dateStyle: "medium" }).format(
          new Date(request.requested_datetime)
        )
      : "",
  };
}

function drawTable(rows, onShow) {
  const table = document.getElementById("findings");
  const body = table.querySelector("tbody");
  body.replaceChildren(
    ...rows.map(({ request, words }) => {
      const show = element(
        "button",
        {
          type: "button",
          class: "button button-quiet show-on-map",
          "aria-label": text("show_on_map_label", words),
        },
        text("show_on_map")
      );
      show.addEventListener("click", () => onShow(request));
      const status = element("td", {}, mark(request.detailed_status), ` ${words.status}`);
      return element(
        "tr",
        { "data-id": request.service_request_id },
        element("td", {}, words.category),
        status,
        element("td", {}, words.area),
        element("td", {}, words.date),
        element("td", {}, show)
      );
    })
  );
  table.hidden = rows.length === 0;
  document.getElementById("count").textContent = rows.length
    ? textN("count", rows.length)
    : text("none");
}

function loadLeaflet(base) {
  return new Promise((resolve, reject) => {
    const style = element("link", { rel: "stylesheet", href: `${base}leaflet.css` });
    const script = element("script", { src: `${base}leaflet.js` });
    script.onload = () => resolve(window.L);
    script.onerror = () => reject(new Error("Leaflet could not be loaded"));
    document.head.append(style, script);
  });
}

async function drawMap(config, rows) {
  const L = await loadLeaflet(config.leaflet);
  const map = L.map("map", { keyboard: true });
  map.attributionControl.setPrefix(false);
  if (config.tile_url) {
    L.tileLayer(config.tile_url, {
      maxZoom: 19,
      crossOrigin: true,
      referrerPolicy: "strict-origin-when-cross-origin",
      attribution: config.tile_attribution || "",
    }).addTo(map);
  }
  const markers = new Map();
  for (const { request, words } of rows) {
    if (request.lat === null || request.long === null) continue;
    const [group, symbol] = groupOf(request.detailed_status);
    const label = text("marker_label", words);
    const marker = L.marker([request.lat, request.long], {
      title: label,
      alt: label,
      icon: L.divIcon({
        className: `status-pin status-${group}`,
        html: `<span aria-hidden="true">${symbol}</span>`,
        iconSize: [32, 32],
        iconAnchor: [16, 16],
      }),
    });
    const popup = element("div", { class: "map-popup" });
    popup.append(
      element("strong", {}, words.category),
      element("br"),
      words.status,
      element("br"),
      `${words.area} · ${words.date}`
    );
    marker.bindPopup(popup);
    marker.addTo(map);
    markers.set(request.service_request_id, marker);
  }
  const placed = [...markers.values()];
  if (placed.length) {
    map.fitBounds(L.featureGroup(placed).getBounds(), { padding: [24, 24], maxZoom: 16 });
  } else {
    map.setView(OVERVIEW.center, OVERVIEW.zoom);
  }
  return (request) => {
    const marker = markers.get(request.service_request_id);
    if (!marker) return;
    document.getElementById("map").scrollIntoView({ block: "nearest" });
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 16));
    marker.openPopup();
  };
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

async function start() {
  await loadTexts(chosenLocale());
  applyStatic();
  drawLegend();
  const status = document.getElementById("map-status");
  let requests;
  let services;
  let config;
  try {
    [requests, services, config] = await Promise.all([
      fetchJson(REQUESTS),
      fetchJson(SERVICES),
      fetchJson("/config.json"),
    ]);
  } catch {
    document.getElementById("count").textContent = text("load_failed");
    return;
  }
  const englishNames = new Map(services.map((service) => [service.service_code, service.keywords]));
  const rows = requests.map((request) => ({ request, words: describe(request, englishNames) }));
  let show = () => {};
  drawTable(rows, (request) => show(request));
  try {
    show = await drawMap(config, rows);
    document.body.dataset.mapState = "ready";
  } catch {
    status.textContent = text("map_failed");
    document.body.dataset.mapState = "failed";
  }
}

start();
