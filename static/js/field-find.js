// orderdesk field mode: the scan box. A hardware scanner types a code and presses Enter, and
// the next scan must replace the last one, never be glued to it: after every answer (nothing
// matches, several matches, or the order a scan opened) the box has the focus with its text
// selected. On an order page the box shows the code that opened it; a key typed while nothing
// else has the focus goes into the box, so a scan there finds the next order with no tap.
(function () {
	"use strict";
	var KEY = "orderdesk-field-scan"; // the code last sent from the box, for the page it opens
	var box = function () { return document.getElementById("fq"); };
	function typing(el) {
		return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
	}
	function remember(value) {
		try { if (value === null) sessionStorage.removeItem(KEY); else sessionStorage.setItem(KEY, value); } catch (e) { /* private mode */ }
	}
	function recalled() {
		try { return sessionStorage.getItem(KEY); } catch (e) { return null; }
	}
	function ready() {
		var b = box();
		if (!b) return;
		if (document.querySelector(".field-mode[data-order-id]")) {
			var last = recalled();
			if (last && !b.value) b.value = last;
		}
		remember(null); // the find page shows its own query; an order page showed it once
		if (!typing(document.activeElement) || document.activeElement === b) {
			b.focus({ preventScroll: true });
			b.select();
		}
	}
	document.addEventListener("submit", function (e) {
		if (e.target.closest && e.target.closest("form[data-field-find]")) remember(box().value.trim());
	}, true);
	document.addEventListener("keydown", function (e) {
		// "/", "?" and "g" + a letter stay the keyboard shortcuts (app.js, which runs first).
		if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1 || "/? g".indexOf(e.key) >= 0) return;
		if (typing(e.target) || (document.activeElement && typing(document.activeElement))) return;
		if (document.querySelector("dialog[open]")) return;
		var b = box();
		if (!b) return;
		b.focus({ preventScroll: true });
		b.select(); // the key typed now replaces what the box held
	});
	// A page shown again from the back-forward cache is an answer too.
	window.addEventListener("pageshow", function (e) { if (e.persisted) ready(); });
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
	else ready();
})();
