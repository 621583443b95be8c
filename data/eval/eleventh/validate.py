#!/usr/bin/env python3
"""Checker for the eleventh independent interview set.

Implements the rules listed under "Validation" in ../README-interviews.md, plus the
rules of this set's brief (40 interviews, 10 sectors x 4, ids start with their sector,
typical-pair coverage, confirmation and role balance). Needs python3 + PyYAML.

Usage: python3 validate.py [path/to/interviews.yml]
Exit code 0 if there are no errors, 1 otherwise.
"""
import collections
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_FILE = HERE / "interviews.yml"
TAXONOMY_FILE = HERE.parent / "second" / "taxonomy-definitions.md"

SECTORS = ["hospice", "circus", "themepark", "racecourse", "smokehouse",
           "brickworks", "marquee", "surfshop", "observatory", "piano"]
PER_SECTOR = 4
N_INTERVIEWS = 40

CATEGORIES = ["restates_wish", "other_solution", "deep", "typos", "rambling",
              "misleading_cue", "yes_reason", "no_reason", "correction", "greeting",
              "two_wishes", "rep", "another_wish_in_answer", "click_confirm"]
MIN_PER_CATEGORY = 6

INTERVIEW_KEYS = {"id", "categories", "role", "customer", "confirm", "wishes"}
PART_KEYS = {"wish", "need", "opening", "answers", "confirm_text", "reject_text"}

# Wish -> needs that README-interviews.md's table uses as "typical" (everything in the
# table except the one pair it names as atypical: longer_payment_terms -> admin_burden).
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
MIN_PER_TYPICAL_PAIR = 2

# Taxonomy label wording that must not appear in what the simulated person types.
# Need labels (and their distinctive words), wish labels, and the codes themselves.
BANNED_PATTERNS = [
    r"demand uncertainty", r"storage constraint", r"capital constraint", r"receiving window",
    r"supply reliability", r"handling constraint", r"planning visibility",
    r"admin(istrative)? burden", r"working[ -]capital",
    r"\buncertainty\b", r"\bconstraints?\b", r"\breliability\b", r"\bvisibility\b",
    r"\bburden\b", r"\bcapital\b", r"\badmin\b", r"\badministrative\b", r"\bstorage\b",
    r"\bhandling\b", r"\breceiving\b",
    r"shorter lead time", r"smaller orders", r"more frequent deliveries", r"exact delivery time",
    r"urgent orders", r"late order changes", r"custom packaging", r"supplier[- ]held stock",
    r"longer payment terms", r"delivery tracking",
    r"\b[a-z]+_[a-z_]+\b",  # snake_case codes
]

GREETING = re.compile(
    r"^\s*(hi|hiya|hello|hey|yo|good (morning|afternoon|evening|day)|morning|evening|"
    r"dear|bore da|wah gwaan|kia ora|greetings|howdy)\b", re.I)

RAMBLING_MIN_CHARS = 250


def taxonomy_codes(path):
    text = path.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)
    wishes, needs = [], []
    for sec in sections:
        head = sec.splitlines()[0].strip().lower() if sec.strip() else ""
        codes = re.findall(r"^- `([a-z_]+)`", sec, flags=re.M)
        if head.startswith("wishes"):
            wishes = codes
        elif head.startswith("needs"):
            needs = codes
    return wishes, needs


