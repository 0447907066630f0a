// The parts of a promise's follow-up (promise.js): one commitment's card — planned against done
// as text and a bar, the findings and how many are fixed, the activities, the coordinator's
// comment for the tertial (written and published here) and the form to log an insats — and,
// when the server gives them, the indicators against the previous tertial and the PDF and CSV.

import { api, post } from "../api.js";
import { field, setError } from "../forms.js";
import { formatDay, formatNumber, t, tn } from "../i18n.js";
import { write } from "../session.js";
import { h } from "../ui.js";
import { table, ymd } from "./online.js";
import { forget, keep, problems } from "./promise-common.js";

const INDICATORS = ["findings", "fixed", "median_days_to_fix", "incidents", "hot_spots"];

/* page: {promise, chosen, followup, refresh(message)}; may: {mayManage, mayLog}. */
export function commitmentCard(row, page, may) {
  const id = `pc-${row.id}`;
  const share = row.planned ? Math.min(100, Math.round((100 * row.done) / row.planned)) : 100;
  const progress = row.planned
    ? t("promises.done_of", { done: formatNumber(row.done), planned: formatNumber(row.planned) })
    : t("promises.done_none_planned", { done: formatNumber(row.done) });
  const comment = row.comment;
  return h(
    "section",
    { class: "card stack commitment-card", id, "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title` }, row.text),
    h("p", { class: "meta" }, t(`promise.kind.${row.kind}`)),
    h("p", { class: "commitment-progress", id: `${id}-progress` }, progress),
    bar(share),
    h(
      "p",
      { id: `${id}-findings` },
      tn("promises.findings", row.findings, { fixed: formatNumber(row.fixed) })
    ),
    activities(row, id),
    may.mayManage
      ? commentForm(row, page)
      : comment?.published
        ? h(
            "div",
            { class: "stack" },
            h("h4", null, t("promises.comment")),
            h("p", { class: "pre-line", id: `${id}-comment` }, comment.text)
          )
        : null,
    may.mayLog ? insatsForm(row, page) : null
  );
}

/* A bar as long as the share done (the text above says it in words). CSSOM, not a style
   attribute: the Content-Security-Policy refuses inline styles. */
function bar(share) {
  const filled = h("span", { dataset: { share: String(share) } });
  filled.style.width = `${share}%`;
  return h("div", { class: "progress-bar", "aria-hidden": "true" }, filled);
}

function activities(row, id) {
  if (!row.activities.length)
    return h("p", { class: "hint", id: `${id}-activities` }, t("promises.no_activities"));
  return h(
    "div",
    { class: "stack" },
    h("h4", { id: `${id}-activities-title` }, t("promises.activities")),
    h(
      "ul",
      { class: "reason-list", id: `${id}-activities`, "aria-labelledby": `${id}-activities-title` },
      row.activities.map((activity) =>
        h(
          "li",
          null,
          `${formatDay(activity.date)} · ${t(`promises.activity.${activity.type}`)}: ${activity.title}`
        )
      )
    )
  );
}

/* The coordinator's comment for the tertial, and whether the public page shows it. */
function commentForm(row, page) {
  const id = `pc-${row.id}`;
  const { year, tertial } = page.chosen;
  const text = h(
    "textarea",
    { id: `${id}-text`, rows: "3", maxlength: "4000" },
    row.comment?.text || ""
  );
  const published = h("input", {
    type: "checkbox",
    id: `${id}-published`,
    checked: Boolean(row.comment?.published),
  });
  keep(page.drafts, text);
  keep(page.drafts, published);
  const state = h(
    "p",
    { class: "hint", id: `${id}-comment-state` },
    !row.comment
      ? t("promises.comment_none")
      : row.comment.published
        ? t("promises.comment_published")
        : t("promises.comment_draft")
  );
  const error = h("p", { class: "form-error", id: `${id}-comment-error`, role: "alert" });
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary", id: `${id}-save` },
    t("promises.comment_save")
  );
  const onsubmit = async (event) => {
    event.preventDefault();
    error.textContent = "";
    const body = { text: text.value.trim(), published: published.checked };
    if (body.published && !body.text) {
      setError(text, t("promises.error.comment_empty"));
      return text.focus();
    }
    setError(text, "");
    const path = `/api/v1/promises/${page.promise.id}/commitments/${row.id}/comments/${year}/${tertial}`;
    submit.setAttribute("aria-busy", "true");
    try {
      await write(() => api("PUT", path, { json: body }));
      forget(page.drafts, text, published);
      await page.refresh(
        body.published ? t("promises.comment_saved_published") : t("promises.comment_saved")
      );
    } catch (problem) {
      error.textContent = problems(problem);
    } finally {
      submit.removeAttribute("aria-busy");
    }
  };
  return h(
    "form",
    {
      class: "action-form stack",
      id: `${id}-comment-form`,
      novalidate: true,
      onsubmit,
      "aria-labelledby": `${id}-comment-title`,
    },
    h("h4", { id: `${id}-comment-title` }, t("promises.comment")),
    state,
    field(t("promises.comment_label"), text, t("promises.comment_hint")),
    h(
      "div",
      { class: "check-list-item" },
      published,
      h("label", { for: published.id }, t("promises.comment_publish"))
    ),
    error,
    submit
  );
}

