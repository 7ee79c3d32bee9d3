// Portal KIM check-in service worker: keeps the check-in pages, their scripts and styles,
// and the participant lists, so the page opens and works without signal. Check-ins made
// offline are queued by the page itself (localStorage) and sent when the network returns.
"use strict";
var CACHE = "kim-presensi-v1";
var SCOPE = "{{ scope }}";
var STATIC = "{{ static_url }}";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf("kim-presensi-") === 0 && k !== CACHE; })
        .map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function cacheable(url) {
  return url.origin === self.location.origin &&
    (url.pathname.indexOf(SCOPE) === 0 || url.pathname.indexOf(STATIC) === 0) &&
    url.pathname.indexOf("/sinkron/") === -1 && url.pathname.indexOf("/langsung/") === -1;
}

function store(request, response) {
  if (response && response.ok && response.type === "basic" && !response.redirected) {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

// The page asks us to keep what it loaded before this worker controlled it.
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.cache) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (u) {
      return fetch(u, { credentials: "same-origin" }).then(function (r) { return store(new Request(u), r); }).catch(function () {});
    }));
  }));
});

// Network first (fresh lists and pages when there is signal), the cache when there is not.
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (!cacheable(url)) return;
  event.respondWith(
    fetch(request).then(function (response) { return store(request, response); }).catch(function () {
      return caches.match(request).then(function (hit) { return hit || Response.error(); });
    })
  );
});
