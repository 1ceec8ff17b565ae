"""Fuzzing the data files and the command line (issue #14): each malformed variant ends in exit
2 with one line on stderr naming the file, never a traceback; a valid one is accepted. Whether
a variant is valid is decided by how it was made."""

from __future__ import annotations

import random
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habitat_gui import cli
from habitat_gui.core import resources
from habitat_gui.core.maintenance import data as maintenance_data
from habitat_gui.core.operations.alarm_definitions import parse_alarms
from habitat_gui.core.operations.scenario import parse_scenario
from habitat_gui.core.plant.habitat import parse_habitat
from habitat_gui.core.procedures.loader import Colony, builtin_habitat, parse_procedure
from habitat_gui.core.specfile import SpecError, TomlDocument

COLONY = Colony.of(builtin_habitat())
SOURCES = {"habitat": "habitats/ares.toml", "alarms": "alarms.toml",
           "maintenance": "maintenance.toml", "scenario": "scenarios/hab3-generator-failure.toml",
           "breach": "scenarios/seal-breach.toml",
           "procedure": "procedures/hab3-o2-generation-loss.toml"}
TEXTS = {kind: (resources.resources_dir() / name).read_text() for kind, name in SOURCES.items()}
PARSERS: dict[str, Callable[[TomlDocument], object]] = {
    "habitat": parse_habitat, "alarms": parse_alarms, "maintenance": maintenance_data.parse,
    "scenario": parse_scenario, "breach": parse_scenario,
    "procedure": lambda doc: parse_procedure(doc, COLONY)}
# keys whose line, deleted, leaves a table without something it needs (None: any key line
# outside the [spares] table, whose entries are all optional)
REQUIRED: dict[str, frozenset[str] | None] = {
    "habitat": frozenset({"volume_m3", "between", "id", "module"}),
    "alarms": frozenset({"id", "watch", "message", "cause", "consequence", "action", "limits",
                         "when", "state", "priority"}),
    "maintenance": None,
    "scenario": frozenset({"habitat", "at_s", "fault", "target", "id", "text", "command"}),
    "breach": frozenset({"habitat", "at_s", "fault", "target", "id", "text", "command"}),
    "procedure": frozenset({"title", "text", "module", "quantity"}),
}
# a number outside strings and comments (keys such as o2_pct hold digits too)
_TOKENS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\''
                     r"|#[^\n]*|(?P<number>(?<![\w.+-])[+-]?\d[\d_]*(?:\.\d[\d_]*)?"
                     r"(?:[eE][+-]?\d+)?(?![\w.:-]))")
_KEY_LINE = re.compile(r"^([A-Za-z0-9_]+)\s*=", re.MULTILINE)
_HEADER = re.compile(r"^\[([A-Za-z0-9_.]+)\]", re.MULTILINE)

NON_FINITE = ("nan", "+nan", "-nan", "inf", "+inf", "-inf", "1e999", "-1e999", "1E400")
OUT_OF_RANGE = ("1e300", "-1e7", "9" * 30)  # every numeric field is bounded below this
WRONG_TYPE = ('"x"', "true", "[]", "{}", "1979-05-27")
BAD_CLI_VALUES = ("nan", "+nan", "-nan", "inf", "+inf", "-inf", "1e999", "-1", "-1e300",
                  "1e12", "1e300", "ten", "", " ", "0x10", "1,5")
CLI_OPTIONS = ((["run", "nominal-day"], "--until"), (["run", "nominal-day"], "--sample-every"),
               (["run", "nominal-day"], "--seed"), (["forecast", "nominal-day"], "--at"),
               (["forecast", "nominal-day"], "--horizon"), (["forecast", "nominal-day"], "--seed"),
               (["audit"], "--days"), (["audit"], "--seed"),
               (["replay", "none.sqlite"], "--branch-at"),
               (["replay", "none.sqlite", "--branch-at=0"], "--until"),
               (["procedure", "check", "hab3-o2-generation-loss"], "--at"),
               (["procedure", "check", "hab3-o2-generation-loss"], "--horizon"),
               (["serve"], "--speed"), (["serve"], "--seed"))
PER_FILE = 110  # variants per source file: 660 in all, with the command lines 884


def _numbers(text: str) -> list[re.Match[str]]:
    return [m for m in _TOKENS.finditer(text) if m.group("number")]


NUMBERS = {kind: _numbers(text) for kind, text in TEXTS.items()}


@dataclass(frozen=True)
class Variant:
    kind: str
    how: str
    data: bytes
    expect: str  # "error", "valid" or "either"


def _replace(text: str, span: tuple[int, int], new: str) -> str:
    return text[:span[0]] + new + text[span[1]:]


def _with_number(values: tuple[str, ...], expect: str) -> Callable[..., tuple[str, str, str]]:
    def mutate(rng: random.Random, kind: str, text: str) -> tuple[str, str, str]:
        token, value = rng.choice(NUMBERS[kind]), rng.choice(values)
        return f"{token.group()} -> {value}", _replace(text, token.span(), value), expect
    return mutate


