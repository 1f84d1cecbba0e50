/* Parlons reader accounts, loaded by mount.js only when a reader presses "Sign in" (or
 * "My account"), or opens a sign-in link (#parlons-signin=<secret>): so readers who never
 * sign in download none of it. It draws its panel in the widget's shadow root, under that
 * button, with the widget's styles.
 *   exchange(root, options): trades the link's secret in the URL for a reader token, kept in
 *     this site's localStorage (`parlons:reader:<site>`), and makes the reader's comments
 *     editable here as on the device that wrote them;
 *   open(root, options): the panel: the site's provider's button (a popup: see providerButton)
 *     and an email form, or, once signed in, the reader's comments,
 *     reply emails for this page, their data to download, signing out, erasing everything.
 * Its words are its own (account_words.js), in the widget's twelve languages.
 * options: { api, site, page, lang }. A change of who is signed in reloads the page, so the
 * widget draws again with the new reader. */

import { WORDS } from "./account_words.js";

const words = (lang) => WORDS[(lang || "").split(/[-_]/)[0].toLowerCase()] || WORDS.en;
const key = (site) => "parlons:reader:" + site;
const stored = (name) => { try { return localStorage.getItem(name); } catch { return null; } };
const store = (name, value) => {
  try { value == null ? localStorage.removeItem(name) : localStorage.setItem(name, value); } catch { /* private mode */ }
};

// A call to the comment server; the parsed answer, or a thrown { status, code }.
async function call(options, method, path, body) {
  const headers = {};
  const token = stored(key(options.site));
  if (token) headers["x-reader-token"] = token;
  if (body) headers["content-type"] = "application/json";
  const answer = await fetch(new URL("api/v1/" + path, options.api), {
    method, headers, credentials: "omit", body: body && JSON.stringify(body),
  });
  const parsed = answer.status == 204 ? null : await answer.json().catch(() => null);
  if (!answer.ok) throw { status: answer.status, code: parsed && parsed.error && parsed.error.code };
  return parsed;
}

// Makes the reader's comments editable in this browser as where they wrote them: the widget
// finds them in its own-comments store (the reader token proves them, not an edit token).
function adopt(options, comments) {
  const adopted = [];
  for (const own of comments) {
    store("parlons:own:" + own.id, JSON.stringify({ token: "-", edit_until: own.edit_until, text: own.text }));
    const list = "parlons:own-list:" + options.site + ":" + own.page;
    const ids = JSON.parse(stored(list) || "[]");
    if (!ids.includes(own.id)) store(list, JSON.stringify([...ids, own.id]));
    adopted.push([own.id, own.page]);
  }
  store("parlons:adopted:" + options.site, JSON.stringify(adopted));
}

// Forgets the reader here: the token and the comments `adopt` made editable.
function forget(options) {
  for (const [id, page] of JSON.parse(stored("parlons:adopted:" + options.site) || "[]")) {
    store("parlons:own:" + id, null);
    const list = "parlons:own-list:" + options.site + ":" + page;
    const ids = JSON.parse(stored(list) || "[]").filter((other) => other != id);
    store(list, ids.length ? JSON.stringify(ids) : null);
  }
  store("parlons:adopted:" + options.site, null);
  store(key(options.site), null);
}

// Trades the sign-in link's secret in the URL for a reader token, takes the secret out of the
// URL, and once the widget is drawn says in its panel how it went. The token, if any.
export async function exchange(root, options) {
  const secret = location.hash.slice("#parlons-signin=".length);
  history.replaceState(history.state, "", location.pathname + location.search);
  const t = words(options.lang);
  let note = t.welcome;
  try {
    const session = await call(options, "POST", "readers/session", { site: options.site, token: secret });
    store(key(options.site), session.reader_token);
    adopt(options, (await call(options, "GET", "readers/me/comments")).comments);
  } catch (failure) {
    note = t[failure.code == "link_expired" ? "expired" : "failed"];
  }
  setTimeout(() => open(root, options, note), 300);
  return stored(key(options.site));
}

// An element of `tag` with `props` (properties and `on<event>` handlers) and `children`.
function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name in element) element[name] = value;
    else element.setAttribute(name, value);
  }
  element.append(...children.flat().filter((child) => child != null));
  return element;
}

// The panel under the account button: drawn again after each change; `note` says what just
// happened.
export async function open(root, options, note) {
  const button = root.querySelector("[data-act=account]");
  if (!button) return;
  const old = root.querySelector(".account-panel");
  if (old && note == null) return old.remove(), button.setAttribute("aria-expanded", "false");
  const panel = h("section", { className: "account-panel form", "aria-label": button.textContent });
  (old || button).after(panel);
  if (old) old.remove();
  button.setAttribute("aria-expanded", "true");
  const t = words(options.lang);
  const say = h("p", { className: "note", role: "status" }, note || "");
  panel.append(say);
  const fail = () => { say.className = "error"; say.textContent = t.failed; };
  if (!stored(key(options.site))) return signInForm(panel, options, t, say);
  let me, mine;
  try {
    [me, mine] = await Promise.all([call(options, "GET", "readers/me"), call(options, "GET", "readers/me/comments")]);
  } catch (failure) {
    if (failure.status == 401) return forget(options), signInForm(panel, options, t, say);
    return fail();
  }
  drawAccount(panel, options, t, me, mine.comments, fail);
}