def nonempty_str(x):
    return isinstance(x, str) and x.strip() != ""


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_FILE
    errors = []

    def err(where, msg):
        errors.append(f"{where}: {msg}")

    wish_codes, need_codes = taxonomy_codes(TAXONOMY_FILE)
    if len(wish_codes) != 10 or len(need_codes) != 8:
        err("taxonomy", f"expected 10 wishes and 8 needs, parsed {len(wish_codes)} and {len(need_codes)}")
    wish_set, need_set = set(wish_codes), set(need_codes)
    banned = [re.compile(p, re.I) for p in BANNED_PATTERNS]

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        print(f"ERROR {path}: top level must be a list")
        return 1
    if len(data) != N_INTERVIEWS:
        err("file", f"{len(data)} interviews, expected {N_INTERVIEWS}")

    seen_ids = set()
    sector_count = collections.Counter()
    cat_count = collections.Counter()
    pair_count = collections.Counter()
    role_count = collections.Counter()
    confirm_count = collections.Counter()
    n_answers_count = collections.Counter()
    n_wishes_count = collections.Counter()
    parts_total = 0

    for i, item in enumerate(data):
        where = f"#{i + 1}"
        if not isinstance(item, dict):
            err(where, "interview is not a mapping")
            continue
        iid = item.get("id")
        if nonempty_str(iid):
            where = iid
        missing = INTERVIEW_KEYS - set(item)
        extra = set(item) - INTERVIEW_KEYS
        if missing:
            err(where, f"missing fields {sorted(missing)}")
        if extra:
            err(where, f"unknown fields {sorted(extra)}")

        # id
        if not nonempty_str(iid):
            err(where, "id missing or empty")
        else:
            if iid in seen_ids:
                err(where, "duplicate id")
            seen_ids.add(iid)
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", iid):
                err(where, "id must be lowercase words joined by hyphens")
            sector = iid.split("-")[0]
            if sector not in SECTORS:
                err(where, f"id does not start with a known sector ({sector})")
            else:
                sector_count[sector] += 1

        # scalar fields
        role = item.get("role")
        if role not in ("customer", "sales_rep"):
            err(where, f"role must be customer or sales_rep, not {role!r}")
        role_count[role] += 1
        confirm = item.get("confirm")
        if confirm not in ("typed", "click"):
            err(where, f"confirm must be typed or click, not {confirm!r}")
        confirm_count[confirm] += 1
        if not nonempty_str(item.get("customer")):
            err(where, "customer description missing")

        cats = item.get("categories")
        if not isinstance(cats, list) or not cats:
            err(where, "categories must be a non-empty list")
            cats = []
        for c in cats:
            if c not in CATEGORIES:
                err(where, f"unknown category {c!r}")
        if len(set(cats)) != len(cats):
            err(where, "duplicate category")
        cats = set(cats)
        cat_count.update(cats)

        # wish parts
        parts = item.get("wishes")
        if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
            err(where, "wishes must be a list of 1 or 2 parts")
            parts = parts if isinstance(parts, list) else []
        n_wishes_count[len(parts)] += 1
        texts = []
        for j, part in enumerate(parts):
            pw = f"{where} wish {j + 1}"
            if not isinstance(part, dict):
                err(pw, "wish part is not a mapping")
                continue
            parts_total += 1
            pmissing = PART_KEYS - set(part)
            pextra = set(part) - PART_KEYS
            if pmissing:
                err(pw, f"missing fields {sorted(pmissing)}")
            if pextra:
                err(pw, f"unknown fields {sorted(pextra)}")
            w, n = part.get("wish"), part.get("need")
            if w not in wish_set:
                err(pw, f"unknown wish code {w!r}")
            if n not in need_set:
                err(pw, f"unknown need code {n!r}")
            pair_count[(w, n)] += 1

            opening = part.get("opening")
            if j == 0 and not nonempty_str(opening):
                err(pw, "the first wish must have an opening")
            if j == 1 and opening is not None and not nonempty_str(opening):
                err(pw, "opening must be null or non-empty text")
            if opening is not None:
                texts.append(("opening", opening))

            answers = part.get("answers")
            if not isinstance(answers, list) or not 1 <= len(answers) <= 3:
                err(pw, "answers must be a list of 1-3 entries")
                answers = answers if isinstance(answers, list) else []
            for a in answers:
                if not nonempty_str(a):
                    err(pw, "empty answer")
                else:
                    texts.append(("answer", a))
            if len(set(answers)) != len(answers):
                err(pw, "duplicate answers")
            n_answers_count[len(answers)] += 1

            for key in ("confirm_text", "reject_text"):
                if not nonempty_str(part.get(key)):
                    err(pw, f"{key} missing or empty")
                else:
                    texts.append((key, part[key]))

        # label wording
        for kind, t in texts:
            for pat in banned:
                m = pat.search(t)
                if m:
                    err(where, f"taxonomy label wording {m.group(0)!r} in {kind}")

        # two-wish structure
        if len(parts) == 2 and all(isinstance(p, dict) for p in parts):
            if parts[0].get("wish") == parts[1].get("wish"):
                err(where, "the two wish parts have the same wish code")
        second_null = len(parts) == 2 and isinstance(parts[1], dict) and parts[1].get("opening") is None
        second_open = len(parts) == 2 and isinstance(parts[1], dict) and parts[1].get("opening") is not None
        if ("two_wishes" in cats) != second_null:
            err(where, "two_wishes tag must match exactly: second wish with opening null")
        if ("another_wish_in_answer" in cats) != second_open:
            err(where, "another_wish_in_answer tag must match exactly: second wish with its own opening")

        # tag/field rules
        if ("rep" in cats) != (role == "sales_rep"):
            err(where, "rep tag must match role: sales_rep")
        if ("click_confirm" in cats) != (confirm == "click"):
            err(where, "click_confirm tag must match confirm: click")
        lens = [len(p.get("answers") or []) for p in parts if isinstance(p, dict)]
        if ("deep" in cats) != any(l == 3 for l in lens):
            err(where, "deep tag must match: some wish part has exactly 3 answers")
        if "yes_reason" in cats and confirm != "typed":
            err(where, "yes_reason is only used with confirm: typed")
        first_opening = parts[0].get("opening") if parts and isinstance(parts[0], dict) else None
        is_greeting = bool(first_opening and GREETING.search(first_opening))
        if ("greeting" in cats) != is_greeting:
            err(where, "greeting tag must match: first opening starts with a greeting")
        for tag in ("restates_wish", "other_solution", "no_reason", "correction"):
            if tag in cats and not any(l >= 2 for l in lens):
                err(where, f"{tag} needs an earlier answer, so some wish part needs 2+ answers")
        if "rambling" in cats and not any(len(t) >= RAMBLING_MIN_CHARS for _, t in texts):
            err(where, f"rambling needs some text of at least {RAMBLING_MIN_CHARS} characters")

    # set-level rules
    for s in SECTORS:
        if sector_count[s] != PER_SECTOR:
            err("sectors", f"{s} has {sector_count[s]} interviews, expected {PER_SECTOR}")
    for c in CATEGORIES:
        if cat_count[c] < MIN_PER_CATEGORY:
            err("categories", f"{c} used {cat_count[c]} times, expected at least {MIN_PER_CATEGORY}")
    for w, ns in TYPICAL.items():
        for n in sorted(ns):
            if pair_count[(w, n)] < MIN_PER_TYPICAL_PAIR:
                err("pairs", f"typical pair {w} -> {n} used {pair_count[(w, n)]} times, "
                             f"expected at least {MIN_PER_TYPICAL_PAIR}")

    # report
    print(f"{path.name}: {len(data)} interviews, {parts_total} wish parts")
    print(f"  wishes per interview: " + ", ".join(f"{k}: {v}" for k, v in sorted(n_wishes_count.items())))
    print(f"  two_wishes: {cat_count['two_wishes']}, another_wish_in_answer: {cat_count['another_wish_in_answer']}")
    print(f"  roles: " + ", ".join(f"{k}: {v}" for k, v in sorted(role_count.items(), key=str)))
    print(f"  confirm: " + ", ".join(f"{k}: {v}" for k, v in sorted(confirm_count.items(), key=str)))
    print(f"  answers per wish part: " + ", ".join(f"{k}: {v}" for k, v in sorted(n_answers_count.items())))
    print("  sectors: " + ", ".join(f"{s} {sector_count[s]}" for s in SECTORS))
    print("\n| category | interviews |\n|---|---|")
    for c in CATEGORIES:
        print(f"| `{c}` | {cat_count[c]} |")
    abbrev = {"demand_uncertainty": "DU", "storage_constraint": "ST", "capital_constraint": "CA",
              "receiving_window": "RW", "supply_reliability": "SR", "handling_constraint": "HA",
              "planning_visibility": "PV", "admin_burden": "AD"}
    needs = need_codes or list(abbrev)
    print("\n| wish \\ need | " + " | ".join(abbrev.get(n, n) for n in needs) + " | total |")
    print("|---|" + "---|" * (len(needs) + 1))
    col_tot = collections.Counter()
    for w in wish_codes:
        row = [pair_count[(w, n)] for n in needs]
        for n, v in zip(needs, row):
            col_tot[n] += v
        print(f"| `{w}` | " + " | ".join(str(v) if v else "" for v in row) + f" | {sum(row)} |")
    print("| **total** | " + " | ".join(str(col_tot[n]) for n in needs) + f" | {sum(col_tot.values())} |")
    atypical = sorted((w, n, c) for (w, n), c in pair_count.items()
                      if w in TYPICAL and n not in TYPICAL[w])
    if atypical:
        print("\natypical pairs: " + ", ".join(f"{w} -> {n} ({c})" for w, n, c in atypical))

    print()
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