def _key_lines(kind: str, text: str) -> list[re.Match[str]]:
    required = REQUIRED[kind]
    spares = text.find("\n[spares]")
    return [m for m in _KEY_LINE.finditer(text)
            if (m.group(1) in required if required is not None
                else spares < 0 or m.start() < spares)
            and _one_line(text, m.start())]


def _one_line(text: str, start: int) -> bool:
    """Whether the key at ``start`` holds its whole value on its line."""
    end = text.find("\n", start)
    try:
        tomllib.loads(text[start:end if end >= 0 else None])
    except tomllib.TOMLDecodeError:
        return False
    return True


def _line_range(text: str, start: int) -> tuple[int, int]:
    end = text.find("\n", start)
    return start, end + 1 if end >= 0 else len(text)


def _delete_required(rng: random.Random, kind: str, text: str) -> tuple[str, str, str]:
    line = rng.choice(_key_lines(kind, text))
    return f"without {line.group(1)!r}", _replace(text, _line_range(text, line.start()), ""), \
        "error"


def _unknown_key(rng: random.Random, kind: str, text: str) -> tuple[str, str, str]:
    headers = [m.end() for m in re.finditer(r"^\[\[?[A-Za-z0-9_.]+\]\]?[^\n]*\n", text, re.M)]
    at = rng.choice([0, *headers])
    return f"unknown key at {at}", text[:at] + "zz_unknown_key = 1\n" + text[at:], "error"


def _duplicate(rng: random.Random, kind: str, text: str) -> tuple[str, str, str]:
    headers = _HEADER.findall(text)
    if headers and rng.random() < 0.5:
        header = rng.choice(headers)
        return f"[{header}] twice", f"{text}\n[{header}]\n", "error"
    line = rng.choice([m for m in _KEY_LINE.finditer(text) if _one_line(text, m.start())])
    start, end = _line_range(text, line.start())
    copy = text[start:end] if text[start:end].endswith("\n") else "\n" + text[start:end]
    return f"{line.group(1)!r} twice", text[:end] + copy + text[end:], "error"


def _deep(rng: random.Random, kind: str, text: str) -> tuple[str, str, str]:
    depth = rng.choice((5, 32, 33, 500, 20000))
    value = ("[" * depth + "]" * depth if rng.random() < 0.5
             else "{ a = " * depth + "1" + " }" * depth)
    return f"nested {depth} deep", f"zz_deep = {value}\n{text}", "error"


def _truncate(rng: random.Random, kind: str, text: str) -> tuple[str, str, str]:
    if rng.random() < 0.7:  # just after a key's '=': a key without its value
        at = rng.choice([m.end() for m in _KEY_LINE.finditer(text)])
        return f"cut after '=' at {at}", text[:at], "error"
    at = rng.choice([m.start() for m in re.finditer("\n", text)])  # at a line: may still do
    return f"cut at line end {at}", text[:at], "either"


def _junk(rng: random.Random, kind: str, text: str) -> tuple[str, str | bytes, str]:
    at = rng.randrange(len(text))
    if rng.random() < 0.3:
        return f"NUL at {at}", text[:at] + "\x00" + text[at:], "error"
    junk = rng.randbytes(rng.randrange(1, 64)) + b"\xff"  # 0xff is never UTF-8
    return f"{len(junk)} junk bytes at {at}", text[:at].encode() + junk + text[at:].encode(), \
        "error"


def _comment(rng: random.Random, kind: str, text: str) -> tuple[str, str, str]:
    at = rng.choice([0, *(m.end() for m in re.finditer("\n", text))])
    return f"comment at {at}", text[:at] + "# a remark\n\n" + text[at:], "valid"


MUTATIONS: tuple[tuple[Callable[..., tuple[str, str | bytes, str]], int], ...] = (
    (_with_number(NON_FINITE, "error"), 4), (_with_number(OUT_OF_RANGE, "error"), 2),
    (_with_number(WRONG_TYPE, "error"), 2), (_with_number(("0", "-0.0"), "either"), 1),
    (_delete_required, 2), (_unknown_key, 1), (_duplicate, 1), (_deep, 1), (_truncate, 1),
    (_junk, 1), (_comment, 1))


def variants(seed: int = 14) -> list[Variant]:
    """Seeded malformed (and a few valid) variants of every kind of data file."""
    rng = random.Random(seed)
    makers = [m for m, _ in MUTATIONS]
    weights = [w for _, w in MUTATIONS]
    out = [Variant(kind, "as shipped", text.encode(), "valid") for kind, text in TEXTS.items()]
    for kind, text in TEXTS.items():
        for _ in range(PER_FILE):
            how, changed, expect = rng.choices(makers, weights)[0](rng, kind, text)
            data = changed if isinstance(changed, bytes) else changed.encode()
            out.append(Variant(kind, how, data, expect))
    return out


