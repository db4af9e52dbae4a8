// The logit lab: drag a logit bar (or focus it and use the arrow keys) and softmax, the target, the loss,
// the gradient and the sigmoids are recomputed here, in the browser, at display rate. Python gets the
// logits back only when the pointer (or key) is released; the server's numbers (torch's) stay the reference there.

const SVG = "http://www.w3.org/2000/svg";
const PANEL_GAP = 14; // px between panels
const TITLE_HEIGHT = 34; // px above each panel's plot area
const AXIS_HEIGHT = 30; // px below it for the class numbers
const VALUE_ROOM = 26; // px kept free above/below the plot for the bar labels
const LABEL_CHAR_WIDTH = 8.5; // px per character of a 15 px value label: wider bars get their value written
// A short window (a 1280 × 720 projector) gets shorter bars, so the page's title, the readout and the whole
// lab fit its first screen: the bars take what the window has left after this much, but never under MIN.
const WINDOW_ROOM = 420;
const MIN_HEIGHT = 280;
const MARKED_SLOT = 26; // px: a class slot at least this wide writes ✓ / ✗ beside its class number

/** softmax, cross-entropy and friends for one example, in float64 (JS numbers), stable for |z| up to 1e300.
 *
 * x = (z + c) / T; log p = x - max(x) - log Σ exp(x - max(x)) (log-sum-exp, as torch's log_softmax);
 * q = (1 - ε)·onehot(y) + ε/K; loss = -Σ q log p; ∂L/∂z = (p - q) / T; σ(z + c) without overflow;
 * e^x as the lecture writes it (Infinity past x ≈ 709.78, where the log-sum-exp above still holds).
 */
export function labMaths({ logits, target, temperature = 1, smoothing = 0, shift = 0 }) {
  const k = logits.length;
  const x = logits.map((z) => (z + shift) / temperature);
  const top = Math.max(...x);
  const logSum = Math.log(x.reduce((sum, v) => sum + Math.exp(v - top), 0));
  const logP = x.map((v) => v - top - logSum);
  const p = logP.map(Math.exp);
  const q = logits.map((_, i) => smoothing / k + (i === target ? 1 - smoothing : 0));
  // 0 · log p is 0 even where log p is -inf (it never is here, but a smoothed q of 0 must not make nan).
  const loss = -q.reduce((sum, qi, i) => sum + (qi === 0 ? 0 : qi * logP[i]), 0);
  const gradient = p.map((pi, i) => (pi - q[i]) / temperature);
  const sigmoid = logits.map((z) => {
    const v = z + shift;
    return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
  });
  const predicted = p.indexOf(Math.max(...p));
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  const exps = x.map(Math.exp);
  return { exps, logP, p, q, loss, gradient, sigmoid, predicted, sumP: sum(p), sumSigmoid: sum(sigmoid) };
}

/** The bars' colours, as style.class_colors gives them: the true class green, a wrong prediction vermillion,
 * every other class grey, in the colours Python sends. The rule is here too because the prediction changes in
 * the middle of a drag; tests/test_logit_lab_browser.py checks that it stays Python's.
 */
export function classColors(k, target, predicted, colors) {
  return Array.from({ length: k }, (_, i) =>
    i === target ? colors.true_class : i === predicted ? colors.predicted_wrong : colors.other_class,
  );
}

/** Class names that say what the colours say (style.class_labels): ✓ on the true class, ✗ on a wrong prediction. */
export function classLabels(k, target, predicted) {
  const mark = (i) => (i === target ? " ✓" : target != null && i === predicted ? " ✗" : "");
  return Array.from({ length: k }, (_, i) => `${i}${mark(i)}`);
}

/** The smallest of 1, 2, 2.5, 5 × 10^n at or above `value`: an axis limit that reads well. */
function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((limit) => limit >= value * (1 - 1e-12));
}

/** A logit after a drag or key: on the step grid, inside ±limit, and always finite. */
function clampLogit(value, limit, step) {
  if (!Number.isFinite(value)) return value > 0 ? limit : -limit;
  const snapped = Math.round(value / step) * step;
  return Math.min(limit, Math.max(-limit, Number(snapped.toFixed(10))));
}

function element(parent, name, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  parent.appendChild(node);
  return node;
}

