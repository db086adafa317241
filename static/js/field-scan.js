// orderdesk field mode: counting picked units by scanning. A hardware scanner types the code
// into a pick form's scan box and presses Enter (or the camera reads it where the browser has
// BarcodeDetector); a code equal to a line's bar code or SKU (case and spaces aside) counts one
// unit on the first line of that product still short, and a line counted to its quantity ticks
// itself. A code on no line, or on lines already complete, is refused aloud: a message, a
// vibration where the device has one, and a short beep. The counts are kept per form in the
// tab's session storage, so a reload keeps them; the form sends them as counted_<item>.
// Without this script the scan box stays hidden and the ticks work alone.
(function () {
	"use strict";
	var PREFIX = "orderdesk-pick:";

	function load(key) {
		try { return JSON.parse(sessionStorage.getItem(PREFIX + key) || "{}") || {}; } catch (e) { return {}; }
	}
	function save(key, counts) {
		try { sessionStorage.setItem(PREFIX + key, JSON.stringify(counts)); } catch (e) { /* private mode: counts live on the page */ }
	}

	var audio = null;
	function beep() {
		try {
			var Ctx = window.AudioContext || window.webkitAudioContext;
			if (!Ctx) return;
			audio = audio || new Ctx();
			if (audio.state === "suspended") audio.resume();
			var osc = audio.createOscillator(), gain = audio.createGain();
			osc.type = "square";
			osc.frequency.value = 220;
			gain.gain.value = 0.12;
			osc.connect(gain);
			gain.connect(audio.destination);
			osc.start();
			osc.stop(audio.currentTime + 0.25);
		} catch (e) { /* no sound here: the message and the vibration still say it */ }
	}

	function lineOf(el) {
		return {
			el: el, id: el.dataset.pickLine, qty: Number(el.dataset.quantity) || 0, name: el.dataset.name || "this item",
			codes: [el.dataset.barcode, el.dataset.sku].filter(Boolean).map(function (c) { return c.trim().toLowerCase(); }),
			box: el.querySelector("input[type=checkbox]"), shown: el.querySelector("[data-counted]"),
			input: el.querySelector("[data-counted-input]"), tote: el.dataset.tote || "", order: el.dataset.orderNumber || ""
		};
	}

	function setup(box) {
		if (box.dataset.scanReady) return;
		var form = box.closest("form");
		if (!form || !box.dataset.pickKey) return;
		box.dataset.scanReady = "1";
		box.hidden = false;
		var key = box.dataset.pickKey, where = box.dataset.pickWhere || "in this shipment";
		var input = box.querySelector("[data-scan-input]"), status = box.querySelector("[data-scan-status]"), alert = box.querySelector("[data-scan-alert]");
		var lines = Array.prototype.map.call(form.querySelectorAll("[data-pick-line]"), lineOf).filter(function (l) { return l.box && !l.box.disabled && l.input; });
		var stored = load(key), counts = {};

		function show(l) {
			var n = counts[l.id];
			l.shown.textContent = String(n);
			l.input.value = String(n);
			l.el.classList.toggle("pick-done", n >= l.qty);
		}
		function keep() {
			var out = {};
			lines.forEach(function (l) { out[l.id] = counts[l.id]; });
			save(key, out);
		}
		lines.forEach(function (l) {
			// A line the server shows picked is complete; otherwise what this tab counted.
			counts[l.id] = l.box.checked ? l.qty : Math.min(l.qty, Math.max(0, Number(stored[l.id]) || 0));
			if (counts[l.id] >= l.qty && l.qty > 0) l.box.checked = true;
			show(l);
			l.box.addEventListener("change", function () {
				// A tick counts the line complete; an untick undoes its count.
				counts[l.id] = l.box.checked ? l.qty : 0;
				show(l);
				keep();
			});
		});
		keep();

		function refuse(msg) {
			status.textContent = "";
			alert.textContent = msg;
			if (navigator.vibrate) navigator.vibrate([120, 60, 120]);
			beep();
		}
		function scan(raw) {
			var code = String(raw || "").trim();
			if (!code) return;
			var c = code.toLowerCase();
			var matching = lines.filter(function (l) { return l.codes.indexOf(c) >= 0; });
			if (!matching.length) { refuse(code + " is not " + where); return; }
			var short = matching.filter(function (l) { return !l.box.checked && counts[l.id] < l.qty; })[0];
			if (!short) {
				var total = matching.reduce(function (n, l) { return n + l.qty; }, 0);
				refuse("All " + total + " of " + matching[0].name + " are counted already");
				return;
			}
			counts[short.id]++;
			if (counts[short.id] >= short.qty) short.box.checked = true;
			show(short);
			keep();
			alert.textContent = "";
			status.textContent = (short.tote ? short.name + " → tote " + short.tote + " (" + short.order + "): " : "Counted ") +
				counts[short.id] + " of " + short.qty + (short.tote ? "" : " " + short.name) +
				(counts[short.id] >= short.qty ? ". Complete." : ".");
		}
		input.addEventListener("keydown", function (e) {
			if (e.key !== "Enter") return;
			e.preventDefault(); // never the form's submit: a scan is not the step
			scan(input.value);
			input.select();
		});
		// Browsers submit a form on the Enter key's keypress; a scanner's Enter must not.
		input.addEventListener("keypress", function (e) { if (e.key === "Enter") e.preventDefault(); });
		setupCamera(box, function (code) { input.value = code; scan(code); input.focus(); input.select(); });
	}

	// The camera reads one code per press, so the same item is never counted twice by accident.
	function setupCamera(box, done) {
		var btn = box.querySelector("[data-scan-camera]"), video = box.querySelector("video");
		if (!btn || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
		BarcodeDetector.getSupportedFormats().then(function (formats) {
			if (!formats.length) return;
			btn.hidden = false;
			var stream = null, timer = 0;
			function stop() {
				clearTimeout(timer);
				if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
				stream = null;
				video.srcObject = null;
				video.hidden = true;
				btn.textContent = "Scan with camera";
			}
			btn.addEventListener("click", function () {
				if (stream) { stop(); return; }
				var detector = new BarcodeDetector({ formats: formats });
				navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false }).then(function (s) {
					stream = s;
					video.srcObject = s;
					video.hidden = false;
					btn.textContent = "Stop the camera";
					return video.play();
				}).then(function look() {
					if (!stream) return;
					detector.detect(video).then(function (codes) {
						if (!codes.length) { timer = setTimeout(look, 200); return; }
						stop();
						done(codes[0].rawValue);
					}, function () { timer = setTimeout(look, 500); });
				}).catch(function () { stop(); });
			});
		});
	}

	function setupAll() {
		document.querySelectorAll("[data-scan-box]").forEach(setup);
		// A page that took the step forgets the counts it sent.
		document.querySelectorAll("[data-pick-clear]").forEach(function (el) {
			el.dataset.pickClear.split(" ").forEach(function (k) { if (k) try { sessionStorage.removeItem(PREFIX + k); } catch (e) { /* nothing kept */ } });
		});
	}
	setupAll();
	// field.js puts the server's answer in place of the page: set up the new forms too.
	new MutationObserver(setupAll).observe(document.body, { childList: true, subtree: true });
})();
