/* What embed.js loads with the widget, beside the wasm, once the comments come near the
 * screen (so the loader every page downloads stays small): the reader's language and its
 * words, the scheme the widget draws in, and each post's challenge. */
const base = new URL(".", import.meta.url);
const version = new URL(import.meta.url).searchParams.get("v");
const url = (path) => new URL(path + "?v=" + version, base);
const primary = (tag) => (tag || "").split(/[-_]/)[0].toLowerCase();

// The first language the widget speaks among the asked one, the page's and the browser's.
export const language = (asked) => [asked, document.documentElement.lang, navigator.language, "en"]
  .find((tag) => "en fr de es it pt nl pl ru ja zh ar".split(" ").includes(primary(tag)));

// Its words: i18n/<language>.json.
export const words = (lang) => fetch(url("i18n/" + primary(lang) + ".json")).then((answer) => answer.json());

const prefersDark = matchMedia("(prefers-color-scheme: dark)");
const channel = (value) => (value /= 255) <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;

// Keeps the scheme the widget draws in (data-scheme on `host`, which its style reads): the
// theme's (`theme()`) when it says light or dark; with auto, the page's: the first opaque
// background behind the widget, else the canvas, which the page's color-scheme decides (the
// reader's preference only when the page offers both). Followed as the page changes: a class
// or style on <html> or <body>, the end of a transition behind the widget, the preference.
// Returns the function that paints it again.
export function painter(host, theme) {
  const scheme = () => {
    if (theme() == "light" || theme() == "dark") return theme();
    for (let element = host.parentElement; element; element = element.parentElement) {
      const rgba = (getComputedStyle(element).backgroundColor.match(/[\d.]+/g) || []).map(Number);
      // Relative luminance; below 0.18 light text has the better contrast.
      if (rgba.length > 2 && !(rgba[3] < 0.5)) {
        return 0.2126 * channel(rgba[0]) + 0.7152 * channel(rgba[1]) + 0.0722 * channel(rgba[2]) < 0.18 ? "dark" : "light";
      }
    }
    const meta = document.querySelector('meta[name="color-scheme"]');
    let declared = getComputedStyle(document.documentElement).colorScheme;
    if (declared == "normal" && meta) declared = meta.content;
    return /dark/.test(declared) && (!/light/.test(declared) || prefersDark.matches) ? "dark" : "light";
  };
  const paint = () => host.setAttribute("data-scheme", scheme());
  for (const element of [document.documentElement, document.body]) {
    if (element) new MutationObserver(paint).observe(element, { attributes: true });
  }
  addEventListener("transitionend", (event) => event.target.contains(host) && paint(), true);
  prefersDark.addEventListener("change", paint);
  return paint;
}

// The challenge of the next post on `site` (GET /api/v1/challenge), asked for when a form
// appears: the proof of work is solved by pow.js (imported only for sites that ask one) while
// the reader writes, and the promise resolves once the site's minimum time has passed.
export const challenge = (site) => () => {
  const asked = Date.now();
  return fetch(new URL("api/v1/challenge?site=" + encodeURIComponent(site), base))
    .then((answer) => answer.json())
    .then((given) => Promise.resolve(given.pow_bits > 0 && import(url("pow.js"))
      .then((pow) => pow.solve(given.token, given.pow_bits)))
      .then((solution) => new Promise((done) => setTimeout(() => done({ challenge: given.token, solution: solution || undefined }),
        asked + given.min_seconds * 1000 + 250 - Date.now()))));
};

// The signed-in reader's token for `asked.site`, if any; account.js (signing in, the
// reader's account) loads when the widget's "Sign in" button is pressed, or first to trade a
// sign-in link's secret (#parlons-signin=) for a token.
export function reader(root, asked) {
  const options = { ...asked, api: base.href, lang: language(asked.lang) }, account = () => import(url("account.js"));
  if (!root.parlons) root.addEventListener("click", (event) => event.target.closest("[data-act=account]") && account().then((module) => module.open(root, root.parlons)));
  root.parlons = options;
  if (location.hash.startsWith("#parlons-signin=")) return account().then((module) => module.exchange(root, options));
  try { return localStorage["parlons:reader:" + asked.site]; } catch { }
}
