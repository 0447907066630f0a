// The lists that Registrera händelse and Logga trygghetsrunda need with no network, fetched
// after each sync (pull.js loads this module then) and kept in IndexedDB's `meta` (wiped at
// sign-out): the incident types and this and last week's rounds decided at the EST meeting.
// Not in the first load: `FIELD` in sw.js, like the two screens.

import "../store.js";
import { get } from "../api.js";
import { locale } from "../i18n.js";
import { state } from "../session.js";

const Store = self.LyktaStore;

/* The incident types (named in the reader's language) and, for those who may read the EST
   meeting's actions (owners and staff; a reporter's are none), the rounds decided this week and
   last week: kept in `meta` for the incident and round screens with no network. A failure keeps
   the last copy. */
export async function pull() {
  try {
    const items = await get("/api/v1/incident-types");
    await Store.setMeta("incident_types", { locale: locale(), items });
  } catch {
    /* offline or refused: the last copy stays */
  }
  if (!["owner", "coordinator", "admin"].includes(state.session?.user.role)) return;
  try {
    const now = new Date();
    const weeks = [isoWeek(now), isoWeek(new Date(now.getTime() - 7 * 86400000))];
    const lists = await Promise.all(weeks.map((week) => get(`/api/v1/est/actions?week=${week}`)));
    const rounds = lists.flat().filter((action) => action.kind === "trygghetsrunda");
    await Store.setMeta("round_actions", rounds);
  } catch {
    /* the last copy stays */
  }
}

/* The incident types as last fetched: {locale, items: [{code, name}]} or undefined. */
export function incidentTypes() {
  return Store.getMeta("incident_types");
}

/* This and last week's rounds decided at the EST meeting, as last fetched. */
export async function roundActions() {
  return (await Store.getMeta("round_actions")) || [];
}

/* The ISO week of a day on this device: "2026-W14". */
export function isoWeek(date) {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday decides the year
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}