/** One panel: a title, a plot area with a value axis, one slot per class. Knows how to place bars. */
class Panel {
  constructor(svg, title, k, series, symmetric) {
    this.k = k;
    this.symmetric = symmetric;
    this.group = element(svg, "g", { class: "panel" });
    this.title = element(this.group, "text", { class: "panel-title", "text-anchor": "middle" }, title);
    this.zero = element(this.group, "line", { class: "zero-line" });
    this.frame = element(this.group, "rect", { class: "plot-frame" });
    this.ticks = [0, 1, 2].map(() => element(this.group, "text", { class: "tick", "text-anchor": "end" }));
    this.slots = [];
    for (let i = 0; i < k; i++) {
      const slot = element(this.group, "g", { class: "slot" });
      const band = element(slot, "rect", { class: "band" });
      const ghosts = series.map(() => element(slot, "rect", { class: "ghost" }));
      const bars = series.map(() => element(slot, "rect", { class: "bar" }));
      const markers = element(slot, "line", { class: "target-marker" });
      const labels = series.map(() => element(slot, "text", { class: "value", "text-anchor": "middle" }));
      const name = element(slot, "text", { class: "class-name", "text-anchor": "middle" }, String(i));
      this.slots.push({ slot, band, ghosts, bars, markers, labels, name });
    }
  }

  layout(left, width, top, height) {
    Object.assign(this, { left, width, top: top + TITLE_HEIGHT + VALUE_ROOM });
    this.height = height - TITLE_HEIGHT - AXIS_HEIGHT - 2 * VALUE_ROOM;
    this.slotWidth = width / this.k;
    this.title.setAttribute("x", left + width / 2);
    this.title.setAttribute("y", top + TITLE_HEIGHT - 10);
    this.frame.setAttribute("x", left);
    this.frame.setAttribute("y", this.top - VALUE_ROOM);
    this.frame.setAttribute("width", width);
    this.frame.setAttribute("height", this.height + 2 * VALUE_ROOM);
    // Ten classes in a narrow panel: smaller class numbers rather than digits that touch.
    const nameSize = Math.max(13, Math.min(16, this.slotWidth * 0.8));
    this.slots.forEach(({ band, name }, i) => {
      name.style.fontSize = `${nameSize}px`;
      name.setAttribute("x", this.slotCentre(i));
      name.setAttribute("y", this.top + this.height + VALUE_ROOM + AXIS_HEIGHT - 6);
      // The class's column, from the top of the plot down through its class number.
      band.setAttribute("x", this.slotCentre(i) - this.slotWidth / 2 + 1);
      band.setAttribute("y", this.top - VALUE_ROOM);
      band.setAttribute("width", Math.max(1, this.slotWidth - 2));
      band.setAttribute("height", this.height + 2 * VALUE_ROOM + AXIS_HEIGHT);
    });
  }

  slotCentre(i) {
    return this.left + (i + 0.5) * this.slotWidth;
  }

  /** The y pixel of a value on this panel's axis: [-range, range] if symmetric, else [0, range]. */
  y(value) {
    const low = this.symmetric ? -this.range : 0;
    const clipped = Math.min(this.range, Math.max(low, value));
    return this.top + ((this.range - clipped) / (this.range - low)) * this.height;
  }

  setRange(range, digits) {
    this.range = range;
    const values = this.symmetric ? [range, 0, -range] : [range, range / 2, 0];
    this.ticks.forEach((tick, j) => {
      tick.setAttribute("x", this.left - 6);
      tick.setAttribute("y", this.y(values[j]) + 6);
      tick.textContent = barLabel(values[j], digits);
    });
    this.zero.setAttribute("x1", this.left);
    this.zero.setAttribute("x2", this.left + this.width);
    this.zero.setAttribute("y1", this.y(0));
    this.zero.setAttribute("y2", this.y(0));
  }

