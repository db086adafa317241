// orderdesk field mode: scanning with the camera where the browser reads bar codes, and a queue
// on the device for steps taken while the network is away. Without this script the find form
// and the step forms work as plain forms (a hardware scanner types into the box).
(function () {
	"use strict";
	var $ = function (id) { return document.getElementById(id); };
	var CACHE = "orderdesk-field-v1"; // the service worker's cache of field pages (field-sw.js)

	// ---- Camera scanning (BarcodeDetector: Chromium on Android and ChromeOS) ----
	function setupCamera() {
		var btn = $("field-camera"), box = $("field-scanner"), video = $("field-video"), status = $("field-scanner-status");
		var form = document.querySelector("form[data-field-find]");
		if (!btn || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
		BarcodeDetector.getSupportedFormats().then(function (formats) {
			if (!formats.length) return;
			btn.hidden = false;
			var stream = null, timer = 0;
			var stop = function () {
				clearTimeout(timer);
				if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
				stream = null;
				video.srcObject = null;
				box.hidden = true;
				btn.hidden = false;
			};
			btn.addEventListener("click", function () {
				var detector = new BarcodeDetector({ formats: formats });
				box.hidden = false;
				btn.hidden = true;
				status.textContent = "Point the camera at the bar code.";
				navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false }).then(function (s) {
					stream = s;
					video.srcObject = s;
					return video.play();
				}).then(function scan() {
					if (!stream) return;
					detector.detect(video).then(function (codes) {
						if (!codes.length) { timer = setTimeout(scan, 200); return; }
						$("fq").value = codes[0].rawValue;
						stop();
						form.requestSubmit();
					}, function () { timer = setTimeout(scan, 500); });
				}).catch(function (err) {
					status.textContent = "The camera could not be opened (" + err.name + "). Type or use the scanner instead.";
				});
			});
			$("field-camera-stop").addEventListener("click", stop);
		});
	}

	// ---- The queue of steps kept on this device (IndexedDB, so photos keep as Blobs) ----
	function store(mode, fn) {
		return new Promise(function (ok, fail) {
			var open = indexedDB.open("orderdesk-field", 1);
			open.onupgradeneeded = function () { open.result.createObjectStore("steps", { keyPath: "id" }); };
			open.onerror = function () { fail(open.error); };
			open.onsuccess = function () {
				var tx = open.result.transaction("steps", mode), req = fn(tx.objectStore("steps"));
				tx.oncomplete = function () { open.result.close(); ok(req.result); };
				tx.onerror = function () { open.result.close(); fail(tx.error); };
			};
		});
	}
	var all = function () { return store("readonly", function (s) { return s.getAll(); }); };
	var put = function (item) { return store("readwrite", function (s) { return s.put(item); }); };
	var drop = function (id) { return store("readwrite", function (s) { return s.delete(id); }); };
	var wentThrough = []; // {label, at}: shown for a while after they went through

	// me is who is signed in on this page: a step is sent only with its own taker's session, so
	// the history names the right person.
	function me() {
		var el = document.querySelector(".field-mode[data-user]");
		return el ? el.dataset.user : "";
	}
	var mine = function (i) { return i.user === me(); };

	function token() {
		var input = document.querySelector("input[name='gorilla.csrf.Token']");
		if (input) return input.value;
		try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"]; } catch (e) { return ""; }
	}

	// A step as it is kept: what the form sends, without the CSRF token (the current page's is
	// sent), with the order version it was based on.
	function stepOf(form, data) {
		var item = { id: Date.now().toString(36) + Math.random().toString(36).slice(2, 6), path: form.getAttribute("action"), user: me(),
			orderNumber: form.dataset.orderNumber, shipmentNumber: form.dataset.shipmentNumber, fields: [], photo: null,
			state: "queued", message: "", queuedAt: new Date().toLocaleTimeString() };
		data.forEach(function (value, name) {
			if (name === "gorilla.csrf.Token") return;
			if (typeof value === "string") item.fields.push([name, value]);
			else if (value.size > 0) { item.photo = value; item.photoName = value.name || "photo.jpg"; }
		});
		var get = function (n) { var f = item.fields.filter(function (p) { return p[0] === n; })[0]; return f ? f[1] : ""; };
		item.version = get("version");
		var step = get("step");
		item.label = item.shipmentNumber + " · " + step.charAt(0).toUpperCase() + step.slice(1) +
			(get("receiver") ? " · received by " + get("receiver") : "") + (get("tracking") ? " · tracking " + get("tracking") : "") +
			(item.photo ? " · with photo" : "");
		return item;
	}

	function send(item) {
		var data = new FormData();
		item.fields.forEach(function (p) { data.append(p[0], p[1]); });
		data.append("gorilla.csrf.Token", token());
		if (item.photo) data.append("photo", item.photo, item.photoName);
		return fetch(item.path, { method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRF-Token": token() } }).then(function (res) {
			return res.text().then(function (html) {
				// A redirect (to the sign-in page) means the step was not taken.
				return { status: res.redirected ? -1 : res.status, html: html, doc: new DOMParser().parseFromString(html, "text/html") };
			});
		}, function () { return { status: 0 }; });
	}

	// show puts the page the server answered in place of this one (the field part, so the
	// script and its state stay) and makes the address the order's page, safe to reload.
	function show(res, path) {
		var fresh = res.doc.querySelector(".field-mode"), here = document.querySelector(".field-mode");
		if (!fresh || !here) {
			document.open(); document.write(res.html); document.close();
			return;
		}
		here.replaceWith(fresh);
		var page = path.replace(/\/shipments\/[^/]+$/, "");
		history.replaceState(null, "", page);
		// What the server answered is the order's page now: keep it for offline reloads.
		if (res.status === 200 && window.caches) {
			caches.open(CACHE).then(function (cache) {
				return cache.put(page, new Response(res.html, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
			}).catch(function () {});
		}
		render();
	}

	function explanation(doc, path) {
		var form = doc.querySelector("form[action='" + path + "']");
		var card = form ? form.closest("section") : doc;
		var msgs = [];
		(card || doc).querySelectorAll(".field-error").forEach(function (p) { msgs.push(p.textContent.trim()); });
		if (!msgs.length) doc.querySelectorAll(".field-error").forEach(function (p) { msgs.push(p.textContent.trim()); });
		return msgs.join(" ") || "The server refused this step.";
	}

	function refusal(status) {
		return status === -1 ? "The session ended: sign in again; the step stays queued and is sent when a field page opens." :
			"The server answered " + status + "; the step stays queued. Press Send now to try again.";
	}

	var flushing = false;
	// flush sends the queued steps in the order they were taken; force tries even when the
	// browser believes it is offline (it can be wrong), as "Send now" does.
	function flush(force) {
		if (flushing || (!navigator.onLine && force !== true)) { render(); return Promise.resolve(); }
		flushing = true;
		render();
		return all().then(function (items) {
			var queued = items.filter(function (i) { return i.state === "queued" && mine(i); }).sort(function (a, b) { return a.id < b.id ? -1 : 1; });
			return queued.reduce(function (chain, item) {
				return chain.then(function (goOn) {
					if (!goOn) return false;
					return send(item).then(function (res) {
						if (res.status === 0) return false; // still no network: the rest waits
						if (res.status === 200) {
							wentThrough.push({ label: item.label, at: Date.now() });
							return drop(item.id).then(function () {
								var here = document.querySelector(".field-mode[data-order-id]");
								if (here && item.path.indexOf("/field/orders/" + here.dataset.orderId + "/") === 0) show(res, item.path);
								return true;
							});
						}
						item.state = res.status === 409 || res.status === 422 ? "conflict" : "queued";
						item.message = item.state === "conflict" ? explanation(res.doc, item.path) : refusal(res.status);
						var form = res.doc.querySelector("form[action='" + item.path + "']");
						if (form) item.current = { version: form.elements.version.value, base: form.elements.base_tracking.value };
						return put(item).then(function () {
							// On the order's own page, show the order as it is now beside the conflict.
							var here = document.querySelector(".field-mode[data-order-id]");
							if (item.state === "conflict" && here && item.path.indexOf("/field/orders/" + here.dataset.orderId + "/") === 0) show(res, item.path);
							return item.state === "conflict";
						});
					});
				});
			}, Promise.resolve(true));
		}).catch(function () {}).then(function () { flushing = false; render(); });
	}

	function retry(id) {
		return all().then(function (items) {
			var item = items.filter(function (i) { return i.id === id; })[0];
			if (!item) return;
			if (item.current) {
				item.fields = item.fields.map(function (p) {
					if (p[0] === "version") return [p[0], item.current.version];
					if (p[0] === "base_tracking") return [p[0], item.current.base];
					return p;
				});
				item.version = item.current.version;
			}
			item.state = "queued";
			item.message = "";
			return put(item);
		}).then(function () { return flush(true); });
	}

	function li(text, cls, tag) {
		var el = document.createElement(tag || "li");
		el.className = cls;
		el.textContent = text;
		return el;
	}
	function button(text, attr, id) {
		var b = document.createElement("button");
		b.type = "button";
		b.className = "btn field-big" + (attr === "data-discard" ? " btn-ghost" : "");
		b.setAttribute(attr, id);
		b.textContent = text;
		return b;
	}

	function render() {
		var panel = $("field-queue");
		if (!panel || !window.indexedDB) return;
		all().then(function (items) {
			var others = items.filter(function (i) { return !mine(i); }).length;
			items = items.filter(mine);
			var queued = items.filter(function (i) { return i.state === "queued"; });
			var conflicts = items.filter(function (i) { return i.state === "conflict"; });
			wentThrough = wentThrough.filter(function (s) { return Date.now() - s.at < 120000; });
			panel.hidden = navigator.onLine && !queued.length && !conflicts.length && !wentThrough.length;
			$("field-queue-state").textContent = !navigator.onLine ? "Offline: this page may be out of date; steps wait on this device and are sent when the connection returns." :
				flushing ? "Sending…" : queued.length ? "Online: press Send now, or wait for the next try." : "";
			if (others) $("field-queue-state").textContent += " " + others + " step(s) on this device were taken by someone else; they are sent when that person signs in here.";
			panel.hidden = panel.hidden && !others;
			var list = $("field-queued");
			list.replaceChildren.apply(list, queued.map(function (i) {
				var el = li(i.label, "field-queue-item");
				el.appendChild(li("Based on version " + i.version + ", queued at " + i.queuedAt + (i.message ? ". " + i.message : ""), "muted small", "p"));
				return el;
			}));
			$("field-send-now").hidden = !queued.length;
			var box = $("field-conflicts");
			$("field-conflicts-box").hidden = !conflicts.length;
			box.replaceChildren.apply(box, conflicts.map(function (i) {
				var el = li(i.label, "field-queue-item field-conflict");
				el.appendChild(li(i.message, "field-error", "p"));
				el.appendChild(button("Retry on the current version", "data-retry", i.id));
				el.appendChild(button("Discard", "data-discard", i.id));
				return el;
			}));
			// A shipment with a step waiting here takes no other step until it went through.
			document.querySelectorAll("form[data-field-step]").forEach(function (form) {
				var waiting = items.filter(function (i) { return i.path === form.getAttribute("action"); })[0];
				var note = form.querySelector(".field-waiting");
				form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = !!waiting; });
				if (!waiting) { if (note) note.remove(); return; }
				if (!note) { note = li("", "notice field-waiting", "p"); form.prepend(note); }
				note.textContent = waiting.state === "conflict" ? "This step waits on this device: retry or discard it above." :
					"Queued on this device: " + waiting.label + ".";
			});
			var sent = $("field-sent");
			$("field-sent-box").hidden = !wentThrough.length;
			sent.replaceChildren.apply(sent, wentThrough.map(function (s) { return li(s.label, "field-queue-item"); }));
		});
	}

	document.addEventListener("submit", function (e) {
		var form = e.target.closest("form[data-field-step]");
		if (!form || !window.fetch || !window.indexedDB) return;
		e.preventDefault();
		var file = form.querySelector("input[type=file]");
		if (file && file.files[0] && file.files[0].size > Number(file.dataset.maxBytes)) {
			var msg = file.parentNode.nextElementSibling;
			if (!msg || !msg.classList.contains("field-error")) {
				msg = document.createElement("p");
				msg.className = "field-error";
				msg.setAttribute("role", "alert");
				file.parentNode.after(msg);
			}
			msg.textContent = "The photo is larger than " + Math.floor(Number(file.dataset.maxBytes) / 1048576) + " MB; take it again at a lower resolution.";
			return;
		}
		var data = new FormData(form, e.submitter);
		var by = e.submitter;
		if (by && by.name && !data.has(by.name)) data.append(by.name, by.value); // browsers without FormData(form, submitter)
		var item = stepOf(form, data);
		var keep = function () { put(item).then(render).then(function () { $("field-queue").scrollIntoView({ block: "nearest" }); }); };
		if (!navigator.onLine) { keep(); return; }
		send(item).then(function (res) {
			if (res.status === 200 || res.status === 409 || res.status === 422) { show(res, item.path); return; }
			if (res.status !== 0) item.message = refusal(res.status);
			keep();
		});
	});
	document.addEventListener("click", function (e) {
		var t = e.target;
		if (t.id === "field-send-now") flush(true);
		else if (t.hasAttribute("data-retry")) retry(t.getAttribute("data-retry"));
		else if (t.hasAttribute("data-discard")) drop(t.getAttribute("data-discard")).then(render);
	});
	if ("serviceWorker" in navigator) navigator.serviceWorker.register("/field/sw.js", { scope: "/field" }).catch(function () {});
	window.addEventListener("online", function () { flush(); });
	window.addEventListener("offline", render);
	setupCamera();
	if (window.indexedDB) flush();
})();
