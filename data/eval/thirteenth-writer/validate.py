#!/usr/bin/env python3
"""Validate openings.jsonl and answers.jsonl in this folder (stdlib only).

Run from this folder:  python3 validate.py
Exits 1 if any error is found, 0 otherwise. Prints counts per wish, need and tag.
"""
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))

WISHES = [
    "shorter_lead_time",
    "smaller_orders",
    "more_frequent_deliveries",
    "exact_delivery_time",
    "urgent_orders",
    "late_order_changes",
    "custom_packaging",
    "supplier_held_stock",
    "longer_payment_terms",
    "delivery_tracking",
]
NEEDS = [
    "demand_uncertainty",
    "storage_constraint",
    "capital_constraint",
    "receiving_window",
    "supply_reliability",
    "handling_constraint",
    "planning_visibility",
    "admin_burden",
]
BANNED = [
    "lead time",
    "demand uncertainty",
    "storage constraint",
    "capital",
    "receiving window",
    "supply reliability",
    "handling constraint",
    "planning visibility",
    "administrative burden",
    "consignment",
    "vmi",
]
OPENING_KEYS = {"text", "wishes", "needs", "kind", "tags"}
ANSWER_KEYS = {"text", "wishes", "needs", "kind", "asked_about", "tags"}
# tags that explain why an answer carries no need
NO_NEED_TAGS = {"restates_wish", "other_solution", "vague", "dont_know", "other_reason"}
KNOWN_TAGS = {
    # shared
    "two_wishes", "two_needs", "indirect", "direct", "other_reason", "outside_taxonomy",
    # openings
    "none", "rep", "bare_wish", "with_reason", "need_only",
    "greeting", "thanks", "off_topic", "vague", "misleading",
    # answers
    "ruled_out", "restates_wish", "other_solution", "dont_know",
}

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def load(name):
    rows = []
    path = os.path.join(HERE, name)
    try:
        fh = open(path, encoding="utf-8")
    except OSError as e:
        err(name, f"cannot open: {e}")
        return rows
    with fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                err(f"{name}:{i}", "blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                err(f"{name}:{i}", f"bad JSON: {e}")
                continue
            if not isinstance(obj, dict):
                err(f"{name}:{i}", "line is not a JSON object")
                continue
            rows.append((f"{name}:{i}", obj))
    return rows


def check_common(where, o, kind):
    text = o.get("text")
    if not isinstance(text, str) or not text.strip():
        err(where, "text must be a non-empty string")
        text = ""
    if o.get("kind") != kind:
        err(where, f"kind must be {kind!r}, got {o.get('kind')!r}")
    for field, allowed in (("wishes", WISHES), ("needs", NEEDS)):
        val = o.get(field)
        if not isinstance(val, list):
            err(where, f"{field} must be a list")
            continue
        for c in val:
            if c not in allowed:
                err(where, f"unknown {field[:-1]} code {c!r}")
        if len(set(val)) != len(val):
            err(where, f"duplicate codes in {field}")
    tags = o.get("tags")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        err(where, "tags must be a list of strings")
        tags = []
    for t in tags:
        if t not in KNOWN_TAGS:
            err(where, f"unknown tag {t!r}")
    if len(set(tags)) != len(tags):
        err(where, "duplicate tags")
    low = text.lower()
    for b in BANNED:
        if b in low:
            err(where, f"banned label word {b!r} in text")
    wishes = o.get("wishes") if isinstance(o.get("wishes"), list) else []
    needs = o.get("needs") if isinstance(o.get("needs"), list) else []
    # tags that must match labels
    if ("two_wishes" in tags) != (len(wishes) == 2):
        err(where, "tag two_wishes must be present exactly when there are 2 wishes")
    if ("two_needs" in tags) != (len(needs) == 2):
        err(where, "tag two_needs must be present exactly when there are 2 needs")
    if len(wishes) > 2 or len(needs) > 2:
        err(where, "more than two wishes or needs")
    if "outside_taxonomy" in tags and wishes:
        err(where, "outside_taxonomy requests must have wishes []")
    if "ruled_out" in tags and kind != "answer":
        err(where, "ruled_out is an answer tag")
    if "indirect" in tags and not needs:
        err(where, "indirect tag without a need")
    if "direct" in tags and not needs:
        err(where, "direct tag without a need")
    if "indirect" in tags and "direct" in tags:
        err(where, "both direct and indirect")
    return text, wishes, needs, tags


def check_opening(where, o):
    keys = set(o)
    if keys != OPENING_KEYS:
        err(where, f"keys must be {sorted(OPENING_KEYS)}, got {sorted(keys)}")
    text, wishes, needs, tags = check_common(where, o, "opening")
    if ("none" in tags) != (not wishes and not needs):
        err(where, "tag none must be present exactly when wishes and needs are both empty")
    if "bare_wish" in tags and (not wishes or needs):
        err(where, "bare_wish needs a wish and no need")
    if "with_reason" in tags and (not wishes or not needs):
        err(where, "with_reason needs a wish and a need")
    if "need_only" in tags and (wishes or not needs):
        err(where, "need_only needs no wish and a need")
    if "other_reason" in tags and needs:
        err(where, "other_reason must carry no need")
    for t in ("restates_wish", "other_solution", "dont_know", "ruled_out", "direct"):
        if t in tags:
            err(where, f"tag {t!r} is for answers")
    if wishes and not ({"bare_wish", "with_reason", "other_reason"} & set(tags)):
        err(where, "wish opening needs bare_wish, with_reason or other_reason")
    return text


def check_answer(where, o):
    keys = set(o)
    if keys != ANSWER_KEYS:
        err(where, f"keys must be {sorted(ANSWER_KEYS)}, got {sorted(keys)}")
    text, wishes, needs, tags = check_common(where, o, "answer")
    asked = o.get("asked_about")
    if asked not in WISHES:
        err(where, f"asked_about {asked!r} is not a wish code")
    for t in ("none", "rep", "bare_wish", "with_reason", "need_only", "greeting", "thanks", "off_topic", "misleading"):
        if t in tags:
            err(where, f"tag {t!r} is for openings")
    if "restates_wish" in tags and (wishes != [asked] or needs):
        err(where, "restates_wish must have wishes == [asked_about] and no need")
    if not needs and not (NO_NEED_TAGS & set(tags)):
        err(where, "answer without a need must say why (restates_wish/other_solution/vague/dont_know/other_reason)")
    if needs and (NO_NEED_TAGS & set(tags)):
        err(where, "answer with a need carries a no-need tag")
    if "other_solution" in tags and asked in wishes:
        err(where, "other_solution must not list the wish that was asked about")
    if "other_solution" in tags and not wishes and "outside_taxonomy" not in tags:
        err(where, "other_solution with no wish code must be tagged outside_taxonomy")
    if needs and not ({"direct", "indirect"} & set(tags)):
        err(where, "answer with a need must be tagged direct or indirect")
    return text


def main():
    openings = load("openings.jsonl")
    answers = load("answers.jsonl")
    seen = {}
    for where, o in openings:
        t = check_opening(where, o)
        key = " ".join(t.lower().split())
        if key in seen:
            err(where, f"duplicate text (also {seen[key]})")
        seen[key] = where
    for where, o in answers:
        t = check_answer(where, o)
        key = " ".join(t.lower().split())
        if key in seen:
            err(where, f"duplicate text (also {seen[key]})")
        seen[key] = where

    ops = [o for _, o in openings]
    ans = [o for _, o in answers]

    def cnt(rows, field):
        c = Counter()
        for o in rows:
            v = o.get(field)
            if isinstance(v, list):
                c.update(x for x in v if isinstance(x, str))
        return c

    ow, on, ot = cnt(ops, "wishes"), cnt(ops, "needs"), cnt(ops, "tags")
    aw, an, at = cnt(ans, "wishes"), cnt(ans, "needs"), cnt(ans, "tags")
    asked = Counter(o.get("asked_about") for o in ans)

    # set-level requirements from the brief
    if len(ops) != 150:
        err("openings.jsonl", f"expected 150 lines, got {len(ops)}")
    if len(ans) != 150:
        err("answers.jsonl", f"expected 150 lines, got {len(ans)}")
    for w in WISHES:
        if ow[w] < 10:
            err("openings.jsonl", f"wish {w} appears {ow[w]} times (< 10)")
        if asked[w] != 15:
            err("answers.jsonl", f"asked_about {w}: {asked[w]} answers (want 15)")
    for n in NEEDS:
        if on[n] + an[n] < 12:
            err("both files", f"need {n} appears {on[n] + an[n]} times (< 12)")
    if at["ruled_out"] < 25:
        err("answers.jsonl", f"ruled_out {at['ruled_out']} (< 25)")
    if at["indirect"] < 30:
        err("answers.jsonl", f"indirect {at['indirect']} (< 30)")
    if at["two_needs"] < 3:
        err("answers.jsonl", f"two_needs {at['two_needs']} (< 3)")

    def show(title, counter, order=None):
        print(title)
        keys = order if order else sorted(counter, key=lambda k: (-counter[k], k))
        for k in keys:
            print(f"  {k:28s} {counter[k]}")

    print(f"openings: {len(ops)} lines, answers: {len(ans)} lines")
    show("wishes in openings:", ow, WISHES)
    show("wishes in answers:", aw, WISHES)
    show("asked_about in answers:", asked, WISHES)
    print("needs (openings / answers / total):")
    for n in NEEDS:
        print(f"  {n:28s} {on[n]:3d} {an[n]:4d} {on[n] + an[n]:4d}")
    show("tags in openings:", ot)
    show("tags in answers:", at)
    no_need = sum(1 for o in ans if not o.get("needs"))
    print(f"answers without a need: {no_need} ({100 * no_need / max(len(ans), 1):.0f}%)")

    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nOK: no errors")


if __name__ == "__main__":
    main()
