/* Parlons loader: the one script a site owner adds under an article.
 *   <script src="https://comments.example.org/embed.js" data-site="blog" async></script>
 * It finds the comment server from its own src, makes a host element (inside #parlons if the
 * page has one, else right after this tag) with an open shadow root, and loads the
 * WebAssembly widget (with mount.js: words, scheme, challenges) only when the comments come
 * near the screen. It follows the page: a History API navigation, a new canonical link or
 * data-page show the new page's thread. Without data-site it only defines
 * <parlons-comments site="…" page="…">, the same widget as an element a framework renders. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || !script.src) return;
  const base = new URL(".", script.src);
  // scripts/build-widget writes the build's version here: the URLs below change with each
  // build, so browsers keep those files for a year and never mix two builds.
  const url = (path) => new URL(path + "?v=__PARLONS_VERSION__", base).href;
  const data = (name) => script.getAttribute("data-" + name) || "";
  const site = data("site");
  // What a host shows, read from its attributes (`get`): the page is the document's unless
  // named: data-page, else the canonical link's path, else the URL's.
  const options = (get) => {
    const canonical = document.querySelector('link[rel="canonical"]');
    return {
      site: get("site") || site,
      page: get("page") || (canonical && new URL(canonical.href, location.href).pathname) || location.pathname,
      lang: get("lang"),
      theme: get("theme") || "auto",
    };
  };
  // What the widget needs, loaded once for the page whatever it shows.
  let loading;
  // The host whose thread the widget shows: it shows one at a time.
  let shown;

  // Gives `host` a shadow root and the widget of the page `read()` names, once it comes near
  // the screen. Returns `follow`, which reads again and shows another page when it names one,
  // `start` and `stop`.
  function attach(host, read) {
    const root = host.attachShadow({ mode: "open" });
    let now = {}, count, counting, near, stopped, paint;

    // The page's count, live, in the page's data-parlons-count elements that name this page
    // or none, and as a parlons:count event (its detail: the number) on the host. Until the
    // widget shows it, from a stream of this page's events (opened only where such an
    // element is); then from the widget, which keeps the host's data-count.
    const badges = () => [...document.querySelectorAll("[data-parlons-count]")]
      .filter((badge) => [now.page, ""].includes(badge.getAttribute("data-parlons-count")));
    const format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    // (Only where the text differs: the page's own changes are watched.)
    const fill = () => count != null && badges().forEach((badge) => {
      const text = format.format(count);
      if (badge.textContent != text) badge.textContent = text;
    });
    const tell = (name, detail) => host.dispatchEvent(new CustomEvent("parlons:" + name, { detail, bubbles: true }));
    const quiet = () => counting && counting.close();
    // The widget's data-count, and data-posted (the id of the comment the reader just
    // posted): parlons:posted.
    new MutationObserver((changes) => changes.forEach(({ attributeName }) => {
      const value = host.getAttribute(attributeName);
      if (value == null) return;
      if (attributeName == "data-posted") return tell("posted", +value);
      quiet();
      count = +value;
      fill();
      tell("count", count);
    })).observe(host, { attributes: true, attributeFilter: ["data-count", "data-posted"] });

    const mount = () => {
      const asked = now;
      loading = loading || [
        import(url("mount.js")),
        import(url("parlons-widget.js")).then((glue) => glue.default({ module_or_path: url("parlons-widget_bg.wasm") }).then(() => glue)),
      ];
      loading[0].then((frame) => Promise.all([frame, frame.words(frame.language(asked.lang)), loading[1], frame.reader(root, asked)]))
        .then(([frame, words, glue, reader]) => {
          if (asked != now || stopped) return;
          paint = paint || frame.painter(host, () => now.theme);
          paint();
          host.removeAttribute("data-count");
          // It takes the widget from the page it showed, if any.
          glue.mount_widget(root, {
            api: base.href, site: asked.site, page: asked.page, lang: frame.language(asked.lang), words,
            challenge: frame.challenge(asked.site), reader,
          });
          shown = host;
          // Comments the site put in #parlons as HTML (threads.html) go once the widget shows.
          host.parentNode.querySelectorAll("[data-parlons-static]").forEach((old) => old.remove());
        }).catch((error) => console.error("Parlons: the comments could not load", error));
    };

    const follow = () => {
      const next = read();
      if (stopped || JSON.stringify(next) == JSON.stringify(now)) return fill();
      now = next;
      quiet();
      counting = count = null;
      if (near) return mount();
      if (badges().length) {
        counting = new EventSource(new URL("api/v1/events?site=" + encodeURIComponent(now.site) + "&page=" + encodeURIComponent(now.page), base));
        counting.addEventListener("count", (event) => {
          count = JSON.parse(event.data).count;
          fill();
          tell("count", count);
        });
      }
    };
    const watch = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        watch.disconnect();
        quiet();
        near = 1;
        mount();
      }
    }, { rootMargin: "800px 0px" });
    return {
      follow,
      start() {
        stopped = 0;
        now = {};
        follow();
        if (location.hash.startsWith("#parlons")) near = 1, mount(); else watch.observe(host);
      },
      // The element left the page: its stream closes, and the widget's if it shows this one.
      stop() {
        stopped = 1;
        quiet();
        watch.disconnect();
        if (shown == host) loading[1].then((glue) => glue.unmount_widget()), shown = 0;
        near = 0;
      },
    };
  }

  // What follows the page: each shown host (the script's, the elements on the page).
  const following = new Set();
  // Single-page navigation: the History API (and the Navigation API where there is one), and
  // any change to the page's elements (a new canonical link, a new #parlons, a new count
  // element), looked at once the page has settled.
  let pending;
  const settle = () => pending = pending || setTimeout(() => {
    pending = 0;
    following.forEach((follow) => follow());
  }, 50);
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function () {
      const result = original.apply(this, arguments);
      settle();
      return result;
    };
  }
  addEventListener("popstate", settle);
  if (window.navigation) navigation.addEventListener("navigatesuccess", settle);
  new MutationObserver(settle).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["href", "data-page", "data-parlons-count"] });

  if (site) {
    const host = document.createElement("div");
    host.className = "parlons-host";
    host.style.minHeight = "1px";
    // First in #parlons: comments the site put there as HTML stay below until the widget
    // replaces them. A single-page site that draws a new #parlons gets the widget moved in.
    const place = () => {
      const slot = document.getElementById("parlons");
      if (slot && host.parentNode != slot) slot.prepend(host);
    };
    place();
    if (!host.parentNode) script.after(host);
    const embedded = attach(host, () => options(data));
    embedded.start();
    following.add(() => {
      place();
      embedded.follow();
    });
  }

  customElements.get("parlons-comments") || customElements.define("parlons-comments", class extends HTMLElement {
    static observedAttributes = ["site", "page", "lang", "theme"];
    connectedCallback() {
      this.widget = this.widget || attach(this, () => options((name) => this.getAttribute(name)));
      this.widget.start();
      following.add(this.widget.follow);
    }
    disconnectedCallback() {
      following.delete(this.widget.follow);
      this.widget.stop();
    }
    attributeChangedCallback() { this.widget && this.widget.follow(); }
  });
})();