def _outcome(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int | str, str, str]:
    try:
        code: int | str = cli.main(argv)
    except BaseException as exc:  # noqa: BLE001 - a traceback is what the fuzz looks for
        code = f"traceback: {type(exc).__name__}: {exc}"
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_line_error(code: int | str, out: str, err: str, prefix: str) -> bool:
    return code == 2 and out == "" and err.count("\n") == 1 and err.endswith("\n") \
        and err.startswith(prefix) and "Traceback" not in err


def test_fuzzed_data_files_fail_in_one_line_or_are_accepted_when_valid(tmp_path, capsys):
    tally: Counter[str] = Counter()
    wrong = []
    made = variants()
    for index, variant in enumerate(made):
        path = tmp_path / f"{index}-{variant.kind}.toml"
        path.write_bytes(variant.data)
        code, out, err = _outcome(capsys, ["validate", str(path)])
        clean_error = _one_line_error(code, out, err, f"{path}:")
        accepted = code == 0 and err == "" and out.startswith(f"{path}: ok: ")
        tally["tracebacks"] += isinstance(code, str)
        tally["clean errors"] += clean_error
        tally["accepted valid"] += accepted
        if not (clean_error if variant.expect == "error" else accepted
                if variant.expect == "valid" else clean_error or accepted):
            wrong.append(f"{variant.kind} {variant.how} (expected {variant.expect}): "
                         f"{code} {out!r} {err[:300]!r}")
    total = sum(tally[k] for k in ("clean errors", "accepted valid"))
    kinds = Counter(v.expect for v in made)
    print(f"\nfuzz, data files: {len(made)} variants ({kinds['error']} malformed, "
          f"{kinds['valid']} valid, {kinds['either']} either by construction): "
          f"{tally['clean errors']} clean errors, {tally['accepted valid']} accepted valid, "
          f"{tally['tracebacks']} tracebacks")
    assert not wrong, "\n".join(wrong[:20])
    assert tally["tracebacks"] == 0 and total == len(made) >= 500


def test_fuzzed_command_line_numbers_fail_in_one_line(capsys):
    count = 0
    for head, option in CLI_OPTIONS:
        for value in BAD_CLI_VALUES:
            code, out, err = _outcome(capsys, [*head, f"{option}={value}"])
            assert _one_line_error(code, out, err, "habitat-sim "), (head, option, value, err)
            assert f"argument {option}: expected " in err and err.endswith(f", got {value}\n")
            count += 1
    print(f"\nfuzz, command line: {count} variants, {count} clean errors, 0 tracebacks")
    assert count == len(CLI_OPTIONS) * len(BAD_CLI_VALUES)


def test_too_many_samples_is_one_line(capsys):
    code, out, err = _outcome(capsys, ["run", "nominal-day", "--until", "34560000",
                                       "--sample-every", "30"])
    assert _one_line_error(code, out, err, "habitat-sim: --sample-every 30 over 3.456e+07 s is "
                                           "1,152,000 samples; expected at most 1,000,000")


# every spelling TOML has for a number that is not finite, and floats too large to be one
_SPELLINGS = st.one_of(
    st.builds(lambda sign, word: sign + word, st.sampled_from(("", "+", "-")),
              st.sampled_from(("nan", "inf"))),
    st.builds(lambda sign, digits, exponent: f"{sign}{digits}e{exponent}",
              st.sampled_from(("", "+", "-")), st.integers(1, 999),
              st.integers(309, 100000)),
    st.builds(lambda digits: f"{digits}.5E+400", st.integers(1, 99)))


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(sorted(TEXTS)), pick=st.integers(0, 10**6), spelling=_SPELLINGS)
def test_no_number_that_is_not_finite_is_accepted_in_any_numeric_field(kind, pick, spelling):
    text = TEXTS[kind]
    token = NUMBERS[kind][pick % len(NUMBERS[kind])]
    changed = _replace(text, token.span(), spelling)
    line = text.count("\n", 0, token.start()) + 1
    with pytest.raises(SpecError) as raised:
        PARSERS[kind](TomlDocument(changed, f"{kind}.toml"))
    error = raised.value
    assert error.file == f"{kind}.toml" and 1 <= error.line <= line
    assert re.fullmatch(r"'[^']+' is (nan|inf|-inf); expected a finite number", error.message)


def test_every_source_file_has_numbers_to_mutate():
    assert all(len(NUMBERS[kind]) >= (5 if kind == "procedure" else 10) for kind in TEXTS)
    assert all(_key_lines(kind, text) for kind, text in TEXTS.items())


@pytest.mark.parametrize("kind", sorted(TEXTS))
def test_the_shipped_sources_are_valid(kind):
    PARSERS[kind](TomlDocument(TEXTS[kind], SOURCES[kind]))
