package staff

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/templates/layout"
	"orderdesk/web/base"
)

// Routes: the staff desk's pages and the forms on them.
func (s *Server) Routes() []base.Route {
	return []base.Route{
		{Pattern: "GET /{$}", Access: auth.SignedIn, Handler: s.home},
		{Pattern: "GET /help/shortcuts", Access: auth.SignedIn, Handler: s.shortcutsPage},
		{Pattern: "GET /dashboard", Access: auth.DashboardRead, Handler: s.dashboardPage},

		// The order list, its search, saved views and CSV export.
		{Pattern: "GET /orders", Access: auth.OrderRead, Handler: s.ordersPage},
		{Pattern: "GET /orders/export.csv", Access: auth.OrderRead, Handler: s.exportOrders},
		{Pattern: "GET /orders/views", Access: auth.OrderRead, Handler: s.viewsPart},
		{Pattern: "POST /orders/views", Access: auth.OrderRead, Handler: s.saveView},
		{Pattern: "POST /orders/views/{id}/delete", Access: auth.OrderRead, Handler: s.deleteView},
		{Pattern: "POST /orders/avatax", Access: auth.TaxManage, Handler: s.sendToAvaTax},
		// Bulk actions on ticked rows or on all the filter matches: the route lets any reader
		// of orders in, and each order is then checked against the user's permissions and
		// scopes; jobs are their starters' own.
		{Pattern: "POST /orders/bulk", Access: auth.OrderRead, Handler: s.bulkAction},
		{Pattern: "GET /bulk-jobs", Access: auth.OrderRead, Handler: s.bulkJobsPage},
		{Pattern: "GET /bulk-jobs/{id}", Access: auth.OrderRead, Handler: s.bulkJobPage},
		{Pattern: "GET /bulk-jobs/{id}/progress", Access: auth.OrderRead, Handler: s.bulkProgress},

		// A customer: their figures and their orders (within the viewer's scopes).
		{Pattern: "GET /customers/{id}", Access: auth.OrderRead, Handler: s.customerPage},

		// One order's page, its edits and its documents. Every edit is a plain POST
		// form (redirect after save) that htmx turns into a partial update.
		{Pattern: "GET /orders/{id}", Access: auth.OrderRead, Handler: s.orderPage},
		{Pattern: "GET /orders/{id}/versions/{changeSet}", Access: auth.OrderRead, Handler: s.orderVersion},
		{Pattern: "POST /orders/{id}/header", Access: auth.OrderUpdate, Handler: s.editHeader},
		{Pattern: "POST /orders/{id}/cancel", Access: auth.OrderUpdate, Handler: s.cancelOrder},
		{Pattern: "POST /orders/{id}/lines/{lineId}/edit", Access: auth.OrderUpdate, Handler: s.editLine},
		{Pattern: "POST /orders/{id}/lines/{lineId}/remove", Access: auth.OrderUpdate, Handler: s.removeLine},
		{Pattern: "POST /orders/{id}/addresses/{addressId}/edit", Access: auth.OrderUpdate, Handler: s.editAddress},
		{Pattern: "POST /orders/{id}/custom-fields", Access: auth.OrderUpdate, Handler: s.editProperties},
		{Pattern: "POST /orders/{id}/custom-fields/add", Access: auth.OrderUpdate, Handler: s.addProperty},
		{Pattern: "POST /orders/{id}/tags", Access: auth.OrderUpdate, Handler: s.editTags},
		{Pattern: "GET /orders/{id}/products", Access: auth.OrderUpdate, Handler: s.addProductsPage},
		{Pattern: "POST /orders/{id}/lines", Access: auth.OrderUpdate, Handler: s.addLine},
		{Pattern: "POST /orders/{id}/avatax/validate-address", Access: auth.TaxManage, Handler: s.validateAddress},

		// Money: payments, their transactions, captures and refunds, and returns.
		{Pattern: "POST /orders/{id}/payments", Access: auth.OrderUpdate, Handler: s.newPayment},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/edit", Access: auth.OrderUpdate, Handler: s.editPayment},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/billing", Access: auth.OrderUpdate, Handler: s.editBilling},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/cancel", Access: auth.OrderUpdate, Handler: s.cancelPayment},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/adjust", Access: auth.OrderUpdate, Handler: s.adjustPayment},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/transactions", Access: auth.OrderUpdate, Handler: s.addTransaction},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/captures", Access: auth.OrderCapturePayment, Handler: s.capture},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/captures/{captureId}/cancel", Access: auth.OrderCapturePayment, Handler: s.cancelCapture},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/refunds", Access: auth.OrderRefund, Handler: s.refund},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/refunds/preview", Access: auth.OrderRefund, Handler: s.refundPreview},
		{Pattern: "POST /orders/{id}/payments/{paymentId}/refunds/{refundId}/cancel", Access: auth.OrderRefund, Handler: s.cancelRefund},
		{Pattern: "POST /orders/{id}/returns", Access: auth.ReturnCreate, Handler: s.newReturn},
		{Pattern: "POST /orders/{id}/returns/{returnId}/edit", Access: auth.ReturnUpdate, Handler: s.editReturn},
		{Pattern: "POST /orders/{id}/returns/{returnId}/cancel", Access: auth.ReturnUpdate, Handler: s.cancelReturn},
		{Pattern: "POST /orders/{id}/returns/{returnId}/refund", Access: auth.OrderRefund, Handler: s.refundReturn},

		// Shipments from the order page (new, edit, items and packages, delivery
		// address, cancel, remove) and one shipment for several orders (a consignment).
		{Pattern: "POST /orders/{id}/shipments", Access: auth.OrderUpdateShipments, Handler: s.createShipment},
		{Pattern: "POST /orders/{id}/shipments/{shipmentId}/edit", Access: auth.OrderUpdateShipments, Handler: s.editShipment},
		{Pattern: "POST /orders/{id}/shipments/{shipmentId}/address", Access: auth.OrderUpdateShipments, Handler: s.editShipmentAddress},
		{Pattern: "POST /orders/{id}/shipments/{shipmentId}/items", Access: auth.OrderUpdateShipments, Handler: s.editShipmentItems},
		{Pattern: "POST /orders/{id}/shipments/{shipmentId}/cancel", Access: auth.OrderUpdateShipments, Handler: s.cancelShipment},
		{Pattern: "POST /orders/{id}/shipments/{shipmentId}/remove", Access: auth.OrderUpdateShipments, Handler: s.removeShipment},
		{Pattern: "POST /shipments/together", Access: auth.OrderUpdateShipments, Handler: s.shipTogether},
		{Pattern: "GET /shipments/consignments/{id}", Access: auth.OrderUpdateShipments, Handler: s.consignmentPage},
		{Pattern: "POST /shipments/consignments/{id}", Access: auth.OrderUpdateShipments, Handler: s.updateConsignment},

		// Orders made at the desk: drafts, placed as new orders; a draft from an order.
		{Pattern: "GET /drafts", Access: auth.OrderCreate, Handler: s.draftsPage},
		{Pattern: "GET /drafts/new", Access: auth.OrderCreate, Handler: s.newDraftPage},
		{Pattern: "POST /drafts", Access: auth.OrderCreate, Handler: s.createDraft},
		{Pattern: "GET /drafts/{id}", Access: auth.OrderCreate, Handler: s.draftPage},
		{Pattern: "POST /drafts/{id}", Access: auth.OrderCreate, Handler: s.saveDraft},
		{Pattern: "POST /drafts/{id}/customer", Access: auth.OrderCreate, Handler: s.pickCustomer},
		{Pattern: "POST /drafts/{id}/lines", Access: auth.OrderCreate, Handler: s.addDraftLine},
		{Pattern: "POST /drafts/{id}/lines/{n}/remove", Access: auth.OrderCreate, Handler: s.removeDraftLine},
		{Pattern: "POST /drafts/{id}/place", Access: auth.OrderCreate, Handler: s.placeDraft},
		{Pattern: "POST /drafts/{id}/discard", Access: auth.OrderCreate, Handler: s.discardDraft},
		{Pattern: "GET /orders/{id}/duplicate", Access: auth.OrderCreate, Handler: s.duplicatePage},
		{Pattern: "POST /orders/{id}/duplicate", Access: auth.OrderCreate, Handler: s.duplicateOrder},

		// Print: the invoice needs prices; the packing slip has none.
		{Pattern: "GET /orders/{id}/invoice", Access: auth.OrderReadPrices, Handler: s.invoicePage},
		{Pattern: "GET /orders/{id}/packing-slip", Access: auth.OrderRead, Handler: s.packingSlipsPage},

		// History: the managers' history across orders, and one order's history.
		{Pattern: "GET /history", Access: auth.HistoryReadAll, Handler: s.historyAcross},
		{Pattern: "GET /history.csv", Access: auth.HistoryReadAll, Handler: s.historyCSV},
		{Pattern: "GET /orders/{id}/history", Access: auth.OrderRead, Handler: s.orderHistory},
		{Pattern: "GET /orders/{id}/compare", Access: auth.OrderRead, Handler: s.orderCompare},

		// Staff notes in the order page's timeline (writing, pinning, editing, deleting each
		// need order:update; editing or deleting another's note also order:delete, checked by
		// the desk), their versions and files, and the inbox of notes that mention you.
		{Pattern: "POST /orders/{id}/notes", Access: auth.OrderUpdate, Handler: s.createNote},
		{Pattern: "POST /orders/{id}/notes/{noteId}/edit", Access: auth.OrderUpdate, Handler: s.editNote},
		{Pattern: "POST /orders/{id}/notes/{noteId}/delete", Access: auth.OrderUpdate, Handler: s.deleteNote},
		{Pattern: "POST /orders/{id}/notes/{noteId}/pin", Access: auth.OrderUpdate, Handler: s.pinNote},
		{Pattern: "GET /orders/{id}/notes/{noteId}/versions", Access: auth.OrderRead, Handler: s.noteRevisions},
		{Pattern: "GET /orders/{id}/notes/{noteId}/files/{fileId}", Access: auth.OrderRead, Handler: s.noteFile},
		{Pattern: "GET /mentions", Access: auth.OrderRead, Handler: s.mentionsPage},
	}
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if base.State(r).User.FieldFirst() {
		http.Redirect(w, r, "/field", http.StatusSeeOther) // field staff start in field mode
		return
	}
	http.Redirect(w, r, "/orders", http.StatusSeeOther)
}

// shortcutsPage lists the keyboard shortcuts; the footer link opens the same list in a dialog
// when script runs.
func (s *Server) shortcutsPage(w http.ResponseWriter, r *http.Request) {
	p := s.PageFor(w, r, "Keyboard shortcuts")
	s.Render(w, r, http.StatusOK, base.Wrap(layout.Shell(p), layout.ShortcutsPage(p.Nav)))
}
