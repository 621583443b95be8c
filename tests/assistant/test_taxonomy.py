"""Tests for loading and validating the taxonomy file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.errors import TaxonomyError, UnknownCode
from assistant.taxonomy import (
    DEFAULT_TAXONOMY_PATH,
    LEVERS,
    NEED_CODES,
    UNCLASSIFIED_WISH,
    UNIDENTIFIED_NEED,
    WISH_CODES,
    load_taxonomy,
)

PACKAGED = DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """1-based line number of the last line containing fragment."""
    return max(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "taxonomy.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_taxonomy_has_exactly_the_contract_codes() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.wish_codes == WISH_CODES
    assert taxonomy.need_codes == NEED_CODES
    assert {need.lever for need in taxonomy.needs.values()} <= set(LEVERS)
    assert taxonomy.need("capital_constraint").solution.code == "stock_financing"
    assert taxonomy.need("capital_constraint").lever == "commercial"
    assert "storage_constraint" in taxonomy.wish("shorter_lead_time").typical_needs


def test_default_load_is_cached_and_read_only() -> None:
    taxonomy = load_taxonomy()
    assert load_taxonomy() is taxonomy
    with pytest.raises(TypeError):
        # The point of the test: mypy knows the mapping is read-only, this checks it at run time.
        taxonomy.needs["x"] = taxonomy.needs["admin_burden"]  # type: ignore[index]


def test_unknown_code_is_a_key_error_naming_the_code() -> None:
    with pytest.raises(KeyError) as raised:
        load_taxonomy().need("storage")
    assert isinstance(raised.value, UnknownCode)
    assert str(raised.value) == "unknown need code 'storage'"
    with pytest.raises(UnknownCode, match="unknown wish code 'faster'"):
        load_taxonomy().wish("faster")


def test_labels_fall_back_for_missing_or_unknown_codes() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.wish_label("shorter_lead_time") == taxonomy.wish("shorter_lead_time").label
    assert taxonomy.need_label("admin_burden") == taxonomy.need("admin_burden").label
    assert taxonomy.wish_label(None) == taxonomy.wish_label("no_such_wish") == UNCLASSIFIED_WISH
    assert taxonomy.need_label("") == taxonomy.need_label("no_such_need") == UNIDENTIFIED_NEED
    assert taxonomy.need_label("no_such_need", fallback="no_such_need") == "no_such_need"


def test_every_need_speaks_to_the_customer_in_their_own_terms() -> None:
    for need in load_taxonomy().needs.values():
        assert need.customer_label != need.label
        for text in (need.customer_label, need.customer_explanation):
            assert re.search(r"\byour?\b", text, re.IGNORECASE), (need.code, text)


def test_company_can_edit_labels_and_solutions_without_code(tmp_path: Path) -> None:
    text = PACKAGED.replace("label: Stock financing", "label: Finanzierung des Lagers")
    taxonomy = load_taxonomy(write(tmp_path, text))
    assert taxonomy.need("capital_constraint").solution.label == "Finanzierung des Lagers"


@pytest.mark.parametrize(
    ("old", "new", "line_fragment", "problem"),
    [
        pytest.param(
            "  - code: capital_constraint", "  - code: storage_constraint",
            "  - code: storage_constraint", "duplicate need code 'storage_constraint'",
            id="duplicate-code",
        ),
        pytest.param(
            "typical_needs: [capital_constraint]", "typical_needs: [cash]", "typical_needs: [cash]",
            "unknown need code 'cash' in typical_needs", id="unknown-reference",
        ),
        pytest.param(
            "label: Urgent orders", "label: ''", "label: ''", "empty label", id="empty-label",
        ),
        pytest.param(
            "lever: commercial", "lever: sales", "lever: sales",
            "bad lever 'sales'; use one of logistics, commercial, information, administration",
            id="bad-lever",
        ),
        pytest.param(
            "definition: The customer wants deliveries more often.", "", "  - code: more_frequent",
            "missing definition in a wish", id="missing-definition",
        ),
        pytest.param(
            "  - code: urgent_orders", "  - code: rush_orders", "  - code: rush_orders",
            "unknown wish code 'rush_orders' (codes are a contract)", id="code-not-in-contract",
        ),
        pytest.param(
            "        instead_of: an exact delivery minute", "", "      - offer: a booked slot",
            "missing instead_of in an alternative", id="alternative-without-instead-of",
        ),
        pytest.param(
            "      - offer: fixed small deliveries on set days\n"
            "        instead_of: ad-hoc small orders",
            "      - Fixed small deliveries on set days.", "      - Fixed small deliveries",
            "an alternative must be a mapping", id="alternative-as-plain-text",
        ),
        pytest.param(
            "    label: Receiving window", "    label: Receiving: window",
            "    label: Receiving: window", "malformed YAML", id="bad-yaml",
        ),
        pytest.param(
            "    customer_label: You are short of storage space\n", "",
            "  - code: storage_constraint", "missing customer_label in a need",
            id="missing-customer-label",
        ),
        pytest.param(
            "customer_explanation: Paying for stock early",
            "customer_explanation: The customer pays for stock early",
            "customer_explanation: The customer pays",
            'customer_explanation speaks of "the customer": address them as "you"',
            id="customer-wording-in-third-person",
        ),
        pytest.param(
            "customer_label: You are worried about running out",
            "customer_label: You are worried about running out of goods when deliveries are late",
            "customer_label: You are worried about running out of",
            "customer_label is longer than 60 characters (67)", id="customer-label-too-long",
        ),
    ],
)  # fmt: skip
def test_broken_taxonomy_names_file_line_and_problem(
    tmp_path: Path, old: str, new: str, line_fragment: str, problem: str
) -> None:
    assert old in PACKAGED
    text = PACKAGED.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(path)
    message = str(raised.value)
    location, _, found = message.partition(": ")
    assert location.endswith(f"taxonomy.yml:{line_of(text, line_fragment)}")
    assert found.startswith(problem)


def test_alternatives_are_trades_said_to_the_customer() -> None:
    (slot, *_) = load_taxonomy().need("receiving_window").alternatives

    assert (slot.offer, slot.instead_of) == (
        "a booked slot inside your receiving hours",
        "an exact delivery minute",
    )
    assert (
        slot.text
        == "A booked slot inside your receiving hours instead of an exact delivery minute."
    )


def test_cues_are_read_per_code() -> None:
    taxonomy = load_taxonomy()
    assert "forecast" in taxonomy.need("demand_uncertainty").cues
    assert set(taxonomy.cues) == set(WISH_CODES) | set(NEED_CODES)
    assert taxonomy.cues["storage_constraint"] == list(taxonomy.need("storage_constraint").cues)


def test_every_code_has_danish_cues_apart_from_the_english_ones() -> None:
    taxonomy = load_taxonomy()
    danish = taxonomy.in_language("da")
    assert set(danish.cues) == set(WISH_CODES) | set(NEED_CODES)
    assert "konsignationslager" in danish.wish("supplier_held_stock").cues
    assert "likviditet" in danish.cues["capital_constraint"]
    assert "likviditet" not in taxonomy.cues["capital_constraint"]
    assert danish.in_language("en").cues == taxonomy.cues


def test_an_entry_without_danish_cues_keeps_its_english_ones(tmp_path: Path) -> None:
    lines = [line for line in PACKAGED.splitlines() if not line.startswith("      cues: [plads,")]
    taxonomy = load_taxonomy(write(tmp_path, "\n".join(lines) + "\n"))
    storage = taxonomy.need("storage_constraint")
    assert taxonomy.in_language("da").need("storage_constraint").cues == storage.cues
    assert "likviditet" in taxonomy.in_language("da").cues["capital_constraint"]


@pytest.mark.parametrize(
    ("cues", "problem"),
    [
        ("[plads, Plads]", "duplicate cue 'Plads'"),
        ("[plads, 7]", "item of da cues must be text"),
        ("plads", "da cues must be a list"),
        ("[vi har slet ikke mere plads tilbage]", "cue 'vi har slet ikke mere plads tilbage' is"),
    ],
)
def test_broken_danish_cue_names_file_line_and_problem(
    tmp_path: Path, cues: str, problem: str
) -> None:
    lines = PACKAGED.splitlines()
    number = line_of(PACKAGED, "      cues: [plads,")
    lines[number - 1] = f"      cues: {cues}"
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(path)
    location, _, found = str(raised.value).partition(": ")
    assert location.endswith(f"taxonomy.yml:{number}")
    assert found.startswith(problem)


@pytest.mark.parametrize(
    ("cues", "problem"),
    [
        ("[space, Space]", "duplicate cue 'Space'"),
        ("[space, '  ']", "empty item of cues"),
        ("[space, [room]]", "item of cues must be text"),
        ("space", "cues must be a list"),
        ("[we simply have no room left at all]", "cue 'we simply have no room left at all' is"),
    ],
)
def test_broken_cue_names_file_line_and_problem(tmp_path: Path, cues: str, problem: str) -> None:
    lines = PACKAGED.splitlines()
    number = line_of(PACKAGED, "    cues: [space,")
    lines[number - 1] = f"    cues: {cues}"
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(path)
    location, _, found = str(raised.value).partition(": ")
    assert location.endswith(f"taxonomy.yml:{number}")
    assert found.startswith(problem)


def test_missing_contract_code_is_reported(tmp_path: Path) -> None:
    start = PACKAGED.index("  - code: admin_burden")
    text = PACKAGED[:start]
    with pytest.raises(
        TaxonomyError, match=r"taxonomy.yml:\d+: missing need code\(s\): admin_burden"
    ):
        load_taxonomy(write(tmp_path, text))


def test_empty_and_missing_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="taxonomy file is empty"):
        load_taxonomy(write(tmp_path, "# nothing\n"))
    with pytest.raises(TaxonomyError, match="nowhere.yml: cannot read taxonomy"):
        load_taxonomy(tmp_path / "nowhere.yml")
