/* Parlons reader accounts, loaded by mount.js only when a reader presses "Sign in" (or
 * "My account"), or opens a sign-in link (#parlons-signin=<secret>): so readers who never
 * sign in download none of it. It draws its panel in the widget's shadow root, under that
 * button, with the widget's styles.
 *   exchange(root, options): trades the link's secret in the URL for a reader token, kept in
 *     this site's localStorage (`parlons:reader:<site>`), and makes the reader's comments
 *     editable here as on the device that wrote them;
 *   open(root, options): the panel: an email form, or, once signed in, the reader's comments,
 *     reply emails for this page, their data to download, signing out, erasing everything.
 * Its words are its own, in the widget's twelve languages. options: { api, site, page, lang }. A change of who is signed in reloads the page, so the
 * widget draws again with the new reader. */

const WORDS = {
  en: {
    email: "Your email", send: "Email me a sign-in link",
    email_hint: "We email you a link that signs you in on this page. No password.",
    sent: "Check your mailbox: the link works once, for {n} minutes.",
    signed_in: "You are signed in as {who}.", nameless: "a reader without a name yet",
    name: "Your name", save_name: "Save the name",
    notify: "Email me replies to my comments on this page",
    mine: "My comments", none: "You have no comment on this site yet.",
    download: "Download my data", sign_out: "Sign out", everywhere: "Sign out everywhere",
    erase: "Erase everything", erase_confirm: "Erase all my comments, votes and my address on this site, for good?",
    erase_yes: "Yes, erase everything", keep: "Keep them", close: "Close",
    expired: "This sign-in link was used already or is too old: ask for a new one.",
    failed: "That did not work. Please try again in a moment.",
    welcome: "You are signed in: your comments on this site are yours on every device.",
  },
  fr: {
    email: "Votre adresse e-mail", send: "Recevoir un lien de connexion",
    email_hint: "Nous vous envoyons un lien qui vous connecte sur cette page. Sans mot de passe.",
    sent: "Consultez votre boîte : le lien ne sert qu'une fois, pendant {n} minutes.",
    signed_in: "Vous êtes connecté·e en tant que {who}.", nameless: "lecteur sans nom pour l'instant",
    name: "Votre nom", save_name: "Enregistrer le nom",
    notify: "Me prévenir par e-mail des réponses à mes commentaires sur cette page",
    mine: "Mes commentaires", none: "Vous n'avez encore aucun commentaire sur ce site.",
    download: "Télécharger mes données", sign_out: "Se déconnecter", everywhere: "Se déconnecter partout",
    erase: "Tout effacer", erase_confirm: "Effacer définitivement tous mes commentaires, mes votes et mon adresse sur ce site ?",
    erase_yes: "Oui, tout effacer", keep: "Les garder", close: "Fermer",
    expired: "Ce lien de connexion a déjà servi ou est trop ancien : demandez-en un nouveau.",
    failed: "Cela n'a pas marché. Réessayez dans un instant.",
    welcome: "Vous êtes connecté·e : vos commentaires sur ce site sont à vous, sur tous vos appareils.",
  },
  de: {
    email: "Ihre E-Mail-Adresse",
    send: "Anmeldelink senden",
    email_hint: "Wir senden Ihnen einen Link, der Sie auf dieser Seite anmeldet. Ohne Passwort.",
    sent: "Sehen Sie in Ihr Postfach: Der Link gilt einmal, {n} Minuten lang.",
    signed_in: "Sie sind angemeldet als {who}.",
    nameless: "Leser ohne Namen",
    name: "Ihr Name",
    save_name: "Namen speichern",
    notify: "Antworten auf meine Kommentare auf dieser Seite per E-Mail",
    mine: "Meine Kommentare",
    none: "Sie haben auf dieser Seite noch keinen Kommentar.",
    download: "Meine Daten herunterladen",
    sign_out: "Abmelden",
    everywhere: "Überall abmelden",
    erase: "Alles löschen",
    erase_confirm: "Alle meine Kommentare, Stimmen und meine Adresse auf dieser Seite endgültig löschen?",
    erase_yes: "Ja, alles löschen",
    keep: "Behalten",
    close: "Schließen",
    expired: "Dieser Anmeldelink wurde schon benutzt oder ist zu alt: Fordern Sie einen neuen an.",
    failed: "Das hat nicht geklappt. Bitte versuchen Sie es gleich noch einmal.",
    welcome: "Sie sind angemeldet: Ihre Kommentare auf dieser Seite gehören Ihnen, auf allen Geräten.",
  },
  es: {
    email: "Tu correo electrónico",
    send: "Enviarme un enlace de acceso",
    email_hint: "Te enviamos un enlace que inicia tu sesión en esta página. Sin contraseña.",
    sent: "Mira tu buzón: el enlace sirve una vez, durante {n} minutos.",
    signed_in: "Has iniciado sesión como {who}.",
    nameless: "lector aún sin nombre",
    name: "Tu nombre",
    save_name: "Guardar el nombre",
    notify: "Avisarme por correo de las respuestas a mis comentarios en esta página",
    mine: "Mis comentarios",
    none: "Aún no tienes comentarios en este sitio.",
    download: "Descargar mis datos",
    sign_out: "Cerrar sesión",
    everywhere: "Cerrar sesión en todas partes",
    erase: "Borrarlo todo",
    erase_confirm: "¿Borrar para siempre todos mis comentarios, votos y mi dirección en este sitio?",
    erase_yes: "Sí, borrarlo todo",
    keep: "Conservarlos",
    close: "Cerrar",
    expired: "Este enlace de acceso ya se usó o es demasiado antiguo: pide uno nuevo.",
    failed: "No ha funcionado. Inténtalo de nuevo en un momento.",
    welcome: "Has iniciado sesión: tus comentarios en este sitio son tuyos en todos tus dispositivos.",
  },
  it: {
    email: "La tua e-mail",
    send: "Inviami un link di accesso",
    email_hint: "Ti inviamo un link che ti fa accedere su questa pagina. Senza password.",
    sent: "Controlla la tua casella: il link vale una volta, per {n} minuti.",
    signed_in: "Hai effettuato l'accesso come {who}.",
    nameless: "lettore ancora senza nome",
    name: "Il tuo nome",
    save_name: "Salva il nome",
    notify: "Avvisami via e-mail delle risposte ai miei commenti su questa pagina",
    mine: "I miei commenti",
    none: "Non hai ancora commenti su questo sito.",
    download: "Scarica i miei dati",
    sign_out: "Esci",
    everywhere: "Esci ovunque",
    erase: "Cancella tutto",
    erase_confirm: "Cancellare per sempre tutti i miei commenti, voti e il mio indirizzo su questo sito?",
    erase_yes: "Sì, cancella tutto",
    keep: "Tienili",
    close: "Chiudi",
    expired: "Questo link di accesso è già stato usato o è troppo vecchio: chiedine uno nuovo.",
    failed: "Non ha funzionato. Riprova tra un momento.",
    welcome: "Hai effettuato l'accesso: i tuoi commenti su questo sito sono tuoi su ogni dispositivo.",
  },
  pt: {
    email: "O seu e-mail",
    send: "Enviar-me um link de entrada",
    email_hint: "Enviamos-lhe um link que inicia a sessão nesta página. Sem palavra-passe.",
    sent: "Veja a sua caixa de correio: o link serve uma vez, durante {n} minutos.",
    signed_in: "Tem sessão iniciada como {who}.",
    nameless: "leitor ainda sem nome",
    name: "O seu nome",
    save_name: "Guardar o nome",
    notify: "Avisar-me por e-mail das respostas aos meus comentários nesta página",
    mine: "Os meus comentários",
    none: "Ainda não tem comentários neste site.",
    download: "Descarregar os meus dados",
    sign_out: "Terminar sessão",
    everywhere: "Terminar sessão em todo o lado",
    erase: "Apagar tudo",
    erase_confirm: "Apagar para sempre todos os meus comentários, votos e o meu endereço neste site?",
    erase_yes: "Sim, apagar tudo",
    keep: "Mantê-los",
    close: "Fechar",
    expired: "Este link de entrada já foi usado ou é demasiado antigo: peça um novo.",
    failed: "Não funcionou. Tente de novo daqui a pouco.",
    welcome: "Tem sessão iniciada: os seus comentários neste site são seus em todos os dispositivos.",
  },
  nl: {
    email: "Uw e-mailadres",
    send: "Stuur mij een inloglink",
    email_hint: "We sturen u een link die u op deze pagina inlogt. Zonder wachtwoord.",
    sent: "Kijk in uw mailbox: de link werkt één keer, {n} minuten lang.",
    signed_in: "U bent ingelogd als {who}.",
    nameless: "lezer zonder naam",
    name: "Uw naam",
    save_name: "Naam opslaan",
    notify: "Mail mij reacties op mijn reacties op deze pagina",
    mine: "Mijn reacties",
    none: "U hebt nog geen reactie op deze site.",
    download: "Mijn gegevens downloaden",
    sign_out: "Uitloggen",
    everywhere: "Overal uitloggen",
    erase: "Alles wissen",
    erase_confirm: "Al mijn reacties, stemmen en mijn adres op deze site voorgoed wissen?",
    erase_yes: "Ja, alles wissen",
    keep: "Bewaren",
    close: "Sluiten",
    expired: "Deze inloglink is al gebruikt of te oud: vraag een nieuwe aan.",
    failed: "Dat lukte niet. Probeer het zo opnieuw.",
    welcome: "U bent ingelogd: uw reacties op deze site zijn van u, op al uw apparaten.",
  },
  pl: {
    email: "Twój adres e-mail",
    send: "Wyślij mi link do logowania",
    email_hint: "Wyślemy Ci link, który zaloguje Cię na tej stronie. Bez hasła.",
    sent: "Sprawdź skrzynkę: link działa raz, przez {n} minut.",
    signed_in: "Zalogowano jako {who}.",
    nameless: "czytelnik jeszcze bez nazwy",
    name: "Twoje imię",
    save_name: "Zapisz imię",
    notify: "Powiadamiaj mnie e-mailem o odpowiedziach na moje komentarze na tej stronie",
    mine: "Moje komentarze",
    none: "Nie masz jeszcze komentarzy na tej stronie.",
    download: "Pobierz moje dane",
    sign_out: "Wyloguj się",
    everywhere: "Wyloguj się wszędzie",
    erase: "Usuń wszystko",
    erase_confirm: "Usunąć na zawsze wszystkie moje komentarze, głosy i mój adres na tej stronie?",
    erase_yes: "Tak, usuń wszystko",
    keep: "Zachowaj",
    close: "Zamknij",
    expired: "Ten link do logowania został już użyty lub jest za stary: poproś o nowy.",
    failed: "Nie udało się. Spróbuj ponownie za chwilę.",
    welcome: "Zalogowano: Twoje komentarze na tej stronie są Twoje na każdym urządzeniu.",
  },
  ru: {
    email: "Ваш e-mail",
    send: "Прислать ссылку для входа",
    email_hint: "Мы пришлём ссылку, которая выполнит вход на этой странице. Без пароля.",
    sent: "Проверьте почту: ссылка действует один раз, {n} минут.",
    signed_in: "Вы вошли как {who}.",
    nameless: "читатель пока без имени",
    name: "Ваше имя",
    save_name: "Сохранить имя",
    notify: "Сообщать по почте об ответах на мои комментарии на этой странице",
    mine: "Мои комментарии",
    none: "У вас пока нет комментариев на этом сайте.",
    download: "Скачать мои данные",
    sign_out: "Выйти",
    everywhere: "Выйти везде",
    erase: "Удалить всё",
    erase_confirm: "Навсегда удалить все мои комментарии, голоса и адрес на этом сайте?",
    erase_yes: "Да, удалить всё",
    keep: "Оставить",
    close: "Закрыть",
    expired: "Эта ссылка для входа уже использована или устарела: запросите новую.",
    failed: "Не получилось. Попробуйте ещё раз чуть позже.",
    welcome: "Вы вошли: ваши комментарии на этом сайте принадлежат вам на всех устройствах.",
  },
  ja: {
    email: "メールアドレス",
    send: "ログインリンクを送る",
    email_hint: "このページでログインできるリンクをお送りします。パスワードは不要です。",
    sent: "メールをご確認ください。リンクは{n}分間、一度だけ使えます。",
    signed_in: "{who}としてログインしています。",
    nameless: "名前未設定の読者",
    name: "お名前",
    save_name: "名前を保存",
    notify: "このページの私のコメントへの返信をメールで知らせる",
    mine: "自分のコメント",
    none: "このサイトにはまだコメントがありません。",
    download: "自分のデータをダウンロード",
    sign_out: "ログアウト",
    everywhere: "すべての端末でログアウト",
    erase: "すべて削除",
    erase_confirm: "このサイトの私のコメント、投票、アドレスをすべて完全に削除しますか？",
    erase_yes: "はい、すべて削除",
    keep: "残す",
    close: "閉じる",
    expired: "このログインリンクは使用済みか、古すぎます。新しいリンクを請求してください。",
    failed: "うまくいきませんでした。少し待ってからもう一度お試しください。",
    welcome: "ログインしました。このサイトでのあなたのコメントは、どの端末でもあなたのものです。",
  },
  zh: {
    email: "您的电子邮箱",
    send: "给我发送登录链接",
    email_hint: "我们会发送一个在此页面登录的链接。无需密码。",
    sent: "请查看邮箱：链接只能使用一次，{n} 分钟内有效。",
    signed_in: "您已登录为 {who}。",
    nameless: "尚未命名的读者",
    name: "您的名字",
    save_name: "保存名字",
    notify: "有人回复我在此页面的评论时给我发邮件",
    mine: "我的评论",
    none: "您在本站还没有评论。",
    download: "下载我的数据",
    sign_out: "退出登录",
    everywhere: "在所有设备上退出",
    erase: "全部删除",
    erase_confirm: "永久删除我在本站的所有评论、投票和邮箱地址？",
    erase_yes: "是的，全部删除",
    keep: "保留",
    close: "关闭",
    expired: "此登录链接已使用或已过期：请重新获取。",
    failed: "操作失败。请稍后再试。",
    welcome: "您已登录：您在本站的评论在所有设备上都属于您。",
  },
  ar: {
    email: "بريدك الإلكتروني",
    send: "أرسل لي رابط الدخول",
    email_hint: "نرسل إليك رابطًا يسجّل دخولك في هذه الصفحة. بلا كلمة مرور.",
    sent: "تفقّد بريدك: الرابط يعمل مرة واحدة خلال {n} دقيقة.",
    signed_in: "أنت مسجّل الدخول باسم {who}.",
    nameless: "قارئ بلا اسم بعد",
    name: "اسمك",
    save_name: "احفظ الاسم",
    notify: "راسلني بالردود على تعليقاتي في هذه الصفحة",
    mine: "تعليقاتي",
    none: "ليس لديك أي تعليق على هذا الموقع بعد.",
    download: "نزّل بياناتي",
    sign_out: "تسجيل الخروج",
    everywhere: "تسجيل الخروج من كل مكان",
    erase: "امسح كل شيء",
    erase_confirm: "أأمسح نهائيًا كل تعليقاتي وأصواتي وعنواني على هذا الموقع؟",
    erase_yes: "نعم، امسح كل شيء",
    keep: "أبقِها",
    close: "إغلاق",
    expired: "رابط الدخول هذا استُخدم أو قديم جدًا: اطلب رابطًا جديدًا.",
    failed: "لم ينجح ذلك. حاول مجددًا بعد قليل.",
    welcome: "سجّلت الدخول: تعليقاتك على هذا الموقع لك على كل أجهزتك.",
  },
};

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

function signInForm(panel, options, t, say) {
  const input = h("input", { type: "email", id: "parlons-signin-email", required: true, autocomplete: "email" });
  const form = h("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const sent = await call(options, "POST", "readers/email", { site: options.site, email: input.value, page: options.page });
        say.className = "note";
        say.textContent = t.sent.replace("{n}", sent.expires_in_minutes);
      } catch {
        say.className = "error";
        say.textContent = t.failed;
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
