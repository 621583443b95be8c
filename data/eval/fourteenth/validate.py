#!/usr/bin/env python3
"""Check the shape and counts of interviews.yml in this folder.

Standalone: needs only the standard library and PyYAML.
Run from this folder:  python3 validate.py
Exit code 0 means no errors; the counts are printed either way.
"""
import collections
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "interviews.yml")

# Codes from ../second/taxonomy-definitions.md
WISHES = {
    "shorter_lead_time": "Shorter lead time",
    "smaller_orders": "Smaller orders",
    "more_frequent_deliveries": "More frequent deliveries",
    "exact_delivery_time": "Exact delivery time",
    "urgent_orders": "Urgent orders",
    "late_order_changes": "Late order changes",
    "custom_packaging": "Custom packaging",
    "supplier_held_stock": "Supplier-held stock",
    "longer_payment_terms": "Longer payment terms",
    "delivery_tracking": "Delivery tracking",
}
NEEDS = {
    "demand_uncertainty": "Demand uncertainty",
    "storage_constraint": "Storage constraint",
    "capital_constraint": "Capital constraint",
    "receiving_window": "Receiving window",
    "supply_reliability": "Supply reliability",
    "handling_constraint": "Handling constraint",
    "planning_visibility": "Planning visibility",
    "admin_burden": "Administrative burden",
}
# Label wording (and a few definition phrases) that must not leak into what the
# simulated person says.
FORBIDDEN_PHRASES = [label.lower() for label in list(WISHES.values()) + list(NEEDS.values())] + [
    "admin burden",
    "working capital",
    "working-capital",
    "lead time",
    "cash is tied up",
    "tied up in stock",
    "consignment",
    "vmi",
]

SECTORS = ["crematorium", "kartrack", "mushroom", "organbuilder", "busdepot",
           "hatmaker", "rowingclub", "phonerepair", "puppetry", "allotment"]
CATEGORIES = ["greeting", "typos", "rambling", "misleading_cue", "yes_reason", "no_reason",
              "correction", "two_wishes", "rep", "another_wish_in_answer", "restates_wish",
              "other_solution", "deep", "click_confirm"]
GREETING_RE = re.compile(
    r"^(hi|hiya|hello|helo|hey|morning|mornin|good (morning|afternoon|evening|day)|"
    r"now then|alreet|howdy|greetings)\b", re.IGNORECASE)
RAMBLE_MIN = 250

EXPECT = {
    "interviews": 40,
    "per_sector": 4,
    "customer": 30,
    "sales_rep": 10,
    "typed": 20,
    "click": 20,
    "one_wish": 28,
    "two_wish": 12,
    "second_in_opening": 6,   # second part has opening: null
    "second_in_answer": 6,    # second part has its own opening
    "min_per_code": 4,
    "min_per_category": 4,
}
REQUIRED_INTERVIEW = ["id", "categories", "role", "customer", "confirm", "wishes"]
REQUIRED_PART = ["wish", "need", "opening", "answers", "confirm_text", "reject_text"]

errors = []


def err(msg):
    errors.append(msg)


def nonempty_str(x):
    return isinstance(x, str) and x.strip() != ""


