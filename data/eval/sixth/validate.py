#!/usr/bin/env python3
"""Validate interviews.yml of the sixth interview set and print its counts.

Usage: python3 validate.py [path/to/interviews.yml]
Exit code 1 if any error is found.
"""
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
YML = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "interviews.yml")
DEFS = os.path.join(HERE, "..", "second", "taxonomy-definitions.md")

CATEGORIES = [
    "restates_wish", "other_solution", "deep", "typos", "rambling", "misleading_cue",
    "yes_reason", "no_reason", "correction", "greeting", "two_wishes", "rep",
    "another_wish_in_answer", "click_confirm", "context_first", "indirect",
]
MIN_PER_CATEGORY = 5
SECTORS = ["drycleaner", "musicshop", "bridal", "funeral", "golfclub",
           "optician", "tattoo", "stables", "removals", "framer"]
PER_SECTOR = 4

# The definitions file does not list typical pairs, so they are taken from the
# earlier set's README table (every pair used there >= 3 times; its one pair
# marked atypical, longer_payment_terms -> admin_burden, is left out).
TYPICAL = {
    "shorter_lead_time": {"demand_uncertainty", "storage_constraint", "supply_reliability"},
    "smaller_orders": {"storage_constraint", "capital_constraint", "handling_constraint"},
    "more_frequent_deliveries": {"demand_uncertainty", "storage_constraint", "capital_constraint"},
    "exact_delivery_time": {"receiving_window", "planning_visibility"},
    "urgent_orders": {"demand_uncertainty", "supply_reliability"},
    "late_order_changes": {"demand_uncertainty", "planning_visibility"},
    "custom_packaging": {"storage_constraint", "handling_constraint"},
    "supplier_held_stock": {"storage_constraint", "capital_constraint", "supply_reliability"},
    "longer_payment_terms": {"capital_constraint"},
    "delivery_tracking": {"receiving_window", "planning_visibility", "admin_burden"},
}
MIN_PER_TYPICAL = 2
MAX_ATYPICAL = 4

# Taxonomy wording that must not appear in anything the simulated person sends.
BANNED = [
    r"demand", r"forecast", r"admin", r"reliab", r"visib", r"capital", r"uncertain",
    r"burden", r"constraint", r"receiving window", r"storage", r"supply reliability",
    r"planning visibility", r"handling constraint", r"cash[- ]?flow constraint",
]
GREETING = re.compile(r"^\s*(hi|hiya|hey|hello|morning|good morning|afternoon|g'day|alright|howdy|evening)\b", re.I)

NEED_ABBR = {
    "demand_uncertainty": "DU", "storage_constraint": "ST", "capital_constraint": "CA",
    "receiving_window": "RW", "supply_reliability": "SR", "handling_constraint": "HA",
    "planning_visibility": "PV", "admin_burden": "AD",
}