  /** Bars of one or more series per class (grouped): colours, ghosts (before the last move), value labels.
   *
   * A bar's value is written on it when the bar is wide enough for the text; the active bar's always.
   */
  draw(series, colors, ghosts, format, active) {
    const groupWidth = this.slotWidth * 0.8;
    const barWidth = groupWidth / series.length;
    this.slots.forEach((slot, i) => {
      series.forEach((values, s) => {
        const x = this.slotCentre(i) - groupWidth / 2 + s * barWidth;
        const value = values[i];
        place(slot.bars[s], x, barWidth, this.y(value), this.y(0));
        slot.bars[s].setAttribute("fill", Array.isArray(colors[s]) ? colors[s][i] : colors[s]);
        const ghost = ghosts ? ghosts[s][i] : null;
        slot.ghosts[s].style.display = ghost === null ? "none" : "";
        if (ghost !== null) place(slot.ghosts[s], x, barWidth, this.y(ghost), this.y(0));
        const text = format(value);
        const label = slot.labels[s];
        // The active bar's value is written even on a narrow bar, unless grouped bars would overlap.
        const show = barWidth >= text.length * LABEL_CHAR_WIDTH || (i === active && series.length === 1);
        label.style.display = show ? "" : "none";
        if (show) {
          const beyond = Math.abs(value) > this.range;
          label.setAttribute("x", x + barWidth / 2);
          label.setAttribute("y", value >= 0 ? this.y(value) - 8 : this.y(value) + 22);
          label.textContent = text + (beyond ? (value > 0 ? " ↑" : " ↓") : "");
        }
      });
    });
  }

  drawTargets(q, color) {
    this.slots.forEach((slot, i) => {
      slot.markers.setAttribute("stroke", color);
      const half = this.slotWidth * 0.42;
      const y = this.y(q[i]);
      for (const [key, value] of Object.entries({
        x1: this.slotCentre(i) - half,
        x2: this.slotCentre(i) + half,
        y1: y,
        y2: y,
      }))
        slot.markers.setAttribute(key, value);
    });
  }
}

function place(rect, x, width, yValue, yZero) {
  rect.setAttribute("x", x);
  rect.setAttribute("width", Math.max(1, width - 2));
  rect.setAttribute("y", Math.min(yValue, yZero));
  rect.setAttribute("height", Math.max(1, Math.abs(yZero - yValue)));
}

/** Everything one mounted lab keeps between Streamlit's calls (one per parentElement). */
class Lab {
  constructor(parent, page) {
    this.page = page;
    this.root = document.createElement("div");
    this.root.className = "logit-lab";
    this.readout = document.createElement("div");
    this.readout.className = "readout";
    // Not a live region: it changes every frame of a drag. The page's live region says the loss once a move ends.
    this.svg = document.createElementNS(SVG, "svg");
    this.svg.setAttribute("role", "group");
    this.svg.setAttribute("tabindex", "-1"); // a tab stop on each bar, none on the picture around them
    this.hint = document.createElement("div");
    this.hint.className = "hint";
    this.root.append(this.readout, this.svg, this.hint);
    parent.appendChild(this.root);
    this.shape = null;
    this.drag = null;
    this.ghost = null;
    this.frame = null;
    this.width = 0;
    this.pointed = null; // the class whose column the pointer is over in this lab
    this.keyboardClass = null; // the class this lab announced for its keyboard focus
    this.shown = null; // the class pointed at anywhere on the page, as last announced
    this.stopFollowing = followClass(page, (k) => this.showClass(k));
    this.resizing = new ResizeObserver(() => this.resize());
    this.resizing.observe(this.root);
    this.stopListening = this.listen();
  }

  /** At unmount: no listener, observer or element left behind. */
  destroy() {
    this.stopListening();
    this.stopFollowing();
    this.resizing.disconnect();
    this.root.remove();
  }

  /** New data from Python: adopt its logits unless the user is dragging right now.
   *
   * When a slider, the text field, a preset or a release changed the example, the bars as they were
   * before stay as dashed outlines: what the last move changed, whatever made it.
   */
  update(data, send) {
    const previous = this.data;
    this.data = data;
    this.send = send;
    this.svg.setAttribute("aria-label", data.words.lab);
    if (this.drag === null) {
      this.logits = data.logits.slice();
      if (previous?.logits.length !== data.logits.length) this.ghost = null;
      else if (EXAMPLE_FIELDS.some((f) => JSON.stringify(previous[f]) !== JSON.stringify(data[f])))
        this.ghost = outline(previous);
    }
    const shape = `${data.mode}:${data.logits.length}:${data.words.logitPanel}`; // and its titles' language
    if (shape !== this.shape) this.build(shape);
    this.render();
  }

