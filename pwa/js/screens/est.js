// The weekly EST meeting (#/est?week=2026-W14), online only: the week's lägesbild to read, the
// actions the meeting decides (who does what, where, by when; a round on given evenings, often
// at a hot spot of the lägesbild), and last week's actions to follow up: done or not, what came
// of it, and the incidents at the place in the weeks before and after. Coordinators and admins
// decide and follow up every action; an owner reads and reports on its organisation's
// (the server scopes them, docs/est.md); a partner imports its own incidents as CSV
// (est-import.js). Reporters never load it.

import { get } from "../api.js";
import { formatDay, t, tn } from "../i18n.js";
import { user } from "../session.js";
import { fill, h } from "../ui.js";
import { importSection } from "./est-import.js";
import {
  actionForm,
  eveningNames,
  followupCard,
  hotSpotChoices,
  isoWeek,
  shiftWeek,
  whereText,
} from "./est-parts.js";
import { areaOptions, download, frame, query, STAFF, table } from "./online.js";
import { offline } from "./promise-common.js";

const WEEK = /^(\d{4})-?W(\d{2})$/;

export async function render({ params, navigate }) {
  const title = t("est.title");
  if (!navigator.onLine) return offline("est", title, navigate);
  const asked = (params.get("week") || "").match(WEEK);
  const week = asked ? `${asked[1]}-W${asked[2]}` : isoWeek(new Date());
  const staff = STAFF.includes(user().role);
  let loaded;
  try {
    loaded = await load(week, staff);
  } catch (error) {
    if (error.status === 0) return offline("est", title, navigate);
    throw error;
  }
  const status = h("p", { class: "flash", role: "status", id: "est-flash", tabindex: "-1" });
  status.hidden = true;
  const decided = h("div", { class: "stack", id: "est-decided" });
  const followed = h("div", { class: "stack", id: "est-followed" });
  // drafts: what was typed on last week's cards and not yet sent, kept when they are redrawn.
  const page = { week, staff, ...loaded, say, reload, drafts: {} };

  function say(message) {
    status.textContent = message;
    status.hidden = false;
    status.focus(); // read out once, by the focus (as on a walk's page)
  }

  /* Fetch the actions again after a change and draw both lists; then say `message`. */
  async function reload(message) {
    Object.assign(page, await load(week, staff, page));
    draw();
    if (message) say(message);
  }

  function draw() {
    fill(decided, decidedTable(page.actions));
    fill(
      followed,
      page.lastWeek.length
        ? h(
            "ul",
            { class: "card-list", id: "est-followup-list" },
            page.lastWeek.map((action) => h("li", null, followupCard(action, page)))
          )
        : h("p", { class: "empty", id: "est-followup-none" }, t("est.none_last_week"))
    );
  }

  draw();
  const node = frame(
    "est",
    title,
    status,
    weekChooser(week, navigate),
    lagesbildLinks(week, status),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "est-decided-title" },
      h("h2", { id: "est-decided-title" }, t("est.decided", { week })),
      decided,
      staff ? actionForm(page) : null
    ),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "est-followed-title" },
      h("h2", { id: "est-followed-title" }, t("est.followed", { week: shiftWeek(week, -1) })),
      h("p", { class: "hint" }, t("est.followed_hint")),
      followed
    ),
    importSection((message) => reload(message))
  );
  return { title, node };
}

/* The week's and last week's actions, last week's follow-ups and the rounds logged last week
   and this (those the reader may see), and for coordinators what the form offers:
   organisations, areas, the lägesbild's hot spots (kept from `before`). */
