package store

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestIsTransient(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"InnoDB deadlock victim", &mysql.MySQLError{Number: 1213, Message: "Deadlock found when trying to get lock; try restarting transaction"}, true},
		{"Galera certification failure at COMMIT", fmt.Errorf("store: commit: %w", &mysql.MySQLError{Number: 1213, SQLState: [5]byte{'4', '0', '0', '0', '1'}, Message: "WSREP detected deadlock/conflict and aborted the transaction. Try restarting the transaction"}), true},
		{"lock wait timeout", &mysql.MySQLError{Number: 1205, Message: "Lock wait timeout exceeded; try restarting transaction"}, true},
		{"snapshot isolation", &mysql.MySQLError{Number: 1020, Message: "Record has changed since last read in table 'orders'"}, true},
		{"FTS doc id as its own number", &mysql.MySQLError{Number: 182, Message: "Invalid InnoDB FTS Doc ID"}, true},
		{"FTS doc id through the engine", fmt.Errorf("store: search document: %w", &mysql.MySQLError{Number: 1030, Message: `Got error 182 "Invalid InnoDB FTS Doc ID" from storage engine InnoDB`}), true},
		{"another engine error", &mysql.MySQLError{Number: 1030, Message: `Got error 28 "No space left on device" from storage engine InnoDB`}, false},
		{"duplicate key", &mysql.MySQLError{Number: 1062, Message: "Duplicate entry"}, false},
		{"connection lost during COMMIT: may have been applied", fmt.Errorf("store: commit: %w", mysql.ErrInvalidConn), false},
		{"bad connection", driver.ErrBadConn, false},
		{"not a database error", errors.New("validation"), false},
		{"nil", nil, false},
	} {
		if got := isTransient(c.err); got != c.want {
			t.Errorf("%s: isTransient = %v, want %v", c.name, got, c.want)
		}
	}
}
