"""The permissions file read with libyaml's C parser gives exactly what PyYAML's pure-Python loader gives:
the same objects, and the same errors with the same lines and columns (`_yaml_stream.read_events`)."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
import yaml
from test_cli_apply import AMBIGUOUS

from databricks_mlflow_client.cli import _yaml_stream
from databricks_mlflow_client.cli._acl_plan import (
    Grant,
    PermissionsFileError,
    Target,
    _workspace_objects,
    iter_permissions_file,
)
from databricks_mlflow_client.cli._uc_governance import UcModel, _section_models, iter_uc_models

C_LOADER = _yaml_stream.C_EVENT_LOADER
needs_libyaml = pytest.mark.skipif(C_LOADER is None, reason="PyYAML without libyaml")
READ = "CAN_READ"

Outcome = tuple[list[Any], str | None]


def outcome(items: Callable[[], Iterable[Any]]) -> Outcome:
    """What a reader yields, and how it ends: None, or the exception's type and message."""
    got: list[Any] = []
    try:
        for item in items():
            got.append(item)
    except Exception as exc:
        return got, f"{type(exc).__name__}: {exc}"
    return got, None


@pytest.fixture(params=["c", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test twice: with the C parser (skipped without libyaml) and with the pure-Python loader only."""
    if request.param == "c":
        if C_LOADER is None:
            pytest.skip("PyYAML without libyaml")
    else:
        monkeypatch.setattr(_yaml_stream, "C_EVENT_LOADER", None)
    return str(request.param)


def pure_python(read: Callable[[], Iterable[Any]]) -> Outcome:
    """The reference: the same reader with the C parser switched off."""
    saved = _yaml_stream.C_EVENT_LOADER
    _yaml_stream.C_EVENT_LOADER = None
    try:
        return outcome(read)
    finally:
        _yaml_stream.C_EVENT_LOADER = saved


def c_only(read: Callable[[Any], Iterator[Any]], text: str) -> Outcome:
    """The C parser alone, without the pure-Python replay on errors."""
    assert C_LOADER is not None
    return outcome(lambda: _yaml_stream._items(C_LOADER, text, read))


# ---------------------------------------------------------------- the messages, on both parsers


@pytest.mark.parametrize(
    ("text", "message"),
    [
        *AMBIGUOUS,
        ("registered_models:\r\n  m: []\r\n\r\n  m: []\r\n", "line 4: 'm' is given twice (first on line 2)"),
        ("registered_models:\x85  m: []\x85  m: []\x85", "line 3: 'm' is given twice (first on line 2)"),
        ("\ufeffregistered_models:\n  m: []\n  m: []\n", "line 3: 'm' is given twice (first on line 2)"),
        (
            'registered_models:\n  ? "a\n   b"\n  : []\n  a b: []\n',
            "line 5: 'a b' is given twice (first on line 2)",
        ),
        ("models: {}\n", "line 1: unknown section 'models'"),
        ("- registered_models\n", "the file must be a mapping"),
        ("registered_models: []\n", "registered_models: must map object names to lists of grants"),
        ("registered_models: {}\n---\nexperiments: {}\n", "the file must hold one YAML document"),
        ("registered_models:\n  m:\n", "registered_models.m: empty; write []"),
        ("registered_models:\n  m: [{group_name: g}]\n", "registered_models.m[0].permission_level: must be"),
        ("registered_models:\n  ? !!int 5\n  : []\n", "line 2: the object name '5' reads as an integer"),
    ],
)
def test_file_errors_name_the_same_line_on_both_parsers(parser: str, text: str, message: str) -> None:
    with pytest.raises(PermissionsFileError, match=re.escape(message)):
        list(iter_permissions_file(text))
    with pytest.raises(PermissionsFileError, match=re.escape(message)):
        list(iter_permissions_file(io.StringIO(text)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "unity_catalog_models:\n  main.ml: {grants: []}\n",
            "line 2: unity_catalog_models: 'main.ml' must be",
        ),
        (
            "registered_models:\n  m: []\nunity_catalog_models:\n  main.ml.m: {grants: []}\n"
            "  MAIN.ml.M: {grants: []}\n",
            "line 5: 'MAIN.ml.M' is given twice (first on line 4)",
        ),
        (
            "unity_catalog_models:\n  main.ml.m:\n    grants:\n    - principal: g\n      principal: h\n",
            "line 5: 'principal' is given twice",
        ),
    ],
)
def test_section_errors_name_the_same_line_on_both_parsers(parser: str, text: str, message: str) -> None:
    with pytest.raises(PermissionsFileError, match=re.escape(message)):
        list(iter_uc_models(text))


def test_anchors_aliases_merges_and_tags_read_the_same(parser: str) -> None:
    text = (
        "registered_models:\n"
        "  a: &grants\n  - &g {group_name: g, permission_level: CAN_READ}\n"
        "  b: *grants\n"
        "  !!str 12:30: [{<<: *g, permission_level: CAN_EDIT}]\n"
        "  ? |-\n    folded\n  : []\n"
        "experiments: {'/Shared/x': [{user_name: u@x, permission_level: !!str CAN_READ}]}\n"
        "unity_catalog_models: {main.ml.m: {grants: []}}\n"
    )
    group = Grant(("group_name", "g"), READ)
    assert list(iter_permissions_file(text)) == [
        (Target("registered_models", "a"), (group,)),
        (Target("registered_models", "b"), (group,)),
        (Target("registered_models", "12:30"), (Grant(("group_name", "g"), "CAN_EDIT"),)),
        (Target("registered_models", "folded"), ()),
        (Target("experiments", "/Shared/x"), (Grant(("user_name", "u@x"), READ),)),
    ]
    assert list(iter_uc_models(text)) == [UcModel("main.ml.m", {})]


@pytest.mark.parametrize(
    "text", ["", "# nothing\n", "---\n", "~\n", "---\n...\n", "registered_models:\nexperiments:\n"]
)
def test_empty_files_have_no_objects(parser: str, text: str) -> None:
    assert list(iter_permissions_file(text)) == []
    assert list(iter_uc_models(text)) == []


# ---------------------------------------------------------------- C and pure Python, side by side

VALID = (
    "registered_models:\n"
    "  fraud-detector:\n"
    "  - group_name: ml-engineers\n    permission_level: CAN_MANAGE_STAGING_VERSIONS\n"
    "  - user_name: a@x\n    permission_level: CAN_READ\n"
    "  'yes': []\n"
    '  "mod\\u00e8le": [{service_principal_name: app-1, permission_level: CAN_EDIT}]\n'
    "  # a comment\n"
    "  churn: &same\n  - {group_name: g, permission_level: CAN_READ}\n"
    "  churn-2: *same\n"
    "experiments:\n"
    "  /Shared/fraud-detection: []\n"
    "  '12345': [{group_name: g, permission_level: CAN_READ}]\n"
    "unity_catalog_models:\n"
    "  main.ml.fraud:\n    owner: ml-admins\n    grants:\n    - principal: data-scientists\n"
    "      privileges: [EXECUTE]\n"
    "  main.ml.churn: {grants: []}\n"
)

# Inputs the two parsers treat differently in some way (wording, marks, what is refused); the results
# must be the same anyway.
MALFORMED = [
    "registered_models:\n  m: [unclosed\n",
    "registered_models:\n  m: {a: b\n",
    "registered_models:\n  m: []\n bad: []\n",
    "registered_models:\n  m: *nowhere\n",
    "registered_models:\n  m: !custom []\n",
    "registered_models:\n  m: [a: b: c]\n",
    "registered_models:\n\tm: []\n",
    "registered_models:\n  m: []\n  n: \x07\n",
    'registered_models:\n  "m\\q": []\n',
    "registered_models:\n  m: []\n  n: [{group_name: g, permission_level: CAN_READ}]\n  o: [\n",
    "%YAML 2.0\n---\nregistered_models: {}\n",
    "%YAML 1.1\n%YAML 1.1\n---\n{}\n",
    "registered_models: &a\n  m: *a\n",
    "registered_models:\n  m: &a []\n  n: &a []\n",
    "registered_models:\n  m: []\n  ? [k]\n  : []\n",
    "registered_models:\n  m: []\n  ? {k: v}\n  : []\n",
    "registered_models:\n  m: []\n---\n- x\n",
    "registered_models:\n  m: 2020-13-45\n",
    "registered_models:\n  m: !!binary 'not base64?'\n",
    "registered_models:\n  m: !!timestamp nope\n",
    "registered_models:\n  m: [{group_name: g, permission_level: CAN_READ}, ]]\n",
    "? " + "k" * 1100 + "\n: []\n",
    "registered_models:\n  m: 'unterminated\n",
    "registered_models:\n  - m\n  n: []\n",
    "registered_models:\n  m:\n    - group_name: g\n   permission_level: CAN_READ\n",
    "registered_models: {m: []}}\n",
    "registered_models:\n  m: []\n...\nexperiments: {}\n",
    "registered_models:\n  m: @x\n",
    "registered_models:\n  m: `x\n",
    "\ufeff\ufeffregistered_models: {}\n",
    "registered_models:\n  m: []\n\x00",
    "registered_models:\n  \udcff: []\n",
]


@needs_libyaml
@pytest.mark.parametrize("text", [VALID, *MALFORMED])
def test_both_readers_give_what_pure_python_gives(text: str) -> None:
    for read in (iter_permissions_file, iter_uc_models):
        reference = pure_python(lambda read=read: read(text))  # type: ignore[misc]
        assert outcome(lambda read=read: read(text)) == reference  # type: ignore[misc]
        assert outcome(lambda read=read: read(io.StringIO(text))) == pure_python(  # type: ignore[misc]
            lambda read=read: read(io.StringIO(text))  # type: ignore[misc]
        )


@needs_libyaml
def test_valid_files_never_need_the_pure_python_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_stream: object) -> None:
        raise AssertionError("the pure-Python loader was used")

    reference = (list(iter_permissions_file(VALID)), list(iter_uc_models(VALID)))
    monkeypatch.setattr(_yaml_stream, "PYTHON_LOADER", refuse)
    assert (list(iter_permissions_file(VALID)), list(iter_uc_models(VALID))) == reference
    assert len(reference[0]) == 7 and len(reference[1]) == 2


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        "registered_models:\n  m: []\n  m: []\n",
        "registered_models:\n  yes: []\n",
        "registered_models:\r\n  m:\r\n  - group_name: g\r\n    group_name: h\r\n",
        "registered_models:\u2028  m: []\u2028  m: []\u2028",
        "registered_models:\n  m: []\nexperiments:\n  x: [1]\n",
        "registered_models:\n  m: []\n---\nexperiments: {}\n",
        "registered_models:\n  '" + "\\n" * 3 + '\': []\n  ? |\n    a\n    b\n  : []\n  "\\n\\n\\n": []\n',
        "unity_catalog_models:\n  main.ml.m: {grants: [{principal: g, privileges: [USE_CATALOG]}]}\n",
    ],
)
def test_the_c_parser_alone_gives_the_same_lines(text: str) -> None:
    """Not through the replay: the C parser's own marks give the same line numbers in our messages."""
    assert c_only(_workspace_objects, text) == pure_python(lambda: iter_permissions_file(text))
    assert c_only(_section_models, text) == pure_python(lambda: iter_uc_models(text))


FLOW = (
    "{registered_models: {a: [{group_name: g, permission_level: CAN_READ}], 'b c': [], \"d\": [{user_name: u@x,"
    " permission_level: CAN_EDIT}]}, experiments: {/x: []}, unity_catalog_models: {main.ml.m: {owner: o,"
    " grants: [{principal: p, privileges: [EXECUTE, MANAGE]}]}}}\n"
)
# YAML punctuation, line breaks and characters PyYAML reads specially; a few of those on which the two
# parsers differ (tab, ?, !, a byte order mark, unprintable ones), which send the file to PyYAML alone.
EDITS = [
    *":-[]{},#&*|>'\"%@`\\ .~=<\n\r\x85\u2028\u2029\xa0\u3000",
    *("\n  ", "\n    - ", ": ", "- ", "&a ", "*a", "<<: ", "---\n", "...\n", "%YAML 1.1\n", "|\n", ">-\n"),
    *("|+\n", "\\u0041", "\\x41", "\\N", "'' ", '"\\""', "\r\n", " #", "- [", "? ", "!!str ", "\t", "\ufeff"),
    "\x00",
]


def mutants(seed: int, count: int) -> Iterator[str]:
    """Small random edits of a valid file: inserted punctuation, deleted characters, duplicated lines."""
    rng = random.Random(seed)
    for _ in range(count):
        text = rng.choice([VALID, FLOW])
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            kind = rng.random()
            if kind < 0.6:
                text = text[:at] + rng.choice(EDITS) + text[at:]
            elif kind < 0.85:
                text = text[:at] + text[at + rng.randint(1, 4) :]
            else:
                lines = text.splitlines(keepends=True)
                line = rng.randrange(len(lines))
                lines.insert(rng.randrange(len(lines)), lines[line])
                text = "".join(lines)
        yield text


@needs_libyaml
def test_random_edits_of_a_file_read_the_same_on_both_parsers() -> None:
    for text in mutants(seed=14, count=300):
        for read in (iter_permissions_file, iter_uc_models):
            for source in (str, io.StringIO):
                expected = pure_python(lambda: read(source(text)))  # noqa: B023 (called at once)
                assert outcome(lambda: read(source(text))) == expected, text  # noqa: B023


LARGE = "registered_models:\n" + "".join(
    f"  model-{i}:\n  - group_name: g{i % 7}\n    permission_level: CAN_READ\n" for i in range(300)
)


@needs_libyaml
@pytest.mark.parametrize("at", [4096 - 9, 4096, 8192 + 1, 16384 - 2, 16384 + 30])
@pytest.mark.parametrize("edit", ["\x07", "\t", "]", "?", "\n x", "  model-1: []\n"])
def test_errors_near_the_readers_chunk_boundaries_are_the_same(at: int, edit: str) -> None:
    """Streams are read in chunks of different sizes by the two parsers: an error in a later chunk still
    comes after the same objects (some of these edits are valid YAML: then the same objects, all read)."""
    text = LARGE[:at] + edit + LARGE[at:]
    expected = pure_python(lambda: iter_permissions_file(io.StringIO(text)))
    assert outcome(lambda: iter_permissions_file(io.StringIO(text))) == expected


# ---------------------------------------------------------------- streams


class OneWay(io.StringIO):
    """A stream that cannot be read twice (a pipe)."""

    def seekable(self) -> bool:
        return False


@pytest.mark.parametrize("text", [VALID, MALFORMED[0], MALFORMED[3]])
def test_a_stream_read_once_uses_the_pure_python_loader(parser: str, text: str) -> None:
    assert outcome(lambda: iter_permissions_file(OneWay(text))) == pure_python(
        lambda: iter_permissions_file(io.StringIO(text))
    )


@needs_libyaml
def test_the_replay_starts_where_the_stream_started() -> None:
    stream = io.StringIO("ignored: line\n" + MALFORMED[9])
    stream.readline()
    expected = pure_python(lambda: iter_permissions_file(io.StringIO(MALFORMED[9])))
    assert expected[1] is not None and len(expected[0]) == 2  # two objects, then the error
    assert outcome(lambda: iter_permissions_file(stream)) == expected


def test_a_syntax_error_is_pure_pythons_with_its_line_and_column(parser: str) -> None:
    with pytest.raises(yaml.YAMLError) as raised:
        list(iter_permissions_file("registered_models:\n  m: []\n  n: [unclosed\n"))
    assert str(raised.value) == (
        "while parsing a flow sequence\n"
        '  in "<unicode string>", line 3, column 6:\n'
        "      n: [unclosed\n"
        "         ^\n"
        "expected ',' or ']', but got '<stream end>'\n"
        '  in "<unicode string>", line 4, column 1:\n'
        "    \n"
        "    ^"
    )


def test_the_divergent_characters_are_pyyamls_non_printable_ones_and_tab_bang_question_mark_and_bom() -> None:
    """`_DIVERGENT` spells out its few short ranges (a negated class over PyYAML's printable set compiles
    slowly); over every code point it must match exactly what PyYAML refuses, plus the four it reads apart
    from libyaml."""
    text = "".join(map(chr, range(0x110000)))
    refused = {m.start() for m in yaml.reader.Reader.NON_PRINTABLE.finditer(text)}
    expected = refused | {ord(c) for c in "\t!?\ufeff"}
    assert {m.start() for m in _yaml_stream._DIVERGENT.finditer(text)} == expected
