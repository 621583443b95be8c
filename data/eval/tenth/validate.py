#!/usr/bin/env python3
"""Checker for the tenth independent interview set.

Checks the rules of README-interviews.md's "Validation" section:
  * wish and need codes are the ones in ../second/taxonomy-definitions.md
  * ids are unique and the required fields are present
  * each wish part has 1-3 non-empty answers
  * the first wish has an opening
  * tag and field rules: two_wishes <=> second wish has opening null;
    rep <=> role sales_rep; click_confirm <=> confirm click;
    deep <=> some wish part has exactly 3 answers; yes_reason only with typed
  * no taxonomy label wording in openings or answers
  * each category is used by at least 6 interviews
plus the rules of this set's brief:
  * 40 interviews, every id starts with its sector, 4 interviews per sector
  * 28 one-wish and 12 two-wish interviews (6 two_wishes, 6 another_wish_in_answer)
  * 20 typed / 20 click, 8-12 sales_rep interviews
  * every typical wish->need pair is used at least twice
  * header comment names the two source files and the sectors
It then prints the counts. Usage: python3 validate.py [interviews.yml]
"""
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
TAXONOMY = os.path.join(HERE, "..", "second", "taxonomy-definitions.md")
INTERVIEWS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "interviews.yml")

SECTORS = ["aquarium", "apiary", "cheesemonger", "glassworks", "hatchery",
           "tannery", "bindery", "cidery", "ferry", "dojo"]
PER_SECTOR = 4
N_INTERVIEWS = 40
N_ONE_WISH = 28
N_TWO_WISHES = 6          # both wishes in the first message
N_ANOTHER_IN_ANSWER = 6   # second wish mentioned inside an answer, opened at "anything else?"
N_TYPED = N_CLICK = 20
REPS_MIN, REPS_MAX = 8, 12
MIN_PER_CATEGORY = 6
MIN_PER_TYPICAL_PAIR = 2

CATEGORIES = ["restates_wish", "other_solution", "deep", "typos", "rambling",
              "misleading_cue", "yes_reason", "no_reason", "correction", "greeting",
              "two_wishes", "rep", "another_wish_in_answer", "click_confirm"]

# Typical pairs: the filled cells of README-interviews.md's wish x need table,
# minus longer_payment_terms -> admin_burden, which that README says the taxonomy does not list.
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

GREETING_RE = re.compile(
    r"^\s*(hi|hello|hey|hiya|howzit|oi|ola|olá|bonjour|morning|good (morning|afternoon|evening|day)|"
    r"greetings|dear|jambo|habari|namaste|xin chao|dzien dobry|bună)\b", re.I)

INTERVIEW_KEYS = {"id", "categories", "role", "customer", "confirm", "wishes"}
PART_KEYS = {"wish", "need", "opening", "answers", "confirm_text", "reject_text"}


def read_taxonomy(path):
    """Return (wish codes, need codes, label phrases) parsed from the taxonomy file."""
    wishes, needs, labels = [], [], []
    section = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("## "):
                section = line[3:].strip().lower()
                continue
            m = re.match(r"^- `([a-z_]+)` \(([^)]+)\):", line)
            if not m:
                continue
            code, label = m.groups()
            (wishes if section == "wishes" else needs).append(code)
            labels.append(label)
    return wishes, needs, labels


def norm(text):
    return re.sub(r"\s+", " ", re.sub(r"[-_/]", " ", text.lower())).strip()


