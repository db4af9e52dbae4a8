// One class at a time is "pointed at" on a page: the pointer is over its bar or its table column, or a key
// focused its bar. Every picture of that class lights up with it, in the browser, with no server round trip.
// Components v2 share one document (they are not iframes), so an event on window reaches them all without
// any of them finding another's DOM. Python prepends this file to each component's module.
const CLASS_HOVER = "explainer:hover-class"; // detail: {page, k}; k is null when nothing is pointed at

/** Tell every picture of `page` (the sender included) that class `k` is pointed at now (null: none). */
function announceClass(page, k) {
  window.dispatchEvent(new CustomEvent(CLASS_HOVER, { detail: { page, k } }));
}

/** Call `show(k)` whenever a picture of `page` announces a class; returns the function that stops it. */
function followClass(page, show) {
  const listener = (event) => {
    if (event.detail.page === page) show(event.detail.k);
  };
  window.addEventListener(CLASS_HOVER, listener);
  return () => window.removeEventListener(CLASS_HOVER, listener);
}
