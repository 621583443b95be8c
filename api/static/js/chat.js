// The chat page: talks to Rasa's socket.io channel (user_uttered / bot_uttered) directly.
// The server signs session ids: the page brings a new one (data-new-session), used unless
// localStorage keeps one from before, with the transcript, so a reload resumes the interview.
"use strict";

(function () {
  const root = document.getElementById("chat");
  const messages = document.getElementById("messages");
  const typing = document.getElementById("typing");
  const errorBox = document.getElementById("connection-error");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");

  const rasaUrl = root.dataset.rasaUrl;
  const newSession = root.dataset.newSession;
  // Invitation links carry the token in the fragment (#invite=…), which never reaches a
  // server log; ?invite= (older links) arrives as data-invite.
  const invite = new URLSearchParams(window.location.hash.slice(1)).get("invite")
    || root.dataset.invite || null;
  const storageKey = "needfinder.chat." + (invite || "open");
  const HISTORY_LIMIT = 200;
  const ANSWER_TIMEOUT_MS = 60000;

  let state = { session: newSession, history: [] };
  let ready = false;
  let answerTimer = null;

  try {
    const kept = JSON.parse(localStorage.getItem(storageKey)) || {};
    if (kept.session) state = Object.assign(state, kept); // else nothing signed to resume
  } catch (_) {
    // No storage or a damaged entry: start afresh.
  }

  function save() {
    try {
      localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (_) {
      // Private mode or full storage: the chat still works, a reload just starts afresh.
    }
  }

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
  }

  function hideError() {
    errorBox.hidden = true;
    errorBox.textContent = "";
  }

  function setReady(value) {
    ready = value;
    sendButton.disabled = !value;
    root.dataset.connected = value ? "true" : "false";
    messages.querySelectorAll(".quick-replies button:not([data-used])").forEach((b) => {
      b.disabled = !value;
    });
  }

  function setTyping(on) {
    typing.hidden = !on;
    clearTimeout(answerTimer);
    if (on) {
      answerTimer = setTimeout(() => {
        typing.hidden = true;
        showError("The assistant has not answered. Please send your message again.");
      }, ANSWER_TIMEOUT_MS);
    }
  }

  function quickReplies(buttons) {
    const group = document.createElement("div");
    group.className = "quick-replies";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Possible answers");
    buttons.forEach((b) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "quick-reply";
      button.textContent = b.title;
      button.disabled = !ready;
      button.addEventListener("click", () => {
        if (!send(b.payload, b.title)) return;
        group.querySelectorAll("button").forEach((other) => {
          other.disabled = true;
          other.dataset.used = "true";
        });
        button.setAttribute("aria-pressed", "true");
        input.focus();
      });
      group.append(button);
    });
    return group;
  }

  function render(entry, withButtons) {
    const item = document.createElement("li");
    item.className = "message message-" + entry.speaker;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = entry.speaker === "bot" ? "Assistant: " : "You: ";
    const text = document.createElement("p");
    text.append(who, document.createTextNode(entry.text));
    item.append(text);
    if (withButtons && entry.buttons && entry.buttons.length) {
      item.append(quickReplies(entry.buttons));
    }
    messages.append(item);
    item.scrollIntoView({ block: "end" });
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
      showError("Not connected to the chat server yet: your message was not sent.");
      return false;
    }
    const data = { message: text, session_id: state.session };
    if (invite) data.metadata = { invite };
    socket.emit("user_uttered", data);
    add("user", shown || text);
    setTyping(true);
    return true;
  }

  state.history.forEach((entry, i) => render(entry, i === state.history.length - 1));
  setReady(false);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (send(input.value)) input.value = "";
    input.focus();
  });

  if (typeof window.io !== "function") {
    showError("The chat could not load. Please reload the page.");
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
  });

  socket.on("session_rejected", (rejected) => {
    if (state.session !== newSession) {
      // A session kept from before that the server no longer accepts: start afresh.
      state = { session: newSession, history: [] };
      messages.replaceChildren();
      save();
      requestSession();
      return;
    }
    setReady(false);
    showError((rejected && rejected.text) || "This chat session is not valid. Please reload the page.");
  });

  socket.on("bot_uttered", (reply) => {
    setTyping(false);
    hideError();
    const buttons = (reply.quick_replies || reply.buttons || []).map((b) => ({
      title: b.title,
      payload: b.payload,
    }));
    if (reply.text) add("bot", reply.text, buttons);
  });

  socket.on("connect_error", () => {
    setReady(false);
    setTyping(false);
    showError("Cannot reach the chat server. Trying again…");
  });

  socket.on("disconnect", (reason) => {
    setReady(false);
    setTyping(false);
    if (reason !== "io client disconnect") {
      showError("The connection to the chat server was lost. Reconnecting…");
    }
  });

  input.focus();
})();
