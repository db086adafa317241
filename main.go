// Command orderdesk is the order management desk: a web server plus the commands that set up
// its database and accounts. Run `orderdesk --help` for the list.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"orderdesk/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
