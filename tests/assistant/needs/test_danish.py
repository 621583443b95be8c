"""The Danish need model: its stems, cues, training, loading and parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from assistant.config import get_settings
from assistant.errors import UnsupportedLanguage
from assistant.needs.cli import CONTEXT_DEV_FILES_BY_LANG, main
from assistant.needs.corpus import read_corpus
from assistant.needs.cues import CUES_COMPONENT, CUES_KEY
from assistant.needs.extract import META_FILE, NeedExtractor
from assistant.needs.linear import char_ngrams
from assistant.needs.stem_da import stem_da
from assistant.needs.train import TrainResult
from assistant.taxonomy import NEED_CODES, WISH_CODES, load_taxonomy
from tests.assistant.needs.conftest import (
    FIXTURE_CORPUS,
    FIXTURE_CORPUS_DA,
    FIXTURE_TEXTS,
    FIXTURE_TEXTS_DA,
)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["levering", "leveringer", "leveringen", "leveringerne"], "levering"),
        (["palle", "paller", "pallen", "pallerne"], "pal"),
        (["faktura", "fakturaer", "fakturaen"], "faktura"),
        (["kunde", "kunder", "kunderne", "kundens"], "kund"),
        (["likviditet", "likviditeten"], "likvidit"),  # one Snowball pass leaves "likviditet"
        (["plads", "pladsen", "pladser"], "plad"),
        (["3", "48"], "0"),
    ],
)
def test_danish_inflections_share_a_stem(words: list[str], expected: str) -> None:
    assert {stem_da(word) for word in words} == {expected}
    assert stem_da(expected) == expected


def test_danish_cues_are_marked_on_inflected_words(extractor_da: NeedExtractor) -> None:
    doc = extractor_da.nlp("Lageret er fyldt, og likviditeten er stram. Vi vil have halvpaller!")
    marked = {(span.text, span.label_) for span in doc.spans[CUES_KEY]}
    assert ("Lageret", "storage_constraint") in marked
    assert ("fyldt", "storage_constraint") in marked
    assert ("likviditeten", "capital_constraint") in marked
    assert ("halvpaller", "smaller_orders") in marked
    assert all(token.norm_ == stem_da(token.lower_) for token in doc)


def test_english_cues_are_marked_only_when_the_settings_ask(extractor_da: NeedExtractor) -> None:
    text = "vi har ingen cash, og lageret er fyldt"
    marked = extractor_da.nlp.get_pipe(CUES_COMPONENT)(extractor_da.nlp.make_doc(text))
    assert {s.label_ for s in marked.spans[CUES_KEY]} == {
        "capital_constraint",
        "storage_constraint",
    }
    danish_only = spacy.blank("da")
    danish_only.add_pipe(CUES_COMPONENT, config={"cues": load_taxonomy().in_language("da").cues})
    doc = danish_only(text)
    assert {s.label_ for s in doc.spans[CUES_KEY]} == {"storage_constraint"}


@pytest.mark.parametrize("example", FIXTURE_TEXTS_DA, ids=lambda e: e.text[:40])
def test_tiny_danish_model_classifies_its_training_texts(
    extractor_da: NeedExtractor, example
) -> None:
    result = extractor_da.extract(example.text)
    assert [s.code for s in result.wishes] == list(example.wishes)
    assert [s.code for s in result.needs] == list(example.needs)


def test_the_danish_model_is_danish_through_and_through(tiny_model_da: TrainResult) -> None:
    meta = json.loads((tiny_model_da.output_dir / META_FILE).read_text())
    assert meta["lang"] == "da" and meta["settings"]["char_ngrams"] == [3, 4]
    extractor = NeedExtractor.load(tiny_model_da.output_dir)
    assert extractor.lang == "da" and extractor.nlp.lang == "da"
    assert isinstance(extractor.nlp, spacy.lang.da.Danish)
    assert extractor.nlp.Defaults.stop_words >= {"og", "ikke", "vi"}
    assert extractor.nlp.get_pipe("textcat_needs").char_ngrams == (3, 4)


def test_loading_picks_the_language_of_each_model(
    tiny_model: TrainResult, tiny_model_da: TrainResult
) -> None:
    english = NeedExtractor.load(tiny_model.output_dir, "en")
    danish = NeedExtractor.load(tiny_model_da.output_dir, "da")
    assert (english.lang, danish.lang) == ("en", "da")
    assert english.nlp.get_pipe("textcat_needs").char_ngrams == ()
    with pytest.raises(UnsupportedLanguage, match=r"is for 'da', not 'en'"):
        NeedExtractor.load(tiny_model_da.output_dir, "en")
    with pytest.raises(UnsupportedLanguage, match=r"is for 'en', not 'da'"):
        NeedExtractor.load(tiny_model.output_dir, "da")


def test_a_model_from_before_languages_loads_as_english(
    tiny_model: TrainResult, tmp_path: Path
) -> None:
    import shutil

    old = tmp_path / "old"
    shutil.copytree(tiny_model.output_dir, old)
    meta = json.loads((old / META_FILE).read_text())
    del meta["lang"]
    (old / META_FILE).write_text(json.dumps(meta))
    assert NeedExtractor.load(old, "en").lang == "en"


def test_the_danish_extractor_reads_danish_figures(extractor_da: NeedExtractor) -> None:
    result = extractor_da.extract("Kan I levere inden kl. 7 på halve paller, netto 60 dage?")
    assert [(p.kind, dict(p.value)) for p in result.parameters] == [
        ("time_window", {"end": "07:00"}),
        ("quantity", {"amount": 0.5, "unit": "pallet"}),
        ("payment_term", {"days": 60}),
    ]


def test_letter_ngrams_are_padded_and_skip_numbers(extractor_da: NeedExtractor) -> None:
    doc = extractor_da.nlp.make_doc("Palle 12")
    assert char_ngrams(doc, (3,)) == ["C=<pa", "C=pal", "C=all", "C=lle", "C=le>"]


def test_cue_marker_refuses_a_language_without_a_stemmer() -> None:
    with pytest.raises(UnsupportedLanguage, match="no stemmer for language 'sv'"):
        spacy.blank("sv").add_pipe(CUES_COMPONENT)


def test_cli_trains_a_danish_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    out = tmp_path / "needs-da"
    argv = ["train", "--lang", "da", "--corpus", str(FIXTURE_CORPUS_DA), "--out", str(out)]
    argv += ["--extra-corpus", str(FIXTURE_CORPUS)]  # small, instead of the English corpus
    assert main([*argv, "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert f"model written to {out}" in printed and "opening thresholds" in printed
    meta = json.loads((out / META_FILE).read_text())
    assert meta["lang"] == "da" and set(meta["context_thresholds"]) == {"opening", "answer"}
    assert meta["corpus"]["train_examples"] == len(FIXTURE_TEXTS_DA) + len(FIXTURE_TEXTS)
    assert meta["corpus"]["extra_train_files"] == [
        "tests/assistant/needs/fixtures/corpus/train/needs.jsonl",
        "tests/assistant/needs/fixtures/corpus/train/wishes.jsonl",
    ]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("Vi har ingen plads\n"))
    assert main(["classify", "--lang", "da", "--model", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "Vi har ingen plads"
    assert main(["classify", "--lang", "en", "--model", str(out)]) == 2
    assert "is for 'da', not 'en'" in capsys.readouterr().err


def test_cli_evaluates_with_a_contexts_thresholds(tiny_model_da: TrainResult, capsys) -> None:
    model = tiny_model_da.output_dir
    dev = str(FIXTURE_CORPUS_DA / "dev.jsonl")
    assert main(["evaluate", dev, "--model", str(model), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["examples"] == 2
    assert main(["evaluate", dev, "--model", str(model), "--context", "opening"]) == 2
    assert "no thresholds for the 'opening' context" in capsys.readouterr().err
    assert main(["evaluate", "--model", str(model)]) == 2
    assert "no default evaluation file for a 'da' model" in capsys.readouterr().err


def test_cli_cross_validates_on_the_training_corpus(capsys) -> None:
    argv = ["crossval", "--lang", "da", "--corpus", str(FIXTURE_CORPUS_DA), "--folds", "3"]
    argv += ["--extra-corpus"]  # none: the English corpus would make it slow
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("3-fold cross-validated macro-F1 at 0.5: wishes ")
    assert "needs " in out and "best " in out


def test_real_danish_model_recognises_every_code_on_the_dev_halves() -> None:
    model_dir = get_settings().needs_model_dir_da
    if not (model_dir / META_FILE).is_file():
        pytest.skip("no trained real Danish model (`make models`)")
    real = NeedExtractor.load(model_dir, "da")
    hits: set[str] = set()
    for context, paths in CONTEXT_DEV_FILES_BY_LANG["da"].items():
        tuned = NeedExtractor(real.nlp, real.context_thresholds[context])
        dev = [e for path in paths for e in read_corpus([path])]
        for example, result in zip(dev, tuned.extract_many(e.text for e in dev), strict=True):
            hits |= set(example.wishes) & {s.code for s in result.wishes}
            hits |= set(example.needs) & {s.code for s in result.needs}
    assert hits == set(WISH_CODES) | set(NEED_CODES)


def test_danish_clauses_break_at_og_and_each_gives_its_likeliest_wish(
    extractor_da: NeedExtractor,
) -> None:
    first, second = "Kan I levere to gange om ugen", "vi vil gerne have en sms før levering"
    result = extractor_da.extract(f"{first}, og {second}")

    assert result.clauses == (first, second)
    assert [s.code for s in result.clause_wishes] == [
        max(extractor_da.wish_codes, key=extractor_da.nlp(clause).cats.__getitem__)
        for clause in (first, second)
    ]
