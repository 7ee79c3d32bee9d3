// Bulk letters: POST one batch at a time until the server says it is done, showing progress.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) return;
  var total = parseInt(form.dataset.total, 10) || 0;
  var box = document.getElementById("bulk-progress");
  var bar = box.querySelector(".progress-bar");
  var meter = box.querySelector(".progress");
  var status = document.getElementById("bulk-status");
  var errors = document.getElementById("bulk-errors");
  var zip = document.getElementById("bulk-zip");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function say(template, done) {
    status.textContent = template.replace("%(done)s", done).replace("%(total)s", total);
  }

  function show(data) {
    var done = data.issued_total;
    var handled = total - data.remaining;
    var percent = total ? Math.round((100 * Math.min(handled, total)) / total) : 100;
    bar.style.width = percent + "%";
    meter.setAttribute("aria-valuenow", String(Math.min(handled, total)));
    data.errors.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e.kim + ": " + e.message;
      errors.appendChild(li);
    });
    say(data.done ? status.dataset.done : status.dataset.working, done);
    if (data.done && done > 0) {
      zip.href = data.zip_url;
      zip.hidden = false;
    }
  }

  function batch() {
    return fetch(form.action, {
      method: "POST",
      headers: { "X-CSRFToken": token, "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      show(data);
      if (!data.done) return batch();
      return data;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    form.querySelector("button").disabled = true;
    box.hidden = false;
    say(status.dataset.working, 0);
    batch().catch(function () {
      status.textContent = status.dataset.failed;
      bar.classList.add("bg-danger");
    });
  });
})();
