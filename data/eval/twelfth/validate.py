#!/usr/bin/env python3
"""Validate interviews.yml of the twelfth interview set and print its counts.

Implements the validation rules of ../README-interviews.md plus the extra
rules of the brief for this set (sectors, roles, confirmation mix, two-wish
shapes, banned wording in everything the simulated person types, typical
pair coverage).

Usage: python3 validate.py [--markdown] [path/to/interviews.yml]
Exit status 1 if any error is found.
"""
import os
import re
import sys
from collections import Counter, OrderedDict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
TAXONOMY_FILE = os.path.join(HERE, "..", "second", "taxonomy-definitions.md")

WISHES = [
    "shorter_lead_time", "smaller_orders", "more_frequent_deliveries",
    "exact_delivery_time", "urgent_orders", "late_order_changes",
    "custom_packaging", "supplier_held_stock", "longer_payment_terms",
    "delivery_tracking",
]
NEEDS = [
    "demand_uncertainty", "storage_constraint", "capital_constraint",
    "receiving_window", "supply_reliability", "handling_constraint",
    "planning_visibility", "admin_burden",
]
NEED_ABBR = {
    "demand_uncertainty": "DU", "storage_constraint": "ST",
    "capital_constraint": "CA", "receiving_window": "RW",
    "supply_reliability": "SR", "handling_constraint": "HA",
    "planning_visibility": "PV", "admin_burden": "AD",
}

# Typical wish -> need pairs (README-interviews.md, "Counts per wish and need").
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
MAX_ATYPICAL_PARTS = 3

CATEGORIES = [
    "restates_wish", "other_solution", "deep", "typos", "rambling",
    "misleading_cue", "yes_reason", "no_reason", "correction", "greeting",
    "two_wishes", "rep", "another_wish_in_answer", "click_confirm",
]
MIN_PER_CATEGORY = 6

SECTORS = [
    "icerink", "quarry", "orchard", "monastery", "fishfarm",
    "bouldering", "ropeworks", "canteen", "marina", "esports",
]
PER_SECTOR = 4
N_INTERVIEWS = 40
N_REPS = 10
N_TYPED = 20
N_CLICK = 20
N_TWO_WISHES = 6               # second wish already in the opening
N_ANOTHER_WISH_IN_ANSWER = 6   # second wish mentioned in an answer, then opened
PARTS_RANGE = (48, 56)         # "about 52 wish parts"
THREE_ANSWER_RANGE = (12, 16)  # "about 14 with 3"
RAMBLE_CHARS = 250

REQUIRED_INTERVIEW = ["id", "categories", "role", "customer", "confirm", "wishes"]
REQUIRED_PART = ["wish", "need", "opening", "answers", "confirm_text", "reject_text"]

# Wording nobody in the set may type: need labels and their distinctive
# words, wish labels (singular/plural, hyphen/space) and snake_case codes.
BANNED_WORDS = [
    "storage", "handling", "capital", "constraint", "visibility", "burden",
    "admin", "receiving", "reliability", "uncertainty",
]
BANNED_PATTERNS = [
    r"demand[\s_-]+uncertaint", r"storage[\s_-]+constraint", r"capital[\s_-]+constraint",
    r"receiving[\s_-]+window", r"supply[\s_-]+reliab", r"handling[\s_-]+constraint",
    r"planning[\s_-]+visib", r"administrative[\s_-]+burden",
    r"shorter[\s_-]+lead[\s_-]+times?", r"smaller[\s_-]+orders?",
    r"more[\s_-]+frequent[\s_-]+deliver", r"exact[\s_-]+delivery[\s_-]+times?",
    r"urgent[\s_-]+orders?", r"late[\s_-]+order[\s_-]+changes?",
    r"custom[\s_-]+packag", r"supplier[\s_-]+held", r"longer[\s_-]+payment[\s_-]+terms?",
    r"delivery[\s_-]+tracking",
]

GREETING_WORDS = {
    "hi", "hii", "hiii", "hiya", "hello", "hey", "heya", "yo", "g'day", "gday",
    "morning", "mornin", "afternoon", "evening", "good", "dear", "respected",
    "salam", "assalam", "aoa", "howdy", "greetings", "hallo",
}
THIRD_PERSON = re.compile(r"\b(they|their|them|theirs|he|his|him|she|her|hers)\b", re.I)
WORD = re.compile(r"[a-z']+")


