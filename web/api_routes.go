package web

import "orderdesk/internal/auth"

// apiRoutes: the REST API, in Virto's paths and shapes (reference virto-orders.md §8).
func (s *Server) apiRoutes() []route {
	return []route{
		{pattern: "GET /api/openapi.json", access: auth.Public, handler: s.openAPIDoc, bare: true},
		{pattern: "GET /api/order/customerOrders/{id}", access: auth.OrderRead, handler: s.apiOrderByID, api: true},
		{pattern: "GET /api/order/customerOrders/number/{number}", access: auth.OrderRead, handler: s.apiOrderByNumber, api: true},
		{pattern: "POST /api/order/customerOrders/search", access: auth.OrderRead, handler: s.apiSearchOrders, api: true},
		{pattern: "POST /api/order/customerOrders/searchChanges", access: auth.HistoryReadAll, handler: s.apiSearchChanges, api: true},
		{pattern: "PUT /api/order/customerOrders/recalculate", access: auth.OrderRead, handler: s.apiRecalculate, api: true},
		{pattern: "POST /api/order/customerOrders", access: auth.OrderCreate, handler: s.apiCreateOrder, api: true, writes: true},
		{pattern: "PUT /api/order/customerOrders", access: auth.OrderUpdate, handler: s.apiUpdateOrder, api: true, writes: true},
		{pattern: "DELETE /api/order/customerOrders", access: auth.OrderDelete, handler: s.apiDeleteOrders, api: true},
		{pattern: "PATCH /api/order/customerOrders/{id}", access: auth.OrderUpdate, handler: s.apiPatchOrder, api: true, writes: true},
		{pattern: "GET /api/order/customerOrders/outer/{outerId}", access: auth.OrderRead, handler: s.apiOrderByOuterID, api: true},
		// {id}/changes: spelled as {id}/{part...} because Go's mux would find "{id}/changes" and
		// "number/{number}" in conflict over the path ".../number/changes".
		{pattern: "GET /api/order/customerOrders/{id}/{part...}", access: auth.OrderRead, handler: s.apiOrderPart, api: true},
		{pattern: "GET /api/order/payments/{id}", access: auth.OrderRead, handler: s.apiGetPayment, api: true},
		{pattern: "POST /api/order/payments", access: auth.OrderUpdate, handler: s.apiSavePayment, api: true, writes: true},
		{pattern: "PUT /api/order/payments", access: auth.OrderUpdate, handler: s.apiSavePayment, api: true, writes: true},
		{pattern: "POST /api/order/payments/payment/capture", access: auth.OrderCapturePayment, handler: s.apiCapture, api: true, writes: true},
		{pattern: "POST /api/order/payments/payment/refund", access: auth.OrderRefund, handler: s.apiRefund, api: true, writes: true},
		{pattern: "POST /api/order/payments/search", access: auth.OrderRead, handler: s.apiSearchPayments, api: true},
		{pattern: "POST /api/order/shipments/search", access: auth.OrderRead, handler: s.apiSearchShipments, api: true},
		{pattern: "GET /api/order/shipments/{id}", access: auth.OrderRead, handler: s.apiGetShipment, api: true},
		{pattern: "POST /api/order/shipments", access: auth.OrderUpdateShipments, handler: s.apiSaveShipment, api: true, writes: true},
		{pattern: "POST /api/tax/avatax/orders/synchronize", access: auth.TaxManage, handler: s.apiAvaTaxSynchronize, api: true, writes: true},
		{pattern: "GET /api/tax/avatax/orders/{orderId}/status", access: auth.TaxManage, handler: s.apiAvaTaxStatus, api: true},
		{pattern: "POST /api/tax/avatax/address/validate", access: auth.TaxManage, handler: s.apiAvaTaxValidateAddress, api: true},
		{pattern: "POST /api/tax/avatax/ping", access: auth.TaxManage, handler: s.apiAvaTaxPing, api: true},
		{pattern: "GET /api/return/{id}", access: auth.ReturnRead, handler: s.apiGetReturn, api: true},
		{pattern: "GET /api/return/available-quantities/{orderId}", access: auth.ReturnRead, handler: s.apiAvailableQuantities, api: true},
		{pattern: "PUT /api/return", access: auth.ReturnUpdate, handler: s.apiSaveReturn, api: true, writes: true},
		{pattern: "POST /api/return/search", access: auth.ReturnRead, handler: s.apiSearchReturns, api: true},
		{pattern: "DELETE /api/return", access: auth.ReturnDelete, handler: s.apiDeleteReturns, api: true},
	}
}
