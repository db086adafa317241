// Field mode, shipping: a label scanner types the tracking number and presses Enter. Enter in
// the tracking box keeps what was scanned and moves to the Shipped button instead of shipping
// at once, so the worker sees the number before the parcel is marked shipped. Without this
// script the box is an ordinary input and the form works as it is.
(function () {
	"use strict";
	document.addEventListener("keydown", function (e) {
		var box = e.target;
		if (e.key !== "Enter" || !box.matches || !box.matches("input[data-ship-tracking]") || e.isComposing) return;
		e.preventDefault();
		box.value = box.value.trim();
		var form = box.closest("form");
		var ship = form && form.querySelector("button[data-ship-submit]");
		if (ship) ship.focus();
	});
})();
