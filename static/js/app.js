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

  // htmx swaps in a 422 response too: it carries the form with its errors.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
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
