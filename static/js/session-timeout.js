// Officers' sessions end after a while without a request (SESSION_IDLE_MINUTES). Shortly
// before, a banner offers "Tetap masuk": it pings the server without leaving the page,
// so whatever was typed into a form stays. Without JavaScript the banner never shows.
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box || !window.fetch) {
    return;
  }
  var form = box.querySelector("form");
  var warnBefore = Number(box.dataset.warnSeconds) * 1000;
  var timers = [];

  function show(ended) {
    box.hidden = false;
    box.querySelector("[data-session-ending]").hidden = ended;
    box.querySelector("[data-session-ended]").hidden = !ended;
    form.hidden = ended;
  }

  function schedule(seconds) {
    timers.forEach(clearTimeout);
    box.hidden = true;
    var left = seconds * 1000;
    timers = [
      setTimeout(function () { show(false); }, Math.max(0, left - warnBefore)),
      setTimeout(function () { show(true); }, left),
    ];
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error("signed out");
        }
        return response.json();
      })
      .then(function (data) { schedule(data.expires_in); })
      .catch(function () { show(true); });
  });

  schedule(Number(box.dataset.expiresIn));
})();
