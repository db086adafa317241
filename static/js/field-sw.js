// orderdesk field mode's service worker: the field pages come from the network and a copy of
// each is kept on the device, so a page reloaded without a connection still opens (as it was
// last seen) and its queue of steps stays usable. It touches nothing but GET requests of the
// field pages and the fingerprinted static files they use; steps are never cached.
"use strict";
var CACHE = "orderdesk-field-v1";
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (e) {
	var req = e.request, url = new URL(req.url);
	if (req.method !== "GET" || url.origin !== self.location.origin) return;
	if (url.pathname.indexOf("/static/") === 0) {
		// Fingerprinted names never change content: the kept copy is as good as the network's.
		e.respondWith(caches.open(CACHE).then(function (cache) {
			return cache.match(req).then(function (hit) {
				return hit || fetch(req).then(function (res) {
					if (res.ok) cache.put(req, res.clone());
					return res;
				});
			});
		}));
		return;
	}
	var page = url.pathname === "/field" || /^\/field\/orders\/[0-9A-Z]{26}$/.test(url.pathname);
	if (req.mode !== "navigate" || !page) return;
	e.respondWith(fetch(req).then(function (res) {
		if (res.ok && !res.redirected && !url.search) {
			var copy = res.clone();
			caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
		}
		return res;
	}, function () {
		return caches.open(CACHE).then(function (cache) {
			return cache.match(url.pathname).then(function (hit) { return hit || cache.match("/field"); });
		}).then(function (hit) { return hit || Response.error(); });
	}));
});
