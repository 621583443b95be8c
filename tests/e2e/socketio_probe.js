// Scripted socket.io clients for the tests, with the chat page's own library (socket.io-client 4).
//
//   node tests/e2e/socketio_probe.js < script.json
//
// script.json: {"url": URL, "steps": [...]}, the steps run one after the other:
//   {"client": NAME, "connect": {"session_id": ID}}   connect (first time) and ask for the
//        session; waits for session_confirm or session_rejected
//   {"client": NAME, "say": TEXT, "session_id": ID, "metadata": {...}}   send a message (the
//        metadata is optional: what the browser adds); waits for a reply (bot_uttered) or
//        QUIET_MS without one
//   {"wait": MS}
// Prints {NAME: [[event, payload], ...]} with every event each client received.
"use strict";

const { io } = require("socket.io-client");

const STEP_TIMEOUT_MS = 30000;
const QUIET_MS = 3000;

function client(url, name, received) {
  const socket = io(url, { transports: ["websocket"], reconnection: false });
  const waiting = [];
  socket.onAny((event, payload) => {
    received[name].push([event, payload]);
    waiting.splice(0).forEach((resolve) => resolve(event));
  });
  return {
    socket,
    next(events, quietMs) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), quietMs);
        const check = (event) => {
          if (events.includes(event)) {
            clearTimeout(timer);
            resolve(event);
          } else {
            waiting.push(check);
          }
        };
        waiting.push(check);
      });
    },
  };
}

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const { url, steps } = JSON.parse(input);
  const clients = {};
  const received = {};
  for (const step of steps) {
    if (step.wait) {
      await new Promise((resolve) => setTimeout(resolve, step.wait));
      continue;
    }
    const name = step.client;
    if (!clients[name]) {
      received[name] = [];
      clients[name] = client(url, name, received);
      await new Promise((resolve, reject) => {
        clients[name].socket.on("connect", resolve);
        clients[name].socket.on("connect_error", (error) => reject(new Error(`${name}: ${error.message}`)));
      });
    }
    const { socket, next } = clients[name];
    if (step.connect) {
      const answered = next(["session_confirm", "session_rejected"], STEP_TIMEOUT_MS);
      socket.emit("session_request", step.connect);
      if (!(await answered)) throw new Error(`${name}: no answer to session_request`);
    } else if (step.say !== undefined) {
      const answered = next(["bot_uttered"], step.quiet_ms || QUIET_MS);
      const message = { message: step.say, session_id: step.session_id };
      if (step.metadata) message.metadata = step.metadata;
      socket.emit("user_uttered", message);
      await answered;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // replies still on their way
  Object.values(clients).forEach((c) => c.socket.close());
  process.stdout.write(JSON.stringify(received));
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
