// What the incident and round screens share: a group of radio buttons, a date-and-time field
// (the device's local time, sent with its offset), and the server's personnummer check, so that
// a note is refused on the phone rather than days later from the outbox.

import { h } from "../ui.js";

/* A fieldset of radio buttons: options [{value, label}]; need(text) says one must be chosen. */
export function choices({ id, legend, options, value, onChange, empty }) {
  const error = h("p", { class: "field-error", id: `${id}-error`, role: "alert" });
  const option = (o) =>
    h(
      "div",
      { class: "choice" },
      h("input", {
        type: "radio",
        name: id,
        id: `${id}-${o.value ?? "none"}`,
        value: o.value ?? "",
        checked: o.value === value,
        onchange: () => {
          error.textContent = "";
          onChange(o.value);
        },
      }),
      h("label", { for: `${id}-${o.value ?? "none"}` }, o.label)
    );
  const node = h(
    "fieldset",
    { class: "choice-group", id, "aria-describedby": `${id}-error` },
    h("legend", null, h("h2", { class: "legend-heading" }, legend)),
    options.length ? options.map(option) : h("p", { class: "notice" }, empty),
    error
  );
  return {
    node,
    need: (text) => {
      error.textContent = text;
      node.querySelector("input")?.focus();
    },
  };
}

/* A datetime-local input with its label, hint and error line. set(value) fills it in (and tells
   onInput), need(text) shows what is wrong and takes the focus. */
export function datetimeField({ id, label, hint, value, onInput }) {
  const error = h("p", { class: "field-error", id: `${id}-error`, role: "alert" });
  const input = h("input", {
    type: "datetime-local",
    id,
    step: 60,
    value: value || "",
    "aria-describedby": hint ? `${id}-hint ${id}-error` : `${id}-error`,
    oninput: () => {
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      onInput(input.value);
    },
  });
  const node = h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null,
    input,
    error
  );
  return {
    node,
    input,
    set: (next) => {
      input.value = next;
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      onInput(next);
    },
    need: (text) => {
      error.textContent = text;
      input.setAttribute("aria-invalid", "true");
      input.focus();
    },
  };
}

const pad = (n) => String(n).padStart(2, "0");

/* A moment as a datetime-local input's value, to the minute, in the device's time. */
export function toLocalInput(date) {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/* A datetime-local input's value as a moment (the device's time), or null. */
export function fromLocalInput(value) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value || "")) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/* Something shaped like a personnummer or samordningsnummer (YYMMDD-XXXX, YYYYMMDDXXXX, …,
   month 01–12, day 01–31 or 61–91): the server's rule (server/incidents/service.py). */
export function looksLikeIdentityNumber(text) {
  for (const match of (text || "").matchAll(/(?<!\d)(\d{6}|\d{8})[-+]?(\d{4})(?!\d)/g)) {
    const month = Number(match[1].slice(-4, -2));
    const day = Number(match[1].slice(-2));
    if (month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91))) {
      return true;
    }
  }
  return false;
}