// The ways to sign in the site offers (GET readers/options): its provider's button, and the
// email form unless only the provider's readers may post.
async function signInForm(panel, options, t, say) {
  let offered = { email: true, readers: "anyone", provider: null };
  try { offered = await call(options, "GET", "readers/options?site=" + encodeURIComponent(options.site)); } catch { /* the form still works */ }
  if (offered.provider) panel.append(h("p", { className: "actions" }, providerButton(options, t, offered.provider, say)));
  if (offered.email && offered.readers != "signed_in") emailForm(panel, options, t, say);
}

// Opens the provider's sign-in in a popup (at once, in the click: popup blockers allow that
// only); its last page posts the reader token here, from the comment server's origin only.
function providerButton(options, t, provider, say) {
  const fail = (words) => { say.className = "error"; say.textContent = words; };
  return h("button", {
    type: "button", className: "primary",
    onclick: () => {
      const popup = window.open(provider.start + "&origin=" + encodeURIComponent(location.origin), "parlons-signin", "popup,width=520,height=680");
      if (!popup) return fail(t.popup_blocked);
      const server = new URL(options.api).origin;
      const heard = async (event) => {
        if (event.origin != server || event.source != popup || !event.data || event.data.parlons != "signin") return;
        removeEventListener("message", heard);
        if (!event.data.reader_token) return fail(t.provider_failed);
        store(key(options.site), event.data.reader_token);
        try { adopt(options, (await call(options, "GET", "readers/me/comments")).comments); } catch { /* listed on the next panel */ }
        location.reload();
      };
      addEventListener("message", heard);
    },
  }, t.with_provider.replace("{name}", provider.label));
}

function emailForm(panel, options, t, say) {
  const input = h("input", { type: "email", id: "parlons-signin-email", required: true, autocomplete: "email" });
  const form = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const sent = await call(options, "POST", "readers/email", { site: options.site, email: input.value, page: options.page });
        say.className = "note";
        say.textContent = t.sent.replace("{n}", sent.expires_in_minutes);
      } catch (failure) {
        say.className = "error";
        say.textContent = failure.status == 429 ? t.limited : failure.status == 422 ? t.bad_email : t.failed;
        if (failure.status == 422) input.setAttribute("aria-invalid", "true");
      }
    },
  },
  h("p", { className: "field" }, h("label", { htmlFor: "parlons-signin-email" }, t.email), input,
    h("span", { className: "hint" }, t.email_hint)),
  h("p", { className: "actions" }, h("button", { type: "submit", className: "primary" }, t.send)));
  panel.append(form);
}

function drawAccount(panel, options, t, me, comments, fail) {
  const who = [me.name || t.nameless, me.email && "(" + me.email + ")"].filter(Boolean).join(" ");
  const act = (label, run, className = "link") => h("button", { type: "button", className, onclick: () => run().catch(fail) }, label);
  const reload = () => location.reload();
  const name = h("input", { id: "parlons-account-name", value: me.name || "", maxLength: 80 });
  const notify = h("input", {
    type: "checkbox", id: "parlons-account-notify", disabled: !me.email,
    checked: comments.some((own) => own.page == options.page && own.notify),
    onchange: () => call(options, "POST", "readers/me/replies", { page: options.page, notify: notify.checked }).catch(fail),
  });
  const list = h("ul", { className: "account-comments", hidden: true });
  panel.append(
    h("p", {}, t.signed_in.replace("{who}", who)),
    h("p", { className: "field" }, h("label", { htmlFor: "parlons-account-name" }, t.name), name),
    h("p", { className: "actions" }, act(t.save_name, async () => {
      await call(options, "PATCH", "readers/me", { name: name.value });
      open(panel.getRootNode(), options, "");
    })),
    h("p", { className: "field check" }, notify, h("label", { htmlFor: "parlons-account-notify" }, t.notify)),
    h("p", { className: "actions" },
      act(t.mine, async () => {
        const { comments } = await call(options, "GET", "readers/me/comments");
        list.replaceChildren(...(comments.length ? comments : [null]).map((own) => own
          ? h("li", {}, h("a", { href: own.url || "#" }, own.page), " · ", new Date(own.created_at).toLocaleString(options.lang),
            h("div", { className: "body", innerHTML: own.html }))
          : h("li", { className: "note" }, t.none)));
        list.hidden = false;
      }),
      act(t.download, async () => {
        const data = await call(options, "GET", "readers/me/export");
        const link = h("a", {
          href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })),
          download: "parlons-" + options.site + ".json",
        });
        link.click();
        URL.revokeObjectURL(link.href);
      }),
    ),
    list,
    h("p", { className: "actions" },
      act(t.sign_out, async () => {
        await call(options, "DELETE", "readers/session");
        forget(options);
        reload();
      }),
      act(t.everywhere, async () => {
        await call(options, "DELETE", "readers/sessions");
        forget(options);
        reload();
      }),
      act(t.erase, async () => {
        const confirm = h("p", { className: "actions", role: "alert" }, t.erase_confirm + " ",
          act(t.erase_yes, async () => {
            await call(options, "DELETE", "readers/me");
            forget(options);
            reload();
          }, "link danger"),
          act(t.keep, async () => confirm.remove()));
        panel.append(confirm);
      }, "link danger"),
    ),
  );
}
