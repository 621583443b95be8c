#!/usr/bin/env python3
"""Checker for data/eval/ninth/interviews.yml.

Run from the repository root or from anywhere: python3 data/eval/ninth/validate.py
Exits with status 1 if any error is found.
"""
import collections
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
YML = os.path.join(HERE, "interviews.yml")
TAXONOMY = os.path.join(HERE, "..", "second", "taxonomy-definitions.md")

CATEGORIES = [
    "restates_wish", "other_solution", "deep", "typos", "rambling", "misleading_cue",
    "yes_reason", "no_reason", "correction", "greeting", "two_wishes", "rep",
    "another_wish_in_answer", "click_confirm",
]
MIN_PER_CATEGORY = 6
ROLES = {"customer", "sales_rep"}
CONFIRMS = {"typed", "click"}
REQUIRED = ["id", "categories", "role", "customer", "confirm", "wishes"]
WISH_FIELDS = ["wish", "need", "opening", "answers", "confirm_text", "reject_text"]

# Sectors used by earlier writers (must not be reused).
USED_SECTORS = set("""
bakery carparts construction electronics foodretail hospital hotel pharmacy restaurant school bike
boatyard cleaning farm florist itreseller lab petshop print vet bodyshop brewery cafe camping chocolatier
cinema coffee dairy dental food garden gelateria pcb plumbing pottery printer rugby salon ski skincare
theatre tile university upholstery weaving wildlife window autoparts carehome council fulfilment
furniture gardencentre gym hardware icecream paint pizza printshop pub retail stationery steel
supermarket textile tiles bridal drycleaner framer funeral golfclub musicshop optician removals stables
tattoo airline bookshop boutique carwash chandlery commercial electrical festival fish forecourt
greenhouse jam joinery leisure moulding office pet phone pig recycling solar toyshop vending butcher
laundry zoo jeweller daycare kebab bowling winery sawmill mining
""".split())
SECTORS = ["distillery", "foundry", "kennels", "locksmith", "museum",
           "catering", "candles", "foodbank", "signmaker", "prison"]
PER_SECTOR = 4

# Typical wish -> need pairs (from the earlier writer's table in README-interviews.md,
# minus its one declared atypical pair longer_payment_terms -> admin_burden).
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

ABBR = {
    "demand_uncertainty": "DU", "storage_constraint": "ST", "capital_constraint": "CA",
    "receiving_window": "RW", "supply_reliability": "SR", "handling_constraint": "HA",
    "planning_visibility": "PV", "admin_burden": "AD",
}


def taxonomy_codes(path):
    text = open(path, encoding="utf-8").read()
    wishes_part, needs_part = text.split("## Needs")
    wishes_part = wishes_part.split("## Wishes")[1]
    code_re = re.compile(r"^- `([a-z_]+)` \(([^)]+)\)", re.M)
    wishes = dict(code_re.findall(wishes_part))
    needs = dict(code_re.findall(needs_part))
    return wishes, needs


def banned_phrases(needs):
    """Taxonomy label wording that must not appear in what the simulated person types."""
    phrases = set()
    for code, label in needs.items():
        phrases.add(label.lower())
        phrases.add(code)
        phrases.add(code.replace("_", " "))
    phrases |= {"working capital", "working-capital", "admin burden", "administrative burden",
                "supply reliability", "demand uncertainty", "planning visibility",
                "receiving window", "storage constraint", "handling constraint", "capital constraint"}
    return sorted(phrases)


