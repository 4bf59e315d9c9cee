"""docs/emulator-fidelity.md is held to its word: every rule names tests that exist, and every rule with a
source has at least one (the scenario tests of the rules are those tests)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "docs" / "emulator-fidelity.md"
ROW = re.compile(r"^\| (?P<id>[A-Z][0-9]+) \| (?P<rule>.+?) \| (?P<source>.+?) \| (?P<tests>.*) \|$")


def rules() -> list[dict[str, str]]:
    return [found.groupdict() for line in LEDGER.read_text().splitlines() if (found := ROW.match(line))]


def defined_tests() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        names.update(re.findall(r"^(?:async )?def (test_\w+)", path.read_text(), re.MULTILINE))
    return names


def test_every_rule_names_existing_tests_and_sourced_rules_have_one() -> None:
    table = rules()
    known = defined_tests()
    assert len({rule["id"] for rule in table}) == len(table), "rule ids must be unique"
    for rule in table:
        named = re.findall(r"`(test_\w+)`", rule["tests"])
        missing = [name for name in named if name not in known]
        assert not missing, f"{rule['id']} names tests that do not exist: {missing}"
        if not rule["source"].startswith("unverified"):
            assert named, f"{rule['id']} has a source but no test"
        else:
            assert rule["source"].startswith("unverified: chosen because "), rule["id"]
    sourced = sum(not rule["source"].startswith("unverified") for rule in table)
    print(
        f"\nfidelity ledger: {len(table)} rules, {sourced} with a source, {len(table) - sourced} unverified"
    )
    assert sourced > len(table) // 2