def main():
    errors = []

    def err(msg):
        errors.append(msg)

    wish_codes, need_codes, labels = read_taxonomy(TAXONOMY)
    if not wish_codes or not need_codes:
        print(f"cannot read codes from {TAXONOMY}")
        return 1
    for w, ns in TYPICAL.items():
        if w not in wish_codes or not ns <= set(need_codes):
            err(f"typical-pair table does not match the taxonomy codes ({w})")
    banned = {norm(x) for x in labels} | {norm(c) for c in wish_codes + need_codes}
    banned |= {norm(x) for x in ["admin burden", "administrative burden", "working capital",
                                 "storage constraint", "planning visibility", "capital constraint",
                                 "handling constraint", "receiving window", "supply reliability",
                                 "demand uncertainty", "supplier held stock"]}

    with open(INTERVIEWS, encoding="utf-8") as fh:
        raw = fh.read()
    header = [l for l in raw.splitlines()[:10] if l.startswith("#")]
    head = " ".join(header)
    if not header or not header[0].startswith("# Tenth independent interview set"):
        err("first line must be the '# Tenth independent interview set ...' comment")
    if "../second/taxonomy-definitions.md" not in head or "../README-interviews.md" not in head:
        err("header comment must name ../second/taxonomy-definitions.md and ../README-interviews.md")
    if not any(l.startswith("# Sectors:") for l in header):
        err("header needs a '# Sectors:' line")

    data = yaml.safe_load(raw)
    if not isinstance(data, list):
        print("top level must be a list")
        return 1

    ids = Counter()
    sector_count = Counter()
    cat_count = Counter()
    role_count = Counter()
    confirm_count = Counter()
    n_answers = Counter()
    pair_count = Counter()
    wish_count = Counter()
    need_count = Counter()
    n_parts = 0
    n_one = n_two = n_null_second = n_opened_second = 0

    for i, iv in enumerate(data):
        where = f"interview #{i + 1}"
        if not isinstance(iv, dict):
            err(f"{where}: not a mapping")
            continue
        iid = iv.get("id")
        if isinstance(iid, str) and iid:
            where = iid
        else:
            err(f"{where}: missing id")
        ids[iid] += 1
        missing = INTERVIEW_KEYS - iv.keys()
        extra = iv.keys() - INTERVIEW_KEYS
        if missing:
            err(f"{where}: missing fields {sorted(missing)}")
        if extra:
            err(f"{where}: unknown fields {sorted(extra)}")

        # sector
        sector = next((s for s in SECTORS if isinstance(iid, str) and iid.startswith(s + "-")), None)
        if sector is None:
            err(f"{where}: id does not start with one of the sectors followed by '-'")
        else:
            sector_count[sector] += 1

        role = iv.get("role")
        confirm = iv.get("confirm")
        if role not in ("customer", "sales_rep"):
            err(f"{where}: role must be customer or sales_rep")
        if confirm not in ("typed", "click"):
            err(f"{where}: confirm must be typed or click")
        role_count[role] += 1
        confirm_count[confirm] += 1
        if not isinstance(iv.get("customer"), str) or not iv.get("customer", "").strip():
            err(f"{where}: customer must be a non-empty string")

        cats = iv.get("categories")
        if not isinstance(cats, list) or not cats:
            err(f"{where}: categories must be a non-empty list")
            cats = []
        for c in cats:
            if c not in CATEGORIES:
                err(f"{where}: unknown category {c!r}")
        if len(set(cats)) != len(cats):
            err(f"{where}: duplicate categories")
        cats = set(cats)
        cat_count.update(cats)

        wishes = iv.get("wishes")
        if not isinstance(wishes, list) or not 1 <= len(wishes) <= 2:
            err(f"{where}: wishes must be a list of 1 or 2 parts")
            continue
        if len(wishes) == 1:
            n_one += 1
        else:
            n_two += 1

        has_deep = False
        for j, part in enumerate(wishes):
            pw = f"{where} wish {j + 1}"
            if not isinstance(part, dict):
                err(f"{pw}: not a mapping")
                continue
            n_parts += 1
            missing = PART_KEYS - part.keys()
            extra = part.keys() - PART_KEYS
            if missing:
                err(f"{pw}: missing fields {sorted(missing)}")
            if extra:
                err(f"{pw}: unknown fields {sorted(extra)}")
            w, n = part.get("wish"), part.get("need")
            if w not in wish_codes:
                err(f"{pw}: unknown wish code {w!r}")
            if n not in need_codes:
                err(f"{pw}: unknown need code {n!r}")
            pair_count[(w, n)] += 1
            wish_count[w] += 1
            need_count[n] += 1

            opening = part.get("opening")
            if j == 0 and (not isinstance(opening, str) or not opening.strip()):
                err(f"{pw}: the first wish needs an opening")
            if opening is not None and (not isinstance(opening, str) or not opening.strip()):
                err(f"{pw}: opening must be null or a non-empty string")

            answers = part.get("answers")
            if not isinstance(answers, list) or not 1 <= len(answers) <= 3:
                err(f"{pw}: needs 1-3 answers")
                answers = answers if isinstance(answers, list) else []
            for a in answers:
                if not isinstance(a, str) or not a.strip():
                    err(f"{pw}: empty or non-string answer")
            n_answers[len(answers)] += 1
            if len(answers) == 3:
                has_deep = True

            for key in ("confirm_text", "reject_text"):
                v = part.get(key)
                if not isinstance(v, str) or not v.strip():
                    err(f"{pw}: {key} must be a non-empty string")

            texts = ([opening] if isinstance(opening, str) else []) + [a for a in answers if isinstance(a, str)]
            for t in texts:
                nt = norm(t)
                for b in banned:
                    if re.search(r"\b" + re.escape(b) + r"\b", nt):
                        err(f"{pw}: taxonomy label wording {b!r} in opening/answers")

        # tag and field rules
        second_null = len(wishes) == 2 and isinstance(wishes[1], dict) and wishes[1].get("opening") is None
        second_open = len(wishes) == 2 and isinstance(wishes[1], dict) and wishes[1].get("opening") is not None
        n_null_second += second_null
        n_opened_second += second_open
        if ("two_wishes" in cats) != second_null:
            err(f"{where}: two_wishes tag must match 'second wish has opening: null'")
        if ("another_wish_in_answer" in cats) != second_open:
            err(f"{where}: another_wish_in_answer tag must match 'second wish has its own opening'")
        if ("rep" in cats) != (role == "sales_rep"):
            err(f"{where}: rep tag must match role sales_rep")
        if ("click_confirm" in cats) != (confirm == "click"):
            err(f"{where}: click_confirm tag must match confirm click")
        if ("deep" in cats) != has_deep:
            err(f"{where}: deep tag must match 'some wish part has exactly 3 answers'")
        if "yes_reason" in cats and confirm != "typed":
            err(f"{where}: yes_reason is only used with confirm typed")
        first_opening = wishes[0].get("opening") if isinstance(wishes[0], dict) else None
        greets = isinstance(first_opening, str) and bool(GREETING_RE.match(first_opening))
        if ("greeting" in cats) != greets:
            err(f"{where}: greeting tag must match 'the opening starts with a greeting'")

    # set-level rules
    for iid, c in ids.items():
        if c > 1:
            err(f"duplicate id {iid!r}")
    if len(data) != N_INTERVIEWS:
        err(f"{len(data)} interviews, expected {N_INTERVIEWS}")
    for s in SECTORS:
        if sector_count[s] != PER_SECTOR:
            err(f"sector {s}: {sector_count[s]} interviews, expected {PER_SECTOR}")
    if n_one != N_ONE_WISH:
        err(f"{n_one} one-wish interviews, expected {N_ONE_WISH}")
    if n_null_second != N_TWO_WISHES:
        err(f"{n_null_second} two_wishes interviews, expected {N_TWO_WISHES}")
    if n_opened_second != N_ANOTHER_IN_ANSWER:
        err(f"{n_opened_second} another_wish_in_answer interviews, expected {N_ANOTHER_IN_ANSWER}")
    if confirm_count["typed"] != N_TYPED or confirm_count["click"] != N_CLICK:
        err(f"confirm typed/click = {confirm_count['typed']}/{confirm_count['click']}, expected {N_TYPED}/{N_CLICK}")
    if not REPS_MIN <= role_count["sales_rep"] <= REPS_MAX:
        err(f"{role_count['sales_rep']} sales_rep interviews, expected {REPS_MIN}-{REPS_MAX}")
    for c in CATEGORIES:
        if cat_count[c] < MIN_PER_CATEGORY:
            err(f"category {c}: {cat_count[c]} interviews, expected at least {MIN_PER_CATEGORY}")
    for w, ns in TYPICAL.items():
        for n in sorted(ns):
            if pair_count[(w, n)] < MIN_PER_TYPICAL_PAIR:
                err(f"typical pair {w} -> {n} used {pair_count[(w, n)]} times, expected >= {MIN_PER_TYPICAL_PAIR}")

    # report
    print(f"interviews: {len(data)}   wish parts: {n_parts}")
    print(f"one wish: {n_one}   two wishes: {n_two} "
          f"(two_wishes / opening null: {n_null_second}, another_wish_in_answer: {n_opened_second})")
    print(f"roles: customer {role_count['customer']}, sales_rep {role_count['sales_rep']}")
    print(f"confirm: typed {confirm_count['typed']}, click {confirm_count['click']}")
    print("answers per wish part: " + ", ".join(f"{k} -> {n_answers[k]}" for k in (1, 2, 3)))
    print("sectors: " + ", ".join(f"{s} {sector_count[s]}" for s in SECTORS))
    print("\ncategory counts (interviews):")
    for c in CATEGORIES:
        print(f"  {c:24s} {cat_count[c]}")
    abbr = {"demand_uncertainty": "DU", "storage_constraint": "ST", "capital_constraint": "CA",
            "receiving_window": "RW", "supply_reliability": "SR", "handling_constraint": "HA",
            "planning_visibility": "PV", "admin_burden": "AD"}
    cols = [n for n in need_codes]
    print("\nwish \\ need" + " " * 15 + " ".join(f"{abbr.get(n, n[:2]):>3s}" for n in cols) + "  total")
    for w in wish_codes:
        cells = " ".join(f"{pair_count[(w, n)] or '':>3}" for n in cols)
        print(f"  {w:24s} {cells}  {wish_count[w]:>5}")
    print(f"  {'total':24s} " + " ".join(f"{need_count[n]:>3}" for n in cols) + f"  {n_parts:>5}")
    atyp = sorted((w, n, c) for (w, n), c in pair_count.items() if n not in TYPICAL.get(w, set()))
    print("\natypical pairs: " + (", ".join(f"{w} -> {n} ({c})" for w, n, c in atyp) or "none"))

    print(f"\nerrors: {len(errors)}")
    for e in errors:
        print("  ERROR " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
