// Importera händelser on the EST screen: a partner brings a week of incidents from its own system
// as a CSV file (docs/incidents.md has the columns). The file is checked first (?dry_run=1):
// what would be new, what is there already, and every bad row by its line. Then it is imported
// as a whole, or, when some rows are bad and the user says so, the good rows only
// (?skip_errors=1). Importing the same file again adds nothing.

import { api } from "../api.js";
import { field, setError } from "../forms.js";
import { t, tn } from "../i18n.js";
import { fill, h } from "../ui.js";

const IMPORT = "/api/v1/incidents/import";
const MAX_BYTES = 2 * 1024 * 1024; // the server's limit (413 beyond it)

/* The section; `done(message)` is called after an import (the screen reloads and says it). */
export function importSection(done) {
  const file = h("input", { type: "file", id: "import-file", accept: ".csv,text/csv" });
  const check = h(
    "button",
    { type: "button", class: "button", id: "import-check" },
    t("import.check")
  );
  const result = h("div", { class: "stack", id: "import-result", "aria-live": "polite" });
  let checked = null; // {file, answer} of the last dry run

  const send = (query) =>
    api("POST", `${IMPORT}${query}`, { bytes: checked.file, type: "text/csv", timeoutMs: 120000 });

  async function run(button, work) {
    button.setAttribute("aria-busy", "true");
    button.disabled = true;
    try {
      await work();
    } catch (error) {
      fill(result, h("p", { class: "form-error", role: "alert" }, error.message));
    } finally {
      button.removeAttribute("aria-busy");
      button.disabled = false;
    }
  }

  check.addEventListener("click", () => {
    setError(file, "");
    const chosen = file.files[0];
    if (!chosen) return setError(file, t("import.error.none"));
    if (chosen.size > MAX_BYTES) return setError(file, t("import.error.size"));
    return run(check, async () => {
      checked = { file: chosen, answer: null };
      checked.answer = await send("?dry_run=1");
      fill(result, summary(checked.answer, importButtons));
    });
  });
  file.addEventListener("change", () => {
    checked = null;
    fill(result);
  });

  /* Import all (no bad rows) or the good rows only; nothing to do when nothing is new. */
  function importButtons(answer) {
    if (!answer.new) return null;
    const skip = answer.bad > 0;
    const button = h(
      "button",
      { type: "button", class: "button button-primary", id: "import-go" },
      tn(skip ? "import.go_good" : "import.go", answer.new)
    );
    button.addEventListener("click", () =>
      run(button, async () => {
        const imported = await send(skip ? "?skip_errors=1" : "");
        checked = null;
        file.value = "";
        fill(result);
        done(tn("import.done", imported.new, { existing: imported.existing }));
      })
    );
    return button;
  }

  return h(
    "section",
    { class: "card stack", "aria-labelledby": "import-title" },
    h("h2", { id: "import-title" }, t("import.title")),
    h("p", { class: "hint" }, t("import.lead")),
    field(t("import.file"), file, t("import.file_hint")),
    check,
    result
  );
}

/* What the dry run found: the counts in words, the bad rows by line, and what may be done. */
function summary(answer, buttons) {
  const counts = t("import.summary", {
    rows: answer.rows,
    new: answer.new,
    existing: answer.existing,
    bad: answer.bad,
  });
  const errors = answer.errors.length
    ? h(
        "ul",
        { class: "import-errors", id: "import-errors" },
        answer.errors.map((error) =>
          h("li", null, t("import.line", { line: error.line }), " ", error.messages.join(" "))
        )
      )
    : null;
  const nothing = answer.new ? null : h("p", { id: "import-nothing" }, t("import.nothing_new"));
  return [h("p", { id: "import-summary" }, counts), errors, nothing, buttons(answer)];
}
