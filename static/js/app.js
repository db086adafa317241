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
	// Ticking a list row (an input of the bulk-action form) is no change of the list's filter:
	// keep it from the filter form, whose "change" would reload the list and clear the ticks.
	document.addEventListener("change", function (e) {
		if (e.target.getAttribute && e.target.getAttribute("form") === "bulk") e.stopPropagation();
	}, true);
	// Signing out, from any page, forgets the field pages kept for offline use (a shared
	// tablet; field-sw.js keeps them). Steps still queued stay, for the person who took them.
	document.addEventListener("submit", function (e) {
		var form = e.target;
		if (form.getAttribute("action") !== "/logout" || !window.caches || form.dataset.cleared) return;
		e.preventDefault();
		form.dataset.cleared = "1";
		caches.delete("orderdesk-field-v1").catch(function () {}).then(function () { form.submit(); });
	});
	// "Save this list as a view" saves what the list shows now, also after htmx swaps.
	document.addEventListener("submit", function (e) {
		var form = e.target.closest("[data-save-view]");
		var current = document.getElementById("save-query");
		if (form && current) form.elements.query.value = current.value;
	});
	// CSV export with progress: stream the file, count its lines against the estimate the
	// server sends, then hand the whole file to the browser. Without script the link simply
	// downloads.
	document.addEventListener("click", function (e) {
		var link = e.target.closest("a[data-export]");
		if (!link || !window.fetch || !window.ReadableStream || e.ctrlKey || e.metaKey) return;
		e.preventDefault();
		var box = document.querySelector(".export-progress");
		var bar = box && box.querySelector("progress");
		var text = box && box.querySelector("span");
		var estimate = parseInt((link.dataset.estimate || "").replace(/[^0-9]/g, ""), 10) || 0;
		var fmt = new Intl.NumberFormat();
		function show(rows, done) {
			if (!box) return;
			box.hidden = false;
			if (estimate > 0 && !/\+$/.test(link.dataset.estimate)) { bar.max = estimate; bar.value = Math.min(rows, estimate); }
			else { bar.removeAttribute("value"); }
			text.textContent = done ? "Exported " + fmt.format(rows) + " orders." :
				"Exporting… " + fmt.format(rows) + (estimate ? " of " + link.dataset.estimate : "") + " orders";
		}
		show(0, false);
		fetch(link.href, { credentials: "same-origin" }).then(function (res) {
			if (!res.ok) throw new Error("The export failed (" + res.status + ").");
			var name = (/filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "") || [])[1] || "orders.csv";
			var reader = res.body.getReader(), parts = [], rows = -1;
			function pump() {
				return reader.read().then(function (step) {
					if (step.done) {
						show(Math.max(rows, 0), true);
						var url = URL.createObjectURL(new Blob(parts, { type: "text/csv" }));
						var a = document.createElement("a");
						a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
						setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
						return;
					}
					parts.push(step.value);
					for (var i = 0; i < step.value.length; i++) if (step.value[i] === 10) rows++;
					show(Math.max(rows, 0), false);
					return pump();
				});
			}
			return pump();
		}).catch(function (err) {
			if (text) text.textContent = err.message;
		});
	});
	// Uploads with a progress bar: send the form with XMLHttpRequest, show how much has gone,
	// then show the answer page. Without script the form posts as usual.
	document.addEventListener("submit", function (e) {
		var form = e.target.closest("form[data-upload-progress]");
		if (!form || !window.XMLHttpRequest || !window.FormData) return;
		e.preventDefault();
		var box = form.querySelector(".upload-progress");
		var bar = box.querySelector("progress"), text = box.querySelector("span");
		box.hidden = false;
		var xhr = new XMLHttpRequest();
		xhr.open("POST", form.action);
		xhr.upload.onprogress = function (ev) {
			if (!ev.lengthComputable) return;
			bar.value = Math.round(100 * ev.loaded / ev.total);
			text.textContent = bar.value < 100 ? "Uploading… " + bar.value + " %" : "Importing…";
		};
		xhr.onload = function () {
			document.open();
			document.write(xhr.responseText);
			document.close();
			history.replaceState(null, "", form.action.replace(/\/import$/, ""));
		};
		xhr.onerror = function () { text.textContent = "The upload failed; check the connection and try again."; };
		xhr.send(new FormData(form));
	});
})();

