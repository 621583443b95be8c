#!/usr/bin/env python3
"""Validate the eighth-writer evaluation set and print its counts.

Usage: python3 validate.py            (run from anywhere)
Exit code 0 when clean, 1 when any error was found.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
TAXONOMY = HERE.parent / "second" / "taxonomy-definitions.md"

OPENING_KEYS = {"text", "wishes", "needs", "kind", "tags"}
ANSWER_KEYS = OPENING_KEYS | {"asked_about"}

OPENING_TAGS = {"none", "greeting", "thanks", "small_talk", "vague", "off_topic", "misleading",
                "out_of_taxonomy", "two_wishes", "rep", "with_need", "implied_only"}
ANSWER_TAGS = {"direct", "indirect", "no_need", "restated_wish", "other_solution", "vague",
               "dont_know", "other_reason", "ruled_out", "atypical_need", "rep", "two_needs"}
NONE_SUBTAGS = {"greeting", "thanks", "small_talk", "vague", "off_topic", "misleading", "out_of_taxonomy"}
NO_NEED_SUBTAGS = {"restated_wish", "other_solution", "vague", "dont_know", "other_reason", "ruled_out"}

# taxonomy label words that must not appear in the texts
BANNED = ["storage", "handling", "capital", "constraint", "visibility", "burden", "admin",
          "receiving", "reliability", "uncertainty", "lead time", "lead-time", "smaller order",
          "more frequent", "frequent deliver", "exact delivery", "exact time", "urgent",
          "late order change", "custom packaging", "packaging", "supplier-held", "supplier held",
          "payment terms", "delivery tracking", "tracking"]

errors = []


def err(msg):
    errors.append(msg)


def load_taxonomy():
    text = TAXONOMY.read_text(encoding="utf-8")
    wishes, needs, section = set(), set(), None
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip().lower()
        m = re.match(r"^- `([a-z_]+)`", line)
        if m:
            if section == "wishes":
                wishes.add(m.group(1))
            elif section == "needs":
                needs.add(m.group(1))
    if not wishes or not needs:
        sys.exit(f"could not read codes from {TAXONOMY}")
    return wishes, needs


def load(path):
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            err(f"{path.name}:{i}: empty line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{path.name}:{i}: bad JSON: {e}")
            continue
        if not isinstance(obj, dict):
            err(f"{path.name}:{i}: not an object")
            continue
        rows.append((i, obj))
    return rows


def check_common(name, i, o, keys, kind, wishes, needs):
    where = f"{name}:{i}"
    if set(o) != keys:
        err(f"{where}: keys {sorted(o)} != {sorted(keys)}")
        return False
    if o["kind"] != kind:
        err(f"{where}: kind {o['kind']!r} != {kind!r}")
    if not isinstance(o["text"], str) or not o["text"].strip():
        err(f"{where}: empty text")
    for k in ("wishes", "needs", "tags"):
        if not isinstance(o[k], list) or not all(isinstance(x, str) for x in o[k]):
            err(f"{where}: {k} must be a list of strings")
            return False
        if len(set(o[k])) != len(o[k]):
            err(f"{where}: duplicate entries in {k}")
    for w in o["wishes"]:
        if w not in wishes:
            err(f"{where}: unknown wish code {w!r}")
    for n in o["needs"]:
        if n not in needs:
            err(f"{where}: unknown need code {n!r}")
    low = o["text"].lower()
    for b in BANNED:
        if b in low:
            err(f"{where}: text uses taxonomy label word {b!r}")
    return True


def check_openings(rows, wishes, needs):
    for i, o in rows:
        where = f"openings.jsonl:{i}"
        if not check_common("openings.jsonl", i, o, OPENING_KEYS, "opening", wishes, needs):
            continue
        tags = set(o["tags"])
        for t in tags - OPENING_TAGS:
            err(f"{where}: unknown tag {t!r}")
        nw, nn = len(o["wishes"]), len(o["needs"])
        if "none" in tags:
            if nw or nn:
                err(f"{where}: tag none but has wishes/needs")
            if not tags & NONE_SUBTAGS:
                err(f"{where}: tag none needs a subtype tag")
        elif nw == 0 and nn == 0:
            err(f"{where}: no wishes and no needs but no 'none' tag")
        if tags & NONE_SUBTAGS and "none" not in tags:
            err(f"{where}: none-subtype tag without 'none'")
        if ("two_wishes" in tags) != (nw == 2):
            err(f"{where}: two_wishes tag must match exactly 2 wishes (has {nw})")
        if nw > 2:
            err(f"{where}: more than 2 wishes")
        if ("with_need" in tags) != (nn > 0):
            err(f"{where}: with_need tag must match non-empty needs")
        if "implied_only" in tags and nn:
            err(f"{where}: implied_only but needs labelled")


def check_answers(rows, wishes, needs):
    for i, o in rows:
        where = f"answers.jsonl:{i}"
        if not check_common("answers.jsonl", i, o, ANSWER_KEYS, "answer", wishes, needs):
            continue
        tags = set(o["tags"])
        for t in tags - ANSWER_TAGS:
            err(f"{where}: unknown tag {t!r}")
        if o["asked_about"] not in wishes:
            err(f"{where}: asked_about {o['asked_about']!r} is not a wish code")
        nn = len(o["needs"])
        if nn == 0:
            if "no_need" not in tags:
                err(f"{where}: no needs but no 'no_need' tag")
            if not tags & NO_NEED_SUBTAGS:
                err(f"{where}: no_need needs a subtype tag")
            if tags & {"direct", "indirect", "atypical_need", "two_needs"}:
                err(f"{where}: need-style tag on an answer without needs")
        else:
            if "no_need" in tags or tags & {"restated_wish", "other_solution", "vague",
                                            "dont_know", "other_reason"}:
                err(f"{where}: no-need tag on an answer with needs")
            if len(tags & {"direct", "indirect"}) != 1:
                err(f"{where}: need-bearing answer must be tagged exactly one of direct/indirect")
            if ("two_needs" in tags) != (nn == 2):
                err(f"{where}: two_needs tag must match exactly 2 needs")
        if "other_reason" in tags and nn:
            err(f"{where}: other_reason must have needs []")
        if "restated_wish" in tags and o["wishes"] != [o["asked_about"]]:
            err(f"{where}: restated_wish must have wishes == [asked_about]")
        if "other_solution" in tags and (not o["wishes"] or o["asked_about"] in o["wishes"]):
            err(f"{where}: other_solution must name another wish")
        if o["wishes"] and not tags & {"restated_wish", "other_solution"}:
            err(f"{where}: wishes filled but neither restated_wish nor other_solution")


def main():
    wishes, needs = load_taxonomy()
    op = load(HERE / "openings.jsonl")
    an = load(HERE / "answers.jsonl")
    check_openings(op, wishes, needs)
    check_answers(an, wishes, needs)

    seen = {}
    for name, rows in (("openings.jsonl", op), ("answers.jsonl", an)):
        for i, o in rows:
            key = re.sub(r"\s+", " ", str(o.get("text", "")).strip().lower())
            if key in seen:
                err(f"{name}:{i}: duplicate text (also {seen[key]})")
            seen[key] = f"{name}:{i}"

    def show(title, counter, order=None):
        print(f"  {title}:")
        keys = order if order else sorted(counter)
        for k in keys:
            print(f"    {k:28s} {counter.get(k, 0)}")

    for name, rows in (("openings.jsonl", op), ("answers.jsonl", an)):
        objs = [o for _, o in rows]
        print(f"{name}: {len(objs)} lines")
        show("wish codes", Counter(w for o in objs for w in o.get("wishes", [])), sorted(wishes))
        show("need codes", Counter(n for o in objs for n in o.get("needs", [])), sorted(needs))
        show("tags", Counter(t for o in objs for t in o.get("tags", [])))
        if name == "answers.jsonl":
            show("asked_about", Counter(o.get("asked_about") for o in objs), sorted(wishes))
            withn = [o for o in objs if o.get("needs")]
            ind = sum("indirect" in o.get("tags", []) for o in withn)
            print(f"  answers with a need: {len(withn)}, of which indirect: {ind}")
            show("no_need per asked_about",
                 Counter(o.get("asked_about") for o in objs if not o.get("needs")), sorted(wishes))
        else:
            print(f"  openings with >=1 wish: {sum(bool(o.get('wishes')) for o in objs)}; "
                  f"with a need: {sum(bool(o.get('needs')) for o in objs)}")

    if len(op) != 150 or len(an) != 150:
        err(f"expected 150 lines each, got openings={len(op)} answers={len(an)}")
    for w in wishes:
        k = sum(o.get("asked_about") == w for _, o in an)
        if k != 15:
            err(f"asked_about {w}: {k} answers, expected 15")

    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nOK: no errors")


if __name__ == "__main__":
    main()
