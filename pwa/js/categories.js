// A category in the reader's language: the server sends both names with every category.

import { locale } from "./i18n.js";

export function categoryName(category) {
  return locale() === "sv" ? category.name_sv : category.name_en;
}
