#!/bin/sh
# check-docs: fails when the documentation and the binary disagree: a
# command of the dispatch table without a COMMANDS entry in
# cmd/parcelclear.1, a usage string that is not word for word a SYNOPSIS
# line of the man page or of README.md (or the reverse), an OPTIONS heading
# without its .TP (it would render inside another option), an exit status
# of cmd/exitcodes.h missing from EXIT STATUS or from README.md's table,
# README's first manifest or carrier example not the files it names, or its
# sample lane row not what the binary writes for it, or an issue number
# ("#12") in README.md, docs/ or the man page (CHANGELOG.md keeps history).
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
# README's synopsis: the fenced block after "## Synopsis"
awk '/^## Synopsis/ { s = 1; next } s && /^```/ { if (in_b) exit; in_b = 1; next }
    in_b' README.md | entries | sort > "$TMP/readme"
cmp -s "$TMP/man" "$TMP/readme" ||
    bad "README.md's synopsis differs from the SYNOPSIS of $MAN: $(diff "$TMP/man" "$TMP/readme" | grep '^[<>]' | head -3 | tr '\n' ' ')"

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
# follow a .TP, else it renders inside the previous option's paragraph
awk '/^\.SH / { on = ($0 == ".SH OPTIONS") } on' "$MAN" | awk '
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

# README's examples: each fenced block shown as the content of a file is
# that file, and the sample lane row is what the binary writes for it
block() {	# block N: the Nth fenced block of README.md, without its fences
	awk -v n="$1" '/^```/ { if (in_b) { in_b = 0; next } k++; in_b = 1; next }
	    in_b && k == n' README.md
}
nblocks=$(grep -c '^```' README.md)
i=1
while [ "$i" -le $((nblocks / 2)) ]; do
	block "$i" > "$TMP/block"
	# the file a block shows is named in backquotes in the paragraph
	# just before it
	f=$(awk -v n="$i" '
	    /^```/ { if (in_b) { in_b = 0; para = last = ""; next }
		k++; in_b = 1
		if (k == n) { print (para != "" ? para : last); exit }
		next }
	    in_b { next }
	    NF == 0 { if (para != "") last = para; para = ""; next }
	    { para = para " " $0 }' README.md |
	    sed -n 's/.*`\(fixtures\/[^`]*\.\(csv\|map\)\)`.*/\1/p')
	if [ -n "$f" ]; then
		cmp -s "$TMP/block" "$f" || bad "README.md: the example shown as '$f' is not that file"
	fi
	i=$((i + 1))
done
five=fixtures/demo/five-lines.csv
cmd=$(grep -n '^\$ ./parcelclear run -o out/five fixtures/demo/five-lines.csv$' README.md | cut -d: -f1)
if [ -z "$cmd" ]; then
	bad "README.md: no '\$ ./parcelclear run -o out/five $five' example"
else
	"$BIN" run -o "$TMP/five" "$five" 2>/dev/null || bad "run on $five failed"
	shown=$(sed -n "$((cmd + 2))s/^\\$ gzip -dc out\/five\/\([a-z]*\)\.csv\.gz\$/\1/p" README.md)
	if [ -z "$shown" ]; then
		bad "README.md: no 'gzip -dc out/five/LANE.csv.gz' after the run example"
	else
		sed -n "$((cmd + 3)),$((cmd + 4))p" README.md > "$TMP/shown"
		gzip -dc "$TMP/five/$shown.csv.gz" 2>/dev/null | head -n 2 > "$TMP/real"
		cmp -s "$TMP/shown" "$TMP/real" ||
		    bad "README.md: the $shown lane shown for $five is not what '$BIN' writes: $(diff "$TMP/shown" "$TMP/real" | grep '^>' | cut -c1-200)"
	fi
fi

# no issue numbers in the user documentation
grep -nE '(^|[[:space:](])#[0-9]+' README.md docs/*.md "$MAN" > "$TMP/issues"
while IFS= read -r l; do bad "issue number in the documentation: $l"; done < "$TMP/issues"

[ "$fail" -eq 0 ] && echo "check-docs: man page, README, docs, usage strings and exit statuses agree"
exit "$fail"
