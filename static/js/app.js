// Small behaviours that need no framework. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  // Ask before a destructive form is sent (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A browser-side copy of long texts (forms marked data-local-copy), so a lost connection
  // or an ended session loses nothing. The page shown after a successful save clears it.
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit";
    });
  }
  function keepCopy(form) {
    var copy = {};
    fields(form).forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { copy[el.name] = el.value; }
      } else {
        copy[el.name] = el.value;
      }
    });
    try { localStorage.setItem("plc:" + form.dataset.localCopy, JSON.stringify(copy)); } catch (e) { /* full or off */ }
  }
  function restoreCopy(form) {
    var stored;
    try { stored = JSON.parse(localStorage.getItem("plc:" + form.dataset.localCopy) || "null"); } catch (e) { stored = null; }
    if (!stored) { return; }
    var typed = fields(form).some(function (el) {
      return el.tagName === "TEXTAREA" && el.value.trim() !== "";
    });
    if (typed) { return; }  // the server's version is there: don't overwrite it
    fields(form).forEach(function (el) {
      if (!(el.name in stored)) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = stored[el.name] === el.value;
      } else {
        el.value = stored[el.name];
      }
    });
    var status = form.querySelector("[role=status]");
    if (status) { status.textContent = status.dataset.restored || ""; }
  }
  document.querySelectorAll("form[data-local-copy]").forEach(function (form) {
    restoreCopy(form);
    form.addEventListener("input", function () { keepCopy(form); });
    // Once the form itself is sent, a pending autosave has nothing left to do.
    form.addEventListener("submit", function () { form.dataset.submitting = "1"; });
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt.dataset && event.detail.elt.dataset.submitting) {
      event.preventDefault();
    }
  });
  document.querySelectorAll("[data-clear-local-copy]").forEach(function (el) {
    el.dataset.clearLocalCopy.split(" ").forEach(function (key) {
      try { localStorage.removeItem("plc:" + key); } catch (e) { /* ignore */ }
    });
  });

  // htmx swaps in a 422 response too: it carries the form with its errors; and a 401 from
  // an autosave, which says the session ended.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422 || event.detail.xhr.status === 401) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a swap, move focus to the first field with an error, or keep it in the region.
  // The event fires on the swapped-in content: with hx-swap="outerHTML",
  // event.detail.target is the old element, already taken out of the page.
  document.addEventListener("htmx:afterSwap", function (event) {
    var region = event.target;
    if (!region || !region.querySelector) {
      return;
    }
    var invalid = region.querySelector("[aria-invalid='true']");
    if (invalid) {
      invalid.focus();
      return;
    }
    // The button that was pressed went with the old content: don't drop focus to the top.
    var active = document.activeElement;
    if (!active || active === document.body) {
      if (!region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "-1");
      }
      region.focus({ preventScroll: true });
    }
  });
})();
