// The status values of the API, as the server defines them (server/findings/models.py and
// server/walks/models.py). They are codes, not words for people: t(`status.${code}`) names them.
// tests/web/test_statuses.py fails when these lists and the server's differ.

/* A finding's statuses, in the order the export's filter offers them. */
export const STATUSES = [
  "ny",
  "granskad",
  "skickad",
  "mottagen",
  "planerad",
  "åtgärdad",
  "verifierad",
  "avvisad",
  "dubblett",
  "ej vårt ansvar",
];

/* Still to be dealt with: a duplicate to avoid when capturing nearby. */
export const OPEN_STATUSES = [
  "ny",
  "granskad",
  "skickad",
  "mottagen",
  "planerad",
  "ej vårt ansvar",
];

export const WALK_STATUSES = ["planerad", "pågår", "avslutad", "inställd"];
