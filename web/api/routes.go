package api

import (
	"orderdesk/internal/auth"
	"orderdesk/web/base"
)

// Routes: the REST API, in Virto's paths and shapes (reference virto-orders.md §8).
func (s *Server) Routes() []base.Route {
	return []base.Route{
		{Pattern: "GET /api/openapi.json", Access: auth.Public, Handler: s.openAPIDoc, Bare: true},
		{Pattern: "GET /api/order/customerOrders/{id}", Access: auth.OrderRead, Handler: s.apiOrderByID, API: true},
		{Pattern: "GET /api/order/customerOrders/number/{number}", Access: auth.OrderRead, Handler: s.apiOrderByNumber, API: true},
		{Pattern: "POST /api/order/customerOrders/search", Access: auth.OrderRead, Handler: s.apiSearchOrders, API: true},
		{Pattern: "POST /api/order/customerOrders/searchChanges", Access: auth.HistoryReadAll, Handler: s.apiSearchChanges, API: true},
		{Pattern: "PUT /api/order/customerOrders/recalculate", Access: auth.OrderRead, Handler: s.apiRecalculate, API: true},
		{Pattern: "POST /api/order/customerOrders", Access: auth.OrderCreate, Handler: s.apiCreateOrder, API: true, Writes: true},
		{Pattern: "PUT /api/order/customerOrders", Access: auth.OrderUpdate, Handler: s.apiUpdateOrder, API: true, Writes: true},
		{Pattern: "DELETE /api/order/customerOrders", Access: auth.OrderDelete, Handler: s.apiDeleteOrders, API: true},
		{Pattern: "PATCH /api/order/customerOrders/{id}", Access: auth.OrderUpdate, Handler: s.apiPatchOrder, API: true, Writes: true},
		{Pattern: "GET /api/order/customerOrders/outer/{outerId}", Access: auth.OrderRead, Handler: s.apiOrderByOuterID, API: true},
		// {id}/changes: spelled as {id}/{part...} because Go's mux would find "{id}/changes" and
		// "number/{number}" in conflict over the path ".../number/changes".
		{Pattern: "GET /api/order/customerOrders/{id}/{part...}", Access: auth.OrderRead, Handler: s.apiOrderPart, API: true},
		{Pattern: "GET /api/order/payments/{id}", Access: auth.OrderRead, Handler: s.apiGetPayment, API: true},
		{Pattern: "GET /api/order/payments/outer/{outerId}", Access: auth.OrderRead, Handler: s.apiPaymentByOuterID, API: true},
		{Pattern: "PATCH /api/order/payments/{id}", Access: auth.OrderUpdate, Handler: s.apiPatchDocument("payment"), API: true, Writes: true},
		{Pattern: "DELETE /api/order/payments", Access: auth.OrderDelete, Handler: s.apiDeletePayments, API: true},
		{Pattern: "POST /api/order/payments", Access: auth.OrderUpdate, Handler: s.apiSavePayment, API: true, Writes: true},
		{Pattern: "PUT /api/order/payments", Access: auth.OrderUpdate, Handler: s.apiSavePayment, API: true, Writes: true},
		{Pattern: "POST /api/order/payments/payment/capture", Access: auth.OrderCapturePayment, Handler: s.apiCapture, API: true, Writes: true},
		{Pattern: "POST /api/order/payments/payment/refund", Access: auth.OrderRefund, Handler: s.apiRefund, API: true, Writes: true},
		{Pattern: "POST /api/order/payments/search", Access: auth.OrderRead, Handler: s.apiSearchPayments, API: true},
		{Pattern: "POST /api/order/shipments/search", Access: auth.OrderRead, Handler: s.apiSearchShipments, API: true},
		{Pattern: "GET /api/order/shipments/{id}", Access: auth.OrderRead, Handler: s.apiGetShipment, API: true},
		{Pattern: "PATCH /api/order/shipments/{id}", Access: auth.OrderUpdateShipments, Handler: s.apiPatchDocument("shipment"), API: true, Writes: true},
		{Pattern: "POST /api/order/shipments", Access: auth.OrderUpdateShipments, Handler: s.apiSaveShipment, API: true, Writes: true},
		{Pattern: "POST /api/tax/avatax/orders/synchronize", Access: auth.TaxManage, Handler: s.apiAvaTaxSynchronize, API: true, Writes: true},
		{Pattern: "GET /api/tax/avatax/orders/{orderId}/status", Access: auth.TaxManage, Handler: s.apiAvaTaxStatus, API: true},
		{Pattern: "POST /api/tax/avatax/address/validate", Access: auth.TaxManage, Handler: s.apiAvaTaxValidateAddress, API: true},
		{Pattern: "POST /api/tax/avatax/ping", Access: auth.TaxManage, Handler: s.apiAvaTaxPing, API: true},
		{Pattern: "GET /api/order/dashboardStatistics", Access: auth.DashboardRead, Handler: s.apiDashboardStatistics, API: true},
		{Pattern: "GET /api/order/dashboardStatistics/settings", Access: auth.DashboardRead, Handler: s.apiDashboardStatisticsSettings, API: true},
		{Pattern: "PUT /api/order-management/add-items/{orderId}", Access: auth.OrderUpdate, Handler: s.apiAddItems, API: true, Writes: true},
		{Pattern: "GET /api/order/customerOrders/invoice/{orderNumber}", Access: auth.OrderReadPrices, Handler: s.apiInvoicePDF, API: true},
		{Pattern: "POST /api/order/customerOrders/{orderId}/processPayment/{paymentId}", Access: auth.OrderUpdate, Handler: s.apiProcessPayment, API: true, Writes: true},
		{Pattern: "POST /api/paymentcallback", Access: auth.PaymentExecuteCallback, Handler: s.apiPaymentCallback, API: true, Writes: true},
		{Pattern: "POST /api/paymentcallback-raw", Access: auth.PaymentExecuteCallback, Handler: s.apiPaymentCallback, API: true, Writes: true},
		{Pattern: "POST /api/paymentcallback-form", Access: auth.PaymentExecuteCallback, Handler: s.apiPaymentCallbackForm, API: true, Writes: true},
		{Pattern: "GET /api/return/{id}", Access: auth.ReturnRead, Handler: s.apiGetReturn, API: true},
		{Pattern: "GET /api/return/available-quantities/{orderId}", Access: auth.ReturnRead, Handler: s.apiAvailableQuantities, API: true},
		{Pattern: "PUT /api/return", Access: auth.ReturnUpdate, Handler: s.apiSaveReturn, API: true, Writes: true},
		{Pattern: "POST /api/return/search", Access: auth.ReturnRead, Handler: s.apiSearchReturns, API: true},
		{Pattern: "DELETE /api/return", Access: auth.ReturnDelete, Handler: s.apiDeleteReturns, API: true},
	}
}
