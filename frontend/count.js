/* Parlons comment counts for listing pages, without the widget.
 *   <a href="/article" data-parlons-count="/article">…</a>
 *   <script src="https://comments.example.org/count.js" data-site="blog" async></script>
 * Every element with data-parlons-count gets its page's number of published comments, from one
 * cacheable GET /api/v1/counts per 100 pages (pages sorted, so a listing makes one URL), and so
 * does every one added or changed later. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var site = script.getAttribute("data-site");
  var api = new URL("api/v1/counts", script.src);
  // Each badge's page as last filled: badges added later (a page that renders on the client,
  // infinite scroll) or given another page are filled by the next pass, and only they.
  var shown = new WeakMap();
  var pass = 0;
  function fill() {
    pass = 0;
    // An empty one is the article's own count, which embed.js keeps live.
    var badges = [].filter.call(document.querySelectorAll("[data-parlons-count]"), function (el) {
      var page = el.getAttribute("data-parlons-count");
      return page && shown.get(el) !== page;
    });
    badges.forEach(function (el) { shown.set(el, el.getAttribute("data-parlons-count")); });
    var pages = [];
    badges.forEach(function (el) {
      var page = el.getAttribute("data-parlons-count");
      if (pages.indexOf(page) < 0) pages.push(page);
    });
    pages.sort();
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    for (var i = 0; i < pages.length; i += 100) {
      var query = new URLSearchParams({ site: site });
      pages.slice(i, i + 100).forEach(function (page) { query.append("page", page); });
      fetch(api + "?" + query, { credentials: "omit" })
        .then(function (response) { if (!response.ok) throw response.status; return response.json(); })
        .then(function (body) {
          badges.forEach(function (el) {
            var count = body.counts[el.getAttribute("data-parlons-count")];
            if (count !== undefined) el.textContent = format.format(count);
          });
        })
        .catch(function (error) { console.error("Parlons: counts unavailable", error); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill); else fill();
  new MutationObserver(function () { pass = pass || setTimeout(fill, 50); })
    .observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-parlons-count"] });
})();
