// Texts for people: one catalogue per language (/i18n/sv.json, /i18n/en.json), Swedish first.
// Every visible string comes from here; keys name the place ("capture.save"), {name} fills in.

export const LOCALES = ["sv", "en"];
export const DEFAULT_LOCALE = "sv";

let current = DEFAULT_LOCALE;
let catalogue = {};
const loaded = new Map();

export function locale() {
  return current;
}

export async function loadLocale(wanted) {
  const code = LOCALES.includes(wanted) ? wanted : DEFAULT_LOCALE;
  if (!loaded.has(code)) {
    const response = await fetch(`/i18n/${code}.json`);
    if (!response.ok) throw new Error(`catalogue ${code}: ${response.status}`);
    loaded.set(code, await response.json());
  }
  catalogue = loaded.get(code);
  current = code;
  document.documentElement.lang = code;
  return code;
}

export function t(key, params) {
  let text = catalogue[key];
  if (text === undefined) return key; // shows up in the catalogue test rather than silently
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (match, name) =>
      params[name] === undefined ? match : String(params[name])
    );
  }
  return text;
}

/* Plural forms: key.one / key.other, chosen by the language's rules. */
export function tn(key, count, params) {
  const form = new Intl.PluralRules(current).select(count);
  const chosen = catalogue[`${key}.${form}`] === undefined ? `${key}.other` : `${key}.${form}`;
  return t(chosen, { count: formatNumber(count), ...params });
}

/* Fill the static page (index.html): data-i18n → text, data-i18n-aria-label → aria-label. */
export function applyStatic(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll("[data-i18n-aria-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nAriaLabel));
  }
}

function tag() {
  return current === "sv" ? "sv-SE" : "en-GB";
}

export function formatNumber(value, digits = 0) {
  return new Intl.NumberFormat(tag(), { maximumFractionDigits: digits }).format(value);
}

export function formatDateTime(value) {
  if (value === null || value === undefined || value === "") return "";
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(tag(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function formatDate(value) {
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(tag(), { dateStyle: "medium" }).format(date);
}

/* A date-only value ("2026-11-30") in the reader's language, with no time-zone shift. */
export function formatDay(value) {
  const [year, month, day] = value.split("-").map(Number);
  return new Intl.DateTimeFormat(tag(), { dateStyle: "medium" }).format(
    new Date(year, month - 1, day)
  );
}

export function formatTime(value) {
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(tag(), { timeStyle: "short" }).format(date);
}

/* Coordinates are written the same in every language: "59.51860, 17.91190". */
export function formatCoordinates(lat, lon) {
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

export function formatBytes(bytes) {
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(value, unit === 0 ? 0 : 1)} ${units[unit]}`;
}
