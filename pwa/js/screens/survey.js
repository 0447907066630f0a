// The safety survey (#/survey, Trygghetsundersökning), coordinators and admins, online only:
// the campaigns (an area, a period, an introduction text, a public page and a printable poster
// with its QR code) and the results per square of about 150 m (survey-results.js).
// - #/survey: the campaigns and the results (#/survey?campaign=<id>: that campaign's);
// - #/survey?new=1 and #/survey?edit=<id>: a campaign's form (survey-form.js).
// What the residents answered is shown only as the server gives it: a square with fewer than
// five answers is never listed (k-anonymity, docs/survey.md). Reporters never load it.

import { get } from "../api.js";
import { t, tn } from "../i18n.js";
import { h, withIcon } from "../ui.js";
import { frame, table } from "./online.js";
import { takeFlash } from "./promise-common.js";
import { CAMPAIGNS, itemsOf, offline, periodOf, posterUrl } from "./survey-common.js";
import { campaignForm } from "./survey-form.js";
import { resultsSection } from "./survey-results.js";

export async function render({ params, navigate }) {
  if (params.has("new")) return campaignForm(null, navigate);
  if (params.has("edit")) return campaignForm(params.get("edit"), navigate);
  const title = t("survey.title");
  if (!navigator.onLine) return offline("survey", title, navigate);
  let campaigns;
  try {
    campaigns = itemsOf(await get(CAMPAIGNS));
  } catch (error) {
    if (error.status === 0) return offline("survey", title, navigate);
    throw error;
  }
  const results = resultsSection(campaigns, params.get("campaign") || "");
  const node = frame(
    "survey",
    title,
    takeFlash("survey-flash"),
    h("p", { class: "hint" }, t("survey.lead")),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "survey-campaigns-title" },
      h("h2", { id: "survey-campaigns-title" }, t("survey.campaigns")),
      h(
        "a",
        { class: "button button-primary", href: "#/survey?new=1", id: "survey-new" },
        withIcon("plus", t("survey.new"))
      ),
      h("p", { id: "survey-count" }, tn("survey.count", campaigns.length)),
      campaignTable(campaigns)
    ),
    results.node
  );
  return { title, node, mounted: results.load, destroy: results.destroy };
}

/* The campaigns: title (to change it), period, area, open or not, the poster and the results. */
function campaignTable(campaigns) {
  const today = new Date().toISOString().slice(0, 10);
  const running = (c) => c.open ?? (c.starts_on <= today && today <= c.ends_on);
  return table(
    "survey-campaigns",
    t("survey.campaigns_caption"),
    [
      t("survey.col.title"),
      t("survey.col.period"),
      t("survey.col.area"),
      t("survey.col.state"),
      t("survey.col.links"),
    ],
    campaigns.map((campaign) => [
      h(
        "a",
        {
          class: "case-link",
          href: `#/survey?edit=${campaign.id}`,
          dataset: { campaignId: campaign.id },
          "aria-label": t("survey.edit_label", { title: campaign.title }),
        },
        campaign.title
      ),
      periodOf(campaign),
      campaign.area?.name || t("survey.whole_municipality"),
      running(campaign) ? t("survey.state_open") : t("survey.state_closed"),
      h(
        "span",
        { class: "button-row" },
        h(
          "a",
          {
            class: "button",
            href: posterUrl(campaign),
            id: `survey-poster-${campaign.id}`,
            "aria-label": t("survey.poster_label", { title: campaign.title }),
          },
          t("survey.poster")
        ),
        h(
          "a",
          {
            class: "button",
            href: `#/survey?campaign=${campaign.id}`,
            id: `survey-results-${campaign.id}`,
            "aria-label": t("survey.results_label", { title: campaign.title }),
          },
          t("survey.results_link")
        )
      ),
    ]),
    t("survey.none")
  );
}
