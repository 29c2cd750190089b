// doorajar web UI: the only script besides htmx. No inline scripts anywhere (see the CSP).
"use strict";

// Send the CSRF token with every HTMX request, as a header.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  }
});

// After a page swap, move focus to the first message or the main region, so keyboard
// and screen-reader users learn what happened.
document.addEventListener("htmx:afterSettle", function () {
  var target = document.querySelector(".flashes .flash") ? document.querySelector(".flashes") : null;
  if (target) {
    target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: false });
  }
});
