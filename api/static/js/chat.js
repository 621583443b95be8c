// The chat page: talks to Rasa's socket.io channel (user_uttered / bot_uttered) directly.
// The server signs session ids: the page brings a new one (data-new-session), used unless
// localStorage keeps one from before, with the transcript, so a reload resumes the interview.
// The page opens with "Connecting…", then the interview's first question (the server's
// greeting, in the invited customer's name for an invitation link); the latest message and
// its buttons are kept in view above the message box, also when a phone's keyboard opens.
// Its own labels speak the interview's language (api/chat_labels.py): an invited customer's
// from the invitation check, then the language each reply carries (after a switch too).
"use strict";

(function () {
  const root = document.getElementById("chat");
  const scroller = document.getElementById("scroller");
  const messages = document.getElementById("messages");
  const typing = document.getElementById("typing");
  const connecting = document.getElementById("connecting");
  const connectingText = document.getElementById("connecting-text");
  const errorBox = document.getElementById("connection-error");
  const noticeBox = document.getElementById("invitation-notice");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const greetings = JSON.parse(document.getElementById("greeting").textContent);
  const labels = JSON.parse(document.getElementById("labels").textContent);
  let words = labels.en;

  const rasaUrl = root.dataset.rasaUrl;
  const newSession = root.dataset.newSession;
  // Invitation links carry the token in the fragment (#invite=…), which never reaches a
  // server log; ?invite= (older links) arrives as data-invite.
  let invite = new URLSearchParams(window.location.hash.slice(1)).get("invite")
    || root.dataset.invite || null;
  // One kept session per signed-in key ("rep-…") and one for anyone ("open"): a rep's
  // session is never resumed by whoever opens the chat after them in this browser.
  const identity = root.dataset.identity || "open";
  const storageKey = "needfinder.chat." + (invite || identity);
  const signIn = document.getElementById("sign-in");
  if (signIn && invite) signIn.hidden = true; // an invited customer's chat: no rep's link
  const HISTORY_LIMIT = 200;
  const ANSWER_TIMEOUT_MS = 60000;
  // A touch screen's keyboard would pop up each time the message box took the focus.
  const touch = window.matchMedia("(pointer: coarse)").matches;

  let state = { session: newSession, history: [] };
  let ready = false;
  let answerTimer = null;
  let opened = false; // the greeting (or the invitation check) was done on this page load
  let pinned = true; // the view follows the latest message unless the person scrolled up

  try {
    if (identity === "open") {
      // Nobody is signed in here (any more): forget the sessions of reps who were.
      Object.keys(localStorage)
        .filter((key) => key.startsWith("needfinder.chat.rep-"))
        .forEach((key) => localStorage.removeItem(key));
    }
    const kept = JSON.parse(localStorage.getItem(storageKey)) || {};
    if (kept.session) state = Object.assign(state, kept); // else nothing signed to resume
  } catch (_) {
    // No storage or a damaged entry: start afresh.
  }

  // -- the page's language ----------------------------------------------------------------

  // Every label of the page in `language` ("en", "da"); the conversation itself is the
  // interview's and stays as it was said.
  function speak(language) {
    if (!labels[language]) return;
    words = labels[language];
    root.dataset.language = language;
    document.documentElement.lang = language;
    document.title = words.title;
    root.querySelectorAll("[data-label]").forEach((element) => {
      const text = words[element.dataset.label];
      if (text) element.textContent = text;
    });
    input.placeholder = words.placeholder;
    messages.setAttribute("aria-label", words.conversation);
    messages.querySelectorAll(".quick-replies").forEach((group) => {
      group.setAttribute("aria-label", words.answers);
    });
    messages.querySelectorAll(".speaker").forEach((who) => {
      who.textContent = who.dataset.speaker === "bot" ? words.assistant : words.you;
    });
  }

  function save() {
    try {
      localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (_) {
      // Private mode or full storage: the chat still works, a reload just starts afresh.
    }
  }

  // -- keeping the latest message in view ------------------------------------------------

  function showLatest() {
    const last = messages.lastElementChild;
    if (last) {
      const view = scroller.getBoundingClientRect();
      const box = last.getBoundingClientRect();
      if (box.height > view.height) {
        // Taller than the view: its beginning, so it is read from the start.
        scroller.scrollTop += box.top - view.top;
        return;
      }
    }
    scroller.scrollTop = scroller.scrollHeight;
    pinned = true;
  }

  function fitViewport() {
    // A phone's keyboard shrinks the visual viewport; the chat takes exactly what is left,
    // so the message box sits on the keyboard and the latest message right above it.
    const viewport = window.visualViewport;
    if (viewport) root.style.setProperty("--app-height", viewport.height + "px");
    if (window.scrollY) window.scrollTo(0, 0); // a browser that scrolled to the message box
    if (pinned) showLatest();
  }

  scroller.addEventListener("scroll", () => {
    pinned = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 24;
  }, { passive: true });
  if (window.visualViewport) {
    window.visualViewport.addEventListener("resize", fitViewport);
  }
  window.addEventListener("resize", fitViewport);
  if (window.ResizeObserver) {
    // Banners appearing, the keyboard, a rotated phone: the view changes, the latest stays.
    new ResizeObserver(() => { if (pinned) showLatest(); }).observe(scroller);
  }

  // -- status ------------------------------------------------------------------------------

  // The page's own errors by their label, so that they follow the language.
  function showError(label) {
    showErrorText(words[label]);
    errorBox.dataset.label = label;
  }

  function showErrorText(text) {
    delete errorBox.dataset.label;
    errorBox.textContent = text;
    errorBox.hidden = false;
  }

  function hideError() {
    errorBox.hidden = true;
    delete errorBox.dataset.label;
    errorBox.textContent = "";
  }

  function showConnecting(label) {
    connectingText.dataset.label = label;
    connectingText.textContent = words[label];
    connecting.hidden = false;
    showLatest();
  }

  function setReady(value) {
    ready = value;
    sendButton.disabled = !value;
    root.dataset.connected = value ? "true" : "false";
    connecting.hidden = value;
    messages.querySelectorAll(".quick-replies button:not([data-used])").forEach((b) => {
      b.disabled = !value;
    });
  }

  function setTyping(on) {
    typing.hidden = !on;
    clearTimeout(answerTimer);
    if (on) {
      showLatest();
      answerTimer = setTimeout(() => {
        typing.hidden = true;
        showError("no_answer");
      }, ANSWER_TIMEOUT_MS);
    }
  }

  // -- messages ----------------------------------------------------------------------------

  // Only http(s) links become links: never a javascript: URL from a reply.
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  function quickReplies(buttons) {
    const group = document.createElement("div");
    group.className = "quick-replies";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", words.answers);
    buttons.forEach((b) => {
      if (b.url) {
        // A link (e.g. the full brief for a rep) opens its page and says nothing to the bot.
        const link = document.createElement("a");
        link.className = "quick-reply";
        link.href = b.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.textContent = b.title;
        group.append(link);
        return;
      }
      const button = document.createElement("button");
      button.type = "button";
      button.className = "quick-reply";
      button.disabled = !ready;
      const title = document.createElement("span");
      title.className = "quick-reply-title";
      title.textContent = b.title;
      button.append(title);
      if (b.explanation) {
        button.classList.add("explained");
        const explanation = document.createElement("span");
        explanation.className = "quick-reply-explanation";
        explanation.textContent = b.explanation;
        button.append(explanation);
      }
      button.addEventListener("click", (event) => {
        if (!send(b.payload, b.title)) return;
        group.querySelectorAll("button").forEach((other) => {
          other.disabled = true;
          other.dataset.used = "true";
        });
        button.setAttribute("aria-pressed", "true");
        // From the keyboard (detail 0) or a mouse, typing goes on in the message box; a
        // tap leaves the phone's keyboard closed.
        if (event.detail === 0 || !touch) input.focus({ preventScroll: true });
      });
      group.append(button);
    });
    return group;
  }

  function render(entry, withButtons) {
    const item = document.createElement("li");
    item.className = "message message-" + entry.speaker;
    const who = document.createElement("span");
    who.className = "visually-hidden speaker";
    who.dataset.speaker = entry.speaker;
    who.textContent = entry.speaker === "bot" ? words.assistant : words.you;
    const text = document.createElement("p");
    text.append(who, document.createTextNode(entry.text));
    item.append(text);
    if (withButtons && entry.buttons && entry.buttons.length) {
      item.append(quickReplies(entry.buttons));
    }
    messages.append(item);
    showLatest();
  }

  function add(speaker, text, buttons) {
    // Earlier answer buttons are settled once anything new is said.
    messages.querySelectorAll(".quick-replies button").forEach((b) => {
      b.disabled = true;
      b.dataset.used = "true";
    });
    const entry = { speaker, text, buttons: buttons || [] };
    render(entry, true);
    state.history.push(entry);
    state.history = state.history.slice(-HISTORY_LIMIT);
    save();
  }

  function send(message, shown) {
    const text = (message || "").trim();
    if (!text) return false;
    if (!ready) {
      showError("not_connected");
      return false;
    }
    const metadata = {};
    // The first message answers this page's own welcome (the role question, or an
    // invitation's first question): a "hello" typed in reply is not welcomed a second time.
    if (state.history.length <= 1) metadata.welcomed = true;
    // The language the page speaks (a refused Danish invitation): the interview's first.
    if (root.dataset.language) metadata.locale = root.dataset.language;
    if (invite) metadata.invite = invite;
    const data = { message: text, session_id: state.session, metadata };
    socket.emit("user_uttered", data);
    add("user", shown || text);
    setTyping(true);
    return true;
  }

  // -- the opening -------------------------------------------------------------------------

  function greet(shown) {
    if (state.history.length === 0) add("bot", shown.text, shown.buttons);
  }

  // The page's own greeting in the language it speaks (English until it knows).
  function greeting(kind) {
    const spoken = greetings.languages && greetings.languages[root.dataset.language];
    return (spoken && spoken[kind]) || greetings[kind];
  }

  async function checkInvitation() {
    // The token goes in a POST body, never in a URL that access logs would keep.
    const response = await fetch("/chat/invitation", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        token: invite,
        session_id: state.session,
        locale: navigator.language || null, // the notice's language if the link names none
      }),
    });
    const body = await response.json();
    return { ok: response.ok, refused: [404, 409, 410].includes(response.status), body };
  }

  async function opening() {
    if (opened) return;
    opened = true;
    if (!invite) {
      greet(greeting("open"));
      return;
    }
    const answer = await invitationAnswer;
    if (answer && answer.ok) {
      root.dataset.customer = answer.body.customer;
      greet(answer.body.greeting);
    } else if (answer && answer.refused) {
      noticeBox.textContent = answer.body.detail;
      noticeBox.hidden = false;
      root.dataset.invitation = "refused";
      invite = null; // the interview goes on as an open one: it asks who the person is
      greet(greeting("open"));
    } else {
      greet(greetings.invited);
    }
  }

  // The language the conversation spoke when this browser last saw it (a reload).
  if (state.language) speak(state.language);
  state.history.forEach((entry, i) => render(entry, i === state.history.length - 1));
  setReady(false);
  fitViewport();

  // An invitation is checked at once, so the page speaks the invited customer's language
  // while it connects; the greeting follows once connected. null: the check could not be
  // made (the interview itself still reads the invitation).
  const invitationAnswer = invite ? checkInvitation().catch(() => null) : Promise.resolve(null);
  invitationAnswer.then((answer) => {
    // A refused link says in which language it told why (its customer's, or the browser's).
    const language = answer && (answer.ok || answer.refused) ? answer.body.language : null;
    if (language && !state.language) speak(language);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (send(input.value)) input.value = "";
    input.focus();
  });

  if (typeof window.io !== "function") {
    connecting.hidden = true;
    showError("not_loaded");
    return;
  }

  const socket = window.io(rasaUrl, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnectionDelayMax: 10000,
  });

  function requestSession() {
    socket.emit("session_request", { session_id: state.session });
  }

  socket.on("connect", () => {
    hideError();
    requestSession();
  });

  socket.on("session_confirm", (confirmed) => {
    state.session = confirmed.session_id;
    root.dataset.sessionId = confirmed.conversation_id;
    save();
    setReady(true);
    opening();
  });

  socket.on("session_rejected", (rejected) => {
    if (state.session !== newSession) {
      // A session kept from before that the server no longer accepts: start afresh.
      state = { session: newSession, history: [] };
      messages.replaceChildren();
      opened = false; // greet again, in a conversation of its own
      save();
      requestSession();
      return;
    }
    setReady(false);
    connecting.hidden = true;
    if (rejected && rejected.text && !words[rejected.error]) showErrorText(rejected.text);
    else showError("invalid_session");
  });

  socket.on("bot_uttered", (reply) => {
    setTyping(false);
    hideError();
    if (reply.language && labels[reply.language] && reply.language !== state.language) {
      state.language = reply.language; // kept with the transcript by add()
      speak(reply.language);
    }
    const buttons = (reply.quick_replies || reply.buttons || []).map((b) => ({
      title: b.title,
      payload: b.payload,
      url: safeUrl(b.url),
      explanation: b.explanation || "",
    }));
    // A refusal the page has its own words for (the rate limit, an invalid session): said
    // in the page's language, not the server's English.
    const own = reply.error && words[reply.error];
    const text = own ? own.replace("{wait}", String(reply.wait || 60)) : reply.text;
    if (text) add("bot", text, buttons);
  });

  socket.on("connect_error", () => {
    setReady(false);
    setTyping(false);
    showError("cannot_reach");
    showConnecting("trying");
  });

  socket.on("disconnect", (reason) => {
    setReady(false);
    setTyping(false);
    if (reason !== "io client disconnect") {
      showError("lost");
      showConnecting("reconnecting");
    }
  });

  if (!touch) input.focus();
})();
