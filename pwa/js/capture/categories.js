// The capture screen's categories: a grid of tiles (radio buttons), one per active category.

import { categoryName } from "../categories.js";
import { t } from "../i18n.js";
import { h, icon } from "../ui.js";

// Soft hyphens in long words (hyphenate.js, loaded lazily; without it, no hyphens).
const { hyphenate } = await import("./hyphenate.js").catch(() => ({ hyphenate: (word) => word }));

/* Long category names ("a/b c") may break after the slash, and long words at a hyphen. */
function breakable(text) {
  const words = (part) => part.replace(/\p{L}{8,}/gu, hyphenate);
  return text
    .split("/")
    .flatMap((part, index) => (index ? ["/", h("wbr"), words(part)] : [words(part)]));
}

/* The tiles in a card; `onChange` runs when another category is chosen. Gives the card, and
   need() to say that a category must be chosen (focusing the first tile). */
export function categoryPicker(shared, categories, onChange) {
  const { draft } = shared;
  const error = h("p", { class: "field-error", id: "category-error", hidden: true });
  const tile = (category) =>
    h(
      "div",
      { class: category.positive ? "category category-positive" : "category" },
      h("input", {
        type: "radio",
        name: "category",
        id: `category-${category.code}`,
        value: category.code,
        class: "category-input",
        checked: draft.category === category.code,
        onchange: () => {
          draft.category = category.code;
          error.hidden = true;
          onChange();
        },
      }),
      h(
        "label",
        { for: `category-${category.code}`, class: "category-tile" },
        icon(category.icon, "icon category-icon"),
        h("span", { class: "category-name" }, breakable(categoryName(category))),
        category.positive
          ? h("span", { class: "category-hint" }, t("capture.positive_hint"))
          : null,
        icon("check", "icon category-check")
      )
    );
  const fieldset = h(
    "fieldset",
    { class: "category-grid", id: "category-group", "aria-describedby": "category-error" },
    h("legend", null, h("h2", { class: "legend-heading" }, t("capture.category_legend"))),
    categories.length
      ? categories.map(tile)
      : h("p", { class: "notice" }, t("capture.no_categories")),
    error
  );

  function need(text) {
    error.hidden = false;
    error.textContent = text;
    const first = fieldset.querySelector("input");
    if (first) first.focus();
  }

  return { node: h("section", { class: "card" }, fieldset), need };
}
