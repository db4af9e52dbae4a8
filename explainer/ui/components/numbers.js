// How the browser components print numbers, in one place: the same rules as explainer/maths/numbers.py, so a
// number drawn in the browser during a drag reads as the one Python prints after it (the browser tests compare
// the two value by value), and how they put numbers into the sentences Python sends in the reader's language.
// Python prepends this file to each component's module.

/** `template` (a sentence from Python, in the reader's language) with each {name} replaced by `values[name]`. */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** As explainer.maths.numbers.number prints numbers (the page's formulas): 4 decimals; 1 from 1000 on; below
 * 1e-4, 3 significant digits in powers of ten (3.00e-7); ∞ past float64 (tests/test_logit_lab_browser.py).
 */
export function number(value) {
  if (Math.abs(value) === Infinity) return value > 0 ? "∞" : "-∞";
  if (Math.abs(value) >= 1000) return value.toFixed(1);
  return Math.abs(value) >= 1e-4 || value === 0 ? value.toFixed(4) : value.toExponential(2);
}

/** p as explainer.maths.numbers.probability prints it: as number does, or e^(log p) where p underflows. */
export function probability(p, logP) {
  return p >= 1e-4 ? number(p) : `e^${number(logP)}`;
}

/** A bar's or tick's label in the logit lab: `digits` decimals, powers of ten where they would not show. */
function barLabel(value, digits) {
  if (Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 10 ** -digits)) return value.toExponential(2);
  return value.toFixed(digits);
}

/** A cell as explainer.maths.numbers.table_cell prints it: 4 decimals, powers of ten from 10^5 on, ∞ past float64. */
export function tableCell(value) {
  if (value === Infinity) return "∞";
  if (Math.abs(value) < 1e5) return value.toFixed(4);
  const [mantissa, exponent] = value.toExponential(4).split("e");
  return `${mantissa}e${Number(exponent)}`;
}
