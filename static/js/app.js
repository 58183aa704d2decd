// Small behaviours that need no framework. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  // After logging in again in another tab (a session that ended), the token in this page
  // is outdated: send the current one from the cookie instead, so nothing typed is refused.
  function currentCsrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var token = currentCsrfToken();
    if (!token) { return; }
    event.detail.headers["X-CSRFToken"] = token;
    // Django reads a posted csrfmiddlewaretoken before the header: renew that one too.
    var params = event.detail.parameters;
    if (params && (typeof params.has === "function" ? params.has("csrfmiddlewaretoken") : "csrfmiddlewaretoken" in params)) {
      params["csrfmiddlewaretoken"] = token;
    }
  });
  document.addEventListener("submit", function (event) {
    var token = currentCsrfToken();
    var field = event.target.querySelector && event.target.querySelector("input[name=csrfmiddlewaretoken]");
    if (token && field) { field.value = token; }
  });

  // Ask before a destructive form is sent (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A browser-side copy of what is typed in forms marked data-local-copy, so a lost
  // connection or an ended session loses nothing. A copy is "dirty" until an autosave
  // (htmx) answered 2xx for exactly what was typed; a dirty copy is put back after a reload
  // and sent again. The page shown after a successful save clears it (data-clear-local-copy).
  var typedSeq = 0;
  function storageKey(form) { return "plc:" + form.dataset.localCopy; }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit";
    });
  }
  function readCopy(form) {
    try { return JSON.parse(localStorage.getItem(storageKey(form)) || "null"); } catch (e) { return null; }
  }
  function writeCopy(form, copy) {
    try { localStorage.setItem(storageKey(form), JSON.stringify(copy)); } catch (e) { /* full or off */ }
  }
  function keepCopy(form) {
    var copy = { __dirty: true };
    fields(form).forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { copy[el.name] = el.value; }
      } else {
        copy[el.name] = el.value;
      }
    });
    typedSeq += 1;
    form.dataset.typedSeq = String(typedSeq);
    writeCopy(form, copy);
  }
  function resend(form) {
    // Let htmx's own trigger (hx-trigger="input …" or "change") send the form again.
    form.dispatchEvent(new Event("input", { bubbles: true }));
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function restoreCopy(form) {
    var stored = readCopy(form);
    if (!stored) { return; }
    var typed = fields(form).some(function (el) {
      return el.tagName === "TEXTAREA" && el.value.trim() !== "";
    });
    // A copy the server already has is put back only into an empty form (a new draft);
    // one it may not have (dirty) wins over what the page shows.
    if (typed && !stored.__dirty) { return; }
    fields(form).forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.type === "checkbox" && !(el.name in stored)) { return; }
        if (el.type === "radio" && !(el.name in stored)) { el.checked = false; return; }
        el.checked = stored[el.name] === el.value;
      } else if (el.name in stored) {
        el.value = stored[el.name];
      }
    });
    var status = form.querySelector("[role=status]");
    if (status) { status.textContent = status.dataset.restored || ""; }
    if (stored.__dirty && form.hasAttribute("hx-post")) {
      form.dataset.typedSeq = String(++typedSeq);
      window.setTimeout(function () { resend(form); }, 0);
    }
  }
  document.querySelectorAll("form[data-local-copy]").forEach(function (form) {
    restoreCopy(form);
    form.addEventListener("input", function (event) { if (event.isTrusted) { keepCopy(form); } });
    form.addEventListener("change", function (event) { if (event.isTrusted) { keepCopy(form); } });
    // Once the form itself is sent, a pending autosave has nothing left to do.
    form.addEventListener("submit", function () { form.dataset.submitting = "1"; });
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt.dataset) { return; }
    if (elt.dataset.submitting) {
      event.preventDefault();
      return;
    }
    if (elt.dataset.localCopy) { elt.dataset.sentSeq = elt.dataset.typedSeq || ""; }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.dataset || !form.dataset.localCopy) { return; }
    if (event.detail.successful && form.dataset.sentSeq === (form.dataset.typedSeq || "")) {
      var copy = readCopy(form);
      if (copy) { copy.__dirty = false; writeCopy(form, copy); }
    }
  });
  // No connection: say so where the person is looking, and try again once it is back.
  function retryDirty() {
    document.querySelectorAll("form[data-local-copy][hx-post]").forEach(function (form) {
      var copy = readCopy(form);
      if (copy && copy.__dirty && !form.dataset.submitting) { resend(form); }
    });
  }
  var retryTimer = null;
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    var status = form.querySelector && form.querySelector("[role=status]");
    if (status && status.dataset.offline) { status.textContent = status.dataset.offline; }
    if (!retryTimer) {
      retryTimer = window.setTimeout(function () { retryTimer = null; retryDirty(); }, 5000);
    }
  });
  window.addEventListener("online", retryDirty);
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
