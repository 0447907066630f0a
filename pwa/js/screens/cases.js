// What the owner's two screens share (tasks.js: the list and the map; case.js: one finding):
// status words and colours, due dates, and the last answers kept on the device for offline.
// Loaded with those screens only: reporters' own screens never import it.

import { t } from "../i18n.js";
import { state } from "../session.js";
import { OPEN_STATUSES, STATUSES } from "../statuses.js";
import { h } from "../ui.js";

const Store = self.LyktaStore;
// Closed: nothing more to do (done: because it was fixed). With an owner: sent, not yet done.
export const CLOSED = STATUSES.filter((status) => !OPEN_STATUSES.includes(status));
export const DONE = ["åtgärdad", "verifierad"];
export const WITH_OWNER = ["skickad", "mottagen", "planerad"];

/* YYYY-MM-DD on this device, days from today (due dates are dates, not moments). */
export function today(days = 0) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()]
    .map((n) => String(n).padStart(2, "0"))
    .join("-");
}

export const isOverdue = (f) =>
  Boolean(f.due_date) && !CLOSED.includes(f.status) && f.due_date < today();

export const statusClass = (status) =>
  DONE.includes(status) ? "done" : CLOSED.includes(status) ? "closed" : "open";

export const statusBadge = (status, id) =>
  h("span", { class: `status-badge status-${statusClass(status)}`, id }, t(`status.${status}`));

export const priorityText = (priority) =>
  t(`cases.priority.${[1, 2, 3].includes(priority) ? priority : 2}`);

/* From the network, kept on the device per user; offline, the kept copy: {...data, at, cached}. */
export async function fetchKept(key, fetcher) {
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
