// Irreversible actions: once a confirmed form is sent, its button cannot send it again
// (a double click would POST twice; the server refuses the second, this spares the wait).
(function () {
  "use strict";
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    });
  });
})();