  build(shape) {
    this.shape = shape;
    this.svg.replaceChildren();
    const k = this.data.logits.length;
    const sigmoidMode = this.data.mode === "sigmoid";
    const { colors: c, words } = this.data;
    this.panels = sigmoidMode
      ? [
          new Panel(this.svg, words.logitPanel, k, [0], true),
          new Panel(this.svg, words.sigmoidPanel, k, [0, 1], false),
        ]
      : [
          new Panel(this.svg, words.logitPanel, k, [0], true),
          new Panel(this.svg, "p = softmax(z/T)", k, [0], false),
          new Panel(this.svg, "∂L/∂z = (p − q)/T", k, [0], true),
        ];
    // A key's text is in the text colour (4.5:1 in both themes); only its swatch has the series' colour.
    const key = (color, shape, text) =>
      `<span class="key"><span class="swatch ${shape}" style="--key:${color}" aria-hidden="true"></span>${text}</span>`;
    this.legend = sigmoidMode
      ? key(c.sigmoid, "box", fill(words.sigmoids, { k })) + key(c.softmax, "box", words.oneSoftmax)
      : key(c.true_class, "line", words.target);
    // Each logit bar is a keyboard slider: focus it, arrows step it, Page Up/Down step ten times further.
    this.panels[0].slots.forEach(({ slot }, i) => {
      slot.setAttribute("tabindex", "0");
      slot.setAttribute("role", "slider");
      slot.setAttribute("aria-orientation", "vertical");
      slot.setAttribute("class", "slot draggable");
      slot.dataset.index = i;
    });
    this.showClass(this.shown);
    this.resize();
  }

  /** Light class k's column in every panel (null: none), whichever picture of the page pointed at it. */
  showClass(k) {
    this.shown = k;
    for (const panel of this.panels ?? []) {
      panel.slots.forEach(({ slot }, i) => slot.classList.toggle("pointed", i === k));
    }
  }

  resize() {
    const width = this.root.clientWidth;
    if (!width || !this.panels) return;
    this.width = width;
    const height = Math.min(this.data.height, Math.max(MIN_HEIGHT, window.innerHeight - WINDOW_ROOM));
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.svg.setAttribute("height", height);
    const count = this.panels.length;
    const axisRoom = 44; // tick labels left of each panel
    const panelWidth = (width - count * axisRoom - (count - 1) * PANEL_GAP) / count;
    this.panels.forEach((panel, j) => {
      panel.layout(axisRoom + j * (panelWidth + axisRoom + PANEL_GAP), panelWidth, 0, height);
    });
    this.render();
  }

  maths() {
    return labMaths({ ...this.data, logits: this.logits });
  }

