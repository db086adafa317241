package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"orderdesk/internal/auth"
	"orderdesk/internal/store"
)

// Passwords are hashed at bcrypt's lowest cost here, set once before any test runs: a test
// setting it while a parallel one hashes is a data race.
func init() { auth.PasswordCost = bcrypt.MinCost }

// TestThrottleHoldsUnderParallelAttempts: the count is reserved before the password is
// checked, so parallel attempts cannot outrun the limit, and every failure is counted.
func TestThrottleHoldsUnderParallelAttempts(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	sys := store.Actor{Label: "test", Source: store.SourceSystem}
	for _, email := range []string{"ann@example.com", "bob@example.com"} {
		if _, err := st.CreateUser(ctx, sys, store.NewUser{Email: email, Name: email, Password: "right-password", RoleCode: auth.RoleClerk}); err != nil {
			t.Fatal(err)
		}
	}
	policy := store.Throttle{MaxPerAccount: 5, MaxPerIP: 100, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
	attempt := func(n int, email func(i int) string, password func(i int) string, addr func(i int) string) (checked, signedIn, throttled int) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := st.SignIn(ctx, policy, email(i), password(i), addr(i))
				var th *store.ThrottledError
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					checked++
					signedIn++
				case errors.As(err, &th):
					throttled++
				case errors.Is(err, store.ErrBadCredentials):
					checked++
				default:
					t.Errorf("sign-in %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		return
	}
	perAddr := func(i int) string { return fmt.Sprintf("10.0.%d.%d", i/200, i%200) }

	// 20 parallel wrong passwords on one account, limit 5: five are checked.
	checked, _, throttled := attempt(20, func(int) string { return "ann@example.com" }, func(int) string { return "wrong-password" }, perAddr)
	if checked != 5 || throttled != 15 {
		t.Errorf("20 parallel wrong passwords: %d checked, %d throttled; want 5 and 15", checked, throttled)
	}
	// 11 wrong and 1 right at once: no more than the limit are checked in a count. A right
	// password that gets a place clears the account's failures, so the guesses after it start
	// a new count (as after any sign-in): at most the limit before it and the limit after.
	checked, signedIn, _ := attempt(12, func(int) string { return "bob@example.com" }, func(i int) string {
		if i == 11 {
			return "right-password"
		}
		return "wrong-password"
	}, perAddr)
	if limit := 5 * (1 + signedIn); checked > limit {
		t.Errorf("11 wrong and 1 right: %d passwords checked (signed in %d), want at most %d", checked, signedIn, limit)
	}
	// 40 parallel failures from one address are counted as 40.
	attempt(40, func(i int) string { return fmt.Sprintf("nobody%d@example.com", i) }, func(int) string { return "wrong-password" }, func(int) string { return "192.0.2.7" })
	var failures int
	if err := st.DB().GetContext(ctx, &failures, `SELECT failures FROM login_throttle WHERE throttle_key = 'ip:192.0.2.7'`); err != nil {
		t.Fatal(err)
	}
	if failures != 40 {
		t.Errorf("40 parallel failures from one address were counted as %d", failures)
	}
}

// TestARightPasswordKeepsAttemptsInFlightCounted: a right password beside guesses still being
// checked clears the account's failures but not their places, so the guesses in flight and
// after it stay within the limit.
func TestARightPasswordKeepsAttemptsInFlightCounted(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	sys := store.Actor{Label: "test", Source: store.SourceSystem}
	if _, err := st.CreateUser(ctx, sys, store.NewUser{Email: "carol@example.com", Name: "Carol", Password: "right-password", RoleCode: auth.RoleClerk}); err != nil {
		t.Fatal(err)
	}
	policy := store.Throttle{MaxPerAccount: 5, MaxPerIP: 100, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
	for i := range 3 {
		if err := st.ReserveSignInAttempt(ctx, policy, "carol@example.com", fmt.Sprintf("10.1.0.%d", i)); err != nil {
			t.Fatalf("guess %d in flight: %v", i, err)
		}
	}
	if _, err := st.SignIn(ctx, policy, "carol@example.com", "right-password", "10.1.1.1"); err != nil {
		t.Fatalf("the right password beside three guesses: %v", err)
	}
	taken := 0
	for i := range 5 {
		err := st.ReserveSignInAttempt(ctx, policy, "carol@example.com", fmt.Sprintf("10.1.2.%d", i))
		var th *store.ThrottledError
		switch {
		case err == nil:
			taken++
		case !errors.As(err, &th):
			t.Fatal(err)
		}
	}
	if taken != 2 {
		t.Errorf("after a right password beside 3 guesses in flight, %d more guesses were let through; want 2 (the limit is 5)", taken)
	}
}
