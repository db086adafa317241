package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

func TestCustomFieldsEditedAndAdded(t *testing.T) {
	t.Parallel()
	srv, o, ann, bob := editSetup(t)
	ctx := context.Background()
	o.DynamicProperties = []order.DynamicProperty{
		{ID: "P-PRIO", Name: "Priority", ValueType: order.ValueInteger, Values: []order.DynamicPropertyValue{{ID: "V-PRIO", Integer: 2}}},
		{ID: "P-GIFT", Name: "Gift message", ValueType: order.ValueShortText},
		{ID: "P-TAGS", Name: "Tags", ValueType: order.ValueShortText, IsArray: true,
			Values: []order.DynamicPropertyValue{{ID: "V-T1", ShortText: "vip"}}},
		{ID: "P-LANG", Name: "Greeting", ValueType: order.ValueShortText, IsMultilingual: true,
			Values: []order.DynamicPropertyValue{{ID: "V-L1", Locale: "en", ShortText: "Hi"}}},
	}
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "api", Source: store.SourceAPI}, o); err != nil {
		t.Fatal(err)
	}
	o = reload(t, srv, o.ID)
	path := "/orders/" + o.ID + "/custom-fields"
	// form is the custom-field form as the page renders it at o's version, with changes.
	form := func(c *client, o *order.CustomerOrder, changes map[string]string) url.Values {
		f := url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)}}
		for _, p := range o.DynamicProperties {
			var vals []string
			for _, v := range p.Values {
				vals = append(vals, v.Text(p.ValueType))
			}
			f.Set("orig.cf."+p.ID, strings.Join(vals, "\n"))
			f.Set("cf."+p.ID, strings.Join(vals, "\n"))
		}
		for k, v := range changes {
			f.Set(k, v)
		}
		return f
	}

	page := ann.get("/orders/" + o.ID)
	for _, want := range []string{`hx-post="` + path + `"`, `name="cf.P-PRIO"`, `name="cf.P-TAGS"`, `action="` + path + `/add"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("order page lacks %q", want)
		}
	}
	if page.has(`[name="cf.P-LANG"]`) {
		t.Error("a multilingual field is offered for editing; its locales would be lost")
	}

	// A value that does not fit the type: 422 at the field, typed input kept, nothing saved.
	res := ann.postHX(path, form(ann, o, map[string]string{"cf.P-PRIO": "high", "cf.P-GIFT": "Happy birthday"}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "is not a whole number") ||
		!res.has(`[value="Happy birthday"]`) {
		t.Fatalf("bad integer: %d, body lacks the message or the kept input:\n%s", res.StatusCode, res.body)
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version {
		t.Fatal("a bad custom field was saved")
	}

	// Bob changes the priority; Ann, from the older form, sets the message and the tags: merged.
	if res := bob.postHX(path, form(bob, o, map[string]string{"cf.P-PRIO": "5"})); res.StatusCode != http.StatusOK {
		t.Fatalf("bob's save: %d\n%s", res.StatusCode, res.body)
	}
	res = ann.postHX(path, form(ann, o, map[string]string{"cf.P-GIFT": "Happy birthday", "cf.P-TAGS": "vip\r\n\r\nrepeat buyer"}))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "merged with these changes") {
		t.Fatalf("ann's merged save: %d\n%s", res.StatusCode, res.body)
	}
	got := reload(t, srv, o.ID)
	byName := map[string]order.DynamicProperty{}
	for _, p := range got.DynamicProperties {
		byName[p.Name] = p
	}
	if v := byName["Priority"].Values; len(v) != 1 || v[0].Integer != 5 || v[0].ID != "V-PRIO" {
		t.Errorf("priority %+v, want bob's 5 on the same value", v)
	}
	if v := byName["Gift message"].Values; len(v) != 1 || v[0].ShortText != "Happy birthday" {
		t.Errorf("gift message %+v", v)
	}
	if v := byName["Tags"].Values; len(v) != 2 || v[0].ShortText != "vip" || v[1].ShortText != "repeat buyer" {
		t.Errorf("tags %+v, want vip and repeat buyer", v)
	}
	if v := byName["Greeting"].Values; len(v) != 1 || v[0].Locale != "en" {
		t.Errorf("the multilingual field changed: %+v", v)
	}

	// Both change the priority from the same version: a conflict naming who set the other value.
	o = got
	if res := bob.postHX(path, form(bob, o, map[string]string{"cf.P-PRIO": "7"})); res.StatusCode != http.StatusOK {
		t.Fatalf("bob's second save: %d", res.StatusCode)
	}
	res = ann.postHX(path, form(ann, o, map[string]string{"cf.P-PRIO": "1"}))
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "bob@example.com") || !res.has(`[value="1"]`) {
		t.Fatalf("conflict: %d, want 409 naming bob and keeping ann's 1:\n%s", res.StatusCode, res.body)
	}

	// Adding a field: a name already there is refused at the name; a new one is saved.
	add := func(name, typ, value string) response {
		o := reload(t, srv, o.ID)
		return ann.postHX(path+"/add", url.Values{"gorilla.csrf.Token": {ann.token("/orders/" + o.ID)},
			"version": {strconv.Itoa(o.Version)}, "name": {name}, "valueType": {typ}, "value": {value}})
	}
	if res := add("priority", "Integer", "3"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "already has a field named") {
		t.Errorf("duplicate name: %d\n%s", res.StatusCode, res.body)
	}
	if res := add("Deliver after", "DateTime", "next week"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "is not a date") {
		t.Errorf("bad date: %d\n%s", res.StatusCode, res.body)
	}
	if res := add("Deliver after", "DateTime", "2026-12-24"); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "2026-12-24") {
		t.Fatalf("add: %d\n%s", res.StatusCode, res.body)
	}
	got = reload(t, srv, o.ID)
	last := got.DynamicProperties[len(got.DynamicProperties)-1]
	if last.Name != "Deliver after" || len(last.Values) != 1 || last.Values[0].DateTime == nil || last.Values[0].DateTime.Format("2006-01-02") != "2026-12-24" {
		t.Errorf("added %+v", last)
	}
	sets, err := srv.Store.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range sets[len(sets)-1].Changes {
		found = found || strings.HasPrefix(c.Path, "dynamicProperties[")
	}
	if !found || sets[len(sets)-1].ActorLabel != "ann@example.com" {
		t.Errorf("the addition is not in the history: %+v", sets[len(sets)-1])
	}
}
