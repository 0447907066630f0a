// What the residents' pages (/tipsa, /trygghet) share: their own small catalogue of texts
// (/public/i18n/, Swedish first), the language switch, elements without HTML strings, field
// errors tied to their control, the network line, lists kept for offline use and the service
// worker. Nothing of the staff app is loaded: these pages must be light on any phone.

import * as queue from "./queue.js";

export const LOCALES = ["sv", "en"];
const LANGUAGE_KEY = "lykta-public-language";
let current = "sv";
let catalogue = {};

export function locale() {
  return current;
}

/* The visitor's choice, else the browser's language (English when it prefers English), else
   Swedish. */
export function chosenLocale() {
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

export async function loadTexts(code) {
  const response = await fetch(`/public/i18n/${code}.json`);
  if (!response.ok) throw new Error(`catalogue ${code}: ${response.status}`);
  catalogue = await response.json();
  current = code;
  document.documentElement.lang = code;
}

export function text(key, params) {
  let value = catalogue[key];
  if (value === undefined) return key;
  if (params) {
    value = value.replace(/\{(\w+)\}/g, (match, name) =>
      params[name] === undefined ? match : String(params[name])
    );
  }
  return value;
}

export function textN(key, count, params) {
  const form = new Intl.PluralRules(current).select(count);
  const chosen = catalogue[`${key}.${form}`] === undefined ? `${key}.other` : `${key}.${form}`;
  return text(chosen, { count, ...params });
}

export function applyStatic(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = text(element.dataset.i18n);
  }
  document.title = text(document.body.dataset.docTitle);
  const switcher = document.getElementById("language-switch");
  switcher.textContent = text("language.switch");
  switcher.setAttribute("lang", current === "sv" ? "en" : "sv");
  switcher.setAttribute("aria-label", text("language.label"));
}

/* The switch changes the language at once; `redraw` draws what the script drew. */
export function setUpLanguageSwitch(redraw) {
  document.getElementById("language-switch").addEventListener("click", async () => {
    const other = current === "sv" ? "en" : "sv";
    localStorage.setItem(LANGUAGE_KEY, other);
    await loadTexts(other);
    applyStatic();
    await redraw();
  });
}

function tag() {
  return current === "sv" ? "sv-SE" : "en-GB";
}

export function formatTime(value) {
  return new Intl.DateTimeFormat(tag(), { dateStyle: "short", timeStyle: "short" }).format(
    new Date(value)
  );
}

export function formatDay(value) {
  const [year, month, day] = String(value).split("-").map(Number);
  return new Intl.DateTimeFormat(tag(), { dateStyle: "long" }).format(
    new Date(year, month - 1, day)
  );
}

export function formatCoordinates(lat, lon) {
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

/* h("button", {class: "button", onclick: fn}, "text", child) */
export function h(tagName, props, ...children) {
  const element = document.createElement(tagName);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key.startsWith("on") && typeof value === "function")
      element.addEventListener(key.slice(2), value);
    else if (key === "value") element.value = value;
    else if (key === "checked") element.checked = Boolean(value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let announceTimer = null;

export function announce(message) {
  const region = document.getElementById("announcer");
  clearTimeout(announceTimer);
  region.textContent = "";
  announceTimer = setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/* The error line of a control (#<id>-error) says `message`; "" clears it. */
export function setError(control, message) {
  const line = document.getElementById(`${control.id}-error`);
  if (line) line.textContent = message || "";
  if (message) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

/* JSON from the server, kept in IndexedDB for the next visit without a network; null when it
   was never fetched. An answer other than 2xx is {status} (a campaign that does not exist). */
export async function cachedJson(url) {
  const key = `${current}:${url}`;
  try {
    const response = await fetch(url, {
      headers: { Accept: "application/json", "Accept-Language": current },
      cache: "no-store",
    });
    if (response.ok) {
      const body = await response.json();
      await queue.keepList(key, body);
      return body;
    }
    if (response.status === 404) return { status: 404 };
  } catch {
    // offline: what was kept
  }
  const kept = await queue.keptList(key);
  return kept === undefined ? null : kept;
}

export function showNetwork() {
  const line = document.getElementById("net-status");
  const update = () => {
    line.hidden = navigator.onLine;
  };
  addEventListener("online", update);
  addEventListener("offline", update);
  update();
}

/* The pages' own service worker (/public-sw.js, scope this page): they open offline once
   visited. body[data-sw="controlled"] once it controls the page. */
export function registerWorker(scope) {
  if (!("serviceWorker" in navigator)) return;
  const mark = () => {
    if (navigator.serviceWorker.controller) document.body.dataset.sw = "controlled";
  };
  navigator.serviceWorker.addEventListener("controllerchange", mark);
  mark();
  navigator.serviceWorker.register("/public-sw.js", { scope }).catch(() => {});
}

/* What waits on the phone: "N tips waiting to be sent", the ones the server refused with what
   to do about them, and the body's data-queue-waiting (for tests and styles). */
export function renderQueue({ kind, onEdit }) {
  const region = document.getElementById("queue-status");
  return async (status) => {
    const items = (await queue.items()).filter((item) => item.kind === kind);
    const waiting = items.filter((item) => item.state !== "invalid");
    const refused = items.filter((item) => item.state === "invalid");
    document.body.dataset.queueWaiting = String(waiting.length);
    const lines = [];
    if (waiting.length) {
      lines.push(h("p", { id: "queue-count" }, textN(`queue.${kind}s`, waiting.length)));
      const limitedUntil = Math.max(0, ...waiting.map((item) => item.limitedUntil || 0));
      let line = text("queue.when");
      if (limitedUntil > Date.now())
        line = text("queue.limited", { time: formatTime(limitedUntil) });
      else if (status?.sending) line = text("queue.sending");
      lines.push(h("p", { class: "hint", id: "queue-when" }, line));
    } else if (status?.justSent) {
      lines.push(h("p", { id: "queue-count" }, text("queue.all_sent")));
    }
    if (refused.length) {
      lines.push(
        h("h2", null, text("queue.problem_title")),
        h(
          "ul",
          { class: "card-list queue-problems" },
          refused.map((item) => problem(item, kind, onEdit))
        )
      );
    }
    region.replaceChildren(...lines);
    region.hidden = lines.length === 0;
  };
}

function problem(item, kind, onEdit) {
  const message = item.message || "";
  const remove = async () => {
    if (!confirm(text("queue.confirm_delete"))) return;
    await queue.remove(item.id);
    announce(text("queue.deleted"));
    queue.changed();
  };
  return h(
    "li",
    { class: "card stack", "data-id": item.id },
    h("p", null, text(`queue.problem_${kind}`, { time: formatTime(item.created), message })),
    item.errors
      ? h(
          "ul",
          null,
          Object.values(item.errors).map((lines) => h("li", null, [lines].flat().join(" ")))
        )
      : null,
    h(
      "div",
      { class: "button-row" },
      h(
        "button",
        { type: "button", class: "button", onclick: () => onEdit(item) },
        text("queue.edit")
      ),
      h(
        "button",
        { type: "button", class: "button button-danger", onclick: remove },
        text("queue.delete")
      )
    )
  );
}
