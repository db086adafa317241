// orderdesk field mode's service worker: the field pages come from the network and a copy of
// each is kept on the device, so a page reloaded without a connection still opens (as it was
// last seen) and its queue of steps stays usable; a search or a page never opened says it is
// offline. It touches nothing but GET requests of the field pages and the fingerprinted static
// files they use; steps are never cached.
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
			var q = url.searchParams.get("q");
			// A search needs the server: say so on the find page as last seen.
			if (url.pathname === "/field" && q) return offline(cache, "You are offline: finding “" + q + "” needs the network. Try again when the connection returns; steps you take meanwhile wait on this device.");
			return cache.match(url.pathname).then(function (hit) {
				return hit || offline(cache, "You are offline, and this page was not opened on this device before. Open it again when the connection returns.");
			});
		});
	}));
});

// offline answers the find page as last seen with what the network's absence means, or a bare
// page saying it when none was kept.
function offline(cache, say) {
	var esc = function (t) { return t.replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); };
	var p = '<p class="field-error" role="alert" id="field-offline" data-testid="field-offline">' + esc(say) + "</p>";
	var html = { headers: { "Content-Type": "text/html; charset=utf-8" } };
	return cache.match("/field").then(function (hit) {
		if (!hit) return new Response('<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline</title>' +
			p + '<p><a href="/field">Field</a></p>', html);
		return hit.text().then(function (page) { return new Response(page.replace(/<main[^>]*>/, function (m) { return m + p; }), html); });
	});
}
