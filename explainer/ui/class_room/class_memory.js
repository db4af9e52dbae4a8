// What this browser keeps of its class (this site only, never sent elsewhere): the class's code, the teacher's secret
// on the projector, and an anonymous answer token this browser drew itself on a phone. Reported to the server as the
// component's state, which Streamlit's browser sends with every rerun: a session on a new replica, after the one
// holding the page died, knows the phone's token from its first run; after a reload, this reports it once.
// The server says what to keep (`keep`: its class), or to `forget` a class it left, and what it has heard (`heard`;
// "new": a session's first run, which hears what this page reported before, if anything).
const KEY = "explainer-class";
const TOKEN = /^[A-Za-z0-9_-]{8,64}$/;
const TRIES = 3; // reports of the same memory the server has not heard, before giving up (never a rerun loop)
let unstored = null; // where localStorage is off (a private window): kept for this page's life, across reconnects
let reported = null; // what this page last reported
let tries = 0;
let waiting = null; // the report waiting for the page to be idle

function wellFormed(entry) {
  if (entry === null || typeof entry !== "object" || typeof entry.code !== "string") return null;
  const kept = { code: entry.code };
  for (const name of ["voter", "secret"]) if (TOKEN.test(entry[name] ?? "")) kept[name] = entry[name];
  return kept;
}

function read() {
  try {
    return wellFormed(JSON.parse(localStorage.getItem(KEY) ?? "null"));
  } catch {
    return unstored; // storage off, or a damaged entry
  }
}

function write(kept) {
  unstored = kept;
  try {
    if (kept) localStorage.setItem(KEY, JSON.stringify(kept));
    else localStorage.removeItem(KEY);
  } catch {
    // storage off: this page still keeps it
  }
}

function token() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function toKeep({ keep, forget }, mine) {
  if (forget) return null;
  if (!keep) return mine;
  const same = mine !== null && mine.code === keep.code;
  const kept = { code: keep.code, voter: same && mine.voter ? mine.voter : token() };
  const secret = keep.secret ?? (same ? mine.secret : undefined);
  return secret ? { ...kept, secret } : kept;
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export default function ({ data, setStateValue }) {
  const mine = read();
  const now = toKeep(data, mine);
  if (!same(now, mine)) write(now);
  const heard = data.heard === "new" ? reported : data.heard;
  if (same(now, heard)) {
    tries = 0;
    return;
  }
  if (!same(now, reported)) tries = 0;
  if (tries >= TRIES) return;
  tries += 1;
  reported = now;
  whenIdle(() => setStateValue("identity", now ?? {})); // {}: nothing kept (no state: a session not heard yet)
}

// Report once the page's run is over: a rerun asked for in the middle of one cuts it short (a phone's first run in a
// class is often following the teacher to another page), as class_poll.js waits for its ticks.
function whenIdle(report) {
  clearInterval(waiting);
  waiting = setInterval(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app === null || app.dataset.testScriptState === "notRunning") {
      clearInterval(waiting);
      report();
    }
  }, 50);
}