  render() {
    this.frame = null;
    if (!this.width) return;
    const { colors: c, target, mode, limit, words } = this.data;
    const m = this.maths();
    const k = this.logits.length;
    const barColors = classColors(k, target, m.predicted, c);
    // The marks need room: in slots narrower than this the colours and the bars' names carry the roles alone.
    const marks = classLabels(k, target, m.predicted);
    for (const panel of this.panels)
      panel.slots.forEach(({ name }, i) => {
        name.textContent = panel.slotWidth >= MARKED_SLOT ? marks[i] : String(i);
      });
    const active = this.drag?.index ?? this.focused ?? -1;
    const [logitPanel] = this.panels;
    // The page's worked example lights the panel its current step is about (0: logits, 1: p).
    this.panels.forEach((panel, j) => panel.group.classList.toggle("lit", j === this.data.highlight));
    this.root.style.setProperty("--lit", c.highlight);
    if (this.drag === null) logitPanel.zRange = niceCeiling(Math.max(2, ...this.logits.map(Math.abs)) * 1.2);
    logitPanel.setRange(Math.min(logitPanel.zRange, niceCeiling(limit)), logitPanel.zRange >= 10 ? 0 : 1);
    const digits = logitPanel.zRange >= 100 ? 0 : 2;
    logitPanel.draw([this.logits], [barColors], null, (z) => barLabel(z, digits), active);
    logitPanel.slots.forEach(({ slot }, i) => {
      slot.setAttribute("aria-label", fill(i === target ? words.trueBar : words.bar, { k: i }));
      slot.setAttribute("aria-valuenow", this.logits[i]);
      // What a screen reader says as the value: the number and what it does, as a sentence.
      const said =
        mode === "sigmoid" ? words.sigmoidValue : i === m.predicted ? words.predictedValue : words.softmaxValue;
      const values = { k: i, z: barLabel(this.logits[i], 2), sigmoid: barLabel(m.sigmoid[i], 2) };
      slot.setAttribute("aria-valuetext", fill(said, { ...values, p: barLabel(m.p[i], 2) }));
      slot.setAttribute("aria-valuemin", -limit);
      slot.setAttribute("aria-valuemax", limit);
    });
    if (mode === "sigmoid") {
      const [, probPanel] = this.panels;
      probPanel.setRange(1, 1);
      const ghosts = this.ghost && [this.ghost.sigmoid, this.ghost.p];
      probPanel.draw([m.sigmoid, m.p], [c.sigmoid, c.softmax], ghosts, (v) => barLabel(v, 2), active);
      probPanel.slots.forEach(({ markers }) => markers.setAttribute("display", "none"));
      this.readout.innerHTML =
        `<span class="metric">${fill(words.sigmoidSum, { k })} <b>${number(m.sumSigmoid)}</b></span>` +
        `<span class="metric">${words.softmaxSum} <b>${number(m.sumP)}</b></span>${this.legend}`;
    } else {
      const [, probPanel, gradPanel] = this.panels;
      probPanel.setRange(1, 1);
      probPanel.draw([m.p], [barColors], this.ghost && [this.ghost.p], number, active);
      probPanel.drawTargets(m.q, c.true_class);
      const gradientColors = m.gradient.map((g) => (g > 0 ? c.positive_gradient : c.negative_gradient));
      gradPanel.setRange(niceCeiling(Math.max(1, ...m.gradient.map(Math.abs))), 1);
      gradPanel.draw([m.gradient], [gradientColors], null, number, active);
      const right = m.predicted === target;
      const trueP = probability(m.p[target], m.logP[target]);
      this.readout.innerHTML =
        `<span class="metric">${words.loss} <b class="loss">${number(m.loss)}</b></span>` +
        `<span class="metric">${fill(words.trueP, { target })} <b>${trueP}</b></span>` +
        `<span class="metric">${words.predicted} <b style="color:${right ? c.true_class : c.predicted_wrong}">` +
        `${m.predicted} ${right ? "✓" : "✗"}</b></span>` +
        `<span class="metric">Σ p <b>${number(m.sumP)}</b></span>${this.legend}`;
    }
    const dragged = this.drag?.index;
    const dragging =
      this.drag === null
        ? words.howToDrag
        : fill(mode === "sigmoid" ? words.draggingSigmoid : words.dragging, {
            k: dragged,
            sigmoid: number(m.sigmoid[dragged]),
            p: number(m.p[dragged]),
          });
    this.hint.textContent = [dragging, this.ghost ? words.outlines : null, words.browser]
      .filter((sentence) => sentence !== null)
      .join(" ");
    // In a move, or after one until torch has recomputed the page (a drag back to the start sends nothing).
    if (this.drag !== null || this.keyed || this.logits.some((z, i) => z !== this.data.logits[i])) {
      const { exps, p, logP, q, gradient } = m;
      announceNumbers(this.page, { logits: this.logits, exps, p, logP, q, gradient, colors: barColors });
    }
    this.root.dataset.rendered = String(performance.now());
  }

