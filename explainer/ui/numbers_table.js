// The worked example's numbers table. Each row is a class: the pointer on a row points at that class, and
// the class pointed at anywhere on the page (its bars in the logit lab, its row here) gets its row framed.

/** The class of the table row an element is in, or null outside the body's rows. */
function rowClass(node) {
  const row = node.closest?.("tr[data-class]");
  return row ? Number(row.dataset.class) : null;
}

function cell(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

/** Everything one mounted table keeps between Streamlit's calls (one per parentElement). */
class NumbersTable {
  constructor(parent, page) {
    this.page = page;
    this.table = document.createElement("table");
    this.table.className = "numbers";
    parent.appendChild(this.table);
    this.pointed = null; // the class of the row under the pointer
    this.shown = null; // the class pointed at anywhere on the page, as last announced
    this.stopFollowing = followClass(page, (k) => this.showClass(k));
    const over = (event) => this.point(rowClass(event.target));
    const leave = () => this.point(null);
    this.table.addEventListener("pointerover", over);
    this.table.addEventListener("pointerleave", leave);
    this.stopListening = () => {
      this.table.removeEventListener("pointerover", over);
      this.table.removeEventListener("pointerleave", leave);
    };
  }

  /** New data from Python: the rows drawn again, the class pointed at kept. */
  update({ columns, rows, highlight }) {
    this.table.style.setProperty("--lit", highlight);
    const head = document.createElement("thead");
    head.append(document.createElement("tr"));
    const names = ["class", ...columns];
    head.firstChild.append(...names.map((name) => cell("th", name, { scope: "col" })));
    const body = document.createElement("tbody");
    for (const { k, label, color, cells, lit } of rows) {
      const row = document.createElement("tr");
      row.dataset.class = k;
      const name = cell("th", label, { scope: "row" });
      // The colour of the class's bars in the logit lab: green true class, vermillion wrong prediction, grey.
      const swatch = cell("span", "", { class: "swatch", "aria-hidden": "true" });
      swatch.style.background = color;
      name.prepend(swatch);
      row.append(name, ...cells.map((text, j) => cell("td", text, lit[j] ? { class: "lit" } : {})));
      body.append(row);
    }
    this.table.replaceChildren(head, body);
    this.showClass(this.shown);
  }

  showClass(k) {
    this.shown = k;
    for (const row of this.table.tBodies[0]?.rows ?? []) {
      row.classList.toggle("pointed", Number(row.dataset.class) === k);
    }
  }

  /** The pointer is over class k's row (null: none): announced when it moves to another class. */
  point(k) {
    if (k === this.pointed) return;
    this.pointed = k;
    if (k !== this.shown) announceClass(this.page, k);
  }

  destroy() {
    this.stopListening();
    this.stopFollowing();
    this.table.remove();
  }
}

const tables = new WeakMap();

export default function ({ data, parentElement }) {
  let table = tables.get(parentElement);
  if (!table) {
    table = new NumbersTable(parentElement, data.page);
    tables.set(parentElement, table);
  }
  table.update(data);
  // Streamlit runs this again on every new data but calls only the last cleanup, once, at unmount.
  return () => {
    table.destroy();
    tables.delete(parentElement);
  };
}
