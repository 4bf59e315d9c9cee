"""Reading the permissions file event by event, with libyaml's C parser when PyYAML was built with it.

The readers (`_acl_plan.iter_permissions_file`, `_uc_governance.iter_uc_models`) walk the file with the
event API (``check_event`` / ``get_event`` / ``compose_node``) so that only one object's nodes are held at a
time. PyYAML's pure-Python scanner and parser cost more CPU per object than the HTTP requests of that object;
libyaml's ``CParser`` gives the same events (and marks: line and column) for a fraction of it, while the
composer, constructor and resolver stay PyYAML's Python ones, so nodes, tags and values are the same.

libyaml's error messages are not PyYAML's (other wording, no snippet of the line), and the two parsers do
not refuse quite the same inputs. So `read_events` treats the C parser as a fast path only: if it raises
anything, the file is read again from the start with the pure-Python loader, the objects already yielded
are skipped, and what the pure-Python loader does from there (an error, or more objects) is the result.
Text with a character on which the two are known to read differently (`_diverges`: tabs, ``?``, ``!``, a
byte order mark inside the text, characters PyYAML refuses) is read by the pure-Python loader alone. The
objects and errors are PyYAML's (tests/test_cli_yaml_c.py compares the two, on edited files too); a
malformed file is parsed twice, once quickly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from typing import IO, Any, TypeVar

import click
import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

T = TypeVar("T")


def _c_event_loader() -> type[Any] | None:
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    from yaml._yaml import CParser  # imported by yaml itself when libyaml is there

    _CParser: Any = CParser

    class CEventLoader(_CParser, Composer, SafeConstructor, Resolver):  # type: ignore[misc]
        """`yaml.SafeLoader` with libyaml scanning and parsing: the C parser provides check_event,
        peek_event and get_event (with line/column marks), PyYAML's Python classes the rest."""

        def __init__(self, stream: str | IO[str]) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    return CEventLoader


C_EVENT_LOADER: type[Any] | None = _c_event_loader()
"""The C-parser loader, None without libyaml (then every read uses `yaml.SafeLoader`)."""


def _rewind(stream: str | IO[str]) -> Callable[[], str | IO[str]] | None:
    """A function giving the stream back at its current position, or None when it cannot be read again."""
    if isinstance(stream, str):
        return lambda: stream
    try:
        if not stream.seekable():
            return None
        start = stream.tell()
    except (AttributeError, OSError, ValueError):
        return None

    def again() -> IO[str]:
        stream.seek(start)
        return stream

    return again


PYTHON_LOADER: type[Any] = yaml.SafeLoader
"""The loader whose items and errors are the result: the pure-Python one."""


class _Divergent(Exception):
    """The text has a character on which libyaml and PyYAML are known to read differently."""


_DIVERGENT = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f!?\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
"""What PyYAML does not read as printable, and the tab, ``!``, ``?`` and the byte order mark (see
`_diverges`). Spelled as the short ranges it holds rather than the complement of PyYAML's printable set: a
negated class of that size takes ~10 ms to compile, at every start of the CLI."""


def _diverges(chunk: str, first: bool) -> bool:
    """Whether ``chunk`` holds a character that libyaml reads differently from PyYAML in some places: a
    character PyYAML refuses (it checks a whole string before parsing, a stream chunk by chunk, so its
    error comes at another point), a tab (libyaml lets tabs separate words and follow indentation where
    PyYAML refuses them), ``?`` (libyaml reads it inside plain scalars in flow collections, PyYAML ends the
    scalar there), ``!`` (in a flow collection libyaml ends a tag at ``,[]{}``, PyYAML does not) or a byte
    order mark after the first character of the stream (libyaml skips it). Such files are rare, and read
    by PyYAML alone. One regular expression: about 1 ms per 80 kB (a thousand objects)."""
    return _DIVERGENT.search(chunk, 1 if first and chunk.startswith("\ufeff") else 0) is not None


class _Checked:
    """The stream as the C parser reads it (``read`` only): _Divergent on a chunk that `_diverges`."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._first = True
        self.name = getattr(stream, "name", "<file>")

    def read(self, size: int = -1) -> str:
        chunk = self._stream.read(size)
        if _diverges(chunk, self._first):
            raise _Divergent
        self._first = self._first and not chunk
        return chunk


def read_events(stream: str | IO[str], read: Callable[[Any], Iterator[T]]) -> Iterator[T]:
    """``read(loader)``'s items, the loader built on ``stream`` (and disposed after): the C-parser loader
    first, and on any error `PYTHON_LOADER` from the start (the items already yielded skipped), so that
    items and errors are PyYAML's. Text with a character the two parsers are known to read differently
    (`_diverges`) goes to `PYTHON_LOADER` as soon as the C parser meets it, before it yields anything read
    from it differently. A stream that cannot be read twice (not seekable) uses the pure-Python loader
    only, as does everything without libyaml (`C_EVENT_LOADER` None)."""
    loader = C_EVENT_LOADER
    rewind = _rewind(stream) if loader is not None else None
    if isinstance(stream, str) and _diverges(stream, True):
        rewind = None
    done = 0
    if loader is not None and rewind is not None:
        fast = _items(loader, stream if isinstance(stream, str) else _Checked(stream), read)
        try:
            while True:
                try:
                    item = next(fast)
                except StopIteration:
                    return
                except Exception:  # replayed below: the pure-Python loader has the last word
                    break
                yield item
                done += 1
        finally:
            fast.close()
        stream = rewind()
    slow = _items(PYTHON_LOADER, stream, read)
    try:
        for index, item in enumerate(slow):
            if index >= done:
                yield item
    finally:
        slow.close()


def _items(
    loader: type[Any], stream: str | IO[str] | _Checked, read: Callable[[Any], Iterator[T]]
) -> Generator[T, None, None]:
    built = loader(stream)  # inside the generator: an error here is the first item's
    try:
        yield from read(built)
    finally:
        built.dispose()


def mentions(file: IO[str], word: str) -> bool:
    """Whether the text has ``word`` anywhere: a scan far cheaper than parsing a large file."""
    file.seek(0)
    tail = ""
    for chunk in iter(lambda: file.read(1 << 16), ""):
        if word in tail + chunk:
            return True
        tail = chunk[-len(word) :]
    return False


class _Spool:
    """A seekable copy of a stream that keeps its name for messages (stdin is read twice: both sections)."""

    def __init__(self, source: IO[str]) -> None:
        import tempfile

        self.name = source.name
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed with the command)
        for chunk in iter(lambda: source.read(1 << 16), ""):
            self._file.write(chunk)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._file, attribute)


def seekable(file: IO[str]) -> IO[str]:
    """``file`` itself when it can be read again from the start, else a spooled copy (closed on exit)."""
    if file.seekable():
        return file
    spool = _Spool(file)
    click.get_current_context().call_on_close(spool.close)
    return spool  # type: ignore[return-value]  # an IO[str] by delegation
