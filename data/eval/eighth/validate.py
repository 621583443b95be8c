#!/usr/bin/env python3
"""Checker for data/eval/eighth/interviews.yml.

Run from the repository root or from this folder:
    python3 data/eval/eighth/validate.py
Exit code 0 when there are no errors.
"""
import os
import re
import sys
from collections import Counter, defaultdict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
INTERVIEWS = os.path.join(HERE, "interviews.yml")
TAXONOMY = os.path.join(HERE, "..", "second", "taxonomy-definitions.md")

CATEGORIES = [
    "restates_wish", "other_solution", "deep", "typos", "rambling", "misleading_cue",
    "yes_reason", "no_reason", "correction", "greeting", "two_wishes", "rep",
    "another_wish_in_answer", "click_confirm",
]
MIN_PER_CATEGORY = 6

# Typical wish -> need pairs (the earlier writer's table, minus its one atypical pair).
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
ATYPICAL_PAIRS_RANGE = (2, 3)

SECTORS = ["butcher", "laundry", "zoo", "jeweller", "daycare", "kebab", "bowling",
           "winery", "sawmill", "mining"]
PER_SECTOR = 4
USED_BEFORE = """bakery carparts construction electronics foodretail hospital hotel pharmacy restaurant
school bike boatyard cleaning farm florist itreseller lab petshop print vet bodyshop brewery cafe camping
chocolatier cinema coffee dairy dental food garden gelateria pcb plumbing pottery printer rugby salon ski
skincare theatre tile university upholstery weaving wildlife window autoparts carehome council fulfilment
furniture gardencentre gym hardware icecream paint pizza printshop pub retail stationery steel supermarket
textile tiles bridal drycleaner framer funeral golfclub musicshop optician removals stables tattoo airline
bookshop boutique carwash chandlery commercial electrical festival fish forecourt greenhouse jam joinery
leisure moulding office pet phone pig recycling solar toyshop vending""".split()

# Taxonomy label wording that must not appear in openings or answers.
BANNED = [
    "shorter lead time", "smaller orders", "more frequent deliveries", "exact delivery time",
    "urgent orders", "late order changes", "custom packaging", "supplier-held stock",
    "supplier held stock", "longer payment terms", "delivery tracking",
    "demand uncertainty", "storage constraint", "capital constraint", "receiving window",
    "supply reliability", "handling constraint", "planning visibility", "administrative burden",
    "admin burden", "working capital", "working-capital", "cash tied up", "vmi",
]

REQUIRED_TOP = ["id", "categories", "role", "customer", "confirm", "wishes"]
REQUIRED_PART = ["wish", "need", "opening", "answers", "confirm_text", "reject_text"]
THIRD_PERSON = re.compile(r"\b(they|their|them|he|his|him|she|her|himself|herself)\b", re.I)
STOP = set("""the a an and or but so ok oh yeh yeah about that this thing i mentioned was on
now right matter of before my me we you your ur us our it its is are be to for in at""".split())


def words(s):
    return re.findall(r"[a-z0-9]+", s.lower())


def load_codes():
    text = open(TAXONOMY, encoding="utf-8").read()
    wishes_sec = text.split("## Wishes", 1)[1].split("## Needs", 1)[0]
    needs_sec = text.split("## Needs", 1)[1]
    wishes = re.findall(r"^- `([a-z_]+)`", wishes_sec, re.M)
    needs = re.findall(r"^- `([a-z_]+)`", needs_sec, re.M)
    return wishes, needs


