"""What the language walks look for in a page: text the pseudo-language did not mark (so it bypassed the catalog),
text cut off, and the glossary's English beside its Chinese."""

from __future__ import annotations

import re

from explainer.i18n.glossary import GLOSSARY

# Words that are not the app's: Streamlit's and Plotly's own (a toolbar, the file uploader's instructions, the
# modebar), the lecture's code and formulas (verbatim, not translated), and what the page holds only for machines.
NOT_THE_APPS = ", ".join(
    (
        "code",
        "pre",
        ".katex",
        "script",
        "style",
        "noscript",
        "[data-testid=stHeader]",
        "[data-testid=stIconMaterial]",  # an icon drawn from a ligature: its text is the icon's name
        "[data-testid=stSkipToContent]",
        ".st-key-language",  # the languages' names, each in its own words
        "[data-testid=stToolbar]",
        "[data-testid=stDecoration]",
        "[data-testid=stStatusWidget]",
        "[data-testid=stSidebarNavSeparator]",
        "[data-testid=stFileUploaderDropzoneInstructions]",
        "[data-testid=stFileUploaderDropzone] button",
        ".modebar",
        "[data-testid=stDataFrameResizable] .dvn-scroller",
    )
)
# What a page shows as it is, in any language: the data's own labels (Otto's Class_1 ... Class_9, feat_1 ...), the
# names of products and of the lecture's functions, which the slides and the code write in English, and the words
# Streamlit's own widgets add around the app's (a help icon's "Help for <label>", a number field's "Increment"):
# Streamlit 1.67's browser side has no translations.
DATA = re.compile(
    r"\b(Class_\d|feat_\d+|\w+\.csv|SGD|ADAM|Adam|ReLU|MNIST|PyTorch|Otto|TPE|Optuna|F1)\b"
    r"|\b[A-Za-z_.]+\("  # a function applied to its arguments, as code writes it: sigmoid(z), BCELoss(
    r"|^(Help for|Skip to main content|Sidebar|Link to heading|App pages|Collapse sidebar|Expand sidebar"
    r"|Choose an option|Open|Clear all|Clear|Remove|Selected values|Increment|Decrement|Copy to clipboard"
    r"|progress|file upload|Show password|Hide password)\b"
    r"|\S+ icon$"
)

# Each text node and each aria-label/title/alt/placeholder in the app whose Latin words lie outside 【 … 】. A message
# is marked line by line, and may span elements (a markdown message's bold words): a text node's depth is counted
# from the start of its nearest block, so "【Ţöţåĺ <b>12</b> ··】" marks the bold 12's node too.
UNMARKED = """([exempt, data]) => {
  const OPEN = "\\u3010", CLOSE = "\\u3011";
  const dataWords = new RegExp(data, "g");
  const latin = (text) => /[A-Za-z]{2,}/.test(text.replace(dataWords, " "));
  const app = document.querySelector('[data-testid="stApp"]');
  const blockOf = (node) => {
    for (let e = node.parentElement; e && e !== app; e = e.parentElement) {
      const display = getComputedStyle(e).display;
      if (!display.startsWith("inline") && display !== "contents" || e.tagName === "text") return e;
    }
    return app;
  };
  const depthAt = (block, node) => {
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(node, 0);
    const before = range.toString();
    return (before.split(OPEN).length - 1) - (before.split(CLOSE).length - 1);
  };
  const outside = (text, depth) => {
    let out = "";
    for (const ch of text) {
      if (ch === OPEN) depth += 1;
      else if (ch === CLOSE) depth = Math.max(0, depth - 1);
      else if (depth <= 0) out += ch;
    }
    return out;
  };
  const found = [];
  const walker = document.createTreeWalker(app, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue;
    if (!latin(text) || node.parentElement.closest(exempt)) continue;
    if (getComputedStyle(node.parentElement).fontFamily.includes("Material")) continue;  // an icon's ligature
    if (latin(outside(text, depthAt(blockOf(node), node)))) found.push(text.trim().slice(0, 80));
  }
  for (const e of app.querySelectorAll("input[role=combobox]")) {  // a select's chosen option is the input's value
    if (e.value && !e.closest(exempt) && latin(outside(e.value, 0))) found.push(`chosen "${e.value.slice(0, 80)}"`);
  }
  for (const e of app.querySelectorAll("[aria-label], [title], [alt], [placeholder]")) {
    if (e.closest(exempt)) continue;
    for (const name of ["aria-label", "title", "alt", "placeholder"]) {
      const value = e.getAttribute(name);
      if (value && latin(outside(value, 0))) found.push(`${name}="${value.slice(0, 80)}"`);
    }
  }
  return [...new Set(found)];
}"""

# Text cut off: an element that hides the overflow of its own text (an ellipsis, a clipped label) and has more text
# than room, a select's chosen option wider than its box; and a page that scrolls sideways.
CUT_OFF = """(exempt) => {
  const found = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push("the page scrolls sideways");
  for (const e of document.querySelectorAll('[data-testid="stApp"] *')) {
    if (e.offsetParent === null || e.closest(exempt) || e.closest(".sr-only")) continue;  // hidden by design
    const ownText = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.nodeValue.trim());
    const style = getComputedStyle(e);
    const ellipsis = style.textOverflow === "ellipsis" && e.textContent.trim();  // its words may sit in a child
    if (!ownText && !ellipsis) continue;
    const clips = (v) => v === "hidden" || v === "clip";
    const wide = e.scrollWidth > e.clientWidth + 1 && (clips(style.overflowX) || ellipsis);
    const tall = e.scrollHeight > e.clientHeight + 1 && clips(style.overflowY) && e.clientHeight > 0 && ownText;
    if (wide || tall) found.push(`${e.dataset.testid || e.tagName}: ${e.textContent.trim().slice(0, 60)}`);
  }
  for (const e of document.querySelectorAll('[data-testid="stApp"] input[role=combobox]')) {  // a chosen option
    if (e.offsetParent !== null && e.value && e.scrollWidth > e.clientWidth + 1) found.push(`chosen: ${e.value}`);
  }
  return found;
}"""


def unmarked_texts(page) -> list[str]:
    """Every text the app shows whose Latin words the pseudo-language did not mark."""
    return page.evaluate(UNMARKED, [NOT_THE_APPS, DATA.pattern])


def cut_off_texts(page) -> list[str]:
    """Every text the page cuts off, and a page that scrolls sideways."""
    return page.evaluate(CUT_OFF, NOT_THE_APPS)


def katex_errors(page) -> list[str]:
    """Formulas KaTeX could not draw (a translated word inside one, say): it shows their source instead."""
    return page.evaluate("[...document.querySelectorAll('.katex-error')].map((e) => e.title.slice(0, 120))")


def glossary_without_english(text: str) -> list[str]:
    """The glossary's Chinese terms ``text`` uses whose English never appears in it (a page in Chinese gives the
    English term beside the Chinese at its first use: the slides and the code are in English)."""
    return [
        f"{term} ({english})"
        for english, term in GLOSSARY.items()
        if term in text and not re.search(re.escape(english), text, re.IGNORECASE)
    ]
