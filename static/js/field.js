// orderdesk field mode: scanning with the camera where the browser reads bar codes, and a queue
// on the device for steps taken while the network is away: each step says when it was taken,
// a chain of steps on one shipment can wait, the queue retries by itself with backoff, and
// nothing typed is dropped without a trace in the device log. Without this script the find
// form and the step forms work as plain forms (a hardware scanner types into the box).
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

	// ---- The queue of steps kept on this device, and its log (IndexedDB, so photos keep as Blobs) ----
	function store(name, mode, fn) {
		return new Promise(function (ok, fail) {
			var open = indexedDB.open("orderdesk-field", 2);
			open.onupgradeneeded = function () {
				var db = open.result;
				if (!db.objectStoreNames.contains("steps")) db.createObjectStore("steps", { keyPath: "id" });
				if (!db.objectStoreNames.contains("log")) db.createObjectStore("log", { autoIncrement: true });
			};
			open.onerror = function () { fail(open.error); };
			open.onsuccess = function () {
				var tx = open.result.transaction(name, mode), req = fn(tx.objectStore(name));
				tx.oncomplete = function () { open.result.close(); ok(req.result); };
				tx.onerror = function () { open.result.close(); fail(tx.error); };
			};
		});
	}
	var all = function () { return store("steps", "readonly", function (s) { return s.getAll(); }); };
	var put = function (item) { return store("steps", "readwrite", function (s) { return s.put(item); }); };
	var drop = function (id) { return store("steps", "readwrite", function (s) { return s.delete(id); }); };
	var byID = function (a, b) { return a.id < b.id ? -1 : 1; };
	var wentThrough = []; // {label, at}: shown for a while after they went through
	var discarded = []; // what was discarded on this page, shown once more
	var unsent = 0; // this person's steps still on the device (for signing out)

	// note writes a line to the device log, kept for the last 300 lines.
	function note(text) {
		var entry = { at: Date.now(), user: me(), text: text };
		return store("log", "readwrite", function (s) {
			s.add(entry);
			var c = s.count();
			c.onsuccess = function () {
				var extra = c.result - 300;
				if (extra > 0) s.openCursor().onsuccess = function (e) {
					var cur = e.target.result;
					if (cur && extra-- > 0) { cur.delete(); cur.continue(); }
				};
			};
			return c;
		}).catch(function () {}).then(showLog);
	}
	function showLog() {
		var box = $("field-log"), list = $("field-log-list");
		if (!box || !window.indexedDB) return;
		store("log", "readonly", function (s) { return s.getAll(); }).then(function (entries) {
			entries = entries.filter(function (e) { return e.user === me(); }).reverse();
			// Shown once this person has something in it, the same on every page load.
			box.hidden = !entries.length;
			if (!box.open) return;
			list.replaceChildren.apply(list, entries.map(function (e) {
				var el = li(e.text, "field-queue-item");
				el.prepend(li(new Date(e.at).toLocaleString() + " ", "muted small", "span"));
				return el;
			}));
			if (!entries.length) list.replaceChildren(li("Nothing yet.", "muted"));
		});
	}

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

	// stamp is this moment on the device's clock, ISO 8601 with its offset (the step's taken_at).
	function stamp() {
		var d = new Date(), off = -d.getTimezoneOffset();
		var p = function (n, w) { return String(Math.abs(n)).padStart(w || 2, "0"); };
		return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + "T" + p(d.getHours()) + ":" + p(d.getMinutes()) + ":" +
			p(d.getSeconds()) + "." + p(d.getMilliseconds(), 3) + (off < 0 ? "-" : "+") + p(Math.floor(Math.abs(off) / 60)) + ":" + p(off % 60);
	}
	var field = function (item, n) { var f = item.fields.filter(function (p) { return p[0] === n; })[0]; return f ? f[1] : ""; };
	var kindOf = function (item) { return field(item, "step"); };
	var title = function (s) { return s.charAt(0).toUpperCase() + s.slice(1); };

	// describe says everything a step carries that a person typed or chose, for the log.
	function describe(item) {
		var parts = [item.shipmentNumber + " " + title(kindOf(item))], ticked = 0;
		var names = { receiver: "received by", note: "note", tracking: "tracking" };
		item.fields.forEach(function (p) {
			if (p[0] === "picked") ticked++;
			else if (p[1] && !/^(version|base_tracking|taken_at|step)$/.test(p[0])) parts.push((names[p[0]] || p[0]) + " " + p[1]);
		});
		if (ticked) parts.push(ticked + " item(s) ticked");
		if (item.photo) parts.push("photo " + item.photoName + " (" + Math.ceil(item.photo.size / 1024) + " KB)");
		if (field(item, "taken_at")) parts.push("taken at " + new Date(field(item, "taken_at")).toLocaleString());
		return parts.join(", ");
	}

	// A step as it is kept: what the form sends, without the CSRF token (the current page's is
	// sent), with the order version it was based on and when it was taken.
	function stepOf(form, data) {
		var item = { id: Date.now().toString(36) + Math.random().toString(36).slice(2, 6), path: form.getAttribute("action"), user: me(),
			orderNumber: form.dataset.orderNumber, shipmentNumber: form.dataset.shipmentNumber, fields: [], photo: null,
			state: "queued", message: "", queuedAt: new Date().toLocaleTimeString() };
		data.forEach(function (value, name) {
			if (name === "gorilla.csrf.Token") return;
			if (typeof value === "string") item.fields.push([name, value]);
			else if (value.size > 0) { item.photo = value; item.photoName = value.name || "photo.jpg"; }
		});
		item.version = field(item, "version");
		item.label = item.shipmentNumber + " · " + title(kindOf(item)) +
			(field(item, "receiver") ? " · received by " + field(item, "receiver") : "") + (field(item, "tracking") ? " · tracking " + field(item, "tracking") : "") +
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
		}).catch(function () { return { status: 0 }; }); // no network, or the answer broke off
	}

	// typed reads what was typed or chosen into the step forms and not sent yet, by form; putBack
	// writes it into the same forms once the page was replaced.
	function typed() {
		var out = {};
		document.querySelectorAll("form[data-field-step]").forEach(function (f) {
			var kept = { text: [], files: null };
			f.querySelectorAll("input[type=text], input:not([type]), textarea").forEach(function (i) {
				if (i.value !== i.defaultValue) kept.text.push([i.name, i.value]);
			});
			var file = f.querySelector("input[type=file]");
			if (file && file.files.length) kept.files = file.files;
			out[f.getAttribute("action")] = kept;
		});
		return out;
	}
	function putBack(kept) {
		Object.keys(kept).forEach(function (path) {
			var f = document.querySelector("form[data-field-step][action='" + path + "']");
			if (!f) return;
			kept[path].text.forEach(function (p) { var i = f.elements[p[0]]; if (i && !i.value) i.value = p[1]; });
			var file = f.querySelector("input[type=file]");
			if (file && kept[path].files && !file.files.length) file.files = kept[path].files;
		});
	}

	// show puts the page the server answered in place of this one (the field part, so the
	// script and its state stay) and makes the address the order's page, safe to reload. keep:
	// what the worker typed meanwhile stays (a queued step went through in the background).
	function show(res, path, keep) {
		var fresh = res.doc.querySelector(".field-mode"), here = document.querySelector(".field-mode");
		if (!fresh || !here) {
			document.open(); document.write(res.html); document.close();
			return Promise.resolve();
		}
		var kept = keep && typed();
		here.replaceWith(fresh);
		var page = path.replace(/\/shipments\/[^/]+$/, "");
		history.replaceState(null, "", page);
		// What the server answered is the order's page now: keep it for offline reloads.
		if (res.status === 200 && window.caches) {
			caches.open(CACHE).then(function (cache) {
				return cache.put(page, new Response(res.html, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
			}).catch(function () {});
		}
		return render().then(function () { if (kept) putBack(kept); });
	}

	// keepPhoto puts a step's photo back into its file input after the server refused the step
	// (a missing receiver): the page it answered has an empty one.
	function keepPhoto(item) {
		var input = document.querySelector("form[data-field-step][action='" + item.path + "'] input[type=file]");
		if (!item.photo || !input || input.files.length || !window.DataTransfer) return;
		var dt = new DataTransfer();
		dt.items.add(new File([item.photo], item.photoName, { type: item.photo.type }));
		input.files = dt.files;
		var p = li("Your photo " + item.photoName + " is still chosen: fix what is marked and take the step again.", "notice field-photo-kept", "p");
		p.setAttribute("data-testid", "field-photo-kept");
		(input.closest("label") || input).after(p);
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
			"The server answered " + status + "; the step stays queued and is tried again.";
	}

	// ---- Sending the queue: in the order the steps were taken, again and again with backoff ----
	var flushing = false, tries = 0, timer = 0, nextAt = 0, lastFail = "", triedOffline = false;
	function later() {
		clearTimeout(timer);
		var wait = Math.min(60000, 2000 * Math.pow(2, tries++));
		wait = Math.round(wait * (0.5 + Math.random() / 2)); // jitter: devices do not come back in step
		nextAt = Date.now() + wait;
		timer = setTimeout(function () { nextAt = 0; flush(); }, wait);
	}

	// flush sends the queued steps in the order they were taken; force tries even when the
	// browser believes it is offline (it can be wrong), as "Send now" does. A step after an
	// unresolved one of the same shipment waits for it.
	function flush(force) {
		if (flushing) return Promise.resolve();
		if (!navigator.onLine && force !== true) return render();
		flushing = true;
		clearTimeout(timer);
		nextAt = 0;
		render();
		var failed = "";
		return all().then(function (items) {
			var waiting = {};
			return items.filter(mine).sort(byID).reduce(function (chain, item) {
				return chain.then(function (goOn) {
					if (!goOn) return false;
					if (item.state !== "queued" || waiting[item.path]) { waiting[item.path] = true; return true; }
					return send(item).then(function (res) {
						if (res.status === 0) { failed = "no connection"; return false; }
						var here = document.querySelector(".field-mode[data-order-id]");
						var onPage = here && item.path.indexOf("/field/orders/" + here.dataset.orderId + "/") === 0;
						if (res.status === 200) {
							wentThrough.push({ label: item.label, at: Date.now() });
							return drop(item.id).then(function () {
								note("Went through: " + describe(item));
								return onPage && show(res, item.path, true);
							}).then(function () { return true; });
						}
						item.state = res.status === 409 || res.status === 422 ? "conflict" : "queued";
						item.message = item.state === "conflict" ? explanation(res.doc, item.path) : refusal(res.status);
						var form = res.doc.querySelector("form[action='" + item.path + "']");
						if (form) item.current = { version: form.elements.version.value, base: form.elements.base_tracking.value };
						if (item.state !== "conflict") failed = res.status === -1 ? "signed out" : "the server answered " + res.status;
						return put(item).then(function () {
							if (item.state !== "conflict") return false;
							waiting[item.path] = true;
							note("To resolve: " + describe(item) + ". " + item.message);
							// On the order's own page, show the order as it is now beside the conflict.
							return Promise.resolve(onPage && show(res, item.path, true)).then(function () { return true; });
						});
					});
				});
			}, Promise.resolve(true));
		}).catch(function () { failed = "the device could not read its queue"; }).then(function () {
			flushing = false;
			lastFail = failed;
			if (!failed) { tries = 0; triedOffline = false; } else if (failed !== "signed out") later();
			return render();
		});
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
			note("Retried on version " + item.version + ": " + describe(item));
			return put(item);
		}).then(function () { return flush(true); });
	}

	// discard drops a step, but not what it carried: that is shown once more and kept in the
	// device log.
	function discard(id) {
		return all().then(function (items) {
			var item = items.filter(function (i) { return i.id === id; })[0];
			if (!item) return;
			var text = "Discarded: " + describe(item);
			discarded.push(text);
			return note(text + (item.message ? ". The server had said: " + item.message : "")).then(function () { return drop(id); });
		}).then(render);
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

	// state says where the queue stands: offline, sending, or when the next try is.
	var counts = { queued: 0, others: 0 };
	function state() {
		var el = $("field-queue-state");
		if (!el) return;
		var wait = Math.max(0, Math.round((nextAt - Date.now()) / 1000));
		el.textContent = !navigator.onLine ? (triedOffline && !flushing ? "This device is offline: Send now tried once and nothing went through. The steps stay on this device and are sent when the connection returns." :
			triedOffline ? "This device is offline; trying once anyway…" :
			"Offline: this page may be out of date; steps wait on this device and are sent when the connection returns.") :
			flushing ? "Sending…" :
			counts.queued && nextAt ? "The last try did not go through (" + lastFail + "). Next try at " + new Date(nextAt).toLocaleTimeString() + ", in " + wait + " s; or press Send now." :
			counts.queued ? "Online: press Send now to try again." : "";
		if (counts.others) el.textContent += " " + counts.others + " step(s) on this device were taken by someone else; they are sent when that person signs in here.";
	}
	setInterval(function () { if (nextAt) state(); }, 1000);

	// ahead shows the card of a shipment as it is after the step kind ("" for the card as the
	// server showed it), from the cards the page holds for the steps ahead.
	function ahead(section, kind) {
		var id = section.id.slice("shipment-".length);
		var find = function (k) { return document.querySelector("template[data-chain-for='" + id + "'][data-after='" + k + "']"); };
		if (!section.dataset.shownAfter && !find("")) {
			var keep = document.createElement("template");
			keep.dataset.chainFor = id;
			keep.dataset.after = "";
			keep.content.appendChild(section.cloneNode(true));
			section.after(keep);
		}
		var tpl = find(kind);
		if (!tpl) return section;
		var fresh = tpl.content.firstElementChild.cloneNode(true);
		if (kind) fresh.dataset.shownAfter = kind;
		section.replaceWith(fresh);
		return fresh;
	}

	function render() {
		var panel = $("field-queue");
		if (!panel || !window.indexedDB) return Promise.resolve();
		return all().then(function (items) {
			counts.others = items.filter(function (i) { return !mine(i); }).length;
			items = items.filter(mine).sort(byID);
			unsent = items.length;
			var queued = items.filter(function (i) { return i.state === "queued"; });
			var conflicts = items.filter(function (i) { return i.state === "conflict"; });
			counts.queued = queued.length;
			wentThrough = wentThrough.filter(function (s) { return Date.now() - s.at < 120000; });
			panel.hidden = navigator.onLine && !queued.length && !conflicts.length && !wentThrough.length && !discarded.length && !counts.others;
			state();
			var list = $("field-queued");
			list.replaceChildren.apply(list, queued.map(function (i) {
				var el = li(i.label, "field-queue-item");
				el.appendChild(li("Based on version " + i.version + ", taken at " + i.queuedAt + (i.message ? ". " + i.message : ""), "muted small", "p"));
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
			var gone = $("field-discarded");
			$("field-discarded-box").hidden = !discarded.length;
			gone.replaceChildren.apply(gone, discarded.map(function (t) { return li(t, "field-queue-item"); }));
			// A shipment with steps waiting here shows the card after the last of them, so the
			// next step can be queued too; one waiting on a conflict takes no other step.
			document.querySelectorAll(".field-mode section[id^='shipment-']").forEach(function (section) {
				var form = section.querySelector("form[data-field-step]");
				if (!form) return;
				var path = form.getAttribute("action");
				var waiting = items.filter(function (i) { return i.path === path; });
				var stuck = waiting.some(function (i) { return i.state === "conflict"; });
				var last = waiting[waiting.length - 1];
				var want = stuck ? section.dataset.shownAfter || "" : last ? kindOf(last) : "";
				if (want !== (section.dataset.shownAfter || "")) {
					section = ahead(section, want);
					form = section.querySelector("form[data-field-step]");
					if (want === "picked") form.querySelectorAll("input[name=picked]").forEach(function (b) {
						if (last.fields.some(function (p) { return p[0] === "picked" && p[1] === b.value; })) b.checked = true;
					});
				}
				var shown = (section.dataset.shownAfter || "") === want;
				var msg = form.querySelector(".field-waiting");
				form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = stuck || (!!waiting.length && !shown); });
				if (!waiting.length) { if (msg) msg.remove(); return; }
				if (!msg) { msg = li("", "notice field-waiting", "p"); form.prepend(msg); }
				msg.textContent = stuck ? "A step of this shipment waits on this device: retry or discard it above." :
					"Not sent yet. Queued on this device: " + waiting.map(function (i) { return title(kindOf(i)); }).join(", then ") + "." +
					(shown ? " The card shows the shipment as it will be once they go through" + (section.querySelector("button[type=submit]") ? "; the next step can be queued too." : ".") : "");
			});
			var sent = $("field-sent");
			$("field-sent-box").hidden = !wentThrough.length;
			sent.replaceChildren.apply(sent, wentThrough.map(function (s) { return li(s.label, "field-queue-item"); }));
			showLog();
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
		data.set("taken_at", stamp());
		var item = stepOf(form, data);
		var keep = function () {
			return put(item).then(function () { return note("Queued: " + describe(item)); }).then(render).then(function () {
				$("field-queue").scrollIntoView({ block: "nearest" });
			});
		};
		all().then(function (items) {
			// Behind a step of the same shipment still on the device, it waits its turn.
			if (!navigator.onLine || items.some(function (i) { return mine(i) && i.path === item.path; })) {
				return keep().then(function () { if (navigator.onLine && !nextAt) return flush(); });
			}
			return send(item).then(function (res) {
				if (res.status === 200 || res.status === 409 || res.status === 422) {
					return show(res, item.path).then(function () { if (res.status !== 200) keepPhoto(item); });
				}
				if (res.status !== 0) item.message = refusal(res.status);
				lastFail = res.status === 0 ? "no connection" : "the server answered " + res.status;
				return keep().then(function () { if (res.status !== -1) { later(); state(); } });
			});
		});
	});

	// Searching needs the network: offline, say so instead of an empty page.
	document.addEventListener("submit", function (e) {
		var form = e.target.closest("form[data-field-find]");
		if (!form || navigator.onLine) return;
		e.preventDefault();
		offlineSearch(form.elements.q.value);
	});
	function offlineSearch(q) {
		var say = $("field-offline") || li("", "field-error", "p");
		say.id = "field-offline";
		say.setAttribute("role", "alert");
		say.setAttribute("data-testid", "field-offline");
		say.textContent = "You are offline: finding " + (q ? "“" + q + "” " : "") + "needs the network. Try again when the connection returns; steps you take meanwhile wait on this device.";
		var form = document.querySelector("form[data-field-find]");
		if (form && !say.parentNode) form.after(say);
	}

	// Signing out with steps not sent yet asks first; they stay on this device either way.
	document.addEventListener("submit", function (e) {
		if (e.target.getAttribute("action") !== "/logout" || !unsent) return;
		var n = unsent === 1 ? "1 step taken on this device has" : unsent + " steps taken on this device have";
		if (!window.confirm(n + " not reached the server yet. They stay on this device and are sent when you sign in here again. Sign out anyway?")) {
			e.preventDefault();
			e.stopImmediatePropagation();
			return;
		}
		note("Signed out with " + unsent + " step(s) not sent; they stay on this device.");
	}, true);

	document.addEventListener("click", function (e) {
		var t = e.target;
		if (t.id === "field-send-now") {
			triedOffline = !navigator.onLine;
			flush(true);
		} else if (t.hasAttribute("data-retry")) retry(t.getAttribute("data-retry"));
		else if (t.hasAttribute("data-discard")) discard(t.getAttribute("data-discard"));
	});
	document.addEventListener("toggle", function (e) { if (e.target.id === "field-log") showLog(); }, true);
	if ("serviceWorker" in navigator) navigator.serviceWorker.register("/field/sw.js", { scope: "/field" }).catch(function () {});
	window.addEventListener("online", function () { tries = 0; triedOffline = false; flush(); });
	window.addEventListener("offline", render);
	document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") flush(); });
	// The page the service worker answered for a search while offline keeps what was asked.
	var asked = new URLSearchParams(location.search).get("q");
	if (asked && $("field-offline") && $("fq") && !$("fq").value) $("fq").value = asked;
	setupCamera();
	if (window.indexedDB) flush();
})();
