// A survey campaign's form (#/survey?new=1, #/survey?edit=<id>), coordinators and admins: the
// title, the introduction text the residents read on the campaign's page and poster, the area
// (none: the whole municipality) and the period. Once created, the campaign's public address
// (where the poster's QR code leads) and its printable poster are shown here too. The server
// checks again; a 422 names what is wrong.

import { api, get, post } from "../api.js";
import { field, setError } from "../forms.js";
import { t } from "../i18n.js";
import { state, write } from "../session.js";
import { h, withIcon } from "../ui.js";
import { areaOptions, frame, options, ymd } from "./online.js";
import { problems, takeFlash } from "./promise-common.js";
import { CAMPAIGNS, offline, periodOf, posterUrl, publicUrl } from "./survey-common.js";

const back = () =>
  h("a", { class: "back-link", href: "#/survey", id: "survey-back" }, t("survey.back"));

export async function campaignForm(id, navigate) {
  const title = id ? t("survey.edit_title") : t("survey.new_title");
  if (!navigator.onLine) return offline("campaign-form", title, navigate);
  let campaign = null;
  let areas;
  try {
    [campaign, areas] = await Promise.all([
      id ? get(`${CAMPAIGNS}/${encodeURIComponent(id)}`) : null,
      areaOptions(t("survey.whole_municipality")),
    ]);
  } catch (error) {
    if (error.status === 0) return offline("campaign-form", title, navigate);
    if (error.status === 404)
      return { title, node: frame("campaign-form", t("survey.not_found"), back()) };
    throw error;
  }
  const controls = formControls(campaign, areas);
  const formError = h("p", { class: "form-error", id: "sf-error", role: "alert", tabindex: "-1" });
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary", id: "sf-submit" },
    id ? t("survey.save") : t("survey.create")
  );

  async function send(event) {
    event.preventDefault();
    formError.textContent = "";
    const body = checked(controls);
    if (!body) return;
    submit.setAttribute("aria-busy", "true");
    try {
      const saved = await write(() =>
        id ? api("PATCH", `${CAMPAIGNS}/${campaign.id}`, { json: body }) : post(CAMPAIGNS, body)
      );
      state.flash = id ? t("survey.saved") : t("survey.created", { title: saved.title });
      navigate(`#/survey?edit=${saved.id}`);
    } catch (error) {
      formError.textContent = error.status === 0 ? t("survey.offline") : problems(error);
      formError.focus();
    } finally {
      submit.removeAttribute("aria-busy");
    }
  }

  const node = frame(
    "campaign-form",
    title,
    back(),
    takeFlash("survey-flash"),
    campaign ? shareCard(campaign) : null,
    h(
      "form",
      { class: "card stack", id: "campaign-form", novalidate: true, onsubmit: send },
      field(t("survey.field.title"), controls.title),
      field(t("survey.field.intro"), controls.intro, t("survey.field.intro_hint")),
      field(t("survey.field.intro_en"), controls.introEn, t("survey.field.intro_en_hint")),
      field(t("survey.field.area"), controls.area, t("survey.field.area_hint")),
      h(
        "div",
        { class: "filters" },
        field(t("survey.field.starts_on"), controls.starts),
        field(t("survey.field.ends_on"), controls.ends)
      ),
      formError,
      submit
    )
  );
  return { title, node };
}

/* A saved campaign: its period, public page (the QR code's address) and poster. */
function shareCard(campaign) {
  const address = publicUrl(campaign);
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "sf-share-title", id: "sf-share" },
    h("h2", { id: "sf-share-title" }, campaign.title),
    h("p", { class: "meta" }, periodOf(campaign)),
    h("p", null, t("survey.public_page")),
    h("p", null, h("a", { href: address, id: "sf-public-url" }, address)),
    h(
      "div",
      { class: "button-row" },
      h(
        "a",
        { class: "button button-primary", href: posterUrl(campaign), id: "sf-poster" },
        withIcon("upload", t("survey.poster_open"))
      ),
      h(
        "a",
        { class: "button", href: `#/survey?campaign=${campaign.id}`, id: "sf-results" },
        t("survey.results_link")
      )
    ),
    h("p", { class: "hint" }, t("survey.poster_hint"))
  );
}

function formControls(campaign, areas) {
  const today = new Date();
  const later = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 30);
  return {
    title: h("input", {
      type: "text",
      id: "sf-title",
      required: true,
      maxlength: "200",
      autocomplete: "off",
      value: campaign?.title || "",
    }),
    intro: h(
      "textarea",
      { id: "sf-intro", rows: "5", maxlength: "2000" },
      campaign?.intro_sv || ""
    ),
    introEn: h(
      "textarea",
      { id: "sf-intro-en", rows: "3", maxlength: "2000", lang: "en" },
      campaign?.intro_en || ""
    ),
    area: h("select", { id: "sf-area" }, options(areas, campaign?.area?.id ?? "")),
    starts: h("input", {
      type: "date",
      id: "sf-starts",
      required: true,
      value: campaign?.starts_on || ymd(today),
    }),
    ends: h("input", {
      type: "date",
      id: "sf-ends",
      required: true,
      value: campaign?.ends_on || ymd(later),
    }),
  };
}

/* What to send, or null when a field says what is missing (the first one has the focus). */
function checked(controls) {
  const all = [controls.title, controls.starts, controls.ends];
  for (const control of all) setError(control, "");
  if (!controls.title.value.trim()) setError(controls.title, t("survey.error.title"));
  if (!controls.starts.value) setError(controls.starts, t("survey.error.date"));
  if (!controls.ends.value) setError(controls.ends, t("survey.error.date"));
  else if (controls.starts.value && controls.ends.value < controls.starts.value)
    setError(controls.ends, t("survey.error.ends_before"));
  const invalid = all.find((control) => control.getAttribute("aria-invalid") === "true");
  if (invalid) {
    invalid.focus();
    return null;
  }
  return {
    title: controls.title.value.trim(),
    intro_sv: controls.intro.value.trim(),
    intro_en: controls.introEn.value.trim(),
    area_id: controls.area.value ? Number(controls.area.value) : null,
    starts_on: controls.starts.value,
    ends_on: controls.ends.value,
  };
}
