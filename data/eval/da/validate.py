#!/usr/bin/env python3
"""Validate the Danish needfinder eval sets and print counts (used for README)."""
import json, sys, collections, pathlib
import yaml

HERE = pathlib.Path(__file__).resolve().parent
WISHES = ["shorter_lead_time", "smaller_orders", "more_frequent_deliveries", "exact_delivery_time",
          "urgent_orders", "late_order_changes", "custom_packaging", "supplier_held_stock",
          "longer_payment_terms", "delivery_tracking"]
NEEDS = ["demand_uncertainty", "storage_constraint", "capital_constraint", "receiving_window",
         "supply_reliability", "handling_constraint", "planning_visibility", "admin_burden"]
TYPICAL = {  # from taxonomy-definitions.md
    "shorter_lead_time": {"demand_uncertainty", "storage_constraint", "supply_reliability"},
    "smaller_orders": {"storage_constraint", "capital_constraint", "handling_constraint"},
    "more_frequent_deliveries": {"storage_constraint", "capital_constraint", "demand_uncertainty"},
    "exact_delivery_time": {"receiving_window", "planning_visibility"},
    "urgent_orders": {"demand_uncertainty", "supply_reliability"},
    "late_order_changes": {"demand_uncertainty", "planning_visibility"},
    "custom_packaging": {"handling_constraint", "storage_constraint"},
    "supplier_held_stock": {"supply_reliability", "capital_constraint", "storage_constraint"},
    "longer_payment_terms": {"capital_constraint"},
    "delivery_tracking": {"planning_visibility", "receiving_window", "admin_burden"},
}
OPEN_TAGS = {"direct", "indirect", "typo", "lowercase", "rep", "greeting", "two_wishes", "loanword", "misleading"}
ANS_TAGS = {"direct", "indirect", "typo", "lowercase", "rep", "loanword", "misleading", "vague", "restates_wish"}
CATS = {"greeting", "restates_wish", "deep", "yes_reason", "click_confirm", "typo", "rep", "correction",
        "misleading", "two_wishes", "language_switch"}
errors, warnings = [], []

