// Inside a page fragment that draws the worked example's steps, on a following student's page: when the class's
// poll (class_poll.js) says the teacher moved within this page, rerun just this fragment, not the whole page.
const MOVED = "explainer:class-moved";
const listeners = new WeakMap();

export default function ({ parentElement, setTriggerValue }) {
  window.removeEventListener(MOVED, listeners.get(parentElement));
  let moves = 0;
  const listener = () => setTriggerValue("moved", ++moves);
  listeners.set(parentElement, listener);
  window.addEventListener(MOVED, listener);
  return () => window.removeEventListener(MOVED, listener);
}
