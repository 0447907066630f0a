// What the medborgarlöfte's screens share (promises.js, promise.js, promise-form.js,
// promise-parts.js): the way back to the list, who may change a promise, an API error in
// words, a promise's period, the message a form leaves for the next screen, and the tertials.

import { formatDay, t } from "../i18n.js";
import { state, user } from "../session.js";
import { announce, h } from "../ui.js";
import { offlineView, STAFF } from "./online.js";

export const backToList = () =>
  h("a", { class: "back-link", href: "#/promises", id: "promises-back" }, t("promises.back"));

export const mayManage = () => STAFF.includes(user().role);

/* Every message of an API error's `errors` (nested by field), after its message. */
export function problems(error) {
  const found = [];
  const walk = (value) => {
    if (typeof value === "string") found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(error.errors);
  const head = error.status === 0 ? t("promises.offline") : error.message;
  return [head, ...found.filter((text) => text !== head)].join(" ");
}

/* No network: the walks' and reports' offline view, saying what these screens need. The EST
   meeting's screen uses it too. */
export function offline(id, title, navigate) {
  const view = offlineView(id, title, navigate);
  view.node.querySelector("#reports-offline").textContent = t("promises.offline");
  return view;
}

/* "1 jan. 2026 – 31 dec. 2027" */
export const period = (promise) =>
  `${formatDay(promise.starts_on)} – ${formatDay(promise.ends_on)}`;

/* Take the flash message a form left for the next screen, and say it. */
export function takeFlash(id) {
  const flash = state.flash;
  state.flash = null;
  if (!flash) return null;
  announce(flash);
  return h("p", { class: "flash", role: "status", id, tabindex: "-1" }, flash);
}

/* The tertial (1 January–April, 2 May–August, 3 September–December) of a "YYYY-MM-DD". */
const tertialOf = (day) => {
  const [year, month] = day.split("-").map(Number);
  return { year, tertial: Math.floor((month - 1) / 4) + 1 };
};

/* The promise's tertials so far: from its first day up to today's (or its last day's, once it
   is over), the latest first. A promise not begun yet has its first tertial. */
export function tertials(promise, today) {
  const first = tertialOf(promise.starts_on);
  const last = tertialOf([today, promise.ends_on].sort()[0]); // YYYY-MM-DD sort as dates
  const found = [];
  let { year, tertial } = first;
  while (year < last.year || (year === last.year && tertial <= last.tertial)) {
    found.unshift({ year, tertial });
    tertial = (tertial % 3) + 1;
    if (tertial === 1) year += 1;
  }
  return found.length ? found : [first];
}

/* What was typed into `control` is kept in `drafts` (by id; a radio by its group's name), so
   that it survives the screen being drawn again after another form on it was sent. The EST
   meeting's screen keeps its drafts the same way. */
export function keep(drafts, control) {
  const radio = control.type === "radio";
  const checkbox = control.type === "checkbox";
  const key = radio ? control.name : control.id;
  if (key in drafts) {
    if (radio) control.checked = drafts[key] === control.value;
    else if (checkbox) control.checked = drafts[key];
    else control.value = drafts[key];
  }
  control.addEventListener(radio || checkbox ? "change" : "input", () => {
    drafts[key] = checkbox ? control.checked : control.value;
  });
  return control;
}

/* Sent: what was typed is no longer a draft. */
export function forget(drafts, ...controls) {
  for (const control of controls)
    delete drafts[control.type === "radio" ? control.name : control.id];
}
