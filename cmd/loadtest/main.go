// Command loadtest runs the mixed load of internal/loadtest against a running orderdesk and
// prints what it measured; `make loadtest` starts a demo server for it when none answers.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"orderdesk/internal/loadtest"
)

func main() {
	var cfg loadtest.Config
	flag.StringVar(&cfg.BaseURL, "url", "http://127.0.0.1:8080", "the server's base URL")
	flag.StringVar(&cfg.Email, "email", "demo@orderdesk.local", "a desk account that may read orders")
	flag.StringVar(&cfg.Password, "password", "orderdesk-demo", "its password")
	flag.StringVar(&cfg.APIKey, "api-key", os.Getenv("ORDERDESK_LOADTEST_KEY"), "an API key that may read and update orders (or ORDERDESK_LOADTEST_KEY)")
	flag.IntVar(&cfg.Connections, "connections", 64, "concurrent connections")
	flag.Float64Var(&cfg.Rate, "rate", 0, "requests per second to offer (0: as fast as the connections allow)")
	flag.BoolVar(&cfg.NoKeyword, "no-keyword", false, "leave keyword searches out of the mix")
	flag.DurationVar(&cfg.Duration, "duration", 60*time.Second, "how long to run")
	flag.IntVar(&cfg.ServerPID, "pid", 0, "the server's process id, to report its memory (local servers only)")
	flag.Parse()
	if cfg.APIKey == "" {
		fmt.Fprintln(os.Stderr, "loadtest: an API key is needed (-api-key or ORDERDESK_LOADTEST_KEY); make one with: orderdesk apikey create --name loadtest --role manager")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := loadtest.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rep.Write(os.Stdout)
	if rep.Failed() > 0 {
		os.Exit(1)
	}
}
