// The class's poll: every `every` seconds (0: never), ask Streamlit to rerun the fragment this sits in, but only while the
// page is idle and visible. Streamlit's own run_every fired in the middle of a page's run, and a fragment rerun
// preempts the run in progress: the page's half-drawn sliders came back at their minimum (and a pending page
// change was lost). A hidden tab (a phone in a pocket) costs the server nothing.
// A new `nudge` says the teacher moved within this page: once the page is idle, class_nudge.js reruns the page's
// fragment (cheaper than the whole page), and the next tick waits a second so as not to preempt it.
const MOVED = "explainer:class-moved";
const NUDGE_WAIT_MS = 5000; // a nudge not delivered by then is sent again by the next poll
const CHECK_MS = 200; // how often a poll looks whether its tick is due and the page idle
// After a person's click or key, no tick until the run it asked for has been seen, or this long (a click that asks
// for no run). Streamlit folds a rerun that arrives while another waits into one, with the newer one's page: a tick
// sent between a sidebar click and its run's start (the page still "notRunning" while the server is busy) took the
// teacher back to the page they had left.
const SETTLE_MS = 5000;
const timers = new WeakMap();
const nudged = new WeakMap(); // the last nudge sent from this poll
let nudgedAt = -Infinity;
let interactedAt = -Infinity;
let runSeen = true; // a run has started since the last click or key

function scriptState() {
  return document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState;
}

// A click (a tap, a drag's release, Enter on a button) or a key; not a touch that scrolls a phone's page, which asks
// for no run and would hold the phone's poll back while its reader scrolls.
for (const event of ["click", "keydown"]) {
  document.addEventListener(
    event,
    () => {
      interactedAt = performance.now();
      runSeen = false;
    },
    { capture: true },
  );
}
// Every change of the run's state, not only those a 200 ms check happens to sample: a short run counts as seen.
new MutationObserver(() => {
  if (scriptState() !== "notRunning") runSeen = true;
}).observe(document.body, { attributes: true, attributeFilter: ["data-test-script-state"], subtree: true });

// Idle: no script running nor one just asked for by a click, the tab visible, and no dropdown open (a rerun under an
// open select closed it).
function idle() {
  const state = scriptState();
  const asked = !runSeen && performance.now() - interactedAt < SETTLE_MS;
  const open = document.querySelector('[data-baseweb="popover"]') !== null;
  return !document.hidden && !open && !asked && state === "notRunning";
}

function nudgeWhenIdle() {
  const since = performance.now();
  const waiter = setInterval(() => {
    if (idle() || performance.now() - since > NUDGE_WAIT_MS) {
      clearInterval(waiter);
      if (idle()) {
        nudgedAt = performance.now();
        window.dispatchEvent(new CustomEvent(MOVED));
      }
    }
  }, 50);
}

export default function ({ data, parentElement, setTriggerValue }) {
  clearInterval(timers.get(parentElement));
  if (data.nudge && nudged.get(parentElement) !== data.nudge) {
    nudged.set(parentElement, data.nudge);
    nudgeWhenIdle();
  }
  let ticks = 0;
  if (!data.every) return () => timers.delete(parentElement); // the teacher between votes: no poll
  // A tick that finds the page busy (another poll's rerun: the teacher's sidebar count and the stage tick together)
  // fires as soon as it is idle, not a whole period later: at the same period, one poll had starved the other.
  let due = performance.now() + data.every * 1000;
  timers.set(
    parentElement,
    setInterval(() => {
      const now = performance.now();
      if (now < due || !idle() || now - nudgedAt <= 1000) return;
      due = now + data.every * 1000;
      setTriggerValue("tick", ++ticks);
    }, CHECK_MS),
  );
  return () => {
    clearInterval(timers.get(parentElement));
    timers.delete(parentElement);
  };
}