// ---- Order editing in place (issue 5) ----
(function () {
	"use strict";
	// A save that meets someone else's change answers 409 with the form showing both values:
	// swap it in like a 422, so the user can choose.
	document.addEventListener("htmx:beforeSwap", function (e) {
		var elt = e.detail.requestConfig && e.detail.requestConfig.elt;
		if (e.detail.xhr.status === 409 && elt && elt.closest(".edit-form")) {
			e.detail.shouldSwap = true;
			e.detail.isError = false;
		}
	});
	// A save elsewhere on the page refreshes other panels out of band; an open form in them that
	// the user has typed into is kept as it is (htmx's hx-preserve, set on its fresh copy), so
	// nothing typed is lost while the rest of the panel is brought up to date. The kept form
	// still carries the version it was opened at, and saving it merges with what changed since.
	function dirty(form) {
		return Array.prototype.some.call(form.elements, function (el) {
			if (el.type === "hidden" || el.type === "submit" || el.type === "button") return false;
			if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
			if (el.tagName === "SELECT") {
				return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
			}
			return el.value !== el.defaultValue;
		});
	}
	document.addEventListener("htmx:oobBeforeSwap", function (e) {
		var target = e.detail.target, fresh = e.detail.fragment;
		if (!target || !target.querySelectorAll) return;
		var open = target.querySelectorAll("details[open] form[id]");
		for (var i = 0; i < open.length; i++) {
			if (!dirty(open[i])) continue;
			var copy = fresh && fresh.querySelector("#" + CSS.escape(open[i].id));
			if (!copy) {
				e.detail.shouldSwap = false; // the form is gone from the fresh panel: keep it all
				return;
			}
			copy.setAttribute("hx-preserve", "true");
			var box = copy.closest("details");
			if (box) box.open = true;
		}
	});
	// Esc closes the edit form being worked in, keeping what was typed.
	document.addEventListener("keydown", function (e) {
		if (e.key !== "Escape") return;
		var open = e.target.closest && e.target.closest("details.edit[open]");
		if (open) {
			open.open = false;
			open.querySelector("summary").focus();
		}
	});
})();
// ---- end of order editing ----
// After the order list's results change, mark the view whose filter they show: the results
// carry their view key, each view link its own.
(function () {
	"use strict";
	document.addEventListener("htmx:afterSettle", function () {
		var results = document.getElementById("results");
		if (!results || !results.hasAttribute("data-view-key")) return;
		var key = results.getAttribute("data-view-key");
		document.querySelectorAll("a.view[data-view-key]").forEach(function (a) {
			var on = key !== "" && a.getAttribute("data-view-key") === key;
			a.classList.toggle("current", on);
			if (on) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
		});
	});
})();
// The order list's Search button (the default button, so also Enter in the box) asks the
// server to open a sole exact match. htmx remembers the last button clicked and would send it
// with every later request of the form too: keep it to the submit itself, not to typing.
// The box's own "change" (on Enter, or on leaving it) would send the list its "input" trigger
// already sends, and race Enter's opening of the match: it is not sent.
document.addEventListener("htmx:configRequest", function (e) {
	var ev = e.detail.triggeringEvent;
	if (e.detail.elt.id !== "order-filter") return;
	if (ev && ev.type === "change" && ev.target && ev.target.id === "q") {
		e.preventDefault();
		return;
	}
	if (!(ev && ev.type === "submit")) delete e.detail.parameters.open;
});
// ---- Keyboard shortcuts: "/" find, "g" + letter go to a section, "?" help ----
(function () {
	"use strict";
	var pendingG = 0;
	function typing(el) {
		return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
	}
	function help() { return document.getElementById("shortcut-help"); }
	function openHelp() {
		var d = help();
		if (d && d.showModal && !d.open) d.showModal();
		return !!d;
	}
	document.addEventListener("click", function (e) {
		var link = e.target.closest("a[data-shortcut-help]");
		if (link && !e.ctrlKey && !e.metaKey && openHelp()) e.preventDefault();
	});
	var pendingNote = false;
	document.addEventListener("keyup", function (e) {
		if (!pendingNote || e.key !== "n") return;
		pendingNote = false;
		var note = document.getElementById("note-text");
		if (!note) return;
		var box = note.closest("details");
		if (box) box.open = true;
		note.scrollIntoView({ block: "center" });
		note.focus();
	});
	// The order list: "x" ticks the row that holds the focus (its link or its tick box),
	// "shift+x" every row from the last one ticked to it.
	var lastTicked = null;
	document.addEventListener("change", function (e) {
		if (e.target.matches && e.target.matches('tr[data-testid=order-row] input[form=bulk][name=id]')) lastTicked = e.target;
	});
	function tickRow(e) {
		var row = e.target.closest && e.target.closest("tr[data-testid=order-row]");
		var box = row && row.querySelector("input[form=bulk][name=id]");
		if (!box) return false;
		var boxes = Array.prototype.slice.call(document.querySelectorAll("tr[data-testid=order-row] input[form=bulk][name=id]"));
		var from = e.shiftKey && lastTicked && document.contains(lastTicked) ? boxes.indexOf(lastTicked) : -1;
		var to = boxes.indexOf(box);
		var targets = from < 0 ? [box] : boxes.slice(Math.min(from, to), Math.max(from, to) + 1);
		var on = from < 0 ? !box.checked : true;
		targets.forEach(function (b) { b.checked = on; });
		lastTicked = box;
		return true;
	}
	document.addEventListener("keydown", function (e) {
		if ((e.key === "x" || e.key === "X") && !e.ctrlKey && !e.metaKey && !e.altKey &&
			(!typing(e.target) || e.target.type === "checkbox") && tickRow(e)) {
			e.preventDefault();
			return;
		}
		if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || (help() && help().open)) return;
		if (pendingG && Date.now() - pendingG < 1500) {
			pendingG = 0;
			var link = document.querySelector('.nav a[data-go="' + e.key.toLowerCase() + '"]');
			if (link) { e.preventDefault(); window.location.href = link.href; }
			return;
		}
		pendingG = 0;
		switch (e.key) {
		case "/":
			// The page's own search box first (order list, field mode), else the top bar's.
			var box = document.querySelector("[data-search-box]") || document.getElementById("q") || document.getElementById("top-q");
			if (box) { e.preventDefault(); box.focus(); if (box.select) box.select(); }
			else if (document.querySelector('.nav a[data-go="o"]')) { e.preventDefault(); window.location.href = "/orders"; }
			break;
		case "g":
			pendingG = Date.now();
			break;
		case "t":
			// The order page's tags box.
			var tag = document.querySelector("[data-tag-input]");
			if (tag) { e.preventDefault(); tag.focus(); }
			break;
		case "?":
			if (openHelp()) e.preventDefault();
			break;
		case "n":
			// The order page's new-note box (the timeline), focused when the key comes up, so
			// the "n" itself is not typed into it.
			if (document.getElementById("note-text")) { e.preventDefault(); pendingNote = true; }
			break;
		}
	});
})();
// Print buttons on the invoice and packing slips (without script, the hint says Ctrl+P).
(function () {
	"use strict";
	document.querySelectorAll("[data-print]").forEach(function (btn) {
		btn.hidden = false;
		var hint = btn.parentNode.querySelector("[data-print-hint]");
		if (hint) hint.hidden = true;
		btn.addEventListener("click", function () { window.print(); });
	});
})();
// ---- Folded documents ----
// A shipment, payment or return shows one line until opened. What the user opened stays open
// when htmx brings its panel up to date (the fresh copy comes folded), and a link to a
// document (#doc-…, #pay-…, #ret-…) opens it.
(function () {
	"use strict";
	var opened = {};
	function owner(fold) { return fold.parentElement && fold.parentElement.id; }
	document.addEventListener("toggle", function (e) {
		var fold = e.target;
		if (!fold.classList || !fold.classList.contains("fold") || !owner(fold)) return;
		if (fold.open) opened[owner(fold)] = true; else delete opened[owner(fold)];
	}, true);
	document.addEventListener("htmx:load", function (e) {
		var root = e.detail.elt;
		if (!root || !root.querySelectorAll) return;
		root.querySelectorAll("details.fold").forEach(function (fold) {
			if (opened[owner(fold)]) fold.open = true;
		});
	});
	function openTarget() {
		var id = decodeURIComponent(location.hash.slice(1));
		var el = id && document.getElementById(id);
		if (!el) return;
		var fold = el.querySelector(":scope > details.fold") || el.closest("details.fold");
		if (fold) fold.open = true;
	}
	window.addEventListener("hashchange", openTarget);
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openTarget);
	else openTarget();
})();
// ---- Line shortcut ----
// "e" on the order page opens the edit form of the line item that has the focus: a line's row
// takes the focus with Tab or a click, and so does anything inside it (its edit button).
(function () {
	"use strict";
	function focusable(root) {
		(root || document).querySelectorAll("#lines-panel tbody.line").forEach(function (line) {
			var row = line.querySelector("tr");
			if (row && line.querySelector("details.edit") && !row.hasAttribute("tabindex")) {
				row.tabIndex = 0;
				row.setAttribute("aria-keyshortcuts", "e");
			}
		});
	}
	document.addEventListener("htmx:load", function (e) { focusable(e.detail.elt && e.detail.elt.querySelectorAll ? e.detail.elt : null); });
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { focusable(); });
	else focusable();
	document.addEventListener("keydown", function (e) {
		if (e.key !== "e" || e.ctrlKey || e.metaKey || e.altKey) return;
		var t = e.target;
		if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
		var help = document.getElementById("shortcut-help");
		if (help && help.open) return;
		var line = t && t.closest && t.closest("#lines-panel tbody.line");
		var edit = line && line.querySelector("details.edit");
		if (!edit) return;
		e.preventDefault();
		edit.open = true;
		var first = edit.querySelector("form input:not([type=hidden]), form select, form textarea");
		if (first) first.focus();
	});
})();
