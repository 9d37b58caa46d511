"""Python values as TOML text, for the tables and overrides the experiment layer writes."""
import math
import os
import re

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def key(name):
    """A TOML key: bare when it may be, quoted otherwise."""
    return name if _BARE_KEY.match(name) else string(name)


def string(text):
    """A TOML basic string."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def value(v):
    """TOML text for a bool, integer, float, string, path, sequence (numpy arrays included)
    or mapping. Integers stay integers (64-bit dataset ids are exact)."""
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "true" if v else "false"
    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):
        v = v.tolist()  # numpy scalars and arrays: to exact Python ints and floats
        if isinstance(v, bool):
            return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)  # shortest round trip; always has '.' or 'e'
    if isinstance(v, (str, os.PathLike)):
        return string(os.fspath(v))
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple, range)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as a TOML value: {v!r}")


def table(header, fields):
    """One [header] or [[header]] table with fields in order; None values are left out."""
    lines = [header]
    for k, v in fields.items():
        if v is not None:
            lines.append(f"{key(k)} = {value(v)}")
    return "\n".join(lines) + "\n"
