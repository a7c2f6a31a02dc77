#!/bin/sh
# install-deps.sh: makes sure the Debian packages Tala needs are installed.
# Usage: scripts/install-deps.sh [build|test|bench|fuzz|browser]...
# Checks each package with dpkg-query; runs `apt-get update` once and
# `apt-get install -y` for what is missing (as root), or prints the exact command.
set -eu

build_pkgs="build-essential cmake pkg-config libmicrohttpd-dev libsqlite3-dev libjansson-dev
 libicu-dev libfriso-dev friso-dict libargon2-dev libsodium-dev fonts-noto-core
 libqrencode-dev libpng-dev libxlsxwriter-dev"
test_pkgs="libcmocka-dev libcurl4-openssl-dev sqlite3"
bench_pkgs="wrk nginx-light curl sqlite3"
fuzz_pkgs="clang"
browser_pkgs="chromium fonts-noto-cjk nodejs npm"

want=""
[ $# -eq 0 ] && set -- build
for group in "$@"; do
	case "$group" in
	build) want="$want $build_pkgs" ;;
	test) want="$want $build_pkgs $test_pkgs" ;;
	bench) want="$want $build_pkgs $bench_pkgs" ;;
	fuzz) want="$want $build_pkgs $test_pkgs $fuzz_pkgs" ;;
	browser) want="$want $browser_pkgs" ;;
	*) echo "install-deps.sh: unknown group '$group' (build, test, bench, fuzz, browser)" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	# a nodejs that bundles npm (NodeSource's, which conflicts with Debian's npm) provides it
	if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) case " $missing " in *" $p "*) ;; *) missing="$missing $p" ;; esac ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "Tala needs these Debian packages; run as root:" >&2
	echo "  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
