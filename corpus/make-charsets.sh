#!/bin/sh
# Regenerates the non-UTF-8 (and BOM) corpus pages from their UTF-8 sources in src/.
# The sources are what we edit; the outputs are what pith must decode, so both are committed.
# Each line: source stem, target charset (BOM = UTF-8 with a byte order mark).
set -eu
cd "$(dirname "$0")"
while read -r stem charset; do
    src="src/$stem.utf8.html"
    out="$stem.html"
    if [ "$charset" = BOM ]; then
        printf '\357\273\277' > "$out"
        cat "$src" >> "$out"
    else
        iconv -f UTF-8 -t "$charset" "$src" > "$out"
        # A page that does not round-trip lost characters the charset cannot hold.
        iconv -f "$charset" -t UTF-8 "$out" | cmp -s - "$src" || {
            echo "make-charsets: $out does not round-trip through $charset" >&2
            exit 1
        }
    fi
done <<'LIST'
cp1252-declared-cafe-prices WINDOWS-1252
cp1252-undeclared-french-bakery WINDOWS-1252
latin2-declared-polish-library ISO-8859-2
sjis-declared-japanese-railway SHIFT_JIS
sjis-undeclared-japanese-sake SHIFT_JIS
gb-declared-chinese-metro GB18030
gb-undeclared-chinese-tea GB18030
utf8-bom-czech-brewery BOM
LIST
