// What this browser keeps of its class across a reload, in localStorage (this site only, never sent elsewhere): the
// teacher's class and secret, so that reloading the projector's tab leaves the teacher in charge, and a phone's
// anonymous answer token, so that a reloaded phone (or one moved to another replica) still counts once.
// Each server session says what to keep (`remember`, null: nothing). The first time a session speaks, what the
// browser kept goes back to it instead, if it differs, and is not overwritten until the server has answered; a
// browser that kept nothing costs the server no rerun.
const KEY = "explainer-class";
let recalledFor = null; // the server session this page last offered what it kept

function kept() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "null");
  } catch {
    return null; // storage off (a private window) or a damaged entry: nothing kept
  }
}

export default function ({ data, setTriggerValue }) {
  const stored = kept();
  if (recalledFor !== data.session) {
    recalledFor = data.session;
    if (stored !== null && JSON.stringify(stored) !== JSON.stringify(data.remember)) {
      setTriggerValue("recalled", stored);
      return;
    }
  }
  try {
    if (data.remember) localStorage.setItem(KEY, JSON.stringify(data.remember));
    else localStorage.removeItem(KEY);
  } catch {
    // storage off: the teacher link and the class code still work
  }
}