  /** Redraw at most once per display frame, however fast the pointer moves. */
  schedule() {
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.render());
  }

  setLogit(index, value) {
    const { limit, step } = this.data;
    this.logits[index] = clampLogit(value, limit, step);
  }

  commit() {
    const logits = this.logits.map((z) => (Number.isFinite(z) ? z : 0));
    const changed = logits.some((z, i) => z !== this.data.logits[i]);
    if (changed) this.send("release", logits);
    this.schedule();
  }

  /** The panel and class column under the pointer, or null outside every panel. */
  pointAt(event) {
    const box = this.svg.getBoundingClientRect();
    if (event.clientY < box.top || event.clientY > box.bottom) return null;
    const x = ((event.clientX - box.left) * this.width) / box.width;
    for (const [j, panel] of this.panels.entries()) {
      const index = Math.floor((x - panel.left) / panel.slotWidth);
      if (x >= panel.left && index >= 0 && index < panel.k) return { panel: j, index };
    }
    return null;
  }

  /** Tell the page which class this lab points at, unless it already shows that one. */
  announce(k) {
    if (k !== this.shown) announceClass(this.page, k);
  }

  /** The pointer is over class k's column (null: none): announced when it moves to another class. */
  point(k) {
    if (k === this.pointed) return;
    this.pointed = k;
    this.announce(k);
  }

  /** Pointer and key listeners, added once per lab; returns the function that removes them. */
  listen() {
    const down = (event) => {
      const at = this.pointAt(event);
      if (at?.panel !== 0 || event.button !== 0) return;
      const { index } = at;
      event.preventDefault();
      this.point(index); // a finger has no hover before it presses
      const panel = this.panels[0];
      this.ghost = outline({ ...this.data, logits: this.logits });
      this.drag = {
        index,
        startY: event.clientY,
        startValue: this.logits[index],
        unitsPerPixel: (2 * panel.range) / panel.height,
      };
      this.svg.setPointerCapture(event.pointerId);
      this.panels[0].slots[index].slot.focus({ preventScroll: true });
      this.schedule();
    };
    const move = (event) => {
      if (this.drag === null) {
        this.point(this.pointAt(event)?.index ?? null);
        return;
      }
      const { index, startY, startValue, unitsPerPixel } = this.drag;
      this.setLogit(index, startValue + (startY - event.clientY) * unitsPerPixel);
      this.schedule();
    };
    const up = (event) => {
      if (this.drag === null) return;
      this.drag = null;
      this.commit();
      this.point(this.pointAt(event)?.index ?? null); // the dragged class until now, wherever the pointer went
    };
    const leave = () => {
      if (this.drag === null) this.point(null);
    };
    const KEYS = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 10, PageDown: -10 };
    const keydown = (event) => {
      const index = Number(event.target?.dataset?.index);
      if (!(event.key in KEYS) || !Number.isInteger(index)) return;
      event.preventDefault();
      if (!this.keyed) this.ghost = outline({ ...this.data, logits: this.logits });
      this.keyed = true;
      this.setLogit(index, this.logits[index] + KEYS[event.key] * this.data.step);
      this.keyboardClass = index;
      this.announce(index); // also after a click focused it and the pointer left
      this.schedule();
    };
    const keyup = (event) => {
      if (event.key in KEYS && this.keyed) {
        this.keyed = false;
        this.commit();
      }
    };
    // Keyboard focus points at a class as the pointer does; a press focuses the bar too, but mid-drag.
    const focus = (event) => {
      const index = event.type === "focusin" ? Number(event.target?.dataset?.index) : NaN;
      this.focused = Number.isInteger(index) ? index : null;
      if (this.focused !== null && this.drag === null) {
        this.keyboardClass = this.focused;
        this.announce(this.focused);
      } else if (this.focused === null && this.keyboardClass !== null) {
        if (this.shown === this.keyboardClass) this.announce(null); // unless something else pointed since
        this.keyboardClass = null;
      }
      this.schedule();
    };
    const listeners = [
      [this.svg, "pointerdown", down],
      [this.svg, "pointermove", move],
      [this.svg, "pointerup", up],
      [this.svg, "pointercancel", up],
      [this.svg, "lostpointercapture", up],
      [this.svg, "pointerleave", leave],
      [this.svg, "keydown", keydown],
      [this.svg, "keyup", keyup],
      [this.svg, "focusin", focus],
      [this.svg, "focusout", focus],
    ];
    for (const [target, name, handler] of listeners) target.addEventListener(name, handler);
    return () => {
      for (const [target, name, handler] of listeners) target.removeEventListener(name, handler);
    };
  }
}

// What a move can change; the outlines of the bars before it are drawn from these.
const EXAMPLE_FIELDS = ["logits", "target", "temperature", "smoothing", "shift"];

function outline(example) {
  const { p, sigmoid } = labMaths(example);
  return { p, sigmoid };
}

const mounted = new WeakMap(); // parentElement -> its lab, and the numbers table under it when the page has one

export default function ({ data: text, parentElement, setTriggerValue }) {
  const data = JSON.parse(text); // one JSON text (module.py's packed)
  let parts = mounted.get(parentElement);
  if (!parts) {
    parts = { lab: new Lab(parentElement, data.page), table: null };
    mounted.set(parentElement, parts);
  }
  parts.lab.update(data, setTriggerValue);
  // NumbersTable (numbers_table.js) is in the module only where the page has a table (explainer.logit_lab_table)
  if (data.table && !parts.table) parts.table = new NumbersTable(parentElement, data.page);
  if (!data.table && parts.table) {
    parts.table.destroy();
    parts.table = null;
  }
  parts.table?.update(data.table);
  // Streamlit runs this again on every new data but calls only the last cleanup, once, at unmount: listeners
  // added here on every run would pile up (a key press after n reruns stepped n times).
  return () => {
    parts.lab.destroy();
    parts.table?.destroy();
    mounted.delete(parentElement);
  };
}
