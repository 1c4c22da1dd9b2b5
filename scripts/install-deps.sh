#!/bin/sh
# Install the Debian packages parcelclear needs to build and test, when missing.
# Does nothing when everything is there. Uses sudo -n when not root.
# usage: scripts/install-deps.sh [--bench] [--libdeflate] [--report]
set -eu

# Each package and why:
#   libcsv-dev     CSV parsing (libcsv)          zlib1g-dev   gzip input and lane files
#   libpcre2-dev   screening patterns (PCRE2)    libssl-dev   SHA-256 digests (libcrypto)
#   libcunit1-dev  unit tests (CUnit)            pkg-config   compiler flags
#   libutf8proc-dev Unicode compatibility forms and case folding of consignee identities
#   libcurl4-openssl-dev  HTTPS downloads of the exchange-rate sources (data update)
#   libzip-dev     the ECB's rate history comes as a zip (eurofxref-hist.zip)
#   libdeflate-dev the lane compressor: about a third less CPU than zlib's
#                  deflate for the same gzip format; without it the Makefile
#                  builds the zlib compressor (make LIBDEFLATE=0 forces that)
#   libjansson-dev JSON: writing summary.json and reading it back (verify)
#   libicu-dev     screening: the Unicode confusable skeleton (UTS #39, ICU's
#                  spoof checker) so look-alike letters match; utf8proc has
#                  no confusables data
#   libsqlite3-dev the clearance ledger (run --ledger): one SQLite database
#                  that remembers earlier batches across nights
#   ca-certificates none; make/gcc are assumed present on a build machine, installed if not
PKGS="make gcc libcsv-dev zlib1g-dev libpcre2-dev libssl-dev libcunit1-dev pkg-config libutf8proc-dev libdeflate-dev libcurl4-openssl-dev libzip-dev libjansson-dev libicu-dev libsqlite3-dev"
# --bench: also what scripts/bench needs: pigz (the floor it measures against),
# time (/usr/bin/time for peak RSS), python3 (scripts/gen-manifest) and
# sqlite3 (the CLI checkpoints the ledger of `scripts/bench --ledger` so
# that its file size is what it holds).
# --libdeflate: accepted for older instructions; libdeflate-dev is now a default.
# --report (make check-report only): chromium renders the HTML report
# headless to prove it loads with no console errors; fonts-dejavu-core
# gives it a font to draw the text with.
# --fuzz (scripts/fuzz only): libFuzzer with ASan and UBSan.
for opt in "$@"; do
	case $opt in
	--bench) PKGS="$PKGS pigz time python3 sqlite3" ;;
	--libdeflate) ;;
	--report) PKGS="chromium fonts-dejavu-core" ;;
	--fuzz) PKGS="clang-14 libclang-rt-14-dev" ;;
	*) echo "usage: scripts/install-deps.sh [--bench] [--libdeflate] [--report] [--fuzz]" >&2; exit 2 ;;
	esac
done

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo -n"
else
	echo "install-deps: missing packages:$missing (run as root or install sudo)" >&2
	exit 1
fi
echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
