#!/usr/bin/python3
"""Builds opsreport-jp.woff2, the Japanese web font of the pages, from the bundled IPAex Gothic.

Pages fetch it only for Japanese characters (unicode-range in app.css). It holds kana, CJK punctuation, full-width
forms, the 2,965 common kanji of JIS X 0208 level 1, and every character of the reader catalogs and the demo data;
a character outside it falls back to the full font. Needs fonttools and brotli (Debian: python3-fonttools,
python3-brotli). Run from the repository root:  /usr/bin/python3 src/OpsReport.Web/Fonts/make_subset.py

The IPA Font License (src/OpsReport.Reports/Fonts/IPA_Font_License_Agreement_v1.0.txt) covers this derived font: it
is distributed with this script and the original font (which replaces it: point app.css at /fonts/ipaexg.ttf), and
carries its own name, since a derived font may not use the original's name.
"""
import glob
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = os.getcwd()
SOURCE = os.path.join(ROOT, "src/OpsReport.Reports/Fonts/ipaexg.ttf")
TARGET = os.path.join(ROOT, "src/OpsReport.Web/Fonts/opsreport-jp.woff2")
NAME = "OpsReport JP"
RANGES = [(0x3000, 0x30FF), (0xFF00, 0xFFEF)]


def characters():
    chars = set()
    for start, end in RANGES:
        chars.update(chr(c) for c in range(start, end + 1))
    # JIS X 0208 level 1 (EUC-JP rows 16-47): the kanji of names and everyday text.
    for high in range(0xB0, 0xD0):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("euc_jp"))
            except UnicodeDecodeError:
                pass
    sources = glob.glob(os.path.join(ROOT, "src/OpsReport.Core/Text/catalog.*.json"))
    sources += glob.glob(os.path.join(ROOT, "src/OpsReport.Collectors/Sources/Demo/*.cs"))
    sources += glob.glob(os.path.join(ROOT, "dashboards/*.yaml"))
    for path in sources:
        with open(path, encoding="utf-8") as f:
            chars.update(c for c in f.read() if ord(c) >= 0x3000)
    return chars


def main():
    if not os.path.exists(SOURCE):
        sys.exit(f"{SOURCE} not found: run from the repository root")
    font = TTFont(SOURCE)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(characters())))
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = NAME
        elif record.nameID == 3:
            record.string = NAME + " subset"
        elif record.nameID == 6:
            record.string = NAME.replace(" ", "")
    font.flavor = "woff2"
    font.save(TARGET)
    print(f"{TARGET}: {os.path.getsize(TARGET):,} bytes")


if __name__ == "__main__":
    main()
