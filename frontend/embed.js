/* Parlons loader: the one script a site owner adds under an article.
 *   <script src="https://comments.example.org/embed.js" data-site="blog" async></script>
 * It finds the comment server from its own src, makes a host element (inside #parlons if the
 * page has one, else right after this tag) with an open shadow root, and loads the
 * WebAssembly widget only when the comments come near the screen. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = new URL(".", script.src);
  // scripts/build-widget writes the build's version here: the URLs below change with each
  // build, so browsers keep those files for a year and never mix two builds.
  var version = "__PARLONS_VERSION__";
  var attr = function (name) { return script.getAttribute("data-" + name) || ""; };
  var site = attr("site");
  if (!site) { console.error("Parlons: add data-site to the script tag"); return; }

  var canonical = document.querySelector('link[rel="canonical"]');
  var page = attr("page") || (canonical && new URL(canonical.href, location.href).pathname) || location.pathname;
  // The first language the widget speaks among data-lang, the page's and the browser's; its
  // words come from i18n/<language>.json, fetched with the wasm.
  var primary = function (tag) { return (tag || "").split(/[-_]/)[0].toLowerCase(); };
  var lang = [attr("lang"), document.documentElement.lang, navigator.language, "en"].filter(function (tag) {
    return "en fr de es it pt nl pl ru ja zh ar".split(" ").indexOf(primary(tag)) >= 0;
  })[0];
  var theme = attr("theme") || "auto";

  var host = document.createElement("div");
  host.className = "parlons-host";
  host.style.minHeight = "1px";
  var slot = document.getElementById("parlons");
  // First in #parlons: comments the site put there as HTML (threads.html) stay below until
  // the widget replaces them.
  if (slot) slot.insertBefore(host, slot.firstChild); else script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow({ mode: "open" });

  // The scheme the widget draws in (data-scheme on the host, which its style reads):
  // data-theme's when it says light or dark; with auto, the page's: the first opaque
  // background behind the widget, else the canvas, which the page's color-scheme decides
  // (the reader's preference only when the page offers both). Followed as the page changes:
  // a class or style on <html> or <body>, the end of their transitions, the preference.
  var prefersDark = matchMedia("(prefers-color-scheme: dark)");
  function channel(value) {
    value /= 255;
    return value <= 0.04045 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
  }
  function scheme() {
    if (theme == "light" || theme == "dark") return theme;
    for (var element = host.parentElement; element; element = element.parentElement) {
      var rgba = (getComputedStyle(element).backgroundColor.match(/[\d.]+/g) || []).map(Number);
      if (rgba.length > 2 && !(rgba[3] < 0.5)) {
        // Relative luminance; below 0.18 light text has the better contrast.
        var luminance = 0.2126 * channel(rgba[0]) + 0.7152 * channel(rgba[1]) + 0.0722 * channel(rgba[2]);
        return luminance < 0.18 ? "dark" : "light";
      }
    }
    var meta = document.querySelector('meta[name="color-scheme"]');
    var declared = getComputedStyle(document.documentElement).colorScheme;
    if (declared == "normal" && meta) declared = meta.content;
    var dark = /dark/.test(declared), light = /light/.test(declared);
    return dark && (!light || prefersDark.matches) ? "dark" : "light";
  }
  function paint() { host.setAttribute("data-scheme", scheme()); }
  paint();
  if (theme != "light" && theme != "dark") {
    var pageChanges = new MutationObserver(paint);
    [document.documentElement, document.body].forEach(function (element) {
      if (element) pageChanges.observe(element, { attributes: true });
    });
    document.addEventListener("transitionend", function (event) {
      if (event.target == document.documentElement || event.target == document.body) paint();
    }, true);
    prefersDark.addEventListener("change", paint);
  }

  // The page's count, live, in the page's data-parlons-count elements that name this page or
  // none, and as a parlons:count event (its detail: the number) on the host. Until the widget
  // loads, from a stream of this page's events (opened only where such an element is); then
  // from the widget, which keeps the host's data-count.
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
  function badges() {
    return [].filter.call(document.querySelectorAll("[data-parlons-count]"), function (badge) {
      var named = badge.getAttribute("data-parlons-count");
      return !named || named == page;
    });
  }
  function showCount(count) {
    badges().forEach(function (badge) { badge.textContent = format.format(count); });
    host.dispatchEvent(new CustomEvent("parlons:count", { detail: count, bubbles: true }));
  }
  var counting = badges().length && new EventSource(new URL("api/v1/events?site=" + encodeURIComponent(site) +
    "&page=" + encodeURIComponent(page), base));
  if (counting) counting.addEventListener("count", function (event) { showCount(JSON.parse(event.data).count); });
  // The widget's data-posted (the id of the comment the reader just posted): parlons:posted.
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      var value = +host.getAttribute(change.attributeName);
      if (change.attributeName == "data-posted") {
        host.dispatchEvent(new CustomEvent("parlons:posted", { detail: value, bubbles: true }));
      } else {
        if (counting) counting.close();
        counting = null;
        showCount(value);
      }
    });
  }).observe(host, { attributes: true, attributeFilter: ["data-count", "data-posted"] });

  // The challenge of the next post (GET /api/v1/challenge), asked for when a form appears:
  // the proof of work is solved by pow.js (imported only for sites that ask one) while the
  // reader writes, and the promise resolves once the site's minimum time has passed.
  function challenge() {
    var asked = Date.now();
    return fetch(new URL("api/v1/challenge?site=" + encodeURIComponent(site), base))
      .then(function (answer) { return answer.json(); })
      .then(function (given) {
        var proof = given.pow_bits > 0 && import(new URL("pow.js?v=" + version, base).href)
          .then(function (pow) { return pow.solve(given.token, given.pow_bits); });
        return Promise.resolve(proof).then(function (solution) {
          return new Promise(function (done) {
            setTimeout(function () { done({ challenge: given.token, solution: solution || undefined }); },
              asked + given.min_seconds * 1000 + 250 - Date.now());
          });
        });
      });
  }

  function load() {
    var words = fetch(new URL("i18n/" + primary(lang) + ".json?v=" + version, base)).then(function (answer) { return answer.json(); });
    import(new URL("parlons-widget.js?v=" + version, base).href)
      .then(function (widget) {
        return Promise.all([words, widget.default({ module_or_path: new URL("parlons-widget_bg.wasm?v=" + version, base) })]).then(function (loaded) {
          widget.mount_widget(root, { api: base.href, site: site, page: page, lang: lang, words: loaded[0], challenge: challenge });
          if (slot) [].forEach.call(slot.querySelectorAll("[data-parlons-static]"), function (old) { old.remove(); });
        });
      })
      .catch(function (error) { console.error("Parlons: the comments could not load", error); });
  }

  if ("IntersectionObserver" in window && location.hash.indexOf("#parlons") !== 0) {
    var watch = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) { watch.disconnect(); load(); }
    }, { rootMargin: "800px 0px" });
    watch.observe(host);
  } else {
    load();
  }
})();
