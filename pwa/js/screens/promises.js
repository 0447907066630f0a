// The medborgarlöften (#/promises), online only: what the municipality and the police promised,
// and its follow-up per tertial. Everyone signed in reads them; coordinators and admins create
// and change them and write the comments (the server decides, docs/promises.md).
// - #/promises: the list;
// - #/promises?new=1 and #/promises?edit=<id>: the form (promise-form.js);
// - #/promises?id=<id>&year=<y>&tertial=<n>: one promise and its follow-up (promise.js).

import { get } from "../api.js";
import { t, tn } from "../i18n.js";
import { h, withIcon } from "../ui.js";
import { frame, table } from "./online.js";
import { promisePage } from "./promise.js";
import { mayManage, offline, period, takeFlash } from "./promise-common.js";
import { promiseForm } from "./promise-form.js";

export async function render({ params, navigate }) {
  if (params.has("new")) return promiseForm(null, navigate);
  if (params.has("edit")) return promiseForm(params.get("edit"), navigate);
  if (params.has("id")) return promisePage(params, navigate);
  return promiseList(navigate);
}

async function promiseList(navigate) {
  const title = t("promises.title");
  if (!navigator.onLine) return offline("promises", title, navigate);
  let list;
  try {
    list = await get("/api/v1/promises");
  } catch (error) {
    if (error.status === 0) return offline("promises", title, navigate);
    throw error;
  }
  const columns = [
    t("promises.col.title"),
    t("promises.col.period"),
    t("promises.col.area"),
    t("promises.col.commitments"),
  ];
  const node = frame(
    "promises",
    title,
    takeFlash("promises-flash"),
    h("p", { class: "hint" }, t("promises.lead")),
    mayManage()
      ? h(
          "a",
          { class: "button button-primary", href: "#/promises?new=1", id: "promises-new" },
          withIcon("plus", t("promises.new"))
        )
      : null,
    h("p", { id: "promises-summary", role: "status" }, tn("promises.count", list.length)),
    table(
      "promises-table",
      t("promises.table_caption"),
      columns,
      list.map((promise) => [
        h(
          "a",
          {
            class: "case-link",
            href: `#/promises?id=${promise.id}`,
            dataset: { promiseId: promise.id },
          },
          promise.title
        ),
        period(promise),
        promise.area ? promise.area.name : t("promises.whole_municipality"),
        String(promise.commitments.length),
      ]),
      t("promises.none")
    )
  );
  return { title, node };
}
