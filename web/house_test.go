package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// orderWrites are the store's methods that write orders and returns. The web layer reaches
// them only through internal/desk, where the use cases keep their rules and retries.
var orderWrites = map[string]bool{
	"SaveOrder": true, "SaveOrders": true, "PatchOrder": true, "CreateOrder": true, "DeleteOrder": true,
	"SaveOrderWithPhoto": true, "CreateReturn": true, "SaveReturn": true, "DeleteReturn": true, "CreateConsignment": true,
	"PlaceDraft": true,
}

// TestOrderWritesGoThroughTheDesk reads the web packages' source: no handler calls an order
// write of the store itself.
func TestOrderWritesGoThroughTheDesk(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.SelectorExpr)
			if !ok || !orderWrites[call.Sel.Name] {
				return true
			}
			if recv, ok := call.X.(*ast.SelectorExpr); ok && recv.Sel.Name == "Store" {
				t.Errorf("%s: calls Store.%s; order writes go through internal/desk", fset.Position(call.Pos()), call.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
