// Check-in at the door: scan a QR code (BarcodeDetector, or the vendored jsQR), type a
// code, or tick the list. Every check-in is queued on the phone first (localStorage) and
// sent to the server when there is a connection: offline check-ins survive a reload and
// are synced when the signal returns; the server merges duplicates and reports conflicts.
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) return;
  var T = JSON.parse(document.getElementById("checkin-text").textContent);
  var eventId = root.dataset.event;
  var day = root.dataset.day;
  var dataUrl = root.dataset.dataUrl;
  var syncUrl = root.dataset.syncUrl;
  var csrf = (document.querySelector("#walk-in-form input[name=csrfmiddlewaretoken]") || {}).value;
  var QUEUE_KEY = "kim-checkin-queue-" + eventId;
  var LIST_KEY = "kim-checkin-list-" + eventId;
  var NOTES_KEY = "kim-checkin-notes-" + eventId;
  var SHOWN = 60;

  var $ = function (id) { return document.getElementById(id); };
  var people = [];
  var byCode = {};
  var queue = read(QUEUE_KEY, []);
  var notes = read(NOTES_KEY, []);
  var flushing = false;

  function read(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full: keep in memory */ }
  }
  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return values[name] == null ? "" : values[name]; });
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }
  var device = localStorage.getItem("kim-checkin-device");
  if (!device) { device = newId().slice(0, 12); localStorage.setItem("kim-checkin-device", device); }

  function normalize(text) {
    return String(text || "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  }
  function pretty(code) { return code.slice(0, 4) + "-" + code.slice(4); }

  function setPeople(list) {
    people = list || [];
    byCode = {};
    people.forEach(function (p) { byCode[p.code] = p; });
  }
  function queued(code) {
    return queue.some(function (item) { return item.code === code && item.day === day; });
  }
  function isPresent(p) { return p.present.indexOf(day) !== -1 || queued(p.code); }

  // --- feedback ------------------------------------------------------------------------
  // Full class names (the CSS build keeps only classes it finds written out).
  var ALERTS = { success: "alert-success", danger: "alert-danger", warning: "alert-warning", info: "alert-info" };
  var feedbackTimer;
  function say(kind, text) {
    var box = $("feedback");
    box.className = "alert py-2 mb-2 " + ALERTS[kind];
    box.textContent = text;
    box.hidden = false;
    clearTimeout(feedbackTimer);
    feedbackTimer = setTimeout(function () { box.hidden = true; }, 6000);
    if (kind === "success" && navigator.vibrate) navigator.vibrate(80);
  }
  function note(kind, text) {
    notes.unshift({ kind: kind, text: text, at: new Date().toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" }) });
    notes = notes.slice(0, 50);
    write(NOTES_KEY, notes);
    renderNotes();
  }
  function renderNotes() {
    var list = $("notes");
    list.textContent = "";
    notes.forEach(function (n) {
      var li = document.createElement("li");
      li.className = "mb-1 " + (n.kind === "danger" ? "text-danger" : "text-body");
      li.textContent = n.at + " · " + n.text;
      list.appendChild(li);
    });
    $("notes-count").textContent = String(notes.length);
    $("notes-box").hidden = notes.length === 0;
  }

  // --- status and list -------------------------------------------------------------------
  function renderStatus() {
    var online = navigator.onLine;
    var net = $("net");
    net.className = "badge " + (online ? "text-bg-success" : "text-bg-secondary");
    net.textContent = online ? T.online : T.offline;
    var waiting = queue.length;
    var count = $("queue-count");
    count.hidden = waiting === 0;
    count.textContent = fmt(T.queued, { n: waiting });
    var expected = people.filter(function (p) { return p.status === "confirmed"; });
    $("present-count").textContent = String(expected.filter(isPresent).length);
    $("expected-count").textContent = String(expected.length);
    document.querySelectorAll(".offline-only").forEach(function (el) { el.hidden = online; });
    var walkIn = document.querySelector("#walk-in-form button");
    if (walkIn) walkIn.disabled = !online;
  }

  function renderList() {
    var term = normalize($("search").value);
    var words = $("search").value.toLowerCase().trim();
    var list = $("people");
    var matches = people.filter(function (p) {
      if (p.status === "cancelled") return false;
      if (!words) return true;
      return p.name.toLowerCase().indexOf(words) !== -1 || (p.org || "").toLowerCase().indexOf(words) !== -1 ||
        (term.length >= 3 && p.code.indexOf(term) !== -1);
    });
    list.textContent = "";
    matches.slice(0, SHOWN).forEach(function (p) {
      var li = document.createElement("li");
      li.className = "list-group-item d-flex justify-content-between align-items-center gap-2 px-1";
      var who = document.createElement("div");
      var name = document.createElement("div");
      name.className = "fw-semibold";
      name.textContent = p.name;
      var sub = document.createElement("div");
      sub.className = "small text-muted";
      sub.textContent = (p.org ? p.org + " · " : "") + pretty(p.code);
      who.appendChild(name);
      who.appendChild(sub);
      li.appendChild(who);
      if (isPresent(p) || p.status === "waitlisted") {
        var done = document.createElement("span");
        done.className = "badge " + (p.status === "waitlisted" ? "text-bg-warning" : "text-bg-success");
        done.textContent = p.status === "waitlisted" ? T.waitlistedShort : "✓ " + T.present;
        li.appendChild(done);
      } else {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm btn-outline-success flex-shrink-0";
        button.textContent = T.markPresent;
        button.setAttribute("aria-label", fmt(T.markPresentFor, { name: p.name }));
        button.addEventListener("click", function () { checkIn(p.code, "list"); });
        li.appendChild(button);
      }
      list.appendChild(li);
    });
    var more = $("people-more");
    more.hidden = matches.length <= SHOWN;
    more.textContent = fmt(T.more, { n: matches.length - SHOWN });
    $("people-empty").hidden = people.length > 0;
    renderStatus();
  }

  // --- checking in -----------------------------------------------------------------------
  function checkIn(raw, method) {
    var code = normalize(raw);
    if (code.length !== 8) { say("danger", T.invalid); return false; }
    var p = byCode[code];
    if (p && p.status === "cancelled") { say("danger", fmt(T.cancelled, { name: p.name })); return false; }
    if (p && p.status === "waitlisted") { say("warning", fmt(T.waitlisted, { name: p.name })); return false; }
    if (p && isPresent(p)) { say("info", fmt(T.already, { name: p.name })); return false; }
    queue.push({ id: newId(), code: code, day: day, at: new Date().toISOString(), method: method });
    write(QUEUE_KEY, queue);
    if (p) say("success", fmt(T.recorded, { name: p.name }) + (navigator.onLine ? "" : " " + T.savedOffline));
    else say("warning", fmt(T.unknownQueued, { code: pretty(code) }));
    renderList();
    flush();
    return true;
  }

  function flush() {
    if (flushing || queue.length === 0 || !navigator.onLine) { renderStatus(); return; }
    flushing = true;
    var batch = queue.slice(0, 200);
    fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
      body: JSON.stringify({ device: device, items: batch })
    }).then(function (response) {
      if (response.redirected || response.status === 403) throw new Error("auth");
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      var done = {};
      data.results.forEach(function (r) {
        done[r.id] = true;
        var item = batch.filter(function (b) { return b.id === r.id; })[0];
        if (r.result === "recorded" || r.result === "duplicate") {
          var p = byCode[item && item.code];
          if (p && item && p.present.indexOf(item.day) === -1) p.present.push(item.day);
        }
        if (r.result === "duplicate") note("info", r.message + " " + T.merged);
        if (r.result === "refused") note("danger", r.message);
      });
      queue = queue.filter(function (item) { return !done[item.id]; });
      write(QUEUE_KEY, queue);
      write(LIST_KEY, people);
      renderList();
    }).catch(function (error) {
      if (error && error.message === "auth") say("danger", T.signIn);
    }).then(function () {
      flushing = false;
      renderStatus();
      if (queue.length && navigator.onLine) setTimeout(flush, 3000);
    });
  }

  function refresh() {
    if (!navigator.onLine) return Promise.resolve();
    return fetch(dataUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error(String(response.status));
        return response.json();
      }).then(function (data) {
        setPeople(data.participants);
        write(LIST_KEY, people);
        renderList();
      }).catch(function () { /* keep the stored list */ });
  }

  // --- camera ----------------------------------------------------------------------------
  var stream = null, detector = null, scanning = false, lastCode = "", lastAt = 0, canvas = null;

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(); return; }
      var script = document.createElement("script");
      script.src = root.dataset.jsqrUrl;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  function makeDetector() {
    if (!("BarcodeDetector" in window)) return loadJsQR().then(function () { return null; });
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") !== -1) return new window.BarcodeDetector({ formats: ["qr_code"] });
      return loadJsQR().then(function () { return null; });
    });
  }
  function onCode(text) {
    var code = normalize(text);
    var now = Date.now();
    if (code === lastCode && now - lastAt < 4000) return;
    lastCode = code; lastAt = now;
    checkIn(code, "scan");
  }
  function tick() {
    if (!scanning) return;
    var video = $("scan-video");
    if (video.readyState >= 2) {
      if (detector) {
        detector.detect(video).then(function (codes) {
          if (codes.length) onCode(codes[0].rawValue);
        }).catch(function () {});
      } else if (window.jsQR) {
        canvas = canvas || document.createElement("canvas");
        var scale = Math.min(1, 480 / (video.videoWidth || 480));
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        var ctx = canvas.getContext("2d", { willReadFrequently: true });
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        if (found && found.data) onCode(found.data);
      }
    }
    setTimeout(tick, 250);
  }
  function startScan() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { say("warning", T.noCamera); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s;
      var video = $("scan-video");
      video.srcObject = s;
      $("scanner").hidden = false;
      $("scan-start").hidden = true;
      return video.play().then(makeDetector).then(function (d) { detector = d; scanning = true; tick(); });
    }).catch(function () { say("warning", T.noCamera); stopScan(); });
  }
  function stopScan() {
    scanning = false;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    $("scanner").hidden = true;
    $("scan-start").hidden = false;
  }

  // --- offline page (service worker) -------------------------------------------------------
  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: root.dataset.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = [location.href, dataUrl, root.dataset.jsqrUrl];
      document.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (el) { urls.push(el.href || el.src); });
      if (registration.active) registration.active.postMessage({ cache: urls });
    }).catch(function () { /* the page still works online */ });
  }

  // --- wiring -----------------------------------------------------------------------------
  $("code-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = $("code-input");
    if (checkIn(input.value, "typed")) input.value = "";
    input.focus();
  });
  $("search").addEventListener("input", renderList);
  $("scan-start").addEventListener("click", startScan);
  $("scan-stop").addEventListener("click", stopScan);
  window.addEventListener("online", function () { renderStatus(); flush(); refresh(); });
  window.addEventListener("offline", renderStatus);
  setInterval(flush, 20000);

  setPeople(read(LIST_KEY, []));
  renderNotes();
  renderList();
  refresh().then(flush);
  registerWorker();
})();
