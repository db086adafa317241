package api

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
)

// FuzzOrderPatch: any JSON Patch on an order (the API's PATCH path: the lenient replace, the
// patch, decoding the result, fitting it to the columns, recalculating) is refused or gives an
// order that its rules can judge, without a panic. The patched id is what the handler checks.
// patchOrder is the API PATCH path without the database: the handler's decodePatch and
// applyPatch, as an unscoped key, on o as stored.
func patchOrder(o *order.CustomerOrder, body []byte) (*order.CustomerOrder, *apiError, error) {
	patch, bad := decodePatch(body)
	if bad != nil {
		return nil, bad, nil
	}
	next, err := applyPatch(patch, o, &auth.User{})
	var refused *apiRefusal
	var conflict *order.ConflictError
	switch {
	case errors.As(err, &refused):
		return nil, &refused.body, nil
	case errors.As(err, &conflict):
		return nil, &apiError{Message: conflict.Error()}, nil
	}
	return next, nil, err
}

func FuzzOrderPatch(f *testing.F) {
	o := demo.NewGenerator(7, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioPaid).Order
	for _, s := range []string{
		`[{"op":"replace","path":"/comment","value":"via patch"},{"op":"add","path":"/outerId","value":"erp-99"}]`,
		`[{"op":"replace","path":"/items/0/quantity","value":0}]`, `[{"op":"remove","path":"/nope"}]`,
		`[{"op":"replace","path":"/items/0/price","value":1e16}]`, `[{"op":"replace","path":"/items/0/quantity","value":3000000000}]`,
		`[{"op":"add","path":"/items/-","value":{}}]`, `[{"op":"move","from":"/items","path":"/items/0"}]`,
		`[{"op":"copy","from":"/items","path":"/shipments/0/items"}]`, `[{"op":"replace","path":"","value":{}}]`,
		`[{"op":"test","path":"/id","value":"x"}]`, `[{"op":"add","path":"/items/99999999999999999999","value":1}]`,
		`[{"op":"replace","path":"/items/-1/price","value":1}]`, `[{"op":"replace"}]`, `[{}]`, `{}`, `[]`, `[1]`, `null`,
		`[{"op":"replace","path":"/taxPercentRate","value":"1e-10000"}]`, `[{"op":"add","path":"/items/0/~1x","value":1}]`,
		`[{"op":"test","path":"","value":null}]`, `[{"op":"move","path":"/a"}]`, `[{"op":"copy","from":1,"path":"/a"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if lenient := lenientReplace(body); json.Valid(body) && !json.Valid(lenient) {
			t.Fatalf("lenientReplace turned valid JSON into %q", lenient)
		}
		next, refused, err := patchOrder(o, body)
		switch {
		case err != nil:
			t.Fatalf("patchOrder: %v", err)
		case refused != nil:
			if refused.Message == "" {
				t.Fatal("a refused patch without a message")
			}
			return
		}
		if fe := order.CheckColumns(next); len(fe) > 0 {
			t.Fatalf("a patched order that its columns cannot hold: %v", fe)
		}
		order.Recalculate(next, order.CurrencyFor(next.Currency))
		_ = order.ValidateOrder(next)
	})
}