/* An insats (a traffic check, extra lighting, a clean-up) against the commitment: date, place,
   result; it counts as done on its date. */
function insatsForm(row, page) {
  const id = `pi-${row.id}`;
  const date = h("input", {
    type: "date",
    id: `${id}-date`,
    required: true,
    value: ymd(new Date()),
  });
  const place = h("input", { type: "text", id: `${id}-place`, required: true, maxlength: "300" });
  const result = h("textarea", { id: `${id}-result`, rows: "2", maxlength: "4000" });
  for (const control of [date, place, result]) keep(page.drafts, control);
  const drafted = [date, place, result].some((control) => control.id in page.drafts);
  const error = h("p", { class: "form-error", id: `${id}-error`, role: "alert" });
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary", id: `${id}-submit` },
    t("promises.insats_submit")
  );
  const onsubmit = async (event) => {
    event.preventDefault();
    error.textContent = "";
    for (const control of [date, place]) setError(control, "");
    if (!date.value) setError(date, t("promises.error.date"));
    if (!place.value.trim()) setError(place, t("promises.error.place"));
    const invalid = [date, place].find((c) => c.getAttribute("aria-invalid") === "true");
    if (invalid) return invalid.focus();
    const body = { date: date.value, place: place.value.trim(), result: result.value.trim() };
    const path = `/api/v1/promises/${page.promise.id}/commitments/${row.id}/insatser`;
    submit.setAttribute("aria-busy", "true");
    try {
      await write(() => post(path, body));
      forget(page.drafts, date, place, result);
      await page.refresh(t("promises.insats_logged", { place: body.place }));
    } catch (problem) {
      error.textContent = problems(problem);
    } finally {
      submit.removeAttribute("aria-busy");
    }
  };
  return h(
    "details",
    { class: "insats-details", id: `${id}-details`, open: drafted },
    h("summary", { id: `${id}-open` }, t("promises.log_insats")),
    h(
      "form",
      {
        class: "action-form stack",
        id: `${id}-form`,
        novalidate: true,
        onsubmit,
        "aria-label": t("promises.log_insats"),
      },
      h("p", { class: "hint" }, t("promises.insats_hint")),
      field(t("promises.field.insats_date"), date),
      field(t("promises.field.insats_place"), place),
      field(t("promises.field.insats_result"), result),
      error,
      submit
    )
  );
}

/* The follow-up as PDF and CSV, when the server offers them. */
export function downloads(followup) {
  const links = [
    ["pdf_url", "promise-pdf", t("reports.pdf")],
    ["csv_url", "promise-csv", t("reports.csv")],
  ].filter(([key]) => followup[key]);
  if (!links.length) return null;
  return h(
    "div",
    { class: "button-row", id: "promise-downloads" },
    links.map(([key, id, text]) =>
      h("a", { class: "button", id, href: followup[key], download: "" }, text)
    )
  );
}

/* The area's indicators against the previous tertial, each change said in words beside its
   arrow (the arrow alone is not read). */
export function indicatorTable(indicators) {
  if (!indicators || typeof indicators !== "object") return null;
  const shown = INDICATORS.filter((key) => indicators[key]);
  if (!shown.length) return null;
  const value = (n) => (n === null || n === undefined ? "–" : formatNumber(n, 1));
  const change = ({ current, previous }) => {
    if (current === null || current === undefined || previous === null || previous === undefined)
      return "–";
    const diff = current - previous;
    if (diff === 0) return t("promises.change_same");
    const arrow = h("span", { "aria-hidden": "true" }, diff > 0 ? "↑ " : "↓ ");
    const words = diff > 0 ? "promises.change_up" : "promises.change_down";
    return h("span", null, arrow, t(words, { n: formatNumber(Math.abs(diff), 1) }));
  };
  return h(
    "section",
    { class: "stack", "aria-labelledby": "promise-indicators-title" },
    h("h3", { id: "promise-indicators-title" }, t("promises.indicators")),
    table(
      "promise-indicators",
      t("promises.indicators_caption"),
      [
        t("promises.col.indicator"),
        t("promises.col.current"),
        t("promises.col.previous"),
        t("promises.col.change"),
      ],
      shown.map((key) => [
        t(`promises.indicator.${key}`),
        value(indicators[key].current),
        value(indicators[key].previous),
        change(indicators[key]),
      ])
    )
  );
}
