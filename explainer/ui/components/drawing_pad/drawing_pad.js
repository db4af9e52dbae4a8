// The drawing pad: black strokes on white paper, drawn like every digit in this app. Pointer events cover mouse,
// touch and pen. At each stroke's end (and after Undo / Clear) the pad sends Python its picture as
// SENT x SENT ink levels (0 paper .. 255 ink, as MNIST stores digits), plus the strokes themselves so that the drawing survives a page change.
// Every word a person reads or hears (the canvas's label, the buttons) comes from Python in data.words, in the reader's
// language, and is set again on every rerun: a change of language reaches a pad already drawn on.
const SIZE = 280; // the canvas's own pixels; CSS scales the canvas to the column
const SENT = 140; // side of the grey image sent to Python: plenty for a 20 x 20 digit
const LINE_WIDTH = 22; // in canvas pixels: about MNIST's stroke once the digit is shrunk to 20 x 20

export default function ({ parentElement, data, setStateValue }) {
  const pad = parentElement.querySelector(".pad");
  const words = (data && data.words) || {};
  pad.querySelector("canvas").setAttribute("aria-label", words.pad || "");
  pad.querySelector(".undo").textContent = words.undo || "↶";
  pad.querySelector(".clear").textContent = words.clear || "✕";
  if (pad.dataset.ready) return; // Streamlit calls this again on every rerun: keep the drawing
  pad.dataset.ready = "yes";
  const canvas = pad.querySelector("canvas");
  const context = canvas.getContext("2d");
  const small = document.createElement("canvas");
  small.width = small.height = SENT;
  const smallContext = small.getContext("2d", { willReadFrequently: true });
  // Each stroke: [x0, y0, x1, y1, ...] in canvas pixels; a copy, since the mount data may be frozen.
  const strokes = [...((data && data.strokes) || [])];
  let current = null;

  function paint(stroke) {
    context.beginPath();
    context.moveTo(stroke[0], stroke[1]);
    for (let i = 2; i < stroke.length; i += 2) context.lineTo(stroke[i], stroke[i + 1]);
    if (stroke.length === 2) context.lineTo(stroke[0] + 0.1, stroke[1]); // a tap leaves a round dot
    context.stroke();
  }

  function redraw() {
    context.fillStyle = "#fff";
    context.fillRect(0, 0, SIZE, SIZE);
    context.strokeStyle = "#000";
    context.lineWidth = LINE_WIDTH;
    context.lineCap = context.lineJoin = "round";
    strokes.forEach(paint);
  }

  // Sent only when a stroke ends (never while the pen moves), so a rerun follows each stroke, not each
  // pointer event; a rerun still running when the next stroke ends is interrupted by Streamlit.
  function send() {
    smallContext.imageSmoothingQuality = "high";
    smallContext.drawImage(canvas, 0, 0, SENT, SENT);
    const rgba = smallContext.getImageData(0, 0, SENT, SENT).data;
    let ink = "";
    for (let i = 0; i < rgba.length; i += 4) ink += String.fromCharCode(255 - rgba[i]);
    setStateValue("drawing", { side: SENT, pixels: btoa(ink), strokes: strokes });
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return [
      Math.round(((event.clientX - box.left) / box.width) * SIZE),
      Math.round(((event.clientY - box.top) / box.height) * SIZE),
    ];
  }

  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    current = point(event);
    strokes.push(current);
    redraw();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (current === null) return;
    const coalesced = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    for (const each of coalesced.length ? coalesced : [event]) current.push(...point(each));
    redraw(); // a few strokes on 280 x 280: cheaper than tracking what changed
  });
  const end = () => {
    if (current === null) return;
    current = null;
    redraw();
    send();
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  pad.querySelector(".undo").addEventListener("click", () => {
    strokes.pop();
    redraw();
    send();
  });
  pad.querySelector(".clear").addEventListener("click", () => {
    strokes.length = 0;
    redraw();
    send();
  });
  redraw();
}
