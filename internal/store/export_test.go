package store

import "context"

// ReserveSignInAttempt takes a place on the account's and the address's counts as SignIn does
// before it checks a password, and leaves it in flight: tests stand for a password still being
// checked.
func (s *Store) ReserveSignInAttempt(ctx context.Context, policy Throttle, email, remoteAddr string) error {
	return s.reserveAttempt(ctx, policy, accountKey(email), addressKey(remoteAddr))
}