def main():
    with open(PATH, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, list):
        print("ERROR: top level must be a list")
        return 1

    ids = collections.Counter()
    sectors = collections.Counter()
    reps_per_sector = collections.Counter()
    roles = collections.Counter()
    confirms = collections.Counter()
    n_wishes = collections.Counter()
    second_kind = collections.Counter()
    wish_count = collections.Counter()
    need_count = collections.Counter()
    pair_count = collections.Counter()
    answer_lens = collections.Counter()
    cat_count = collections.Counter()
    n_parts = 0

    for i, iv in enumerate(data):
        where = f"interview #{i + 1}"
        if not isinstance(iv, dict):
            err(f"{where}: not a mapping")
            continue
        for k in REQUIRED_INTERVIEW:
            if k not in iv:
                err(f"{where}: missing field {k}")
        extra = set(iv) - set(REQUIRED_INTERVIEW)
        if extra:
            err(f"{where}: unexpected fields {sorted(extra)}")
        iid = iv.get("id", "")
        where = f"{iid or where}"
        ids[iid] += 1
        if not nonempty_str(iv.get("customer")):
            err(f"{where}: customer must be a non-empty string")

        # sector prefix: one lowercase word, then a hyphen
        m = re.match(r"^([a-z]+)-[a-z0-9-]+$", str(iid))
        sector = m.group(1) if m else None
        if sector not in SECTORS:
            err(f"{where}: id does not start with a known sector and a hyphen")
        else:
            sectors[sector] += 1

        role = iv.get("role")
        if role not in ("customer", "sales_rep"):
            err(f"{where}: bad role {role!r}")
        roles[role] += 1
        if role == "sales_rep" and sector:
            reps_per_sector[sector] += 1

        confirm = iv.get("confirm")
        if confirm not in ("typed", "click"):
            err(f"{where}: bad confirm {confirm!r}")
        confirms[confirm] += 1

        cats = iv.get("categories") or []
        if not isinstance(cats, list):
            err(f"{where}: categories must be a list")
            cats = []
        for c in cats:
            if c not in CATEGORIES:
                err(f"{where}: unknown category {c!r}")
            cat_count[c] += 1
        if len(set(cats)) != len(cats):
            err(f"{where}: duplicate categories")

        parts = iv.get("wishes") or []
        if not isinstance(parts, list) or len(parts) not in (1, 2):
            err(f"{where}: wishes must be a list of 1 or 2 parts")
            continue
        n_wishes[len(parts)] += 1

        has_three = False
        long_early_answer = False
        for j, part in enumerate(parts):
            pw = f"{where} part {j + 1}"
            n_parts += 1
            if not isinstance(part, dict):
                err(f"{pw}: not a mapping")
                continue
            for k in REQUIRED_PART:
                if k not in part:
                    err(f"{pw}: missing field {k}")
            extra = set(part) - set(REQUIRED_PART)
            if extra:
                err(f"{pw}: unexpected fields {sorted(extra)}")
            w, n = part.get("wish"), part.get("need")
            if w not in WISHES:
                err(f"{pw}: unknown wish code {w!r}")
            if n not in NEEDS:
                err(f"{pw}: unknown need code {n!r}")
            wish_count[w] += 1
            need_count[n] += 1
            pair_count[(w, n)] += 1

            op = part.get("opening")
            if j == 0 and not nonempty_str(op):
                err(f"{pw}: first wish needs an opening")
            if op is not None and not nonempty_str(op):
                err(f"{pw}: opening must be null or a non-empty string")

            ans = part.get("answers")
            if not isinstance(ans, list) or not 1 <= len(ans) <= 3:
                err(f"{pw}: answers must be a list of 1 to 3 entries")
                ans = ans if isinstance(ans, list) else []
            for a in ans:
                if not nonempty_str(a):
                    err(f"{pw}: empty or non-string answer")
            answer_lens[len(ans)] += 1
            if len(ans) == 3:
                has_three = True
            if any(isinstance(a, str) and len(a) >= RAMBLE_MIN for a in ans[:-1]):
                long_early_answer = True

            for k in ("confirm_text", "reject_text"):
                if not nonempty_str(part.get(k)):
                    err(f"{pw}: {k} must be a non-empty string")

            said = [op or ""] + [a for a in ans if isinstance(a, str)]
            for text in said:
                low = text.lower()
                for phrase in FORBIDDEN_PHRASES:
                    if re.search(r"\b" + re.escape(phrase) + r"\b", low):
                        err(f"{pw}: taxonomy wording {phrase!r} in opening/answer")

        # tag rules
        two = len(parts) == 2
        second_null = two and parts[1].get("opening") is None
        second_own = two and parts[1].get("opening") is not None
        if second_null:
            second_kind["opening_null"] += 1
        if second_own:
            second_kind["own_opening"] += 1
        checks = [
            ("two_wishes", second_null),
            ("another_wish_in_answer", second_own),
            ("rep", role == "sales_rep"),
            ("click_confirm", confirm == "click"),
            ("deep", has_three),
            ("greeting", bool(GREETING_RE.match((parts[0].get("opening") or "").strip()))),
        ]
        for tag, cond in checks:
            if (tag in cats) != cond:
                err(f"{where}: tag {tag!r} {'missing' if cond else 'not justified'}")
        if "yes_reason" in cats and confirm != "typed":
            err(f"{where}: yes_reason only with confirm: typed")
        if "rambling" in cats and not long_early_answer:
            err(f"{where}: rambling needs an earlier answer of {RAMBLE_MIN}+ characters")

    # global counts
    def expect(name, got, want):
        if got != want:
            err(f"{name}: expected {want}, got {got}")

    expect("interviews", len(data), EXPECT["interviews"])
    for iid, c in ids.items():
        if c > 1:
            err(f"duplicate id {iid}")
    for s in SECTORS:
        expect(f"sector {s}", sectors[s], EXPECT["per_sector"])
        expect(f"sales_rep in sector {s}", reps_per_sector[s], 1)
    expect("role customer", roles["customer"], EXPECT["customer"])
    expect("role sales_rep", roles["sales_rep"], EXPECT["sales_rep"])
    expect("confirm typed", confirms["typed"], EXPECT["typed"])
    expect("confirm click", confirms["click"], EXPECT["click"])
    expect("one-wish interviews", n_wishes[1], EXPECT["one_wish"])
    expect("two-wish interviews", n_wishes[2], EXPECT["two_wish"])
    expect("second wish in opening", second_kind["opening_null"], EXPECT["second_in_opening"])
    expect("second wish in an answer", second_kind["own_opening"], EXPECT["second_in_answer"])
    for code in WISHES:
        if wish_count[code] < EXPECT["min_per_code"]:
            err(f"wish {code}: only {wish_count[code]} parts")
    for code in NEEDS:
        if need_count[code] < EXPECT["min_per_code"]:
            err(f"need {code}: only {need_count[code]} parts")
    for c in CATEGORIES:
        if cat_count[c] < EXPECT["min_per_category"]:
            err(f"category {c}: only {cat_count[c]} interviews")
    if answer_lens and answer_lens.most_common(1)[0][0] != 2:
        err(f"most wish parts should have 2 answers, got {dict(answer_lens)}")

    # report
    print(f"interviews: {len(data)}   wish parts: {n_parts}")
    print("sectors:", ", ".join(f"{s} {sectors[s]}" for s in SECTORS))
    print(f"roles: customer {roles['customer']}, sales_rep {roles['sales_rep']}")
    print(f"confirm: typed {confirms['typed']}, click {confirms['click']}")
    print(f"one wish {n_wishes[1]}, two wishes {n_wishes[2]} "
          f"(second in opening {second_kind['opening_null']}, "
          f"second in an answer {second_kind['own_opening']})")
    print("answers per part:", ", ".join(f"{k}: {answer_lens[k]}" for k in sorted(answer_lens)))
    print("categories:", ", ".join(f"{c} {cat_count[c]}" for c in CATEGORIES))
    print("wishes:", ", ".join(f"{c} {wish_count[c]}" for c in WISHES))
    print("needs:", ", ".join(f"{c} {need_count[c]}" for c in NEEDS))
    print("pairs:")
    for (w, n), c in sorted(pair_count.items()):
        print(f"  {w} -> {n}: {c}")

    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  ERROR:", e)
        return 1
    print("\nOK: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
