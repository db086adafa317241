-- +goose Up
-- The attempts of a throttle key whose passwords are being checked right now, apart from the
-- failures already decided: a right password then resets the account's failures without
-- freeing the places of attempts still in flight, so parallel guesses beside a real sign-in
-- stay within the limit.
ALTER TABLE login_throttle
    ADD COLUMN checking INT UNSIGNED NOT NULL DEFAULT 0 AFTER failures;

-- +goose Down
ALTER TABLE login_throttle
    DROP COLUMN checking;
