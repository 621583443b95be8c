// A socket.io chat client for the tests, with the chat page's own library (socket.io-client 4).
//
//   node tests/e2e/socketio_client.js URL TRANSPORT < conversations.json
//
// Reads {"session_id": [message, ...], ...} on stdin (signed session ids, as the chat page gets
// them from the API) and talks to Rasa's socket.io channel the
// way the chat page does (session_request, then user_uttered with the session id), all
// conversations at once, each message after the previous one was answered. Prints
// {"session_id": [[reply text, ...] per message], ...} as JSON. TRANSPORT is "polling" (each
// request separate: needs sticky sessions behind a load balancer; cookies are kept) or
// "websocket".
"use strict";

const { io } = require("socket.io-client");

const REPLY_TIMEOUT_MS = 30000;
const QUIET_MS = 400; // a turn's replies arrive together; this long without another ends it

function converse(url, transport, sessionId, messages) {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: [transport],
      withCredentials: true, // keeps HAProxy's sticky-session cookie between polling requests
      reconnection: false,
      timeout: REPLY_TIMEOUT_MS,
    });
    const answers = [];
    let said = null;
    let quiet = null;
    const fail = (error) => {
      socket.close();
      reject(new Error(`${sessionId}: ${error}`));
    };
    let timeout = setTimeout(() => fail("no session"), REPLY_TIMEOUT_MS);
    const next = () => {
      clearTimeout(timeout);
      if (answers.length === messages.length) {
        socket.close();
        resolve(answers);
        return;
      }
      said = [];
      socket.emit("user_uttered", {
        message: messages[answers.length],
        session_id: sessionId,
        metadata: { customer: "Socket Ltd", role: "customer" },
      });
      timeout = setTimeout(() => fail(`no reply to ${messages[answers.length]}`), REPLY_TIMEOUT_MS);
    };
    socket.on("connect", () => socket.emit("session_request", { session_id: sessionId }));
    socket.on("connect_error", (error) => fail(`connect_error ${error.message}`));
    socket.on("disconnect", (reason) => {
      if (answers.length < messages.length) fail(`disconnected: ${reason}`);
    });
    socket.on("session_confirm", () => next());
    socket.on("bot_uttered", (reply) => {
      if (said === null) return;
      said.push(reply.text);
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        answers.push(said);
        next();
      }, QUIET_MS);
    });
  });
}

async function main() {
  const [url, transport] = process.argv.slice(2);
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const conversations = JSON.parse(input);
  const ids = Object.keys(conversations);
  const results = await Promise.all(ids.map((id) => converse(url, transport, id, conversations[id])));
  process.stdout.write(JSON.stringify(Object.fromEntries(ids.map((id, i) => [id, results[i]]))));
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
