// The class's poll: every `every` seconds (0: never), ask Streamlit to rerun the fragment this sits in, but only while the
// page is idle and visible. Streamlit's own run_every fired in the middle of a page's run, and a fragment rerun
// preempts the run in progress: the page's half-drawn sliders came back at their minimum (and a pending page
// change was lost). A hidden tab (a phone in a pocket) costs the server nothing.
const timers = new WeakMap();

function idle() {
  const app = document.querySelector('[data-testid="stApp"]');
  return !document.hidden && app !== null && app.dataset.testScriptState === "notRunning";
}

export default function ({ data, parentElement, setTriggerValue }) {
  clearInterval(timers.get(parentElement));
  let ticks = 0;
  if (!data.every) return () => timers.delete(parentElement); // the teacher between votes: no poll
  timers.set(
    parentElement,
    setInterval(() => {
      if (idle()) setTriggerValue("tick", ++ticks);
    }, data.every * 1000),
  );
  return () => {
    clearInterval(timers.get(parentElement));
    timers.delete(parentElement);
  };
}
