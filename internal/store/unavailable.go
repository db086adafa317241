package store

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/go-sql-driver/mysql"
)

// ErrOutcomeUnknown marks a transaction whose COMMIT was sent but whose answer never came: the
// database may have applied it or not. Such a transaction is never run again on its own.
var ErrOutcomeUnknown = errors.New("store: the connection was lost during commit; the change may or may not have been saved")

// IsUnavailable reports whether err means the database could not be reached or dropped the
// connection (refused, reset, timed out, shutting down, out of connections, a Galera node not
// ready), as opposed to a fault in the request or in the code.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1040, // ER_CON_COUNT_ERROR: too many connections
			1053, // ER_SERVER_SHUTDOWN
			1927, // ER_CONNECTION_KILLED
			1047, // ER_UNKNOWN_COM_ERROR: a Galera node that is not ready ("WSREP has not yet prepared node")
			1317: // ER_QUERY_INTERRUPTED, as during a shutdown
			return true
		}
		return false
	}
	var ne net.Error
	var oe *net.OpError
	return errors.Is(err, ErrOutcomeUnknown) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, mysql.ErrInvalidConn) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.As(err, &oe) || errors.As(err, &ne)
}

// commitLost reports whether a failed COMMIT lost its connection, leaving its outcome unknown.
// A COMMIT the server refused (a Galera certification failure) is known not to have applied.
func commitLost(err error) bool {
	var me *mysql.MySQLError
	return err != nil && !errors.As(err, &me) && IsUnavailable(err)
}
