// What the safety survey's screens share (survey.js, survey-form.js, survey-results.js): the
// campaigns' address, the view without a network, a list out of an answer, a campaign's period, public page and poster.

import { formatDay, t } from "../i18n.js";
import { offlineView } from "./online.js";

export const CAMPAIGNS = "/api/v1/survey/campaigns";

/* No network: the online screens' view, saying what the survey needs. */
export function offline(id, title, navigate) {
  const view = offlineView(id, title, navigate);
  view.node.querySelector("#reports-offline").textContent = t("survey.offline");
  return view;
}

/* The list out of an answer: a plain list or a page ({items, …}). */
export const itemsOf = (answer) => (Array.isArray(answer) ? answer : answer?.items || []);

/* "1 sep. 2026 – 30 nov. 2026" */
export const periodOf = (campaign) =>
  `${formatDay(campaign.starts_on)} – ${formatDay(campaign.ends_on)}`;

/* The campaign's public page, where the poster's QR code leads. */
export const publicUrl = (campaign) =>
  campaign.url || `${location.origin}/trygghet/${encodeURIComponent(campaign.code)}`;

export const posterUrl = (campaign) =>
  campaign.poster_url || `${CAMPAIGNS}/${campaign.id}/poster.pdf`;
