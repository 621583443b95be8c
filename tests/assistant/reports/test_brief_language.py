"""A brief in the reader's language, English or Danish: the taxonomy's texts and the brief's
own words in that language, and what people said exactly as they said it (never translated),
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.errors import UnsupportedLanguage
from assistant.interview.vocabulary import Role
from assistant.needs.results import Candidate
from assistant.reports import brief, render_markdown
from assistant.reports.chat_brief import (
    chat_brief,
    customer_segment,
    render_chat_brief,
    render_segment,
)
from assistant.reports.wording import LANGUAGES, BriefWording, brief_wording
from assistant.reports.wording_da import DanishBriefWording
from tests.assistant.reports.conftest import parameter

MAR_1, APR_5 = datetime(2025, 3, 1, 9, tzinfo=UTC), datetime(2025, 4, 5, 10, tzinfo=UTC)
# What people said, in Danish and in English: every brief shows it as it was said.
DANISH_WISH = "Vi vil gerne have varerne inden for 48 timer – ellers står værkstedet på Ærø stille."
DANISH_WHY = "Vores salg svinger fra uge til uge, og prognosen rammer aldrig rigtigt. Øv!"
ENGLISH_WISH = "We need deliveries at 7 sharp, before the café opens."
DANISH_OPEN = "Kan I levere før kl. 7 om morgenen?"
D, R, S = "demand_uncertainty", "receiving_window", "storage_constraint"


@pytest.fixture
def jensen(factory):
    """A Danish customer: their own interview in Danish (a need confirmed, one rejected), a
    rep's in English (a need stated), and a Danish wish still open."""
    f = factory
    customer = f.customer(name="Jensen Byg ApS", industry="byggemarked", region="Fyn")
    own = f.interview(customer, started_at=MAR_1, role=Role.CUSTOMER)
    f.wish(
        own,
        "shorter_lead_time",
        [(S, "rejected"), (D, "confirmed", DANISH_WHY, 0.8)],
        text=DANISH_WISH,
        parameters=[parameter("duration", "48 timer", {"hours": 48})],
    )
    f.wish(own, "exact_delivery_time", [(None, "unresolved")], text=DANISH_OPEN,
           candidates=[Candidate(R, 0.4)])  # fmt: skip
    rep = f.interview(customer, started_at=APR_5, role=Role.SALES_REP, interviewer="U07")
    f.wish(rep, "exact_delivery_time", [(R, "confirmed", "", 0.9)], text=ENGLISH_WISH)
    return customer


def test_a_danish_brief_speaks_danish_and_keeps_the_words_as_said(session, taxonomy, jensen):
    da = taxonomy.in_language("da")

    result = brief(session, taxonomy, jensen.id, language="da")

    assert result.language == "da"
    first, open_, by_rep = result.wishes
    assert first.label == da.wish_label("shorter_lead_time") == "Kortere leveringstid"
    assert first.quote == DANISH_WISH and first.need is not None
    assert first.need.label == "Usikker efterspørgsel"
    assert first.need.evidence == DANISH_WHY
    assert first.need.confirmed_by == "Bekræftet af kunden den 1. marts 2025"
    assert first.need.solution is not None and first.need.solution.label == "Fælles planlægning"
    assert first.need.alternatives == da.need(D).alternatives
    assert [r.label for r in first.rejected] == ["Begrænset lagerplads"]
    assert by_rep.quote == ENGLISH_WISH  # an English quote is not translated either
    assert by_rep.need is not None
    assert by_rep.need.confirmed_by == "Angivet af sælger U07 den 5. april 2025"
    assert open_.open_question is not None
    assert open_.open_question.question == (
        "Hvad ligger bag ønsket om præcist leveringstidspunkt? "
        "Mulige behov: begrænset varemodtagelse, overblik til planlægning."
    )


def test_the_danish_summary_says_who_what_to_offer_and_what_to_ask(session, taxonomy, jensen):
    summary = brief(session, taxonomy, jensen.id, language="da").summary

    assert summary.headline == (
        "1 behov bekræftet af kunden, 1 behov kun angivet af en sælger; 2 åbne spørgsmål."
    )
    demand, window = summary.needs
    assert demand.label == "Usikker efterspørgsel"
    assert demand.trades[0].text == (
        "En fælles rullende prognose, som vi planlægger dine leverancer efter i stedet for "
        "kortere leveringstider."
    )
    assert (demand.trades[0].offer, demand.trades[0].instead_of) == (
        "en fælles rullende prognose, som vi planlægger dine leverancer efter",
        "kortere leveringstider",
    )
    assert summary.talking_points[0] == (
        "De beder om kortere leveringstid (48 timer); grunden er usikker efterspørgsel "
        f"(med deres egne ord: »{DANISH_WHY}«). Læg ud med fælles planlægning."
    )
    assert summary.talking_points[-1] == (
        "Ikke begrænset lagerplads: kunden sagde, at det ikke er grunden til ønsket om "
        "kortere leveringstid, så læg ikke ud med fast genopfyldning."
    )
    kinds = [q.kind for q in summary.open_questions]
    assert kinds == ["why", "check"]
    assert summary.open_questions[1].question == (
        "Tjek med kunden: Er begrænset varemodtagelse grunden til ønsket om præcist "
        "leveringstidspunkt? Angivet af sælger U07 den 5. april 2025, endnu ikke bekræftet "
        "af kunden."
    )


