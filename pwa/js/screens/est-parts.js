// The parts of the EST meeting's screen (est.js): ISO weeks, an action's place and evenings in
// words, the lägesbild's hot spots to choose from, the form that adds an action, and the card
// that follows up one of last week's: done or not, the result, the incidents before and after.

import { api, post } from "../api.js";
import { categoryName } from "../categories.js";
import { field, setError } from "../forms.js";
import { formatCoordinates, formatDay, formatNumber, t, tn } from "../i18n.js";
import { write } from "../session.js";
import { h } from "../ui.js";
import { options, pad, ymd } from "./online.js";
import { forget, keep } from "./promise-common.js";

const KINDS = ["trygghetsrunda", "insats", "annat"];
const DAYS = [1, 2, 3, 4, 5, 6, 7];
const DAY_MS = 86400000;

/* ISO week of a date on this device: "2026-W14". */
export function isoWeek(date) {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const first = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
  return `${day.getUTCFullYear()}-W${pad(Math.ceil(((day - first) / DAY_MS + 1) / 7))}`;
}

/* The Monday of "2026-W14", as a local date. */
export function mondayOf(week) {
  const [year, number] = week.split("-W").map(Number);
  const fourth = new Date(year, 0, 4); // always in week 1
  const monday = new Date(year, 0, 4 - ((fourth.getDay() || 7) - 1) + 7 * (number - 1));
  return monday;
}

export function shiftWeek(week, by) {
  const monday = mondayOf(week);
  monday.setDate(monday.getDate() + 7 * by);
  return isoWeek(monday);
}

export const eveningNames = (evenings) =>
  (evenings || []).map((day) => t(`est.weekday_${day}`)).join(", ");

/* Where an action is: its area, its place in words, else its position. */
export function whereText(where) {
  const parts = [where.area?.name, where.place].filter(Boolean);
  if (!parts.length && where.lat !== null && where.lon !== null)
    parts.push(formatCoordinates(where.lat, where.lon));
  return parts.join(" · ") || "–";
}

/* The lägesbild's hot spots as choices for an action's place: the incidents' and the
   findings', each with its centre ([lon, lat]) and a label saying what happened there. */
export function hotSpotChoices(lagesbild, types, categories) {
  if (!lagesbild) return [];
  const typeName = new Map(types.map((type) => [type.code, type.name.toLocaleLowerCase()]));
  const categoryNames = new Map(categories.map((c) => [c.code, categoryName(c)]));
  const incidents = (lagesbild.incidents?.hot_spots || []).map((spot, index) => ({
    key: `i${index}`,
    centre: spot.centre,
    place: t("est.hot_spot_place", { n: index + 1 }),
    label: t("est.hot_spot_incidents", {
      n: index + 1,
      count: formatNumber(spot.count),
      type: typeName.get(spot.top_type) || spot.top_type,
    }),
  }));
  const findings = (lagesbild.hot_spots || []).map((spot, index) => ({
    key: `f${index}`,
    centre: spot.centre,
    place: t("est.findings_spot_place", { n: index + 1 }),
    label: t("est.hot_spot_findings", {
      n: index + 1,
      count: formatNumber(spot.count),
      category: categoryNames.get(spot.top_category_code) || spot.top_category,
    }),
  }));
  return [...incidents, ...findings];
}

function whereControls(page) {
  const hotSpot = h(
    "select",
    { id: "est-hotspot" },
    options([["", t("est.no_hot_spot")], ...page.hotSpots.map((spot) => [spot.key, spot.label])])
  );
  const area = h("select", { id: "est-area" }, options(page.areas));
  const place = h("input", {
    type: "text",
    id: "est-place",
    maxlength: "300",
    autocomplete: "off",
  });
  hotSpot.addEventListener("change", () => {
    const spot = page.hotSpots.find((s) => s.key === hotSpot.value);
    if (spot && !place.value.trim()) place.value = spot.place;
  });
  return { hotSpot, area, place };
}

/* The medborgarlöfte's commitment the action carries out (optional): the commitments of the
   promises that run in the meeting's week, grouped by promise. Its rounds then count toward
   the commitment (docs/promises.md). */
