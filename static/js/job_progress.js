// A job's progress bar, live: ask the job page for its state every 1.5 s; reload when done.
// Without JavaScript the page refreshes itself (<noscript> meta refresh) instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box || box.dataset.finished === "1") return;
  var bar = box.querySelector(".progress-bar");
  var meter = box.querySelector(".progress");
  var state = box.querySelector("[data-job-state]");
  var count = box.querySelector("[data-job-count]");

  function poll() {
    fetch(box.dataset.jobStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) { window.location.reload(); return; }
        bar.style.width = job.percent + "%";
        bar.textContent = job.percent + "%";
        meter.setAttribute("aria-valuenow", String(job.percent));
        state.textContent = job.state_label;
        if (count && job.total) count.textContent = job.done + " / " + job.total;
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