def load_jsonl(name):
    rows = []
    for i, line in enumerate(open(HERE / name, encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            errors.append(f"{name}:{i}: bad JSON: {e}")
    return rows

def check_dups(rows, name):
    seen = collections.Counter(r["text"].strip().lower() for r in rows)
    for t, n in seen.items():
        if n > 1:
            errors.append(f"{name}: duplicate text {t!r}")

# ---------------- openings
op = load_jsonl("openings_da.jsonl")
check_dups(op, "openings")
ow, on, ot = collections.Counter(), collections.Counter(), collections.Counter()
for i, r in enumerate(op, 1):
    if set(r) != {"text", "wishes", "needs", "kind", "tags"}:
        errors.append(f"openings:{i}: keys {sorted(r)}")
    if r["kind"] != "opening":
        errors.append(f"openings:{i}: kind")
    for w in r["wishes"]:
        if w not in WISHES: errors.append(f"openings:{i}: bad wish {w}")
        ow[w] += 1
    for n in r["needs"]:
        if n not in NEEDS: errors.append(f"openings:{i}: bad need {n}")
        on[n] += 1
        if r["wishes"] and not any(n in TYPICAL[w] for w in r["wishes"]):
            warnings.append(f"openings:{i}: atypical pair {r['wishes']} -> {n}")
    if r["needs"] and not r["wishes"]:
        errors.append(f"openings:{i}: need without wish")
    if not r["wishes"]:
        ow["(none)"] += 1
    for t in r["tags"]:
        if t not in OPEN_TAGS: errors.append(f"openings:{i}: bad tag {t}")
        ot[t] += 1
    if r["wishes"] and len({"direct", "indirect"} & set(r["tags"])) != 1:
        errors.append(f"openings:{i}: line with a wish needs exactly one of direct/indirect")
    if ("two_wishes" in r["tags"]) != (len(r["wishes"]) == 2):
        errors.append(f"openings:{i}: two_wishes tag mismatch")
    if "lowercase" in r["tags"] and r["text"] != r["text"].lower():
        # allow capitalised acronyms/brand tokens only
        if any(c.isupper() for c in r["text"].replace("MOQ", "").replace("EUR", "")):
            warnings.append(f"openings:{i}: 'lowercase' but has capitals: {r['text']!r}")

# ---------------- answers
an = load_jsonl("answers_da.jsonl")
check_dups(an, "answers")
an_need, an_ask, an_tag, an_pair = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
for i, r in enumerate(an, 1):
    if set(r) != {"text", "wishes", "needs", "kind", "asked_about", "tags"}:
        errors.append(f"answers:{i}: keys {sorted(r)}")
    if r["kind"] != "answer": errors.append(f"answers:{i}: kind")
    if r["wishes"] != []: errors.append(f"answers:{i}: wishes must be empty")
    if r["asked_about"] not in WISHES: errors.append(f"answers:{i}: bad asked_about")
    an_ask[r["asked_about"]] += 1
    for n in r["needs"]:
        if n not in NEEDS: errors.append(f"answers:{i}: bad need {n}")
        an_need[n] += 1
        an_pair[(r["asked_about"], n)] += 1
        if n not in TYPICAL.get(r["asked_about"], ()):
            warnings.append(f"answers:{i}: atypical pair {r['asked_about']} -> {n}: {r['text']!r}")
    if not r["needs"]:
        an_need["(none)"] += 1
    for t in r["tags"]:
        if t not in ANS_TAGS: errors.append(f"answers:{i}: bad tag {t}")
        an_tag[t] += 1
    if r["needs"] and len({"direct", "indirect"} & set(r["tags"])) != 1:
        errors.append(f"answers:{i}: labelled answer needs exactly one of direct/indirect")
    if not r["needs"] and not ({"vague", "restates_wish"} & set(r["tags"])):
        errors.append(f"answers:{i}: no-need answer must be tagged vague or restates_wish")

# ---------------- interviews
iv = yaml.safe_load(open(HERE / "interviews_da.yml", encoding="utf-8"))
iv_need_primary, iv_pairs, iv_cat, iv_role, iv_conf = (collections.Counter() for _ in range(5))
ids = set()
prim_wishes = collections.defaultdict(list)
for k, it in enumerate(iv, 1):
    need_keys = {"id", "categories", "role", "customer", "confirm", "wishes"}
    if set(it) != need_keys: errors.append(f"interview {k}: keys {sorted(it)}")
    if it["id"] in ids: errors.append(f"interview {it['id']}: duplicate id")
    ids.add(it["id"])
    for c in it["categories"]:
        if c not in CATS: errors.append(f"{it['id']}: bad category {c}")
        iv_cat[c] += 1
    if it["role"] not in ("customer", "sales_rep"): errors.append(f"{it['id']}: role")
    if it["confirm"] not in ("typed", "click"): errors.append(f"{it['id']}: confirm")
    iv_role[it["role"]] += 1; iv_conf[it["confirm"]] += 1
    if ("click_confirm" in it["categories"]) != (it["confirm"] == "click"):
        errors.append(f"{it['id']}: click_confirm/confirm mismatch")
    if ("rep" in it["categories"]) != (it["role"] == "sales_rep"):
        errors.append(f"{it['id']}: rep/role mismatch")
    if ("two_wishes" in it["categories"]) != (len(it["wishes"]) == 2):
        errors.append(f"{it['id']}: two_wishes mismatch")
    if not isinstance(it["customer"], str) or not it["customer"].strip():
        errors.append(f"{it['id']}: customer")
    for j, w in enumerate(it["wishes"]):
        if set(w) != {"wish", "need", "opening", "answers", "confirm_text", "reject_text"}:
            errors.append(f"{it['id']}: wish keys {sorted(w)}")
        if w["wish"] not in WISHES: errors.append(f"{it['id']}: bad wish {w['wish']}")
        if w["need"] not in NEEDS: errors.append(f"{it['id']}: bad need {w['need']}")
        if w["need"] not in TYPICAL.get(w["wish"], ()):
            warnings.append(f"{it['id']}: atypical pair {w['wish']} -> {w['need']}")
        if not (2 <= len(w["answers"]) <= 3): errors.append(f"{it['id']}: answers length")
        for s in [w["opening"], w["confirm_text"], w["reject_text"], *w["answers"]]:
            if not isinstance(s, str) or not s.strip(): errors.append(f"{it['id']}: empty string")
        iv_pairs[(w["wish"], w["need"])] += 1
        if j == 0:
            iv_need_primary[w["need"]] += 1
            prim_wishes[w["need"]].append(w["wish"])
    if "deep" in it["categories"] and len(it["wishes"][0]["answers"]) < 3:
        errors.append(f"{it['id']}: deep needs 3 answers")
    if "language_switch" in it["categories"]:
        if "dansk" not in it["wishes"][0]["answers"][0].lower():
            errors.append(f"{it['id']}: language_switch must ask for Danish in first answer")

if len(iv) != 24: errors.append(f"interviews: {len(iv)} != 24")
for n in NEEDS:
    if iv_need_primary[n] != 3: errors.append(f"interviews: need {n} has {iv_need_primary[n]} primary")
    ws = prim_wishes[n]
    possible = [w for w in WISHES if n in TYPICAL[w]]
    if len(set(ws)) < min(3, len(possible)):
        errors.append(f"interviews: need {n} reached from {ws}, could use more of {possible}")
if iv_cat["language_switch"] != 2: errors.append("interviews: need exactly 2 language_switch")

def show(title, c):
    print(f"\n## {title}")
    for k, v in sorted(c.items(), key=lambda kv: (str(kv[0]).startswith("("), -kv[1], str(kv[0]))):
        print(f"  {k}: {v}")

print(f"openings: {len(op)} lines; answers: {len(an)} lines; interviews: {len(iv)}")
show("openings per wish (a two-wish line counts for both)", ow)
show("openings needs", on); show("openings tags", ot)
show("answers per need", an_need); show("answers asked_about", an_ask); show("answers tags", an_tag)
show("interviews primary need", iv_need_primary)
print("\n## interviews primary wishes per need")
for n in NEEDS: print(f"  {n}: {', '.join(prim_wishes[n])}")
show("interviews (wish, need) pairs incl. second wishes", {f'{a} -> {b}': v for (a, b), v in iv_pairs.items()})
show("interview categories", iv_cat); show("interview roles", iv_role); show("interview confirm", iv_conf)
print("\n## warnings (atypical but intended pairs)")
for w in warnings: print("  " + w)
if errors:
    print("\nERRORS:"); [print("  " + e) for e in errors]; sys.exit(1)
print("\nOK: no errors")
