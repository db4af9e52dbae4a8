// What this browser keeps of its class across a reload, in localStorage (this site only, never sent elsewhere): the
// teacher's class and secret, so that reloading the projector's tab leaves the teacher in charge, and a phone's
// anonymous answer token, so that a reloaded phone still counts once. Until the browser has answered a session's
// `recall` with what it kept, nothing is written (a page that reruns at once must not overwrite the old token);
// afterwards the server says what to keep (`remember`), or nothing: forget it.
const KEY = "explainer-class";

function kept() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "null");
  } catch {
    return null; // storage off (a private window) or a damaged entry: nothing kept
  }
}

export default function ({ data, setTriggerValue }) {
  const stored = kept();
  if (data.recall) {
    setTriggerValue("recalled", stored ?? {}); // answered even when empty: until then nothing is overwritten
    return;
  }
  try {
    if (data.remember) localStorage.setItem(KEY, JSON.stringify(data.remember));
    else localStorage.removeItem(KEY);
  } catch {
    // storage off: the teacher link and the class code still work
  }
}
