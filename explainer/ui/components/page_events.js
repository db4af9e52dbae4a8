// Events between the pictures of one page, in the browser only, with no server round trip. Components v2 share
// one document (they are not iframes), so an event on window reaches them all without any of them finding
// another's DOM. Python prepends this file to each component's module.

// One class at a time is "pointed at" on a page: the pointer is over its bar or its table column, or a key
// focused its bar. Every picture of that class lights up with it.
const CLASS_HOVER = "explainer:hover-class"; // detail: {page, k}; k is null when nothing is pointed at
// While a logit bar is dragged (or stepped by keys), the lab's numbers for every frame, so the page's other
// pictures of them move with the pointer; torch's own numbers replace them after the release.
const LIVE_NUMBERS = "explainer:live-numbers"; // detail: {page, numbers: {logits, exps, p, logP, q, gradient, colors}}

/** Tell every picture of `page` (the sender included) that class `k` is pointed at now (null: none). */
function announceClass(page, k) {
  window.dispatchEvent(new CustomEvent(CLASS_HOVER, { detail: { page, k } }));
}

/** Call `show(k)` whenever a picture of `page` announces a class; returns the function that stops it. */
function followClass(page, show) {
  return follow(CLASS_HOVER, page, (detail) => show(detail.k));
}

/** Tell the pictures of `page` the numbers of the example as it is in the middle of a move. */
function announceNumbers(page, numbers) {
  window.dispatchEvent(new CustomEvent(LIVE_NUMBERS, { detail: { page, numbers } }));
}

/** Call `show(numbers)` on every frame of a move on `page`; returns the function that stops it. */
function followNumbers(page, show) {
  return follow(LIVE_NUMBERS, page, (detail) => show(detail.numbers));
}

function follow(name, page, handle) {
  const listener = (event) => {
    if (event.detail.page === page) handle(event.detail);
  };
  window.addEventListener(name, listener);
  return () => window.removeEventListener(name, listener);
}
