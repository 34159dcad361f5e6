"""The sandbox's harness headers from keyword options, checked before any request.

The options are the npm package's ``Harness`` options in snake_case. Their names, headers and
bounds come from ``_contract.json``, which is generated from the Worker's own table
(``src/harness/parse.ts``) and the npm package's option names, so that the two cannot drift; the
npm side's tests also run these checks and the Worker's parser on the same values.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from importlib import resources
from typing import Any, Callable, Dict, Mapping, Sequence, Union

CONTRACT: Dict[str, Any] = json.loads(
    resources.files(__package__).joinpath("_contract.json").read_text(encoding="utf-8")
)
_G: Dict[str, Any] = CONTRACT["harness"]

#: Each option's header, in the order the npm package writes them.
OPTIONS: Dict[str, str] = dict(_G["options"])

Instant = Union[datetime, int, str]
"""An aware ``datetime``, epoch milliseconds, or an ISO 8601 date-time with a zone."""


def _js_regex(source: str) -> "re.Pattern[str]":
    # The Worker's patterns are JavaScript's; these use only what both dialects read alike,
    # but JavaScript's $ is the very end, as Python's \Z.
    return re.compile(source[:-1] + r"\Z" if source.endswith("$") else source)


_RATE = _js_regex(_G["rate_pattern"])
_SEED = _js_regex(_G["seed_pattern"])
_ISO = _js_regex(_G["instant"]["iso_pattern"])
_EPOCH = _js_regex(_G["instant"]["epoch_ms_pattern"])


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _expect(option: str, value: object, wanted: str) -> ValueError:
    return ValueError(f"harness option {option}={value!r}: expected {wanted}")


def _type(option: str, value: object, wanted: str) -> TypeError:
    return TypeError(f"harness option {option} takes {wanted}, not {type(value).__name__} ({value!r})")


def _whole(option: str, value: object, low: int, high: int) -> str:
    if not _is_int(value):
        raise _type(option, value, f"an int from {low} to {high}")
    if not low <= value <= high:  # type: ignore[operator]
        raise _expect(option, value, f"a whole number from {low} to {high}")
    return str(value)


def _error(option: str, value: object) -> str:
    names = _G["error_names"] + _G["s3_error_codes"]
    statuses = sorted(set(_G["error_statuses"] + _G["s3_error_statuses"]))
    wanted = f"an exception name ({', '.join(_G['error_names'])}; on S3 an error code such as SlowDown) or a status ({', '.join(map(str, statuses))})"
    if _is_int(value):
        if value in statuses:
            return str(value)
        raise _expect(option, value, wanted)
    if not isinstance(value, str):
        raise _type(option, value, "an exception name (str) or a status (int)")
    found = next((name for name in names if name.lower() == value.lower()), None)
    if found is None and not (re.fullmatch(r"\d{3}", value) and int(value) in statuses):
        raise _expect(option, value, wanted)
    return value


def _text(option: str, value: object) -> str:
    if not isinstance(value, str):
        raise _type(option, value, "a str")
    limit = _G["max_text_length"]
    if len(value) > limit or not value.isprintable() or not value.isascii():
        raise _expect(option, value, f"printable ASCII text of at most {limit} characters")
    return value


def _rate(option: str, value: object) -> str:
    if not _is_number(value):
        raise _type(option, value, "a number from 0 to 1")
    text = f"{value:.6f}"
    if not _RATE.match(text):
        raise _expect(option, value, "a probability from 0 to 1")
    return text


def _seed(option: str, value: object) -> str:
    if not isinstance(value, str):
        raise _type(option, value, "a str")
    if not _SEED.match(value):
        raise _expect(option, value, "1 to 128 printable ASCII characters, no spaces")
    return value


def _delay(option: str, value: object) -> str:
    cap = _G["max_delay_ms"]
    if _is_int(value):
        low, high = value, value
    elif isinstance(value, (tuple, list)) and len(value) == 2 and all(_is_int(v) for v in value):
        low, high = value
    else:
        raise _type(option, value, "milliseconds as an int, or a (min, max) pair of ints")
    if not 0 <= low <= high <= cap:  # type: ignore[operator]
        raise _expect(option, value, f"milliseconds from 0 to {cap}, with min <= max")
    return str(low) if _is_int(value) else f"{low}-{high}"


def _choice(choices: Sequence[str]) -> Callable[[str, object], str]:
    def check(option: str, value: object) -> str:
        if not isinstance(value, str):
            raise _type(option, value, "a str")
        if value not in choices:
            raise _expect(option, value, f"one of {', '.join(choices)}")
        return value

    return check


def _real_day(text: str) -> bool:
    try:
        datetime(int(text[0:4]), int(text[5:7]), int(text[8:10]))
        return True
    except ValueError:
        return False


def instant_text(option: str, value: object) -> str:
    """An instant as the harness writes it: ISO 8601 with a zone, or epoch milliseconds."""
    latest = _G["instant"]["latest_ms"]
    wanted = "an aware datetime, epoch milliseconds, or an ISO 8601 date-time with a zone"
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _expect(option, value, wanted + " (this datetime has no time zone)")
        ms = round(value.timestamp() * 1000)
        if not 0 <= ms <= latest:
            raise _expect(option, value, "an instant from 1970 to 9999")
        return str(ms)
    if _is_int(value):
        if not 0 <= value <= latest:  # type: ignore[operator]
            raise _expect(option, value, "epoch milliseconds from 0 to 9999's end")
        return str(value)
    if not isinstance(value, str):
        raise _type(option, value, wanted)
    if _EPOCH.match(value):
        if int(value) > latest:
            raise _expect(option, value, "epoch milliseconds from 0 to 9999's end")
        return value
    if not (_ISO.match(value) and _real_day(value)):
        raise _expect(option, value, wanted)
    return value


def _seconds(option: str, value: object, high: int) -> str:
    if not _is_number(value):
        raise _type(option, value, f"a number of seconds from 0 to {high}")
    text = str(value) if _is_int(value) else repr(value)
    if not (re.fullmatch(r"\d+(\.\d+)?", text) and 0 <= value <= high):  # type: ignore[operator]
        raise _expect(option, value, f"a number of seconds from 0 to {high}")
    return text


def _progression(option: str, value: object) -> str:
    spec = _G["progression"]
    members: Dict[str, str] = spec["members"]
    if not isinstance(value, Mapping):
        raise _type(option, value, f"a dict with {', '.join(members)}")
    unknown = [key for key in value if key not in members]
    if unknown:
        raise ValueError(f"harness option progression: unknown member {unknown[0]!r}; known: {', '.join(members)}")
    missing = [key for key in spec["required"] if value.get(key) is None]
    if missing:
        raise ValueError(f"harness option progression: {missing[0]} is required (with {', '.join(spec['required'])})")
    write: Dict[str, Callable[[Any], str]] = {
        "start": lambda v: instant_text("progression.start", v),
        "duration_s": lambda v: _seconds("progression.duration_s", v, spec["max_duration_s"]),
        "outcome": lambda v: _choice(spec["outcomes"])("progression.outcome", v),
        "pieces": lambda v: _whole("progression.pieces", v, 1, spec["max_pieces"]),
        "endpoints": lambda v: _whole("progression.endpoints", v, 1, spec["max_endpoints"]),
    }
    return "; ".join(
        f"{parameter}={write[member](value[member])}" for member, parameter in members.items() if value.get(member) is not None
    )


_WRITERS: Dict[str, Callable[[str, Any], str]] = {
    "error": _error,
    "error_message": _text,
    "error_attempts": lambda option, value: _whole(option, value, 1, _G["max_error_attempts"]),
    "error_rate": _rate,
    "seed": _seed,
    "delay_ms": _delay,
    "fault": _choice(_G["faults"]),
    "now": instant_text,
    "progression": _progression,
}
assert set(_WRITERS) == set(OPTIONS), "the contract's options and this module's writers differ"


def harness_headers(**options: Any) -> Dict[str, str]:
    """The harness headers for ``options``, the npm package's ``Harness`` options in snake_case.

    ``error`` (an exception name such as ``"TooManyRequestsException"``, an S3 code such as
    ``"SlowDown"``, or a status such as ``503``), ``error_message``, ``error_attempts`` (1 to
    100), ``error_rate`` (0 to 1), ``seed``, ``delay_ms`` (an int, or ``(min, max)``), ``fault``
    (``"empty-body"``, ``"malformed-json"`` or ``"truncated-json"``), ``now`` (an instant) and
    ``progression`` (a dict: ``duration_s``, ``outcome``, and optionally ``pieces``,
    ``endpoints`` and ``start``). ``None`` leaves an option out.

    Raises ``ValueError`` for an unknown option or a value out of its grammar, ``TypeError`` for
    a value of the wrong type, each naming the option and what it allows.
    """
    headers: Dict[str, str] = {}
    for option, value in options.items():
        if option not in OPTIONS:
            raise ValueError(f"unknown harness option {option!r}; known: {', '.join(OPTIONS)}")
        if value is not None:
            headers[OPTIONS[option]] = _WRITERS[option](option, value)
    orphan = next((o for o in _G["needs_error"] if options.get(o) is not None and options.get("error") is None), None)
    if orphan is not None:
        raise ValueError(f"harness option {orphan} needs error= as well: it qualifies an injected error")
    return headers
