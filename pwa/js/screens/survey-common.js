// What the safety survey's screens share (survey.js, survey-form.js, survey-results.js): the
// campaigns' address, a list out of an answer, a campaign's period, public page and poster.

import { formatDay } from "../i18n.js";

export const CAMPAIGNS = "/api/v1/survey/campaigns";

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
