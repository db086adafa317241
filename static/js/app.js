// orderdesk page glue: small and optional; every page works without it.
(function () {
	"use strict";
	// Let htmx swap 422 responses (form errors) into their targets; other errors keep the page.
	document.addEventListener("htmx:beforeSwap", function (e) {
		if (e.detail.xhr.status === 422) {
			e.detail.shouldSwap = true;
			e.detail.isError = false;
		}
	});
	// Dismiss a flash message.
	document.addEventListener("click", function (e) {
		var btn = e.target.closest("[data-dismiss]");
		if (btn) {
			var box = btn.closest(".flash");
			if (box) box.remove();
		}
	});
})();
