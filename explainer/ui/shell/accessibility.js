// What every page needs for screen readers and keyboards, in the browser: one polite live region that speaks what
// pages post with announce() (throttled: the latest of a burst, at most one every THROTTLE_MS), formulas and tables
// too wide for their column made reachable by Tab (a scroll region a keyboard cannot focus cannot be scrolled), and
// each chart that describe() follows named and described to assistive technology (role="figure", aria-label,
// aria-describedby). Components v2 share the page's document (not iframes): one observer here sees the whole page.

const THROTTLE_MS = 1500;
const SOURCE = ".announce-source"; // announce()'s hidden paragraphs: their text is what to say
const FIGURE = ".figure-description"; // describe()'s hidden descriptions, each beside its chart

// What may scroll sideways, and what to call it (the words, in the page's language, come from Python): formulas and
// tables wider than their column.
const SCROLLERS = [
  [".katex-display", "formula"],
  ['[data-testid="stTable"], [data-testid="stTable"] div', "table"], // its wrappers, never the table itself
];
let words = { formula: "Formula", table: "Table", wide: "{what}, wider than the page: scroll it sideways with the arrow keys" };

/** Give everything that overflows its column a tab stop and a name; drop them when it fits again. */
function focusableScrollers(root) {
  for (const [selector, what] of SCROLLERS) {
    for (const element of root.querySelectorAll(selector)) {
      const overflow = getComputedStyle(element).overflowX;
      const scrolls = element.scrollWidth > element.clientWidth + 1 && (overflow === "auto" || overflow === "scroll");
      if (scrolls && !element.hasAttribute("tabindex")) {
        element.setAttribute("tabindex", "0");
        element.setAttribute("role", "group");
        element.setAttribute("aria-label", words.wide.replace("{what}", words[what]));
        element.dataset.madeFocusable = "true";
      } else if (!scrolls && element.dataset.madeFocusable) {
        for (const name of ["tabindex", "role", "aria-label", "data-made-focusable"]) element.removeAttribute(name);
      }
    }
  }
}

/** Name each described chart and point it at its description. */
function describedFigures(root) {
  for (const description of root.querySelectorAll(FIGURE)) {
    // The chart drawn last before the description in its block (describe() follows its chart).
    const block = description.closest('[data-testid="stVerticalBlock"]');
    const before = [...(block?.querySelectorAll('[data-testid="stPlotlyChart"]') ?? [])].filter(
      (chart) => chart.compareDocumentPosition(description) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    const chart = before.at(-1);
    if (!chart) continue;
    const name = description.dataset.name;
    if (chart.getAttribute("aria-label") !== name) {
      chart.setAttribute("role", "figure");
      chart.setAttribute("aria-label", name);
    }
    if (chart.getAttribute("aria-describedby") !== description.id) chart.setAttribute("aria-describedby", description.id);
  }
}

class Announcer {
  constructor(region) {
    this.region = region;
    this.seen = new Map(); // each source's key -> the text it had at the last look
    this.last = 0;
    this.pending = null;
    this.timer = null;
  }

  /** Say what changed in the announce() sources since the last look: a text under a key that already had another,
   * or a new key's text where the source asks to be said when it appears (an upload's result). */
  check(root) {
    const fresh = [];
    // A key absent from this look keeps its last text: a rerun can take a source away for a moment.
    for (const node of root.querySelectorAll(SOURCE)) {
      const { key, onAppear } = node.dataset;
      const text = (node.dataset.text ?? "").trim();
      const before = this.seen.get(key);
      this.seen.set(key, text);
      if (text && text !== before && (before !== undefined || onAppear === "true")) fresh.push(text);
    }
    if (fresh.length) this.say(fresh.join(" "));
  }

  /** The latest text of a burst, at most once every THROTTLE_MS. */
  say(text) {
    this.pending = text;
    if (this.timer !== null) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.last = performance.now();
        this.region.textContent = this.pending;
      },
      Math.max(0, this.last + THROTTLE_MS - performance.now()),
    );
  }
}

let stop = null; // one observer per document, however often the component is drawn

export default function ({ parentElement, data }) {
  if (data?.lang) document.documentElement.lang = data.lang;
  if (data?.words) words = data.words;
  let region = parentElement.querySelector('[role="status"]');
  if (!region) {
    region = document.createElement("div");
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.className = "announcements";
    parentElement.appendChild(region);
  }
  if (stop === null) {
    const announcer = new Announcer(region);
    let queued = false;
    const look = () => {
      queued = false;
      focusableScrollers(document);
      describedFigures(document);
      announcer.check(document);
    };
    const soon = () => {
      if (!queued) {
        queued = true;
        requestAnimationFrame(look);
      }
    };
    const observer = new MutationObserver(soon);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    window.addEventListener("resize", soon);
    look();
    stop = () => {
      observer.disconnect();
      window.removeEventListener("resize", soon);
      stop = null;
    };
  }
  return () => stop?.();
}
