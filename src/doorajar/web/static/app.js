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

// "Copy the text": the draft's message onto the clipboard, said aloud in a status line.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  var source = document.querySelector(button.getAttribute("data-copy"));
  var status = button.parentElement.querySelector("[data-copy-status]");
  var subject = document.querySelector("#d-subject");
  var text = (subject && subject.value ? "Subject: " + subject.value + "\n\n" : "") + (source ? source.value : "");
  function said(words) {
    if (status) {
      status.textContent = words;
    }
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(function () {
      said(button.getAttribute("data-copied"));
    }, function () {
      said("The browser did not allow copying; select the text and copy it yourself.");
    });
  } else if (source) {
    source.focus();
    source.select();
    said(document.execCommand("copy") ? button.getAttribute("data-copied") : "Select the text and copy it yourself.");
  }
});

// The board: drag a card onto another column to record the stage it reached. The drop
// submits the card's own "Move" form, so it is the same change as choosing the stage there.
document.addEventListener("dragstart", function (event) {
  var card = event.target.closest && event.target.closest("[data-board] li[data-app]");
  if (card) {
    event.dataTransfer.setData("text/plain", card.getAttribute("data-app"));
    event.dataTransfer.effectAllowed = "move";
  }
});
document.addEventListener("dragover", function (event) {
  var column = event.target.closest && event.target.closest("[data-board] [data-stage]");
  if (column) {
    event.preventDefault();
    column.classList.add("over");
  }
});
document.addEventListener("dragleave", function (event) {
  var column = event.target.closest && event.target.closest("[data-board] [data-stage]");
  if (column && !column.contains(event.relatedTarget)) {
    column.classList.remove("over");
  }
});
document.addEventListener("drop", function (event) {
  var column = event.target.closest && event.target.closest("[data-board] [data-stage]");
  if (!column) {
    return;
  }
  event.preventDefault();
  column.classList.remove("over");
  var id = event.dataTransfer.getData("text/plain");
  var card = document.querySelector('[data-board] li[data-app="' + CSS.escape(id) + '"]');
  if (!card || card.closest("[data-stage]") === column) {
    return;
  }
  var form = card.querySelector("form");
  form.querySelector('select[name="stage"]').value = column.getAttribute("data-stage");
  form.requestSubmit();
});