def main():
    errors, warnings = [], []
    err = errors.append
    wish_codes, need_codes = load_codes()
    if len(wish_codes) != 10 or len(need_codes) != 8:
        err(f"taxonomy parse: {len(wish_codes)} wishes, {len(need_codes)} needs")
    banned = BANNED + wish_codes + need_codes

    data = yaml.safe_load(open(INTERVIEWS, encoding="utf-8"))
    if not isinstance(data, list):
        print("ERROR: top level is not a list")
        return 1

    # sectors
    for s in SECTORS:
        if s in USED_BEFORE or any(s.startswith(u) for u in USED_BEFORE):
            err(f"sector {s} collides with a sector used before")

    ids = Counter()
    cat_count = Counter()
    pair_count = Counter()
    wish_total, need_total = Counter(), Counter()
    role_count, confirm_count, nans = Counter(), Counter(), Counter()
    sector_count = Counter()
    n_parts = 0
    two_modes = Counter()

    for n, iv in enumerate(data):
        where = iv.get("id", f"#{n}") if isinstance(iv, dict) else f"#{n}"
        if not isinstance(iv, dict):
            err(f"{where}: not a mapping"); continue
        for f in REQUIRED_TOP:
            if f not in iv or iv[f] in (None, "", []):
                err(f"{where}: missing field {f}")
        extra = set(iv) - set(REQUIRED_TOP)
        if extra:
            err(f"{where}: unknown fields {sorted(extra)}")
        iid = str(iv.get("id", ""))
        ids[iid] += 1
        sec = next((s for s in SECTORS if iid.startswith(s + "-")), None)
        if sec is None:
            err(f"{where}: id does not start with one of the sectors")
        else:
            sector_count[sec] += 1
        cats = iv.get("categories") or []
        if len(set(cats)) != len(cats):
            err(f"{where}: duplicate categories")
        for c in cats:
            if c not in CATEGORIES:
                err(f"{where}: unknown category {c}")
        cat_count.update(set(cats))
        role = iv.get("role")
        if role not in ("customer", "sales_rep"):
            err(f"{where}: bad role {role}")
        role_count[role] += 1
        confirm = iv.get("confirm")
        if confirm not in ("typed", "click"):
            err(f"{where}: bad confirm {confirm}")
        confirm_count[confirm] += 1

        parts = iv.get("wishes") or []
        if not isinstance(parts, list) or not (1 <= len(parts) <= 2):
            err(f"{where}: wishes must be a list of 1-2 parts")
            parts = parts if isinstance(parts, list) else []
        texts = []
        for k, p in enumerate(parts):
            pw = f"{where} part {k + 1}"
            if not isinstance(p, dict):
                err(f"{pw}: not a mapping"); continue
            for f in REQUIRED_PART:
                if f not in p:
                    err(f"{pw}: missing field {f}")
            extra = set(p) - set(REQUIRED_PART)
            if extra:
                err(f"{pw}: unknown fields {sorted(extra)}")
            w, nd = p.get("wish"), p.get("need")
            if w not in wish_codes:
                err(f"{pw}: unknown wish {w}")
            if nd not in need_codes:
                err(f"{pw}: unknown need {nd}")
            pair_count[(w, nd)] += 1
            wish_total[w] += 1
            need_total[nd] += 1
            n_parts += 1
            op = p.get("opening")
            if k == 0 and not (isinstance(op, str) and op.strip()):
                err(f"{pw}: first wish needs an opening")
            if op is not None and not (isinstance(op, str) and op.strip()):
                err(f"{pw}: opening must be null or a non-empty string")
            ans = p.get("answers")
            if not isinstance(ans, list) or not (1 <= len(ans) <= 3):
                err(f"{pw}: answers must be a list of 1-3 entries")
                ans = ans if isinstance(ans, list) else []
            for a in ans:
                if not (isinstance(a, str) and a.strip()):
                    err(f"{pw}: empty or non-string answer")
            nans[len(ans)] += 1
            for f in ("confirm_text", "reject_text"):
                if not (isinstance(p.get(f), str) and p.get(f).strip()):
                    err(f"{pw}: {f} must be a non-empty string")
            for t in ([op] if isinstance(op, str) else []) + [a for a in ans if isinstance(a, str)]:
                low = t.lower()
                for b in banned:
                    if re.search(r"(?<![a-z])" + re.escape(b.lower()) + r"(?![a-z])", low):
                        err(f"{pw}: taxonomy wording '{b}' in: {t[:60]}...")
                texts.append(t)

        # tag rules
        later = parts[1:]
        has_null = any(isinstance(p, dict) and p.get("opening") is None for p in later)
        has_backref = any(isinstance(p, dict) and p.get("opening") is not None for p in later)
        if ("two_wishes" in cats) != has_null:
            err(f"{where}: two_wishes tag must match a second wish with opening: null")
        if ("another_wish_in_answer" in cats) != has_backref:
            err(f"{where}: another_wish_in_answer tag must match a second wish with its own opening")
        if has_null:
            two_modes["both in first message"] += 1
        if has_backref:
            two_modes["taken up at 'anything else?'"] += 1
            # the back-reference must be short and must echo words of the earlier answers
            first_answers = " ".join(parts[0].get("answers") or [])
            for p in later:
                op = p.get("opening")
                if op is None:
                    continue
                if len(words(op)) > 12:
                    err(f"{where}: back-reference opening longer than 12 words")
                keys = [x for x in words(op) if x not in STOP and len(x) >= 3]
                if not any(x in words(first_answers) for x in keys):
                    err(f"{where}: back-reference '{op}' shares no word with the first wish's answers")
        if ("rep" in cats) != (role == "sales_rep"):
            err(f"{where}: rep tag must match role: sales_rep")
        if ("click_confirm" in cats) != (confirm == "click"):
            err(f"{where}: click_confirm tag must match confirm: click")
        deep = any(isinstance(p, dict) and isinstance(p.get("answers"), list)
                   and len(p["answers"]) == 3 for p in parts)
        if ("deep" in cats) != deep:
            err(f"{where}: deep tag must match a wish part with exactly 3 answers")
        if "yes_reason" in cats:
            if confirm != "typed":
                err(f"{where}: yes_reason only with confirm: typed")
            if not any(len(words(p.get("confirm_text", ""))) >= 4 for p in parts if isinstance(p, dict)):
                err(f"{where}: yes_reason but no confirm_text gives a reason (>= 4 words)")
        if "no_reason" in cats:
            if not any(len(words(p.get("reject_text", ""))) >= 5 for p in parts if isinstance(p, dict)):
                err(f"{where}: no_reason but no reject_text gives a reason (>= 5 words)")
        if role == "sales_rep" and not THIRD_PERSON.search(" ".join(texts)):
            err(f"{where}: rep text never refers to the customer in the third person")

    for i, c in ids.items():
        if c > 1:
            err(f"duplicate id {i}")
    for s in SECTORS:
        if sector_count[s] != PER_SECTOR:
            err(f"sector {s}: {sector_count[s]} interviews, expected {PER_SECTOR}")
    for c in CATEGORIES:
        if cat_count[c] < MIN_PER_CATEGORY:
            err(f"category {c}: {cat_count[c]} interviews, expected >= {MIN_PER_CATEGORY}")
    for w, ns in TYPICAL.items():
        for nd in ns:
            if pair_count[(w, nd)] < MIN_PER_TYPICAL_PAIR:
                err(f"typical pair {w} -> {nd}: {pair_count[(w, nd)]}, expected >= {MIN_PER_TYPICAL_PAIR}")
    atypical = sorted(k for k in pair_count if k[1] not in TYPICAL.get(k[0], set()))
    lo, hi = ATYPICAL_PAIRS_RANGE
    if not (lo <= len(atypical) <= hi):
        err(f"{len(atypical)} atypical pairs, expected {lo}-{hi}")
    if len(data) != 40:
        err(f"{len(data)} interviews, expected 40")
    if not (45 <= n_parts <= 55):
        err(f"{n_parts} wish parts, expected about 50")

    # ---- report
    print(f"interviews: {len(data)}   wish parts: {n_parts}")
    print(f"one wish: {sum(1 for iv in data if len(iv.get('wishes') or []) == 1)}   "
          f"two wishes: {sum(1 for iv in data if len(iv.get('wishes') or []) == 2)} "
          f"({dict(two_modes)})")
    print(f"roles: {dict(role_count)}   confirm: {dict(confirm_count)}")
    print(f"answers per wish part: {dict(sorted(nans.items()))}")
    print(f"sectors: {dict(sector_count)}")
    print("\ncategory                 interviews")
    for c in CATEGORIES:
        print(f"  {c:<24} {cat_count[c]}")
    ab = {"demand_uncertainty": "DU", "storage_constraint": "ST", "capital_constraint": "CA",
          "receiving_window": "RW", "supply_reliability": "SR", "handling_constraint": "HA",
          "planning_visibility": "PV", "admin_burden": "AD"}
    print("\nwish \\ need               " + " ".join(f"{ab[n]:>3}" for n in need_codes) + "  total")
    for w in wish_codes:
        row = " ".join(f"{(pair_count[(w, n)] or ''):>3}" for n in need_codes)
        print(f"  {w:<24} {row}  {wish_total[w]:>5}")
    print(f"  {'total':<24} " + " ".join(f"{need_total[n]:>3}" for n in need_codes) + f"  {n_parts:>5}")
    print("\natypical pairs: " + ", ".join(f"{w}->{n} ({pair_count[(w, n)]})" for w, n in atypical))

    for w in warnings:
        print("WARNING:", w)
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("ERROR:", e)
        return 1
    print("\nno errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
