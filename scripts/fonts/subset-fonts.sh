#!/usr/bin/env bash
# Rebuilds the CJK fonts shipped in resources/fonts/ (see resources/fonts/PROVENANCE.md):
# subsets of Debian's Noto Serif CJK SC (OFL-1.1) and TeX Live's FandolFang (GPL + font
# exception) to GB 2312 plus ASCII, Latin-1 and common punctuation, without hints.
#
# Needs Debian (or Ubuntu) with apt sources, and: apt-get install fonttools python3-brotli
# Usage: scripts/fonts/subset-fonts.sh [OUT_DIR]   (default: resources/fonts)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(realpath "${1:-resources/fonts}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# Source packages, by the versions recorded in PROVENANCE.md (apt-get download fetches the
# candidate version of the configured suite; check `apt-cache policy` if it differs).
(cd "$work" && apt-get download fonts-noto-cjk texlive-lang-chinese >/dev/null)
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/x"; done
noto="$work/x/usr/share/fonts/opentype/noto"
fandol="$work/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"

# The character set: every character GB 2312 encodes (6,763 hanzi and 682 symbols), plus
# printable ASCII, Latin-1, general punctuation, roman numerals, arrows, circled numbers,
# CJK symbols and punctuation, and full-width forms.
/usr/bin/python3 - "$work/charset.txt" <<'PY'
import sys
chars = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2030, 0x203B), (0x2116, 0x2116), (0x2121, 0x2122),
          (0x2160, 0x216B), (0x2190, 0x2193), (0x2460, 0x249B), (0x3000, 0x301F), (0xFE30, 0xFE4F), (0xFF01, 0xFF5E),
          (0xFFE0, 0xFFE5)]
chars |= {chr(c) for lo, hi in ranges for c in range(lo, hi + 1)}
open(sys.argv[1], 'w', encoding='utf-8').write(''.join(sorted(chars)))
PY

# A fixed head.modified date (fontTools honours SOURCE_DATE_EPOCH), so the same inputs give
# byte-identical files: 2022-01-27, the date of the Noto CJK files in the Debian package.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1643241600}
opts=(--text-file="$work/charset.txt" --name-IDs='*' --name-languages='*' --no-hinting)
# Face 2 of the Noto Serif CJK collections is the Simplified Chinese one (NotoSerifCJKsc-*).
pyftsubset "$noto/NotoSerifCJK-Regular.ttc" --font-number=2 "${opts[@]}" --output-file="$out/NotoSerifSC-Regular-GB2312.otf" &
pyftsubset "$noto/NotoSerifCJK-Bold.ttc" --font-number=2 "${opts[@]}" --output-file="$out/NotoSerifSC-Bold-GB2312.otf" &
pyftsubset "$fandol/FandolFang-Regular.otf" "${opts[@]}" --output-file="$out/FandolFang-Regular-GB2312.otf" &
wait
sha256sum "$out"/*.otf
