#!/usr/bin/env bash
# Manages the private MariaDB that development, tests and a first run use: one server under
# ./var/mysql, bound to 127.0.0.1 on its own port and socket, never the system instance.
#
#   scripts/localdb.sh up     install (when root) + create on first use + start; idempotent
#   scripts/localdb.sh down   stop it (blocks until mariadbd has exited)
#   scripts/localdb.sh reset  stop it and delete its data
#   scripts/localdb.sh status say whether it runs
#
# Environment: DB_PORT (default 3307), DB_NAME, DB_USER, DB_PASS (default orderdesk).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/var/mysql"
port=${DB_PORT:-3307}
name=${DB_NAME:-orderdesk}
user=${DB_USER:-orderdesk}
pass=${DB_PASS:-orderdesk}
cnf="$dir/my.cnf"

# mariadbd refuses socket paths over 107 bytes; a deep checkout falls back to the temp folder.
sock="$dir/mysqld.sock"
if [ ${#sock} -gt 100 ]; then
	sock="${TMPDIR:-/tmp}/orderdesk-mysqld-$(printf '%s' "$dir" | md5sum | cut -c1-12).sock"
fi

say() { printf 'localdb: %s\n' "$*" >&2; }

ensure_installed() {
	command -v mariadbd >/dev/null 2>&1 && return 0
	if [ "$(id -u)" -ne 0 ]; then
		say "MariaDB is not installed. Install it with: sudo apt-get install mariadb-server"
		say "(or point [database] dsn in orderdesk.ini at an existing MySQL 8 / MariaDB 10.11 server)."
		exit 1
	fi
	say "installing Debian's mariadb-server (one time, about 15 s)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq mariadb-server >/dev/null
}

write_cnf() {
	mkdir -p "$dir/data" "$dir/tmp"
	local runas=""
	[ "$(id -u)" -eq 0 ] && runas="user=root"
	# --defaults-file skips /etc/mysql entirely, so everything the project relies on is set here.
	cat >"$cnf" <<EOF
[client-server]
port=$port
socket=$sock

[client]
default-character-set=utf8mb4

[mariadbd]
$runas
datadir=$dir/data
pid-file=$dir/mysqld.pid
log-error=$dir/mysqld.err
tmpdir=$dir/tmp
bind-address=127.0.0.1
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb_buffer_pool_size=1G
innodb_log_file_size=64M
innodb_flush_log_at_trx_commit=2
innodb_ft_min_token_size=2
performance_schema=OFF
max_connections=200
EOF
}

admin() { mariadb-admin --defaults-file="$cnf" -uroot "$@"; }
client() { mariadb --defaults-file="$cnf" -uroot "$@"; }

running() { [ -f "$cnf" ] && admin ping >/dev/null 2>&1; }

up() {
	ensure_installed
	# Rewrite the option file every time so a changed DB_PORT or checkout path takes effect.
	write_cnf
	if [ ! -d "$dir/data/mysql" ]; then
		say "creating a private MariaDB under var/mysql"
		mariadb-install-db --defaults-file="$cnf" --skip-test-db --skip-name-resolve >"$dir/install.log" 2>&1 ||
			{ say "mariadb-install-db failed; see $dir/install.log"; exit 1; }
	fi
	if ! running; then
		setsid mariadbd --defaults-file="$cnf" </dev/null >/dev/null 2>&1 &
		for _ in $(seq 1 150); do
			running && break
			sleep 0.1
		done
		if ! running; then
			say "mariadbd did not start on 127.0.0.1:$port; last lines of $dir/mysqld.err:"
			tail -n 15 "$dir/mysqld.err" >&2 || true
			exit 1
		fi
	fi
	# The app user owns the app database and every database whose name starts with it, which is
	# where the tests create their own throwaway databases.
	client -e "
		CREATE DATABASE IF NOT EXISTS \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$pass';
		CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$pass';
		GRANT ALL ON \`${name}%\`.* TO '$user'@'127.0.0.1';
		GRANT ALL ON \`${name}%\`.* TO '$user'@'localhost';"
	say "MariaDB is up on 127.0.0.1:$port (database $name, user $user)"
}

down() {
	if running; then
		admin shutdown
		say "MariaDB stopped"
	fi
}

case "${1:-}" in
up) up ;;
down) down ;;
reset)
	down
	rm -rf "$dir"
	say "var/mysql removed"
	;;
status)
	if running; then say "running on 127.0.0.1:$port"; else say "not running"; exit 1; fi
	;;
*)
	echo "usage: $0 up|down|reset|status" >&2
	exit 2
	;;
esac
