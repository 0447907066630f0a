// Soft hyphens for the capture screen's category tiles (capture/categories.js): browsers
// without a Swedish dictionary for `hyphens: auto` (Chromium on Android and Linux) would
// otherwise break Återvinningss|tation anywhere on a narrow tile. Loaded lazily (kept offline
// with the field screens, sw.js FIELD): the initial load has no room for it.

const VOWELS = /[aeiouyåäöéü]/;
const ONSETS = /^(bl|br|ch|dr|fl|fr|gl|gr|kl|kr|pl|pr|sch|sk|skr|sp|spr|st|str|tr)$/;

/* Soft hyphens between the syllables of a long word, by Swedish rules: between two vowels,
   before the last consonant, or before the longest cluster that can start a syllable (leaving
   one consonant behind): Åter-vin-nings-sta-tion, fram-kom-lig-het. At least two letters
   stay on each side. */
export function hyphenate(word) {
  const low = word.toLowerCase();
  let out = "";
  let from = 0;
  let vowel = -1;
  for (let at = 0; at < low.length; at += 1) {
    if (!VOWELS.test(low[at])) continue;
    const cluster = low.slice(vowel + 1, at);
    if (vowel >= 0 && cluster) {
      let size = Math.min(3, cluster.length - 1);
      while (size > 1 && !ONSETS.test(cluster.slice(-size))) size -= 1;
      const cut = at - Math.max(size, 1);
      if (cut >= 2 && low.length - cut >= 2) {
        out += `${word.slice(from, cut)}\u00ad`;
        from = cut;
      }
    }
    vowel = at;
  }
  return out + word.slice(from);
}
