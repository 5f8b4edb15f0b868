"""How a number is printed in a cell, following the habits of real reports: blank or dashed
zeros, full-width digits, thousands separators, 万元 amounts with or without decimals, and the
2019 procurement amount written in 元."""
from __future__ import annotations

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _digits(text: str, style) -> str:
    return text.translate(_FULLWIDTH) if style.fullwidth_digits else text


def count_text(n: int, style) -> str:
    text = f"{n:,}" if style.thousands_sep and abs(n) >= 1000 else str(n)
    if n < 0 and style.minus_sign:
        text = "\u2212" + text[1:]  # "−18": the real pingtan 2019 page prints a minus sign
    return _digits(text, style)


def amount_text(v: float, style) -> str:
    """A 万元 amount: at most two decimals, as `837`, `12.5` or (amount_decimals) `837.00`."""
    sep = "," if style.thousands_sep and abs(v) >= 1000 else ""
    text = format(v, f"{sep}.2f")
    if not style.amount_decimals:
        text = text.rstrip("0").rstrip(".")
    return _digits(text, style)


def yuan_text(v: float, style) -> str:
    """A 万元 amount printed in 元 the way some 2019 reports did ("251000元" for 25.1 万元)."""
    yuan = round(v * 10000)
    text = f"{yuan:,}" if style.thousands_sep and yuan >= 1000 else str(yuan)
    return _digits(text, style) + "元"


def cell_text(value, table: str, style, unit: str = "件", in_yuan: bool = False) -> str:
    """The printed text of one value cell of table t2/t3/t4 ("" is an empty cell)."""
    if value == 0:
        if table in ("t3", "t4") and style.blank_zeros:
            return ""
        if table in ("t2", "t4") and style.dash_zeros:
            return style.dash_zeros
        if unit == "万元" and style.amount_decimals:
            return _digits("0.00", style)
        return _digits("0", style)
    if in_yuan:
        return yuan_text(value, style)
    if unit == "万元":
        return amount_text(value, style)
    return count_text(int(value), style)