def main():
    errors, warnings = [], []
    wishes, needs = taxonomy_codes(TAXONOMY)
    banned = banned_phrases(needs)
    for w, ns in TYPICAL.items():
        if w not in wishes or not ns <= set(needs):
            errors.append(f"typical-pair table refers to unknown code: {w} {ns}")

    for s in SECTORS:
        if s in USED_SECTORS:
            errors.append(f"sector {s} was already used by an earlier writer")

    data = yaml.safe_load(open(YML, encoding="utf-8"))
    if not isinstance(data, list):
        print("ERROR: top level must be a list")
        sys.exit(1)

    ids = collections.Counter()
    cat_count = collections.Counter()
    sector_count = collections.Counter()
    pair_count = collections.Counter()
    role_count = collections.Counter()
    confirm_count = collections.Counter()
    answer_len = collections.Counter()
    n_wishes_count = collections.Counter()
    wish_total = collections.Counter()
    need_total = collections.Counter()
    atypical = []

    for i, it in enumerate(data):
        where = f"item {i}"
        if not isinstance(it, dict):
            errors.append(f"{where}: not a mapping")
            continue
        iid = it.get("id")
        where = f"{iid or where}"
        for f in REQUIRED:
            if f not in it or it[f] in (None, "", []):
                errors.append(f"{where}: missing field {f}")
        extra = set(it) - set(REQUIRED)
        if extra:
            errors.append(f"{where}: unknown fields {sorted(extra)}")
        if not isinstance(iid, str):
            continue
        ids[iid] += 1
        sector = next((s for s in SECTORS if iid.startswith(s + "-")), None)
        if sector is None:
            errors.append(f"{where}: id does not start with one of the sectors")
        else:
            sector_count[sector] += 1

        cats = it.get("categories") or []
        if not isinstance(cats, list):
            errors.append(f"{where}: categories must be a list")
            cats = []
        for c in cats:
            if c not in CATEGORIES:
                errors.append(f"{where}: unknown category {c}")
        if len(set(cats)) != len(cats):
            errors.append(f"{where}: duplicate category")
        cat_count.update(set(cats))

        role = it.get("role")
        if role not in ROLES:
            errors.append(f"{where}: bad role {role}")
        role_count[role] += 1
        confirm = it.get("confirm")
        if confirm not in CONFIRMS:
            errors.append(f"{where}: bad confirm {confirm}")
        confirm_count[confirm] += 1
        if not isinstance(it.get("customer"), str):
            errors.append(f"{where}: customer must be a string")

        ws = it.get("wishes") or []
        if not isinstance(ws, list) or not ws:
            errors.append(f"{where}: wishes must be a non-empty list")
            continue
        if len(ws) > 2:
            errors.append(f"{where}: more than two wish parts")
        n_wishes_count[len(ws)] += 1

        for j, w in enumerate(ws):
            wwhere = f"{where} wish {j + 1}"
            if not isinstance(w, dict):
                errors.append(f"{wwhere}: not a mapping")
                continue
            for f in WISH_FIELDS:
                if f not in w:
                    errors.append(f"{wwhere}: missing field {f}")
            extra = set(w) - set(WISH_FIELDS)
            if extra:
                errors.append(f"{wwhere}: unknown fields {sorted(extra)}")
            if w.get("wish") not in wishes:
                errors.append(f"{wwhere}: unknown wish code {w.get('wish')}")
            if w.get("need") not in needs:
                errors.append(f"{wwhere}: unknown need code {w.get('need')}")
            op = w.get("opening")
            if j == 0 and not (isinstance(op, str) and op.strip()):
                errors.append(f"{wwhere}: the first wish needs an opening")
            if op is not None and not (isinstance(op, str) and op.strip()):
                errors.append(f"{wwhere}: opening must be null or a non-empty string")
            ans = w.get("answers")
            if not isinstance(ans, list) or not 1 <= len(ans) <= 3:
                errors.append(f"{wwhere}: answers must be a list of 1-3 entries")
                ans = ans if isinstance(ans, list) else []
            for a in ans:
                if not (isinstance(a, str) and a.strip()):
                    errors.append(f"{wwhere}: empty or non-string answer")
            answer_len[len(ans)] += 1
            for f in ("confirm_text", "reject_text"):
                if not (isinstance(w.get(f), str) and w.get(f).strip()):
                    errors.append(f"{wwhere}: {f} must be a non-empty string")
            texts = [op or ""] + [a for a in ans if isinstance(a, str)] + \
                    [w.get("confirm_text") or "", w.get("reject_text") or ""]
            for t in texts:
                low = t.lower()
                for p in banned:
                    if p in low:
                        errors.append(f"{wwhere}: taxonomy label wording '{p}' in person text")
            wc, nc = w.get("wish"), w.get("need")
            if wc in wishes and nc in needs:
                pair_count[(wc, nc)] += 1
                wish_total[wc] += 1
                need_total[nc] += 1
                if nc not in TYPICAL.get(wc, set()):
                    atypical.append(f"{iid}: {wc} -> {nc}")

        # tag rules
        later = ws[1:]
        has_null_second = any(isinstance(w, dict) and w.get("opening") is None for w in later)
        has_open_second = any(isinstance(w, dict) and w.get("opening") is not None for w in later)
        if ("two_wishes" in cats) != has_null_second:
            errors.append(f"{where}: two_wishes tag must match a second wish with opening: null")
        if ("another_wish_in_answer" in cats) != has_open_second:
            errors.append(f"{where}: another_wish_in_answer tag must match a second wish with its own opening")
        if ("rep" in cats) != (role == "sales_rep"):
            errors.append(f"{where}: rep tag must match role: sales_rep")
        if ("click_confirm" in cats) != (confirm == "click"):
            errors.append(f"{where}: click_confirm tag must match confirm: click")
        has_deep = any(isinstance(w, dict) and isinstance(w.get("answers"), list)
                       and len(w["answers"]) == 3 for w in ws)
        if ("deep" in cats) != has_deep:
            errors.append(f"{where}: deep tag must match a wish part with exactly 3 answers")
        if "yes_reason" in cats and confirm != "typed":
            errors.append(f"{where}: yes_reason is only used with confirm: typed")
        if "another_wish_in_answer" in cats and len(ws) == 2 and isinstance(ws[0], dict):
            # soft check: the second wish should be mentioned in an answer to the first
            first_answers = " ".join(a for a in ws[0].get("answers") or [] if isinstance(a, str)).lower()
            op2 = (ws[1].get("opening") or "").lower()
            words = {x for x in re.findall(r"[a-z]{4,}", op2)} - {
                "could", "what", "said", "that", "thing", "mentioned", "also", "with", "your", "about"}
            if not any(x in first_answers for x in words):
                warnings.append(f"{where}: second opening shares no word with the first wish's answers")

    for iid, n in ids.items():
        if n > 1:
            errors.append(f"duplicate id {iid}")
    for s in SECTORS:
        if sector_count[s] != PER_SECTOR:
            errors.append(f"sector {s} has {sector_count[s]} interviews, expected {PER_SECTOR}")
    for c in CATEGORIES:
        if cat_count[c] < MIN_PER_CATEGORY:
            errors.append(f"category {c} used {cat_count[c]} times, fewer than {MIN_PER_CATEGORY}")
    for w, ns in TYPICAL.items():
        for n in ns:
            if pair_count[(w, n)] < MIN_PER_TYPICAL_PAIR:
                errors.append(f"typical pair {w} -> {n} used {pair_count[(w, n)]} times")

    # ---- report
    n_int = len(data)
    n_parts = sum(answer_len.values())
    print(f"interviews: {n_int}   wish parts: {n_parts}")
    print(f"one wish: {n_wishes_count[1]}   two wishes: {n_wishes_count[2]}")
    print(f"roles: " + ", ".join(f"{k} {v}" for k, v in sorted(role_count.items(), key=str)))
    print(f"confirm: " + ", ".join(f"{k} {v}" for k, v in sorted(confirm_count.items(), key=str)))
    print("answers per wish part: " + ", ".join(f"{k}: {answer_len[k]}" for k in (1, 2, 3)))
    print("sectors: " + ", ".join(f"{s} {sector_count[s]}" for s in SECTORS))
    print()
    print("| category | interviews |")
    print("|---|---|")
    for c in CATEGORIES:
        print(f"| `{c}` | {cat_count[c]} |")
    print()
    cols = list(needs)
    print("| wish \\ need | " + " | ".join(ABBR.get(n, n) for n in cols) + " | total |")
    print("|---" * (len(cols) + 2) + "|")
    for w in wishes:
        cells = [str(pair_count[(w, n)]) if pair_count[(w, n)] else "" for n in cols]
        print(f"| `{w}` | " + " | ".join(cells) + f" | {wish_total[w]} |")
    print("| **total** | " + " | ".join(str(need_total[n]) for n in cols) + f" | {n_parts} |")
    print()
    print(f"atypical pairs ({len(atypical)}):")
    for a in atypical:
        print("  " + a)
    print()
    for w in warnings:
        print("WARNING: " + w)
    for e in errors:
        print("ERROR: " + e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