function commitmentChoice(page, monday) {
  const first = ymd(monday);
  const last = ymd(new Date(monday.getTime() + 6 * DAY_MS + 12 * 3600000));
  const running = page.promises.filter((p) => p.starts_on <= last && p.ends_on >= first);
  const control = h(
    "select",
    { id: "est-commitment" },
    h("option", { value: "" }, t("est.no_commitment")),
    running.map((promise) =>
      h(
        "optgroup",
        { label: promise.title },
        options(
          promise.commitments.map((c) => [c.id, `${c.text} (${t(`promise.kind.${c.kind}`)})`])
        )
      )
    )
  );
  const node = running.length
    ? field(t("est.field.commitment"), control, t("est.field.commitment_hint"))
    : null;
  return { node, value: () => (control.value ? Number(control.value) : null) };
}

/* The form that adds an action to the week's meeting (coordinators and admins). */
export function actionForm(page) {
  const monday = mondayOf(page.week);
  const sunday = new Date(monday.getTime() + 6 * DAY_MS + 12 * 3600000);
  const what = h("textarea", { id: "est-what", rows: "2", maxlength: "2000", required: true });
  const who = h(
    "select",
    { id: "est-who", required: true },
    options([["", t("est.choose_org")], ...page.organisations.map((o) => [o.id, o.name])])
  );
  const where = whereControls(page);
  const commitment = commitmentChoice(page, monday);
  const due = h("input", { type: "date", id: "est-due", required: true, value: ymd(sunday) });
  const kind = h("select", { id: "est-kind" }, options(KINDS.map((k) => [k, t(`est.kind.${k}`)])));
  const days = DAYS.map((day) =>
    h("input", { type: "checkbox", id: `est-evening-${day}`, value: day })
  );
  const error = h("p", { class: "form-error", id: "est-add-error", role: "alert", tabindex: "-1" });
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary", id: "est-add" },
    t("est.add")
  );

  async function send(event) {
    event.preventDefault();
    const form = event.currentTarget;
    error.textContent = "";
    const controls = [what, who, where.place, due];
    for (const control of controls) setError(control, "");
    if (!what.value.trim()) setError(what, t("est.error.what"));
    if (!who.value) setError(who, t("est.error.who"));
    const spot = page.hotSpots.find((s) => s.key === where.hotSpot.value);
    if (!spot && !where.area.value && !where.place.value.trim())
      setError(where.place, t("est.error.where"));
    if (!due.value) setError(due, t("est.error.due"));
    else if (due.value < ymd(monday))
      setError(due, t("est.error.due_early", { day: formatDay(ymd(monday)) }));
    const invalid = controls.find((control) => control.getAttribute("aria-invalid") === "true");
    if (invalid) return invalid.focus();
    const body = {
      week: page.week,
      what: what.value.trim(),
      who: Number(who.value),
      where: {
        area_id: where.area.value ? Number(where.area.value) : null,
        lat: spot ? spot.centre[1] : null,
        lon: spot ? spot.centre[0] : null,
        place: where.place.value.trim(),
      },
      due_on: due.value,
      kind: kind.value,
      evenings: days.filter((box) => box.checked).map((box) => Number(box.value)),
      commitment_id: commitment.value(),
    };
    submit.setAttribute("aria-busy", "true");
    try {
      await write(() => post("/api/v1/est/actions", body));
      form.reset(); // ready for the next action
      due.value = ymd(sunday);
      await page.reload(t("est.added", { what: body.what }));
    } catch (problem) {
      error.textContent = problem.status === 0 ? t("promises.offline") : problem.message;
      error.focus();
    } finally {
      submit.removeAttribute("aria-busy");
    }
  }

  return h(
    "form",
    {
      class: "action-form stack",
      id: "est-add-form",
      novalidate: true,
      onsubmit: send,
      "aria-labelledby": "est-add-title",
    },
    h("h3", { id: "est-add-title" }, t("est.add_title")),
    field(t("est.field.what"), what),
    field(t("est.field.who"), who),
    page.hotSpots.length
      ? field(t("est.field.hot_spot"), where.hotSpot, t("est.field.hot_spot_hint"))
      : h("p", { class: "hint", id: "est-no-hot-spots" }, t("est.no_hot_spots")),
    h(
      "div",
      { class: "filters" },
      field(t("est.field.area"), where.area),
      field(t("est.field.place"), where.place, t("est.field.place_hint"))
    ),
    h(
      "div",
      { class: "filters" },
      field(t("est.field.due"), due),
      field(t("est.field.kind"), kind)
    ),
    h(
      "fieldset",
      { class: "column-choice", id: "est-evenings" },
      h("legend", null, t("est.field.evenings")),
      h(
        "ul",
        { class: "check-list" },
        days.map((box, index) =>
          h("li", null, box, h("label", { for: box.id }, t(`est.weekday_${DAYS[index]}`)))
        )
      )
    ),
    commitment.node,
    error,
    submit
  );
}