def load_taxonomy_codes(path):
    """Codes from the taxonomy file, if it is there: (wishes, needs)."""
    if not os.path.exists(path):
        return None
    text = open(path, encoding="utf-8").read()
    section = None
    wishes, needs = [], []
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip().lower()
        m = re.match(r"\s*-\s+`([a-z_]+)`", line)
        if m and section == "wishes":
            wishes.append(m.group(1))
        elif m and section == "needs":
            needs.append(m.group(1))
    return wishes, needs


def typed_texts(part):
    """Everything the simulated person types for one wish part."""
    out = []
    if isinstance(part.get("opening"), str):
        out.append(("opening", part["opening"]))
    for i, a in enumerate(part.get("answers") or []):
        if isinstance(a, str):
            out.append(("answers[%d]" % i, a))
    for key in ("confirm_text", "reject_text"):
        if isinstance(part.get(key), str):
            out.append((key, part[key]))
    return out


def starts_with_greeting(text):
    words = WORD.findall(text.lower().replace("\u2019", "'"))[:3]
    return any(w in GREETING_WORDS for w in words)


def main(argv):
    markdown = "--markdown" in argv
    args = [a for a in argv if not a.startswith("--")]
    path = args[0] if args else os.path.join(HERE, "interviews.yml")

    errors = []

    def err(where, msg):
        errors.append("%s: %s" % (where, msg))

    tax = load_taxonomy_codes(TAXONOMY_FILE)
    if tax is not None:
        if sorted(tax[0]) != sorted(WISHES):
            err("taxonomy", "wish codes differ from %s: %s" % (TAXONOMY_FILE, tax[0]))
        if sorted(tax[1]) != sorted(NEEDS):
            err("taxonomy", "need codes differ from %s: %s" % (TAXONOMY_FILE, tax[1]))

    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if isinstance(data, dict) and "interviews" in data:
        data = data["interviews"]
    if not isinstance(data, list):
        print("ERROR: top level of %s must be a list of interviews" % path)
        return 1

    banned_res = [re.compile(r"\b" + w, re.I) for w in BANNED_WORDS]
    banned_res += [re.compile(p, re.I) for p in BANNED_PATTERNS]
    banned_res += [re.compile(re.escape(c), re.I) for c in WISHES + NEEDS]

    ids = Counter()
    cat_counts = Counter()
    roles = Counter()
    confirms = Counter()
    sectors = Counter()
    rep_sectors = Counter()
    answer_hist = Counter()
    pair_counts = Counter()
    wishes_per_interview = Counter()
    atypical = []
    n_parts = 0

    for n, iv in enumerate(data):
        where = "interview #%d" % (n + 1)
        if not isinstance(iv, dict):
            err(where, "is not a mapping")
            continue
        if isinstance(iv.get("id"), str):
            where = iv["id"]
        missing = [k for k in REQUIRED_INTERVIEW if k not in iv]
        if missing:
            err(where, "missing fields %s" % missing)
            continue
        extra = set(iv) - set(REQUIRED_INTERVIEW)
        if extra:
            err(where, "unknown fields %s" % sorted(extra))
        iid = iv["id"]
        ids[iid] += 1
        sector = iid.split("-", 1)[0] if isinstance(iid, str) else None
        if sector not in SECTORS or not iid.startswith(sector + "-"):
            err(where, "id must start with one of the sectors followed by '-'")
        else:
            sectors[sector] += 1

        cats = iv["categories"]
        if not isinstance(cats, list) or not cats:
            err(where, "categories must be a non-empty list")
            cats = []
        if len(set(cats)) != len(cats):
            err(where, "duplicate categories")
        for c in cats:
            if c not in CATEGORIES:
                err(where, "unknown category %r" % c)
        cats = set(cats)
        cat_counts.update(cats)

        role = iv["role"]
        if role not in ("customer", "sales_rep"):
            err(where, "role must be customer or sales_rep")
        roles[role] += 1
        if role == "sales_rep" and sector:
            rep_sectors[sector] += 1
        confirm = iv["confirm"]
        if confirm not in ("typed", "click"):
            err(where, "confirm must be typed or click")
        confirms[confirm] += 1
        if not isinstance(iv["customer"], str) or not iv["customer"].strip():
            err(where, "customer must be a non-empty string")

        parts = iv["wishes"]
        if not isinstance(parts, list) or not parts:
            err(where, "wishes must be a non-empty list")
            continue
        if len(parts) > 2:
            err(where, "at most two wish parts per interview in this set")
        wishes_per_interview[len(parts)] += 1

        has_three = False
        has_null_second = False
        has_opened_second = False
        has_ramble = False
        for k, part in enumerate(parts):
            pw = "%s wish %d" % (where, k + 1)
            if not isinstance(part, dict):
                err(pw, "is not a mapping")
                continue
            miss = [f for f in REQUIRED_PART if f not in part]
            if miss:
                err(pw, "missing fields %s" % miss)
                continue
            extra = set(part) - set(REQUIRED_PART)
            if extra:
                err(pw, "unknown fields %s" % sorted(extra))
            n_parts += 1
            w, nd = part["wish"], part["need"]
            if w not in WISHES:
                err(pw, "unknown wish code %r" % w)
            if nd not in NEEDS:
                err(pw, "unknown need code %r" % nd)
            if w in WISHES and nd in NEEDS:
                pair_counts[(w, nd)] += 1
                if nd not in TYPICAL[w]:
                    atypical.append((iid, w, nd))

            op = part["opening"]
            if k == 0:
                if not isinstance(op, str) or not op.strip():
                    err(pw, "first wish needs a non-empty opening")
            else:
                if op is None:
                    has_null_second = True
                elif isinstance(op, str) and op.strip():
                    has_opened_second = True
                else:
                    err(pw, "opening must be null or a non-empty string")

            ans = part["answers"]
            if not isinstance(ans, list) or not 1 <= len(ans) <= 3:
                err(pw, "answers must be a list of 1-3 entries")
                ans = ans if isinstance(ans, list) else []
            for i, a in enumerate(ans):
                if not isinstance(a, str) or not a.strip():
                    err(pw, "answer %d is empty or not a string" % (i + 1))
            answer_hist[len(ans)] += 1
            if len(ans) == 3:
                has_three = True
            if any(isinstance(a, str) and len(a) >= RAMBLE_CHARS for a in ans[:-1]):
                has_ramble = True

            for key in ("confirm_text", "reject_text"):
                if not isinstance(part[key], str) or not part[key].strip():
                    err(pw, "%s must be a non-empty string" % key)

            for field, text in typed_texts(part):
                for rx in banned_res:
                    m = rx.search(text)
                    if m:
                        err(pw, "%s contains label wording %r" % (field, m.group(0)))

            if role == "sales_rep":
                joined = " ".join(t for _, t in typed_texts(part)
                                  if not _.startswith(("confirm", "reject")))
                if not THIRD_PERSON.search(joined):
                    err(pw, "a rep must speak of the customer in the third person")

        # tag <-> field rules
        def rule(tag, holds, text):
            if (tag in cats) != holds:
                err(where, "tag %s %s" % (tag, text))

        rule("two_wishes", has_null_second, "must be set exactly when a second wish has opening: null")
        rule("another_wish_in_answer", has_opened_second,
             "must be set exactly when a second wish has its own opening")
        rule("rep", role == "sales_rep", "must match role: sales_rep")
        rule("click_confirm", confirm == "click", "must match confirm: click")
        rule("deep", has_three, "must be set exactly when a wish part has 3 answers")
        rule("rambling", has_ramble,
             "must be set exactly when a non-final answer has %d+ characters" % RAMBLE_CHARS)
        first_open = parts[0].get("opening") if isinstance(parts[0], dict) else None
        if isinstance(first_open, str):
            rule("greeting", starts_with_greeting(first_open),
                 "must be set exactly when the opening starts with a greeting")
        if "yes_reason" in cats:
            if confirm != "typed":
                err(where, "yes_reason is only used with confirm: typed")
            elif not any(isinstance(p, dict) and isinstance(p.get("confirm_text"), str)
                         and len(p["confirm_text"].split()) >= 5 for p in parts):
                err(where, "yes_reason needs a typed confirmation that carries a reason (5+ words)")
        if "two_wishes" in cats and "another_wish_in_answer" in cats:
            err(where, "two_wishes and another_wish_in_answer exclude each other")

    # set-level rules
    for iid, c in ids.items():
        if c > 1:
            err("ids", "duplicate id %r" % iid)
    if len(data) != N_INTERVIEWS:
        err("set", "expected %d interviews, found %d" % (N_INTERVIEWS, len(data)))
    for s in SECTORS:
        if sectors[s] != PER_SECTOR:
            err("set", "sector %s has %d interviews, expected %d" % (s, sectors[s], PER_SECTOR))
        if rep_sectors[s] != 1:
            err("set", "sector %s has %d sales_rep interviews, expected 1" % (s, rep_sectors[s]))
    if roles["sales_rep"] != N_REPS or roles["customer"] != N_INTERVIEWS - N_REPS:
        err("set", "expected %d customer / %d sales_rep, found %s" % (N_INTERVIEWS - N_REPS, N_REPS, dict(roles)))
    if confirms["typed"] != N_TYPED or confirms["click"] != N_CLICK:
        err("set", "expected %d typed / %d click, found %s" % (N_TYPED, N_CLICK, dict(confirms)))
    if cat_counts["two_wishes"] != N_TWO_WISHES:
        err("set", "expected %d two_wishes interviews, found %d" % (N_TWO_WISHES, cat_counts["two_wishes"]))
    if cat_counts["another_wish_in_answer"] != N_ANOTHER_WISH_IN_ANSWER:
        err("set", "expected %d another_wish_in_answer interviews, found %d"
            % (N_ANOTHER_WISH_IN_ANSWER, cat_counts["another_wish_in_answer"]))
    if not PARTS_RANGE[0] <= n_parts <= PARTS_RANGE[1]:
        err("set", "expected about 52 wish parts (%d-%d), found %d" % (PARTS_RANGE + (n_parts,)))
    if not THREE_ANSWER_RANGE[0] <= answer_hist[3] <= THREE_ANSWER_RANGE[1]:
        err("set", "expected about 14 wish parts with 3 answers, found %d" % answer_hist[3])
    if not answer_hist[2] > max(answer_hist[1], answer_hist[3]):
        err("set", "most wish parts should have 2 answers: %s" % dict(answer_hist))
    for c in CATEGORIES:
        if cat_counts[c] < MIN_PER_CATEGORY:
            err("set", "category %s used %d times, needs at least %d" % (c, cat_counts[c], MIN_PER_CATEGORY))
    for w, nds in TYPICAL.items():
        for nd in nds:
            if pair_counts[(w, nd)] < MIN_PER_TYPICAL_PAIR:
                err("set", "typical pair %s -> %s used %d times, needs %d"
                    % (w, nd, pair_counts[(w, nd)], MIN_PER_TYPICAL_PAIR))
    if len(atypical) > MAX_ATYPICAL_PARTS:
        err("set", "%d atypical wish parts, at most %d allowed" % (len(atypical), MAX_ATYPICAL_PARTS))

    # ---------------------------------------------------------------- report
    print("%d interviews, %d wish parts" % (len(data), n_parts))
    print("wish parts per interview: %s" % dict(sorted(wishes_per_interview.items())))
    print("roles: %s   confirm: %s" % (dict(roles), dict(confirms)))
    print("answers per wish part: %s" % dict(sorted(answer_hist.items())))
    print("sectors: %s" % ", ".join("%s %d" % (s, sectors[s]) for s in SECTORS))
    print()
    if markdown:
        print("| category | interviews |\n|---|---|")
        for c in CATEGORIES:
            print("| `%s` | %d |" % (c, cat_counts[c]))
    else:
        print("category counts (interviews carrying the tag):")
        for c in CATEGORIES:
            print("  %-24s %3d" % (c, cat_counts[c]))
    print()
    abbrs = [NEED_ABBR[n] for n in NEEDS]
    if markdown:
        print("| wish \\ need | " + " | ".join(abbrs) + " | total |")
        print("|---" * (len(NEEDS) + 2) + "|")
        for w in WISHES:
            row = [str(pair_counts[(w, n)]) if pair_counts[(w, n)] else "" for n in NEEDS]
            print("| `%s` | %s | %d |" % (w, " | ".join(row), sum(pair_counts[(w, n)] for n in NEEDS)))
        tot = [str(sum(pair_counts[(w, n)] for w in WISHES)) for n in NEEDS]
        print("| **total** | %s | %d |" % (" | ".join(tot), n_parts))
    else:
        print("wish x need (wish parts):")
        print("  %-26s" % "" + "".join("%4s" % a for a in abbrs) + "  total")
        for w in WISHES:
            row = "".join("%4s" % (pair_counts[(w, n)] or ".") for n in NEEDS)
            print("  %-26s%s  %5d" % (w, row, sum(pair_counts[(w, n)] for n in NEEDS)))
        print("  %-26s" % "total" + "".join("%4d" % sum(pair_counts[(w, n)] for w in WISHES) for n in NEEDS)
              + "  %5d" % n_parts)
    print()
    print("atypical pairs (%d):" % len(atypical))
    for iid, w, nd in atypical:
        print("  %s: %s -> %s" % (iid, w, nd))
    print()
    if errors:
        print("%d ERROR(S):" % len(errors))
        for e in errors:
            print("  " + e)
        return 1
    print("no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
