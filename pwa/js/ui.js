// Small DOM helpers: build elements without HTML strings (nothing to escape, nothing for the
// Content-Security-Policy to refuse), announce to screen readers, ask in a dialog.

import { t } from "./i18n.js";
import { icon } from "./icons.js";

/* h("button", {class: "button", onclick: fn, "aria-label": "…"}, "text", child, [more]) */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key === "text") element.textContent = value;
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key.startsWith("on") && typeof value === "function")
      element.addEventListener(key.slice(2), value);
    else if (key === "value") element.value = value;
    else if (key === "checked") element.checked = Boolean(value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/* Replace the children, skipping null and false as h() does (replaceChildren would write
   "null"). */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export { icon };

/* A button or link label with its icon in front. */
export function withIcon(name, text) {
  return [icon(name), h("span", null, text)];
}

let announceTimer = null;

/* Say something to screen-reader users (the polite live region of the page). */
export function announce(text) {
  const region = document.getElementById("announcer");
  if (!region) return;
  clearTimeout(announceTimer);
  region.textContent = "";
  // A fresh text node after a tick, so that the same message twice is read twice.
  announceTimer = setTimeout(() => {
    region.textContent = text;
  }, 50);
}

/* Ask before something that cannot be undone; resolves true when the user confirmed. */
export function confirmDialog({ title, text, confirm, cancel }) {
  const dialog = document.getElementById("dialog");
  document.getElementById("dialog-title").textContent = title;
  document.getElementById("dialog-text").textContent = text;
  document.getElementById("dialog-ok").textContent = confirm;
  document.getElementById("dialog-cancel").textContent = cancel || t("common.cancel");
  return new Promise((resolve) => {
    const opener = document.activeElement;
    dialog.addEventListener(
      "close",
      () => {
        resolve(dialog.returnValue === "ok");
        if (opener?.isConnected) opener.focus();
      },
      { once: true }
    );
    dialog.returnValue = "cancel";
    dialog.showModal();
    document.getElementById("dialog-cancel").focus(); // the safe choice first
  });
}

/* Static icons of index.html: <span data-icon="home"></span> */
export function fillIcons(root = document) {
  for (const slot of root.querySelectorAll("[data-icon]")) {
    if (!slot.firstChild) slot.append(icon(slot.dataset.icon));
  }
}

export function visuallyHidden(text) {
  return h("span", { class: "visually-hidden" }, text);
}
