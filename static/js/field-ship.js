// Field mode, shipping: a label scanner types the tracking number and presses Enter. Enter in
// the tracking box keeps what was scanned and moves to the Shipped button instead of shipping
// at once, so the worker sees the number before the parcel is marked shipped. Without this
// script the box is an ordinary input and the form works as it is.
(function () {
	"use strict";
	function trackingBox(e) {
		var box = e.target;
		return e.key === "Enter" && !e.isComposing && box.matches && box.matches("input[data-ship-tracking]") ? box : null;
	}
	// Enter submits the form from keydown or, on some keyboards (and scanners in keyboard mode),
	// from the keypress after it: both are stopped while the box has the focus. The focus moves
	// only when the key is released, so no part of this Enter presses the Shipped button.
	["keydown", "keypress"].forEach(function (type) {
		document.addEventListener(type, function (e) {
			if (trackingBox(e)) e.preventDefault();
		}, true);
	});
	document.addEventListener("keyup", function (e) {
		var box = trackingBox(e);
		if (!box) return;
		box.value = box.value.trim();
		var ship = box.form && box.form.querySelector("button[data-ship-submit]");
		if (ship) ship.focus();
	}, true);
})();
