#!/usr/bin/env python3
"""Check the shape and counts of interviews.yml (thirteenth set).

Standard library + PyYAML only. Run from this folder:  python3 validate.py
Exits with status 1 and lists the problems if any check fails.
"""
import collections
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "interviews.yml")

# Codes copied from ../second/taxonomy-definitions.md
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
# Categories from ../README-interviews.md
CATEGORIES = [
    "restates_wish", "other_solution", "deep", "typos", "rambling",
    "misleading_cue", "yes_reason", "no_reason", "correction", "greeting",
    "two_wishes", "rep", "another_wish_in_answer", "click_confirm",
]
SECTORS = [
    "lighthouse", "brewpub", "trampoline", "hostel", "sailmaker",
    "tyrefitter", "nursery", "cooperage", "planetarium", "dogcare",
]
ANSWER_KINDS = {
    "restate", "other_solution", "ramble", "shrug", "cue", "rule_out",
    "correction", "need",
}
GREETING_WORDS = (
    "hi", "hiya", "hey", "hello", "good morning", "good afternoon",
    "good evening", "morning", "afternoon", "evening", "ey up", "alright",
)
# Label wording that must not leak into what the simulated person says.
BANNED_PHRASES = [
    "demand uncertainty", "storage constraint", "capital constraint",
    "receiving window", "supply reliability", "handling constraint",
    "planning visibility", "administrative burden", "admin burden",
    "working capital", "working-capital", "tied up in stock",
    "lead time",
]
REQUIRED_KEYS = ["id", "categories", "role", "customer", "confirm", "wishes"]
PART_KEYS = ["wish", "need", "opening", "answers", "confirm_text", "reject_text"]

errors = []


def err(msg):
    errors.append(msg)


