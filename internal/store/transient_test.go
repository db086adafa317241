package store

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
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

func TestIsUnavailable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", fmt.Errorf("store: begin: %w", refused), true},
		{"connection reset", fmt.Errorf("store: list: %w", &net.OpError{Op: "read", Err: syscall.ECONNRESET}), true},
		{"driver's invalid connection", mysql.ErrInvalidConn, true},
		{"bad connection", driver.ErrBadConn, true},
		{"commit outcome unknown", fmt.Errorf("store: commit: %w", errors.Join(ErrOutcomeUnknown, mysql.ErrInvalidConn)), true},
		{"too many connections", &mysql.MySQLError{Number: 1040, Message: "Too many connections"}, true},
		{"server shutting down", &mysql.MySQLError{Number: 1053, Message: "Server shutdown in progress"}, true},
		{"Galera node not ready", &mysql.MySQLError{Number: 1047, Message: "WSREP has not yet prepared node for application use"}, true},
		{"missing table: a fault, not an outage", &mysql.MySQLError{Number: 1146, Message: "Table 'users' doesn't exist"}, false},
		{"deadlock", &mysql.MySQLError{Number: 1213}, false},
		{"plain error", errors.New("boom"), false},
		{"nil", nil, false},
	} {
		if got := IsUnavailable(c.err); got != c.want {
			t.Errorf("%s: IsUnavailable = %v, want %v", c.name, got, c.want)
		}
	}
	if !commitLost(mysql.ErrInvalidConn) || commitLost(&mysql.MySQLError{Number: 1213}) {
		t.Error("commitLost: a lost connection leaves the outcome unknown, a refused COMMIT does not")
	}
}
