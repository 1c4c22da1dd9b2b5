#!/bin/sh
# check-docs: fails when cmd/parcelclear.1 and the binary disagree: a
# command of the dispatch table without a COMMANDS entry, a usage string
# that is not word for word a SYNOPSIS line (or the reverse), an OPTIONS
# heading without its .TP (it would render inside another option), or an exit
# status of cmd/exitcodes.h missing from EXIT STATUS or from README.md.
# usage: scripts/check-docs.sh [BINARY]
set -u
BIN=${1:-build/parcelclear}
MAN=cmd/parcelclear.1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pcl-docs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
bad() { fail=1; echo "check-docs: $*" >&2; }

# entries: one per line, "parcelclear ..." with whitespace collapsed;
# continuation lines (indented, not starting with parcelclear) are joined
entries() {
	awk '
	{ sub(/^usage: /, ""); sub(/^[ \t]+/, "") }
	/^parcelclear / { if (e != "") print e; e = $0; next }
	NF > 0 && e != "" { e = e " " $0; next }
	END { if (e != "") print e }' | tr -s ' \t' '  '
}

# SYNOPSIS of the man page (between .SH SYNOPSIS and the next .SH)
sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$MAN" | grep -v '^\.' |
    entries | sort > "$TMP/man"

commands=$("$BIN" help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$commands" ] || bad "no commands from '$BIN help'"
: > "$TMP/usage"
for c in $commands; do
	grep -q "^\.SS $c\$" "$MAN" || bad "command '$c' has no '.SS $c' in COMMANDS of $MAN"
	case $c in help|version)
		grep -q "^parcelclear $c\( \|\$\)" "$TMP/man" || bad "command '$c' missing from SYNOPSIS"
		continue ;;
	esac
	"$BIN" "$c" --help | sed -n '/^usage:/,/^$/p' | entries >> "$TMP/usage"
done
sort "$TMP/usage" > "$TMP/usage.s"
# every usage line is in the SYNOPSIS ...
while IFS= read -r u; do
	grep -qxF "$u" "$TMP/man" || bad "usage not in SYNOPSIS: $u"
done < "$TMP/usage.s"
# ... and every SYNOPSIS line of a command with --help is a usage line
while IFS= read -r m; do
	case $m in "parcelclear help"*|"parcelclear version"*) continue ;; esac
	grep -qxF "$m" "$TMP/usage.s" || bad "SYNOPSIS line is no usage string: $m"
done < "$TMP/man"

# OPTIONS: every option heading (.BI \-..., or .BR \-x ", " \-\-...) must
# follow a .TP, else it renders inside the previous option's paragraph (#6)
sed -n '/^\.SH OPTIONS/,/^\.SH FILES/p' "$MAN" | awk '
	/^\.BI \\-/ || /^\.BR \\-[A-Za-z] ", "/ {
		if (prev != ".TP") print "option heading not after .TP: " $0
	}
	{ prev = $0 }' > "$TMP/tp"
while IFS= read -r l; do bad "$l"; done < "$TMP/tp"

# exit statuses: cmd/exitcodes.h -> EXIT STATUS of the man page and README
for n in $(sed -n 's/^#define PCL_EXIT_[A-Z]*[ \t]*\([0-9]*\).*/\1/p' cmd/exitcodes.h); do
	sed -n '/^\.SH EXIT STATUS/,/^\.SH EXAMPLES/p' "$MAN" | grep -qx "$n" ||
	    bad "exit status $n missing from EXIT STATUS of $MAN"
	grep -q "^| $n | " README.md || bad "exit status $n missing from README.md"
done
[ "$fail" -eq 0 ] && echo "check-docs: man page, usage strings and exit statuses agree"
exit "$fail"
