"""Build resources/fonts/dutyroom-symbols.ttf: the few symbols WenQuanYi Micro Hei (the GUI face on Linux)
maps but draws empty — ℃ and the roman numerals Ⅴ Ⅹ — taken from the bundled AR PL SungtiL GB.

Qt picks a font for each character by the first family in the list whose character map has it, so a face with
an empty ℃ can never be routed around by adding families after it: the GUI puts this face first
(``gui.kit.theme``). It carries WenQuanYi's size and line metrics, so lines keep their height. A derivative of
AR PL SungtiL GB under the Arphic Public License (LICENSE-ARPHIC.txt). Run once with fontTools (not a
dependency of the app); ``tests/gui/test_look.py`` checks the result against both faces:

    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools && /tmp/ft/bin/python packaging/make_symbols_font.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from fontTools.ttLib.scaleUpem import scale_upem

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
SYMBOLS = "℃ⅤⅩ"
FAMILY = "DutyRoom Symbols"


def build(target: Path = FONTS / "dutyroom-symbols.ttf") -> Path:
    ui_face = TTCollection(str(FONTS / "wqy-microhei.ttc")).fonts[0]
    font = TTFont(str(FONTS / "gbsn00lp.ttf"))
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in SYMBOLS])
    subsetter.subset(font)
    scale_upem(font, ui_face["head"].unitsPerEm)
    for table, fields in (("hhea", ("ascent", "descent", "lineGap")),
                          ("OS/2", ("sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent",
                                    "usWinDescent", "xAvgCharWidth", "fsSelection"))):
        for name in fields:
            setattr(font[table], name, getattr(ui_face[table], name))
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "")
        elif record.nameID == 3:
            record.string = f"{FAMILY}: symbols for the DutyRoom GUI"
    font.save(str(target))
    return target


if __name__ == "__main__":
    print(build())