def main():
    raw = open(PATH, encoding="utf-8").read()
    data = yaml.safe_load(raw)
    if not isinstance(data, list):
        print("interviews.yml must be a top-level list")
        sys.exit(1)

    # answer-kind comments, one per wish part, in file order
    kind_lines = [
        [k.strip() for k in m.group(1).split(",")]
        for m in re.finditer(r"^\s*# kinds:\s*(.+)$", raw, re.M)
    ]

    if len(data) != 40:
        err(f"expected 40 interviews, found {len(data)}")

    ids = collections.Counter()
    sector_count = collections.Counter()
    rep_sectors = collections.Counter()
    roles = collections.Counter()
    confirms = collections.Counter()
    cat_count = collections.Counter()
    wish_count = collections.Counter()
    need_count = collections.Counter()
    pair_count = collections.Counter()
    n_answers = collections.Counter()
    kinds_count = collections.Counter()
    shape = collections.Counter()
    parts_total = 0
    part_index = 0

    for iv in data:
        iid = iv.get("id", "?")
        ids[iid] += 1
        for k in REQUIRED_KEYS:
            if k not in iv:
                err(f"{iid}: missing key {k}")
        if set(iv) - set(REQUIRED_KEYS):
            err(f"{iid}: unknown keys {set(iv) - set(REQUIRED_KEYS)}")
        sector = iid.split("-", 1)[0]
        if sector not in SECTORS or not re.match(r"^[a-z]+-[a-z0-9-]+$", iid):
            err(f"{iid}: id must start with one of the sectors and a hyphen")
        sector_count[sector] += 1

        role = iv.get("role")
        roles[role] += 1
        if role not in ("customer", "sales_rep"):
            err(f"{iid}: bad role {role}")
        if role == "sales_rep":
            rep_sectors[sector] += 1
        confirm = iv.get("confirm")
        confirms[confirm] += 1
        if confirm not in ("typed", "click"):
            err(f"{iid}: bad confirm {confirm}")
        if not isinstance(iv.get("customer"), str) or not iv["customer"].strip():
            err(f"{iid}: customer must be a non-empty string")

        cats = iv.get("categories") or []
        if len(set(cats)) != len(cats):
            err(f"{iid}: duplicate categories")
        for c in cats:
            if c not in CATEGORIES:
                err(f"{iid}: unknown category {c}")
            cat_count[c] += 1

        parts = iv.get("wishes") or []
        if len(parts) not in (1, 2):
            err(f"{iid}: needs 1 or 2 wish parts, has {len(parts)}")
        parts_total += len(parts)
        has_deep = False
        all_text = []
        for i, p in enumerate(parts):
            for k in PART_KEYS:
                if k not in p:
                    err(f"{iid} part {i+1}: missing key {k}")
            if set(p) - set(PART_KEYS):
                err(f"{iid} part {i+1}: unknown keys {set(p) - set(PART_KEYS)}")
            w, n = p.get("wish"), p.get("need")
            if w not in WISHES:
                err(f"{iid} part {i+1}: unknown wish {w}")
            if n not in NEEDS:
                err(f"{iid} part {i+1}: unknown need {n}")
            wish_count[w] += 1
            need_count[n] += 1
            pair_count[(w, n)] += 1
            ans = p.get("answers") or []
            if not 1 <= len(ans) <= 3 or not all(isinstance(a, str) and a.strip() for a in ans):
                err(f"{iid} part {i+1}: needs 1-3 non-empty answers")
            n_answers[len(ans)] += 1
            if len(ans) == 3:
                has_deep = True
            for k in ("confirm_text", "reject_text"):
                if not isinstance(p.get(k), str) or not p[k].strip():
                    err(f"{iid} part {i+1}: {k} must be non-empty")
            op = p.get("opening")
            if i == 0 and (not isinstance(op, str) or not op.strip()):
                err(f"{iid}: first part needs an opening")
            if op:
                all_text.append(op)
            all_text.extend(ans)
            # answer kinds from the comment
            if part_index < len(kind_lines):
                kinds = kind_lines[part_index]
                if len(kinds) != len(ans):
                    err(f"{iid} part {i+1}: {len(kinds)} kinds for {len(ans)} answers")
                if not kinds or kinds[-1] != "need":
                    err(f"{iid} part {i+1}: last answer kind must be need")
                if "need" in kinds[:-1]:
                    err(f"{iid} part {i+1}: need stated before the last answer")
                for k in kinds:
                    if k not in ANSWER_KINDS:
                        err(f"{iid} part {i+1}: unknown answer kind {k}")
                    kinds_count[k] += 1
                for k, a in zip(kinds, ans):
                    if k == "ramble" and len(a) < 250:
                        err(f"{iid} part {i+1}: ramble answer shorter than 250 chars")
            part_index += 1

        # shape of the interview
        if len(parts) == 1:
            shape["one wish"] += 1
        elif len(parts) == 2:
            if parts[1].get("opening") is None:
                shape["two wishes, both in opening"] += 1
            else:
                shape["two wishes, second via answer"] += 1

        # tag rules
        two_null = len(parts) == 2 and parts[1].get("opening") is None
        two_answer = len(parts) == 2 and parts[1].get("opening") is not None
        checks = [
            ("two_wishes", two_null),
            ("another_wish_in_answer", two_answer),
            ("rep", role == "sales_rep"),
            ("click_confirm", confirm == "click"),
            ("deep", has_deep),
        ]
        for tag, expected in checks:
            if (tag in cats) != expected:
                err(f"{iid}: tag {tag} should be {'set' if expected else 'absent'}")
        for tag in ("yes_reason", "no_reason"):
            if tag in cats and confirm != "typed":
                err(f"{iid}: {tag} only with confirm: typed")
        if "yes_reason" in cats and "no_reason" in cats:
            err(f"{iid}: yes_reason and no_reason are exclusive here")
        if "no_reason" in cats and not any(
            re.match(r"^(no|nay|not|nope|nah)\b", p["confirm_text"].strip(), re.I) for p in parts
        ):
            err(f"{iid}: no_reason needs a confirm_text opening with a negation")
        if "rambling" in cats and not any(len(a) >= 250 for p in parts for a in p["answers"]):
            err(f"{iid}: rambling needs an answer of 250+ characters")
        first = parts[0].get("opening", "") if parts else ""
        greets = first.strip().lower().startswith(GREETING_WORDS)
        if ("greeting" in cats) != greets:
            err(f"{iid}: greeting tag does not match the opening")
        if two_answer:
            # the second wish must be mentioned inside an answer of the first part
            if len(parts[0]["answers"]) < 1:
                err(f"{iid}: first part has no answer to carry the second wish")
        low = " ".join(all_text).lower()
        for phrase in BANNED_PHRASES:
            if phrase in low:
                err(f"{iid}: label wording '{phrase}' in opening/answers")

    if part_index != len(kind_lines):
        err(f"{len(kind_lines)} '# kinds:' comments for {part_index} wish parts")

    # global counts
    for i, c in ids.items():
        if c > 1:
            err(f"duplicate id {i}")
    for s in SECTORS:
        if sector_count[s] != 4:
            err(f"sector {s}: {sector_count[s]} interviews, expected 4")
        if rep_sectors[s] != 1:
            err(f"sector {s}: {rep_sectors[s]} rep interviews, expected 1")
    if roles["customer"] != 30 or roles["sales_rep"] != 10:
        err(f"roles {dict(roles)}, expected 30 customer / 10 sales_rep")
    if confirms["typed"] != 20 or confirms["click"] != 20:
        err(f"confirm {dict(confirms)}, expected 20 typed / 20 click")
    if shape["one wish"] != 28 or shape["two wishes, both in opening"] != 6 \
            or shape["two wishes, second via answer"] != 6:
        err(f"shape {dict(shape)}, expected 28 / 6 / 6")
    for w in WISHES:
        if wish_count[w] < 2:
            err(f"wish {w} used {wish_count[w]} times, need at least 2")
    for n in NEEDS:
        if need_count[n] < 2:
            err(f"need {n} used {need_count[n]} times, need at least 2")
    for c in CATEGORIES:
        if cat_count[c] < 5:
            err(f"category {c} on only {cat_count[c]} interviews, want at least 5")
    if n_answers[2] <= n_answers[1] + n_answers[3]:
        err(f"answer lengths {dict(n_answers)}: 2 answers should be the most common")

    # report
    print(f"interviews: {len(data)}   wish parts: {parts_total}")
    print("sectors:", ", ".join(f"{s} {sector_count[s]}" for s in SECTORS))
    print("roles:", dict(roles), "  confirm:", dict(confirms))
    print("shape:", dict(shape))
    print("answers per part:", {k: n_answers[k] for k in sorted(n_answers)})
    print("answer kinds:", dict(sorted(kinds_count.items())))
    print("categories:")
    for c in CATEGORIES:
        print(f"  {c:24s} {cat_count[c]}")
    short = {n: "".join(x[0] for x in n.split("_")).upper() for n in NEEDS}
    short["supply_reliability"] = "SR"
    short["storage_constraint"] = "ST"
    short["capital_constraint"] = "CA"
    short["receiving_window"] = "RW"
    short["handling_constraint"] = "HA"
    short["planning_visibility"] = "PV"
    short["admin_burden"] = "AD"
    short["demand_uncertainty"] = "DU"
    print("wish \\ need".ljust(26) + " ".join(short[n].rjust(3) for n in NEEDS) + "  total")
    for w in WISHES:
        row = " ".join((str(pair_count[(w, n)]) if pair_count[(w, n)] else ".").rjust(3) for n in NEEDS)
        print(f"  {w:24s}{row}  {wish_count[w]:5d}")
    print("  total".ljust(26) + " ".join(str(need_count[n]).rjust(3) for n in NEEDS) + f"  {parts_total:5d}")

    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nOK: no problems found")


if __name__ == "__main__":
    main()
