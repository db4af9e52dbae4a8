// The numbers table under the logit lab: a column per class, a row per quantity. The pointer on a column points
// at that class, and the class pointed at anywhere on the page (its bars in the logit lab, its column here) gets
// its column framed. Ten classes do not fit a narrow column: the table then shows as many whole columns as fit
// and scrolls sideways a column at a time, its quantity names kept in view, a shaded edge wherever more columns
// lie beyond, and a line under it saying which classes are shown (a cut column's "0.13" would read as a number).
// While a logit bar is dragged its cells follow the lab's numbers frame by frame, printed as Python prints them;
// the server's numbers replace them once the page has rerun. No module of its own: logit_lab.js mounts it under the
// bars, one component and one element a move (issue 32).

/** The class of the table column an element is in, or null outside the class columns. */
function columnClass(node) {
  const cell = node.closest?.("[data-class]");
  return cell ? Number(cell.dataset.class) : null;
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
    this.root = document.createElement("div"); // as wide as the page's column: the room the columns have
    this.root.className = "numbers-table";
    this.frame = document.createElement("div"); // holds the shaded edges, which must not scroll away
    this.frame.className = "numbers-frame";
    this.scroller = document.createElement("div");
    this.scroller.className = "numbers-scroller";
    // A keyboard scrolls it too (arrow keys once focused): ten classes do not fit a narrow column.
    this.scroller.setAttribute("tabindex", "0");
    this.scroller.setAttribute("role", "region");
    this.table = document.createElement("table");
    this.table.className = "numbers";
    this.note = document.createElement("div");
    this.note.className = "numbers-note";
    this.scroller.append(this.table);
    this.frame.append(this.scroller);
    this.root.append(this.frame, this.note);
    parent.append(this.root);
    this.pointed = null; // the class of the column under the pointer
    this.shown = null; // the class pointed at anywhere on the page, as last announced
    const stopClass = followClass(page, (k) => this.showClass(k));
    const stopNumbers = followNumbers(page, (numbers) => this.showNumbers(numbers));
    this.stopFollowing = () => {
      stopClass();
      stopNumbers();
    };
    const over = (event) => this.point(columnClass(event.target));
    const leave = () => this.point(null);
    const edges = () => this.markEdges();
    this.table.addEventListener("pointerover", over);
    this.table.addEventListener("pointerleave", leave);
    this.scroller.addEventListener("scroll", edges, { passive: true });
    this.resizing = new ResizeObserver(() => this.fit());
    this.resizing.observe(this.root);
    this.stopListening = () => {
      this.table.removeEventListener("pointerover", over);
      this.table.removeEventListener("pointerleave", leave);
      this.scroller.removeEventListener("scroll", edges);
      this.resizing.disconnect();
    };
  }

  /** New data from Python: the cells drawn again, the class pointed at kept. */
  update({ classes, rows, highlight, words }) {
    this.words = words;
    this.scroller.setAttribute("aria-label", words.region);
    this.table.style.setProperty("--lit", highlight);
    const head = document.createElement("tr");
    head.append(cell("th", words.class, { scope: "col" }));
    for (const { k, label, color } of classes) {
      const name = cell("th", label, { scope: "col", "data-class": k });
      // The colour of the class's bars in the logit lab: green true class, vermillion wrong prediction, grey.
      const swatch = cell("span", "", { class: "swatch", "aria-hidden": "true" });
      swatch.style.background = color;
      name.prepend(swatch);
      head.append(name);
    }
    const body = document.createElement("tbody");
    for (const { name, label, live, cells, lit } of rows) {
      const row = document.createElement("tr");
      row.dataset.live = live;
      row.append(cell("th", label ?? name, { scope: "row" }));
      cells.forEach((text, j) => {
        row.append(cell("td", text, { "data-class": classes[j].k, ...(lit[j] ? { class: "lit" } : {}) }));
      });
      body.append(row);
    }
    const thead = document.createElement("thead");
    thead.append(head);
    this.table.replaceChildren(thead, body);
    this.fit();
    this.showClass(this.shown);
  }

  /** The lab's numbers in the middle of a move: each row's cells from its field, the swatches recoloured, the
   *  columns fitted again (a growing e^z widens its column). */
  showNumbers(numbers) {
    for (const row of this.table.tBodies[0]?.rows ?? []) {
      const values = numbers[row.dataset.live];
      [...row.cells].slice(1).forEach((node, j) => {
        node.textContent = tableCell(values[j]);
      });
    }
    this.table.querySelectorAll("thead .swatch").forEach((swatch, j) => {
      swatch.style.background = numbers.colors[j];
    });
    this.fit();
  }

  /** Equal class columns, and a box as wide as the whole columns that fit beside the quantity names. */
  fit() {
    const [names, ...columns] = this.table.tHead?.rows[0]?.cells ?? [];
    if (!names) return;
    const { scrollLeft } = this.scroller; // kept through new data: measuring narrows the table for a moment
    for (const header of columns) header.style.width = "";
    this.scroller.style.maxWidth = "";
    const widest = Math.ceil(Math.max(...columns.map((header) => header.getBoundingClientRect().width)));
    for (const header of columns) header.style.width = `${widest}px`;
    this.column = widest;
    this.names = names.getBoundingClientRect().width + 1; // and the table's left border
    this.visible = Math.max(1, Math.min(columns.length, Math.floor((this.root.clientWidth - this.names) / widest)));
    if (this.visible < columns.length) this.scroller.style.maxWidth = `${this.names + this.visible * widest}px`;
    this.scroller.style.scrollPaddingLeft = `${this.names}px`; // columns snap in beside the names
    this.scroller.scrollLeft = scrollLeft;
    this.markEdges();
  }

  /** Frame class k's column (null: none); when another picture pointed at it, scroll it into the box. */
  showClass(k) {
    this.shown = k;
    for (const node of this.table.querySelectorAll("[data-class]")) {
      node.classList.toggle("pointed", Number(node.dataset.class) === k);
    }
    if (k !== null && k !== this.pointed) this.reveal(k);
  }

  /** Scroll the box sideways (never the page) until class k's column is in view beside the names. */
  reveal(k) {
    const first = Math.min(k, Math.max(k - this.visible + 1, Math.round(this.scroller.scrollLeft / this.column)));
    this.scroller.scrollLeft = first * this.column;
  }

  /** Shade the edges beyond which columns are hidden, and say which classes are shown, so nothing is cut off
   *  without a sign. */
  markEdges() {
    const { scrollLeft, scrollWidth, clientWidth } = this.scroller;
    this.frame.classList.toggle("more-left", scrollLeft > 1);
    this.frame.classList.toggle("more-right", scrollLeft + clientWidth < scrollWidth - 1);
    const count = this.table.tHead.rows[0].cells.length - 1;
    const first = Math.round(scrollLeft / this.column);
    this.note.textContent =
      this.visible < count
        ? fill(this.words.shown, { first, last: first + this.visible - 1, count })
        : "";
  }

  /** The pointer is over class k's column (null: none): announced when it moves to another class. */
  point(k) {
    if (k === this.pointed) return;
    this.pointed = k;
    if (k !== this.shown) announceClass(this.page, k);
  }

  destroy() {
    this.stopListening();
    this.stopFollowing();
    this.root.remove();
  }
}