def test_an_english_brief_of_danish_interviews_keeps_the_danish_words(session, taxonomy, jensen):
    result = brief(session, taxonomy, jensen.id)

    assert result.language == "en"
    assert [w.quote for w in result.wishes] == [DANISH_WISH, DANISH_OPEN, ENGLISH_WISH]
    assert result.wishes[0].need is not None and result.wishes[0].need.evidence == DANISH_WHY
    assert result.wishes[0].label == "Shorter lead time"
    assert result.summary.talking_points[0].endswith(
        f"(in their words: “{DANISH_WHY}”). Lead with collaborative planning."
    )


def test_the_danish_markdown_file_has_danish_headings_and_the_quotes_verbatim(
    session, taxonomy, jensen
):
    text = render_markdown(brief(session, taxonomy, jensen.id, language="da"))

    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Kundebrief: Jensen Byg ApS",
        "## Overblik før forhandlingen",
        "### Vigtigste behov",
        "### Samtalepunkter",
        "### Spørgsmål at stille",
        "## 1. Kortere leveringstid (`shorter_lead_time`)",
        "## 2. Præcist leveringstidspunkt (`exact_delivery_time`)",
        "## 3. Præcist leveringstidspunkt (`exact_delivery_time`)",
    ]
    for expected in (
        "| Kunde | Branche | Region | Størrelse | Interviews | Seneste interview |",
        "1. **Usikker efterspørgsel** (ligger bag: kortere leveringstid). "
        "Bekræftet af kunden den 1. marts 2025.",
        "   - Tilbyd først: **Fælles planlægning**: en fælles rullende prognose, som vi "
        "gennemgår sammen med faste mellemrum",
        f"> {DANISH_WISH}",
        f"> {ENGLISH_WISH}",
        f'Begrundelse: "{DANISH_WHY}"',
        'Detaljer: varighed "48 timer"',
        "**Standardløsning:** Fælles planlægning (greb: logistik)",
        "**Værd at forhandle om:**",
        "**Afviste behov:** Begrænset lagerplads",
        "**Åbent spørgsmål:** Hvad ligger bag ønsket om præcist leveringstidspunkt?",
    ):
        assert expected in text, expected


def test_the_chat_brief_and_segment_in_danish(session, taxonomy, jensen):
    lines = render_chat_brief(chat_brief(session, taxonomy, jensen.id, language="da"))

    assert lines[:5] == [
        f"Brief: Jensen Byg ApS ({jensen.external_id}) · byggemarked · Fyn · {jensen.size}",
        "2 interviews, det seneste den 5. april 2025.",
        "Vigtigste behov:",
        "1. Usikker efterspørgsel (bag 1 ønske: kortere leveringstid): bekræftet af kunden "
        "den 1. marts 2025.",
        "2. Begrænset varemodtagelse (bag 1 ønske: præcist leveringstidspunkt): angivet af "
        "en sælger (U07) den 5. april 2025.",
    ]
    assert "Tilbyd først:" in lines and "Alternativer at forhandle med:" in lines
    assert "• Fælles planlægning (logistik), mod usikker efterspørgsel" in lines
    assert "Åbne spørgsmål (1):" in lines

    place = render_segment(customer_segment(session, taxonomy, jensen.id, language="da"))
    assert place[0] == (
        "Behovene hos Jensen Byg ApS (usikker efterspørgsel, begrænset varemodtagelse) passer "
        "ikke i noget segment med 2 eller flere kunder: en individuel kunde."
    )


def test_a_brief_in_another_language_is_refused(session, taxonomy, jensen):
    with pytest.raises(UnsupportedLanguage, match="'de'"):
        brief(session, taxonomy, jensen.id, language="de")


def test_the_danish_wording_says_everything_the_english_one_does():
    # These only read the language's own tables (LEVERS, PARAMETER_KINDS, QUOTE).
    shared = {"lever", "parameter_kind", "quoted"}
    english = {name for name in vars(BriefWording) if not name.startswith("_")} - shared
    missing = english - set(vars(DanishBriefWording))
    assert missing == set(), "say these in Danish too"
    assert [brief_wording(lang).language for lang in LANGUAGES] == ["en", "da"]


@pytest.mark.parametrize(
    ("moment", "english", "danish"),
    [
        (datetime(2025, 3, 1, tzinfo=UTC), "1 Mar 2025", "1. marts 2025"),
        (datetime(2026, 12, 24, 23, tzinfo=UTC), "24 Dec 2026", "24. december 2026"),
    ],
)
def test_dates_read_as_people_write_them_in_each_language(moment, english, danish):
    assert brief_wording("en").day(moment) == english
    assert brief_wording("da").day(moment) == danish