def read_codes(path):
    wishes, needs, section = [], [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                section = line[3:].strip().lower()
            m = re.match(r"- `([a-z_]+)`", line)
            if m:
                (wishes if section == "wishes" else needs if section == "needs" else []).append(m.group(1))
    return wishes, needs


def words(s):
    return len(re.findall(r"[A-Za-z0-9'£$.-]+", s or ""))


def main():
    errors = []
    err = errors.append
    wish_codes, need_codes = read_codes(DEFS)
    if len(wish_codes) != 10 or len(need_codes) != 8:
        err(f"definitions parsed oddly: {len(wish_codes)} wishes, {len(need_codes)} needs")
    for w, ns in TYPICAL.items():
        if w not in wish_codes or not ns <= set(need_codes):
            err(f"typical-pair table uses unknown code: {w} {ns}")

    with open(YML, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if isinstance(data, dict) and "interviews" in data:
        data = data["interviews"]
    if not isinstance(data, list):
        print("ERROR: top level must be a list of interviews")
        return 1

    ids = Counter()
    cat_count = Counter()
    pair_count = Counter()
    sector_count = Counter()
    role_count = Counter()
    confirm_count = Counter()
    n_answers = Counter()
    nwish = Counter()
    parts = 0
    null_second = 0
    asked_second = 0

    for i, iv in enumerate(data):
        where = iv.get("id", f"#{i}")
        for key in ("id", "categories", "role", "customer", "confirm", "wishes"):
            if key not in iv or iv[key] in (None, "", []):
                err(f"{where}: missing {key}")
        extra = set(iv) - {"id", "categories", "role", "customer", "confirm", "wishes"}
        if extra:
            err(f"{where}: unknown keys {sorted(extra)}")
        ids[where] += 1
        sector = str(where).split("-")[0]
        if sector not in SECTORS:
            err(f"{where}: id prefix {sector!r} is not one of the sectors")
        sector_count[sector] += 1
        cats = iv.get("categories") or []
        for c in cats:
            if c not in CATEGORIES:
                err(f"{where}: unknown category {c}")
        if len(set(cats)) != len(cats):
            err(f"{where}: duplicate category")
        cat_count.update(set(cats))
        role = iv.get("role")
        confirm = iv.get("confirm")
        if role not in ("customer", "sales_rep"):
            err(f"{where}: bad role {role}")
        if confirm not in ("click", "typed"):
            err(f"{where}: bad confirm {confirm}")
        role_count[role] += 1
        confirm_count[confirm] += 1

        wishes = iv.get("wishes") or []
        nwish[len(wishes)] += 1
        if not 1 <= len(wishes) <= 2:
            err(f"{where}: {len(wishes)} wish parts (expected 1 or 2)")
        has_three = False
        confirm_reason = False
        reject_reason = False
        for j, w in enumerate(wishes):
            pw = f"{where} part {j + 1}"
            for key in ("wish", "need", "opening", "answers", "confirm_text", "reject_text"):
                if key not in w:
                    err(f"{pw}: missing {key}")
            extra = set(w) - {"wish", "need", "opening", "answers", "confirm_text", "reject_text"}
            if extra:
                err(f"{pw}: unknown keys {sorted(extra)}")
            if w.get("wish") not in wish_codes:
                err(f"{pw}: unknown wish {w.get('wish')}")
            if w.get("need") not in need_codes:
                err(f"{pw}: unknown need {w.get('need')}")
            pair_count[(w.get("wish"), w.get("need"))] += 1
            parts += 1
            op = w.get("opening")
            if op is None:
                if j == 0:
                    err(f"{pw}: first wish needs an opening")
            elif not isinstance(op, str) or not op.strip():
                err(f"{pw}: empty opening")
            ans = w.get("answers") or []
            if not isinstance(ans, list) or not 1 <= len(ans) <= 3:
                err(f"{pw}: needs 1-3 answers, has {len(ans) if isinstance(ans, list) else ans!r}")
            elif any(not isinstance(a, str) or not a.strip() for a in ans):
                err(f"{pw}: empty answer")
            else:
                n_answers[len(ans)] += 1
                has_three |= len(ans) == 3
            for key in ("confirm_text", "reject_text"):
                t = w.get(key)
                if not isinstance(t, str) or not t.strip():
                    err(f"{pw}: empty {key}")
            confirm_reason |= words(w.get("confirm_text")) >= 4
            reject_reason |= words(w.get("reject_text")) >= 4
            texts = [op or ""] + [a for a in ans if isinstance(a, str)] + [
                w.get("confirm_text") or "", w.get("reject_text") or ""]
            for t in texts:
                for b in BANNED:
                    if re.search(b, t, re.I):
                        err(f"{pw}: taxonomy wording /{b}/ in {t[:60]!r}")

        second_null = len(wishes) == 2 and wishes[1].get("opening") is None
        null_second += second_null
        asked_second += len(wishes) == 2 and not second_null
        # tag rules
        if ("two_wishes" in cats) != second_null:
            err(f"{where}: two_wishes tag must match a second wish with opening: null")
        if ("rep" in cats) != (role == "sales_rep"):
            err(f"{where}: rep tag must match role: sales_rep")
        if ("click_confirm" in cats) != (confirm == "click"):
            err(f"{where}: click_confirm tag must match confirm: click")
        if ("deep" in cats) != has_three:
            err(f"{where}: deep tag must match a wish part with exactly 3 answers")
        if "yes_reason" in cats and confirm != "typed":
            err(f"{where}: yes_reason only with confirm: typed")
        if confirm == "typed" and ("yes_reason" in cats) != confirm_reason:
            err(f"{where}: yes_reason tag must match a confirm_text of 4+ words (typed)")
        if ("no_reason" in cats) != reject_reason:
            err(f"{where}: no_reason tag must match a reject_text of 4+ words")
        if "another_wish_in_answer" in cats:
            if len(wishes) != 2 or second_null:
                err(f"{where}: another_wish_in_answer needs a second wish with its own opening")
            elif len(wishes[0].get("answers") or []) < 2:
                err(f"{where}: another_wish_in_answer needs an earlier answer that mentions the second wish")
        if ("greeting" in cats) != bool(GREETING.match(wishes[0].get("opening") or "")):
            err(f"{where}: greeting tag must match an opening that starts with a greeting")

    for k, v in ids.items():
        if v > 1:
            err(f"duplicate id {k}")
    for c in CATEGORIES:
        if cat_count[c] < MIN_PER_CATEGORY:
            err(f"category {c}: {cat_count[c]} interviews (< {MIN_PER_CATEGORY})")
    for s in SECTORS:
        if sector_count[s] != PER_SECTOR:
            err(f"sector {s}: {sector_count[s]} interviews (expected {PER_SECTOR})")
    atypical = {p: n for p, n in pair_count.items() if p[1] not in TYPICAL.get(p[0], set())}
    for w, ns in TYPICAL.items():
        for n in ns:
            if pair_count[(w, n)] < MIN_PER_TYPICAL:
                err(f"typical pair {w} -> {n}: {pair_count[(w, n)]} (< {MIN_PER_TYPICAL})")
    if sum(atypical.values()) > MAX_ATYPICAL:
        err(f"{sum(atypical.values())} atypical wish parts (> {MAX_ATYPICAL})")

    # report
    print(f"{len(data)} interviews, {parts} wish parts")
    print(f"wish parts per interview: {dict(sorted(nwish.items()))}; "
          f"second wish in first opening: {null_second}, after 'anything else?': {asked_second}")
    print(f"roles: {dict(role_count)}  ({role_count['sales_rep'] / len(data):.0%} sales_rep)")
    print(f"confirm: {dict(confirm_count)}")
    print(f"answers per wish part: {dict(sorted(n_answers.items()))}")
    print("sectors: " + ", ".join(f"{s} {sector_count[s]}" for s in SECTORS))
    print("\n| category | interviews |\n|---|---|")
    for c in CATEGORIES:
        print(f"| `{c}` | {cat_count[c]} |")
    needs = list(NEED_ABBR)
    print("\n| wish \\ need | " + " | ".join(NEED_ABBR[n] for n in needs) + " | total |")
    print("|---" * (len(needs) + 2) + "|")
    for w in wish_codes:
        row = [pair_count[(w, n)] for n in needs]
        print(f"| `{w}` | " + " | ".join(str(x) if x else "" for x in row) + f" | {sum(row)} |")
    col = [sum(pair_count[(w, n)] for w in wish_codes) for n in needs]
    print("| **total** | " + " | ".join(map(str, col)) + f" | {sum(col)} |")
    print("\natypical pairs: " + (", ".join(f"{w} -> {n} ({c})" for (w, n), c in sorted(atypical.items())) or "none"))

    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("ERROR:", e)
        return 1
    print("\nno errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
