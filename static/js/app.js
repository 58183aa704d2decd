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

  // A double click sends a form once (htmx requests are not affected: they don't submit).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.method || form.method.toLowerCase() !== "post") { return; }
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
  });
  // Back in the browser's history, a page's forms can be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) { delete form.dataset.sending; });
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
  // connection or an ended session loses nothing. The copy belongs to the person signed in
  // (body data-user) and holds the fields they changed that the server has not confirmed
  // yet ("changed"); an autosave (htmx) answered 2xx confirms what it sent. After a reload,
  // only those unconfirmed fields are put back and sent again, so a copy never overwrites
  // newer answers from the server. A new, empty form (data-local-copy-fresh) gets the whole
  // copy back, so a reloaded new reflection continues the same draft. Hidden fields are not
  // copied (a form's version, links), except the draft key (data-keep-copy).
  var typedSeq = 0;
  function storageKey(key) { return "plc:" + (document.body.dataset.user || "-") + ":" + key; }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit") { return false; }
      return el.type !== "hidden" || el.hasAttribute("data-keep-copy");
    });
  }
  function readCopy(form) {
    var copy;
    try { copy = JSON.parse(localStorage.getItem(storageKey(form.dataset.localCopy)) || "null"); } catch (e) { copy = null; }
    return copy && copy.values && copy.changed ? copy : null;
  }
  function writeCopy(form, copy) {
    try { localStorage.setItem(storageKey(form.dataset.localCopy), JSON.stringify(copy)); } catch (e) { /* full or off */ }
  }
  function valuesOf(form) {
    var values = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox") {
        values[el.name] = values[el.name] || [];
        if (el.checked) { values[el.name].push(el.value); }
      } else if (el.type === "radio") {
        if (el.checked) { values[el.name] = el.value; }
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }
  function isDirty(copy) { return Object.keys(copy.changed).length > 0; }
  function keepCopy(form, name) {
    var copy = readCopy(form) || { values: {}, changed: {} };
    typedSeq += 1;
    copy.values = valuesOf(form);
    if (name) { copy.changed[name] = typedSeq; }
    form.dataset.typedSeq = String(typedSeq);
    writeCopy(form, copy);
  }
  function putBack(form, name, value) {
    fields(form).forEach(function (el) {
      if (el.name !== name) { return; }
      if (el.type === "checkbox") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0;
      } else if (el.type === "radio") {
        if (value !== undefined) { el.checked = el.value === value; }
      } else if (value !== undefined) {
        el.value = value;
      }
    });
  }
  function resend(form) {
    // Let htmx's own trigger (hx-trigger="input …" or "change") send the form again.
    form.dispatchEvent(new Event("input", { bubbles: true }));
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function restoreCopy(form) {
    var copy = readCopy(form);
    if (!copy) { return; }
    var names = form.hasAttribute("data-local-copy-fresh") ? Object.keys(copy.values) : Object.keys(copy.changed);
    if (!names.length) { return; }
    names.forEach(function (name) { putBack(form, name, copy.values[name]); });
    // Number the unconfirmed fields anew on this page, so the next autosave confirms them.
    Object.keys(copy.changed).forEach(function (name) { copy.changed[name] = ++typedSeq; });
    writeCopy(form, copy);
    var status = form.querySelector("[role=status]");
    if (status) { status.textContent = status.dataset.restored || ""; }
    if (isDirty(copy) && form.hasAttribute("hx-post")) {
      window.setTimeout(function () { resend(form); }, 0);
    }
  }
  document.querySelectorAll("form[data-local-copy]").forEach(function (form) {
    restoreCopy(form);
    ["input", "change"].forEach(function (type) {
      form.addEventListener(type, function (event) {
        if (event.isTrusted && event.target.name) { keepCopy(form, event.target.name); }
      });
    });
    // Once the form itself is sent, a pending autosave has nothing left to do.
    form.addEventListener("submit", function () { form.dataset.submitting = "1"; });
  });
  // Forms marked data-send-changed autosave only the fields changed since the last
  // confirmed save: two observers filling in one checklist don't overwrite each other.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form.hasAttribute || !form.hasAttribute("data-send-changed")) { return; }
    var copy = readCopy(form) || { changed: {} };
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (name) {
      if (name !== "csrfmiddlewaretoken" && !(name in copy.changed)) { delete params[name]; }
    });
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt.dataset) { return; }
    if (elt.dataset.submitting) {
      event.preventDefault();
      return;
    }
    if (elt.dataset.localCopy) { elt.dataset.sentSeq = String(typedSeq); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.dataset || !form.dataset.localCopy || !event.detail.successful) { return; }
    var copy = readCopy(form);
    if (!copy) { return; }
    var sent = Number(form.dataset.sentSeq || 0);
    Object.keys(copy.changed).forEach(function (name) {
      if (copy.changed[name] <= sent) { delete copy.changed[name]; }  // confirmed
    });
    writeCopy(form, copy);
  });
  // No connection: say so where the person is looking, and try again once it is back.
  function retryDirty() {
    document.querySelectorAll("form[data-local-copy][hx-post]").forEach(function (form) {
      var copy = readCopy(form);
      if (copy && isDirty(copy) && !form.dataset.submitting) { resend(form); }
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
  // After a save, the page names the copies it made obsolete; "*" (the login page, shown
  // after logging out) clears every copy kept in this browser.
  document.querySelectorAll("[data-clear-local-copy]").forEach(function (el) {
    el.dataset.clearLocalCopy.split(" ").forEach(function (key) {
      try {
        if (key === "*") {
          Object.keys(localStorage).forEach(function (k) { if (k.indexOf("plc:") === 0) { localStorage.removeItem(k); } });
        } else if (key.slice(-1) === "*") {
          var prefix = storageKey(key.slice(0, -1));
          Object.keys(localStorage).forEach(function (k) { if (k.indexOf(prefix) === 0) { localStorage.removeItem(k); } });
        } else {
          localStorage.removeItem(storageKey(key));
        }
      } catch (e) { /* ignore */ }
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