async function load(week, staff, before = null) {
  const last = shiftWeek(week, -1);
  const noRounds = { items: [] };
  const [actions, lastWeek, roundsLast, roundsNow] = await Promise.all([
    get(`/api/v1/est/actions${query({ week })}`),
    get(`/api/v1/est/actions${query({ week: last })}`),
    get(`/api/v1/est/rounds${query({ week: last })}`).catch(() => noRounds),
    get(`/api/v1/est/rounds${query({ week })}`).catch(() => noRounds),
  ]);
  const followups = await Promise.all(
    lastWeek.map((action) => get(`/api/v1/est/actions/${action.id}/followup`).catch(() => null))
  );
  const rounds = [...roundsLast.items, ...roundsNow.items];
  const loaded = { actions, lastWeek, rounds, followups: new Map() };
  lastWeek.forEach((action, index) => loaded.followups.set(action.id, followups[index]));
  if (!staff) return loaded;
  if (before)
    return {
      ...loaded,
      organisations: before.organisations,
      areas: before.areas,
      hotSpots: before.hotSpots,
      promises: before.promises,
    };
  const [organisations, areas, lagesbild, types, categories, promises] = await Promise.all([
    get("/api/v1/organisations").catch(() => []),
    areaOptions(t("est.no_area")),
    get(`/api/v1/reports/lagesbild${query({ week })}`).catch(() => null),
    get("/api/v1/incident-types").catch(() => []),
    get("/api/v1/categories").catch(() => []),
    get("/api/v1/promises").catch(() => []),
  ]);
  const hotSpots = hotSpotChoices(lagesbild, types, categories);
  return { ...loaded, organisations, areas, hotSpots, promises };
}

function weekChooser(week, navigate) {
  const input = h("input", {
    type: "week",
    id: "est-week",
    value: week,
    pattern: "\\d{4}-?W\\d{2}",
    required: true,
  });
  const go = (event) => {
    event.preventDefault();
    const match = input.value.match(WEEK);
    if (match) navigate(`#/est?week=${match[1]}-W${match[2]}`);
  };
  return h(
    "form",
    { class: "card stack", id: "est-week-form", onsubmit: go },
    h(
      "div",
      { class: "filters" },
      h(
        "div",
        { class: "field" },
        h("label", { for: input.id }, t("est.week")),
        h("p", { class: "hint", id: "est-week-hint" }, t("reports.week_hint")),
        input
      ),
      h(
        "div",
        { class: "field field-submit" },
        h("button", { type: "submit", class: "button", id: "est-week-show" }, t("est.show_week"))
      )
    ),
    h(
      "div",
      { class: "button-row" },
      h(
        "a",
        { class: "button", id: "est-prev", href: `#/est?week=${shiftWeek(week, -1)}` },
        t("est.prev_week")
      ),
      h(
        "a",
        { class: "button", id: "est-next", href: `#/est?week=${shiftWeek(week, 1)}` },
        t("est.next_week")
      )
    )
  );
}

/* The week's lägesbild, to read at the meeting: PDF and CSV (reports.js has the rest). */
function lagesbildLinks(week, status) {
  const pdf = download("est-lb-pdf", t("est.lagesbild_pdf"), status);
  const csv = download("est-lb-csv", t("est.lagesbild_csv"), status);
  pdf.href = `/api/v1/reports/lagesbild.pdf${query({ week })}`;
  csv.href = `/api/v1/reports/lagesbild.csv${query({ week })}`;
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "est-lb-title" },
    h("h2", { id: "est-lb-title" }, t("est.lagesbild", { week })),
    h(
      "div",
      { class: "button-row" },
      pdf,
      csv,
      h("a", { class: "button", href: "#/reports" }, t("est.reports"))
    )
  );
}

function decidedTable(actions) {
  const columns = [
    t("est.col.what"),
    t("est.col.who"),
    t("est.col.where"),
    t("est.col.due"),
    t("est.col.kind"),
    t("est.col.evenings"),
    t("est.col.status"),
  ];
  return [
    h("p", { id: "est-decided-count" }, tn("est.count", actions.length)),
    table(
      "est-actions",
      t("est.decided_caption"),
      columns,
      actions.map((action) => [
        action.what,
        action.who.name,
        whereText(action.where),
        formatDay(action.due_on),
        t(`est.kind.${action.kind}`),
        eveningNames(action.evenings) || "–",
        t(`est.status.${action.status.replace(" ", "_")}`),
      ]),
      t("est.none_this_week")
    ),
  ];
}