/* The incidents at the action's place before and after its week, in words. */
function figuresText(followup) {
  if (!followup) return t("est.figures_missing");
  if (!followup.counted_by) return t("est.figures_words_only");
  if (followup.weeks === null) return t("est.figures_staff_only");
  const key = followup.counted_by === "radius" ? "est.figures_radius" : "est.figures_area";
  return t(key, {
    radius: formatNumber(followup.radius_m || 0),
    before: formatNumber(followup.before),
    after: formatNumber(followup.after),
  });
}

/* The rounds logged for the action, last week and this, and how many saw nothing amiss. */
function roundsText(action, rounds) {
  const mine = rounds.filter((round) => round.action_id === action.id);
  if (!mine.length) return t("est.rounds_none");
  const clear = mine.filter((round) => round.no_deviations).length;
  return tn("est.rounds_logged", mine.length, { clear: formatNumber(clear) });
}

/* One of last week's actions: what was decided, the figures, and done or not with a result. */
export function followupCard(action, page) {
  const id = `est-f-${action.id}`;
  const choice = (value, key) => {
    const input = h("input", {
      type: "radio",
      name: `${id}-status`,
      id: `${id}-${key}`,
      value,
      checked: action.status === value,
    });
    keep(page.drafts, input);
    return h(
      "div",
      { class: "choice" },
      input,
      h("label", { for: input.id }, t(`est.status.${key}`))
    );
  };
  const result = h(
    "textarea",
    { id: `${id}-result`, rows: "2", maxlength: "2000" },
    action.result || ""
  );
  keep(page.drafts, result);
  const error = h("p", { class: "form-error", id: `${id}-error`, role: "alert" });
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary", id: `${id}-save` },
    t("est.save_outcome")
  );
  const onsubmit = async (event) => {
    event.preventDefault();
    error.textContent = "";
    const chosen = event.currentTarget.querySelector(`input[name="${id}-status"]:checked`);
    if (!chosen) {
      error.textContent = t("est.error.outcome");
      return event.currentTarget.querySelector("input[type=radio]").focus();
    }
    submit.setAttribute("aria-busy", "true");
    try {
      const body = { status: chosen.value, result: result.value.trim() };
      await write(() => api("PATCH", `/api/v1/est/actions/${action.id}`, { json: body }));
      forget(page.drafts, chosen, result);
      await page.reload(t("est.outcome_saved", { what: action.what }));
    } catch (problem) {
      error.textContent = problem.status === 0 ? t("promises.offline") : problem.message;
    } finally {
      submit.removeAttribute("aria-busy");
    }
  };
  const facts = [
    [t("est.col.who"), action.who.name],
    [t("est.col.where"), whereText(action.where)],
    [t("est.col.due"), formatDay(action.due_on)],
    [t("est.col.kind"), t(`est.kind.${action.kind}`)],
    action.evenings.length ? [t("est.col.evenings"), eveningNames(action.evenings)] : null,
    [t("est.col.status"), t(`est.status.${action.status.replace(" ", "_")}`)],
  ].filter(Boolean);
  return h(
    "section",
    {
      class: "card stack",
      id,
      "aria-labelledby": `${id}-title`,
      dataset: { status: action.status },
    },
    h("h3", { id: `${id}-title` }, action.what),
    h(
      "dl",
      { class: "facts" },
      facts.flatMap(([term, value]) => [h("dt", null, term), h("dd", null, value)])
    ),
    h("p", { id: `${id}-figures` }, figuresText(page.followups.get(action.id))),
    h("p", { id: `${id}-rounds` }, roundsText(action, page.rounds)),
    h(
      "form",
      {
        class: "action-form stack",
        id: `${id}-form`,
        novalidate: true,
        onsubmit,
        "aria-label": t("est.outcome_form", { what: action.what }),
      },
      h(
        "fieldset",
        { class: "choice-group" },
        h("legend", null, t("est.field.outcome")),
        choice("gjord", "gjord"),
        choice("inte gjord", "inte_gjord")
      ),
      field(t("est.field.result"), result),
      error,
      submit
    )
  );
}
