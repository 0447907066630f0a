// One medborgarlöfte and its follow-up (#/promises?id=<id>&year=<y>&tertial=<n>), online only:
// what it holds, the link to its public page, a tertial chosen among those so far, and per
// commitment planned against done, the findings and how many are fixed, the activities, the
// coordinator's comment (written and published here) and a form to log an insats. The
// follow-up's indicators and its PDF and CSV are shown when the server gives them.

import { get } from "../api.js";
import { t } from "../i18n.js";
import { user } from "../session.js";
import { fill, h, withIcon } from "../ui.js";
import { frame, options, ymd } from "./online.js";
import {
  backToList,
  mayManage,
  offline,
  period,
  problems,
  takeFlash,
  tertials,
} from "./promise-common.js";
import { commitmentCard, downloads, indicatorTable } from "./promise-parts.js";

const tertialName = ({ year, tertial }) =>
  t("promises.tertial_name", { n: tertial, year, months: t(`promises.months_${tertial}`) });

export async function promisePage(params, navigate) {
  const id = params.get("id");
  const title = t("promises.promise_title");
  if (!navigator.onLine) return offline("promise", title, navigate);
  let promise;
  try {
    promise = await get(`/api/v1/promises/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status === 0) return offline("promise", title, navigate);
    if (error.status === 404 || error.status === 422)
      return { title, node: frame("promise", t("promises.not_found"), backToList()) };
    throw error;
  }
  const choices = tertials(promise, ymd(new Date()));
  const wanted = choices.find(
    (c) => String(c.year) === params.get("year") && String(c.tertial) === params.get("tertial")
  );
  const chosen = wanted || choices[0];
  const body = h("div", { class: "stack", id: "promise-followup", "aria-live": "off" });
  const status = h("p", { class: "flash", role: "status", id: "promise-flash", tabindex: "-1" });
  status.hidden = true;
  // drafts: what was typed and not yet sent, kept while the cards are drawn again.
  const page = { promise, chosen, followup: null, refresh, say, drafts: {} };

  /* Fetch the tertial's follow-up and draw it; `message` then goes to the status line. */
  async function refresh(message) {
    const query = `year=${chosen.year}&tertial=${chosen.tertial}`;
    try {
      page.followup = await get(`/api/v1/promises/${promise.id}/followup?${query}`);
    } catch (error) {
      fill(body, h("p", { class: "notice", id: "promise-followup-error" }, problems(error)));
      return false;
    }
    drawFollowup(page, body);
    if (message) say(message);
    return true;
  }

  function say(message) {
    status.textContent = message;
    status.hidden = false;
    status.focus(); // read out once, by the focus (as on a walk's page)
  }

  const flash = takeFlash("promise-flash-first");
  await refresh();
  const node = h(
    "section",
    { class: "screen screen-reports", "aria-labelledby": "promise-title" },
    backToList(),
    h("h1", { id: "promise-title", tabindex: "-1" }, promise.title),
    flash,
    status,
    facts(promise),
    publicLink(promise),
    tertialChooser(promise, choices, chosen, navigate),
    body
  );
  return { title: promise.title, node };
}

function facts(promise) {
  const rows = [
    [t("promises.col.period"), period(promise)],
    [t("promises.col.area"), promise.area ? promise.area.name : t("promises.whole_municipality")],
    [
      t("promises.field.parties"),
      promise.parties.length ? promise.parties.map((p) => p.name).join(", ") : "–",
    ],
    [
      t("promises.field.focus_areas"),
      promise.focus_areas.length ? promise.focus_areas.join(", ") : "–",
    ],
  ];
  return h(
    "div",
    { class: "card stack" },
    h(
      "dl",
      { class: "facts", id: "promise-facts" },
      rows.flatMap(([term, value]) => [h("dt", null, term), h("dd", null, value)])
    ),
    mayManage()
      ? h(
          "a",
          { class: "button", href: `#/promises?edit=${promise.id}`, id: "promise-edit" },
          t("promises.edit")
        )
      : null
  );
}

/* The public page's address, to copy into the municipality's or the police's website. */
function publicLink(promise) {
  const url = new URL(promise.public_url, location.origin).href;
  const input = h("input", {
    type: "text",
    id: "promise-public-url",
    readonly: true,
    value: url,
    "aria-describedby": "promise-public-hint",
  });
  const said = h("p", { class: "hint", id: "promise-copy-status", role: "status" });
  const copy = async () => {
    input.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      copied = document.execCommand?.("copy") || false;
    }
    said.textContent = copied ? t("promises.copied") : t("promises.copy_by_hand");
  };
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "promise-public-title" },
    h("h2", { id: "promise-public-title" }, t("promises.public_page")),
    h("p", { class: "hint", id: "promise-public-hint" }, t("promises.public_hint")),
    h("label", { for: input.id }, t("promises.public_url")),
    input,
    h(
      "div",
      { class: "button-row" },
      h(
        "button",
        { type: "button", class: "button", id: "promise-copy", onclick: copy },
        t("promises.copy")
      ),
      h(
        "a",
        {
          class: "button",
          href: url,
          target: "_blank",
          rel: "noopener",
          id: "promise-public-open",
        },
        t("promises.open_public")
      )
    ),
    said
  );
}

/* The tertials so far, the latest first: choosing one opens its follow-up. */
function tertialChooser(promise, choices, chosen, navigate) {
  const key = (c) => `${c.year}-${c.tertial}`;
  const select = h(
    "select",
    { id: "promise-tertial" },
    options(
      choices.map((c) => [key(c), tertialName(c)]),
      key(chosen)
    )
  );
  const open = () => {
    const [year, tertial] = select.value.split("-");
    navigate(`#/promises?id=${promise.id}&year=${year}&tertial=${tertial}`);
  };
  return h(
    "form",
    {
      class: "card filters",
      id: "promise-tertial-form",
      onsubmit: (event) => {
        event.preventDefault();
        open();
      },
    },
    h("div", { class: "field" }, h("label", { for: select.id }, t("promises.tertial")), select),
    h(
      "div",
      { class: "field field-submit" },
      h(
        "button",
        { type: "submit", class: "button", id: "promise-tertial-show" },
        t("promises.show")
      )
    )
  );
}

function drawFollowup(page, body) {
  const { followup, promise } = page;
  const me = user();
  const mayLog =
    mayManage() ||
    (me.role === "owner" && promise.parties.some((party) => party.id === me.organisation?.id));
  fill(
    body,
    h(
      "h2",
      { id: "promise-followup-title" },
      t("promises.followup_of", { tertial: tertialName(page.chosen) })
    ),
    downloads(followup),
    indicatorTable(followup.indicators),
    h(
      "ul",
      { class: "card-list commitment-cards", id: "promise-commitments" },
      followup.commitments.map((row) =>
        h("li", null, commitmentCard(row, page, { mayManage: mayManage(), mayLog }))
      )
    ),
    followup.commitments.length
      ? null
      : h("p", { class: "empty" }, withIcon("list", t("reports.none")))
  );
}
