// The review desk's keyboard shortcuts and highlighting. Every action is also a button, a
// link or a <details> panel that works without this script; it only saves keystrokes.
(function () {
  "use strict";

  const text = document.getElementById("article-text");
  const cards = Array.from(document.querySelectorAll(".desk-card"));
  const notice = document.getElementById("desk-notice");
  let current = null;

  function spansOf(id) {
    return text ? text.querySelectorAll('a.claim[data-reports~="' + id + '"]') : [];
  }

  function light(ids, on) {
    ids.split(" ").forEach(function (id) {
      const card = document.getElementById("card-" + id);
      if (card) card.classList.toggle("lit", on);
      spansOf(id).forEach(function (span) { span.classList.toggle("lit", on); });
    });
  }

  function setCurrent(card, focus) {
    if (current && current !== card) current.classList.remove("current");
    current = card;
    if (!card) return;
    card.classList.add("current");
    if (focus) {
      card.focus();
      const first = spansOf(card.dataset.report)[0];
      if (first) first.scrollIntoView({ block: "center" });
      card.scrollIntoView({ block: "nearest" });
    }
  }

  function say(message) {
    if (notice) notice.textContent = message;
  }

  function move(step) {
    if (!cards.length) return;
    const index = cards.indexOf(current);
    const next = index < 0 ? 0 : Math.min(cards.length - 1, Math.max(0, index + step));
    setCurrent(cards[next], true);
  }

  function ensureCurrent() {
    if (!current) {
      const open = cards.find(function (card) { return !card.classList.contains("decided"); });
      setCurrent(open || cards[0] || null, false);
    }
    return current;
  }

  function openPanel(name) {
    const card = ensureCurrent();
    const panel = card && card.querySelector('details[data-panel="' + name + '"]');
    if (!panel) {
      say("This card has no " + name + " action.");
      return;
    }
    panel.open = true;
    const field = panel.querySelector(
      'input[type="radio"], .select2-selection, input:not([type="hidden"]), select, textarea'
    );
    if (field) field.focus();
  }

  function closePanels() {
    document.querySelectorAll("details.panel[open], details.desk-add[open]").forEach(
      function (panel) { panel.open = false; }
    );
    if (current) current.focus();
  }

  function publish() {
    const card = ensureCurrent();
    const button = card && card.querySelector('button[data-action="publish"]');
    if (button) {
      button.click();
    } else {
      say("Only reviewers can publish. Reject, edit or merge instead.");
    }
  }

  function offsetIn(container, node, offset) {
    const range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function addFromSelection() {
    const panel = document.getElementById("add-claim");
    if (!panel) return;
    const selection = window.getSelection();
    const quote = document.getElementById("id_add-quote");
    if (
      selection && !selection.isCollapsed && text &&
      text.contains(selection.anchorNode) && text.contains(selection.focusNode)
    ) {
      const range = selection.getRangeAt(0);
      const start = offsetIn(text, range.startContainer, range.startOffset);
      const words = range.toString();
      quote.value = words;
      document.getElementById("id_add-char_start").value = start;
      document.getElementById("id_add-char_end").value = start + words.length;
    }
    panel.open = true;
    const site = panel.querySelector(".select2-selection") || panel.querySelector("select");
    (quote.value && site ? site : quote).focus();
  }

  function rejectWith(digit) {
    const panel = current && current.querySelector('details[data-panel="reject"][open]');
    const radio = panel && panel.querySelector('input[data-key="' + digit + '"]');
    if (!radio) return false;
    radio.checked = true;
    if (radio.value === "other") {
      panel.querySelector("textarea").focus();
    } else {
      radio.form.requestSubmit();
    }
    return true;
  }

  const keys = {
    j: function () { move(1); },
    k: function () { move(-1); },
    p: publish,
    r: function () { openPanel("reject"); },
    e: function () { openPanel("edit"); },
    m: function () { openPanel("merge"); },
    a: addFromSelection,
    n: function () { document.getElementById("next-article").click(); },
    "?": function () {
      const help = document.querySelector(".desk-help");
      help.open = !help.open;
    },
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing =
      target.closest && target.closest("input, textarea, select, [contenteditable]") &&
      target.type !== "radio";
    if (event.key === "Escape") {
      if (!document.querySelector(".select2-container--open")) closePanels();
      return;
    }
    if (typing) return;
    if (/^[1-9]$/.test(event.key)) {
      if (rejectWith(event.key)) event.preventDefault();
      return;
    }
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  if (text) {
    text.addEventListener("mouseover", function (event) {
      const span = event.target.closest("a.claim");
      if (span) light(span.dataset.reports, true);
    });
    text.addEventListener("mouseout", function (event) {
      const span = event.target.closest("a.claim");
      if (span) light(span.dataset.reports, false);
    });
    text.addEventListener("focusin", function (event) {
      const span = event.target.closest("a.claim");
      if (span) light(span.dataset.reports, true);
    });
    text.addEventListener("focusout", function (event) {
      const span = event.target.closest("a.claim");
      if (span) light(span.dataset.reports, false);
    });
    text.addEventListener("click", function (event) {
      const span = event.target.closest("a.claim");
      if (!span) return;
      event.preventDefault();
      setCurrent(document.getElementById("card-" + span.dataset.reports.split(" ")[0]), true);
    });
  }

  cards.forEach(function (card) {
    card.addEventListener("mouseenter", function () { light(card.dataset.report, true); });
    card.addEventListener("mouseleave", function () { light(card.dataset.report, false); });
    card.addEventListener("focusin", function () {
      setCurrent(card, false);
      light(card.dataset.report, true);
    });
    card.addEventListener("focusout", function (event) {
      if (!card.contains(event.relatedTarget)) light(card.dataset.report, false);
    });
  });

  // Buttons for what j and k do; hidden without this script, which they need.
  [["previous-card", -1], ["next-card", 1]].forEach(function (pair) {
    const button = document.getElementById(pair[0]);
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () { move(pair[1]); });
  });

  const start = document.querySelector("[data-autofocus]");
  if (start && start.classList.contains("desk-card")) {
    setCurrent(start, true);
  } else if (start) {
    start.focus();
  }
})();
