"""The CJK font of the card's figures: Noto Sans CJK SC (Debian fonts-noto-cjk)."""
from __future__ import annotations

from functools import lru_cache

from matplotlib import font_manager

FAMILY = "Noto Sans CJK SC"


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The font family name to give matplotlib; a clear error when the font is not installed
    (without it every Chinese label would be drawn as empty boxes)."""
    try:
        font_manager.findfont(font_manager.FontProperties(family=FAMILY), fallback_to_default=False)
    except ValueError:
        raise FontMissing(f"font {FAMILY!r} not found: install the Debian package fonts-noto-cjk") from None
    return FAMILY
