"""Reasons a text rules out ("it's not a money thing", "space isn't the issue"), and things
it sets aside for later ("payin every week is a killer too, but that's another story").

The need model reads words, not what is said of them: "the cash is fine" scores the money
need at 0.99, as "the cash is tight" does. A reason the person rules out is no reason
(the corpus and every evaluation set label it so), so the needs of a text are read on the
text without such fragments. Only a denial of a reason word counts: "it's not a big shop"
says the shop is small and is kept.
"""

from __future__ import annotations

import re

__all__ = ["ruled_out", "set_aside", "split_denials", "without_denials", "without_denied_wishes"]

# What a reason is about, as people name it when they rule it out.
_REASON = (
    r"(?:money|cash|cash ?flow|price|prices|pricing|cost|costs|budget|funds|funding|finance"
    r"|finances|credit|payment|payments|bank|space|room|storage|shelf space|floor space"
    r"|capacity|staff|staffing|timing|hours|truck|trucks|lorry|lorries|van|vans|driver"
    r"|drivers|delivery|deliveries|forklift|lift|weight|handling|paperwork|admin|invoices"
    r"|invoicing|forecast|forecasts|forecasting|demand|sales|volume|volumes|supply|supplies"
    r"|stock|quality|tracking)"
)
_OPENERS = (
    r"(?:no|nah|yeah|yes|and|but|so|well|honestly|look|oh|i mean|to be honest|obviously|of course"
    r"|sure|to be fair|mind you|i suppose|i guess|actually)"
)
_OPENER = rf"(?:{_OPENERS}\W+)*"
# "for the held rolls it's not a money thing": what the denial is said of, first
# (only before "it's not …": "for the head office the cash is fine, for us …" contrasts)
_TOPIC = (
    r"(?:(?:as\s+)?for\s+(?:the|their|our|my|this|that|these|those)(?:\s+[\w'’-]+){1,3},?\s+"
    r"(?=(?:it'?s|its|it is|that'?s|that is)\s+not\b))?"
)
# "the cash", "our delivery costs", "space and money", "price per hanger": a reason named
# with at most a determiner and one word before it. Nothing else may come first ("I wish
# the money was fine", "if the cash is fine", "not sure the budget is ok" rule nothing out).
# (The one word is no determiner or "and"/"or": each text is matched one way only, or "the
# cash and the cash and …" takes twice as long with every repeat.)
_ONE = (
    rf"(?:(?:the|our|their|my|your|all the)\s+)?(?:(?!(?:the|our|their|my|your|all|and|or)\s)"
    rf"[\w'’-]+\s+)?{_REASON}"
)
# a reason word with at most a determiner: "the paperwork", "our invoices"
_BARE = rf"(?:(?:the|our|their|my|your)\s+)?{_REASON}"
_SUBJECT = rf"{_ONE}(?:\s*(?:,|and|or|&)\s*{_ONE})*(?:\s+per\s+[\w-]+)?"
_NO_ISSUE = (
    r"(?:(?:\s+(?:is|are|was|were|has been|have been)|'s|'re)\s+(?:(?:all|totally|perfectly"
    r"|absolutely|really|pretty)\s+)?(?:fine|ok|okay|sorted|healthy|in good (?:order|shape|health)"
    r"|no (?:issue|problem|worry|bother))"
    # "space is not a problem", "space is not problem" (the article left out)
    r"|(?:\s+(?:is|are|was|were)|'s|'re)\s*(?:not|n'?t|never)\s+(?:really\s+)?(?:(?:an?|the|our"
    r"|their|my)\s+)?(?:issue|problem|worry|concern|point|bottleneck|thing)"
    r"|\s+(?:isn'?t|aren'?t|wasn'?t|weren'?t)\s+(?:really\s+)?(?:an?|the|our|their|my)\s+"
    r"(?:issue|problem|worry|concern|point|bottleneck|thing)"
    r"|\s+(?:doesn'?t|does not|don'?t|do not)\s+(?:really\s+)?matter)"
)
_THING = r"(?:thing|issue|problem|side|question|worry)"
_WHO = r"(?:we|they|i|he|she)"
# "the store", "their new warehouse": a place of the person's (or their customer's)
_OWNED = r"(?:the|our|their|my|his|her)\s+(?:[\w-]+\s+)?"
_ANY_TIME = (
    r"(?:any\s*time|whenever|24/7|24 hours|round the clock|day or night|any hour|all hours)"
    r"(?:\s+(?:of the day|day or night|we like|you like))*"
)
_ALWAYS_OPEN = (
    rf"(?:{_OWNED})?(?:site|store|shop|dock|shed|yard|warehouse|gate|depot|premises|place|doors?"
    rf"|bay)(?:'s|\s+is|\s+are)\s+(?:always\s+(?:open|manned|staffed)|(?:(?:open|manned|staffed)"
    rf"\s+)?(?:{_ANY_TIME}|(?:all|whole|the whole) day(?: long)?))"
)
# "the truck may enter at any hour", "your driver can come whenever"
_COMES_ANY_TIME = (
    r"(?:(?:the|your|our|their)\s+)?(?:trucks?|lorry|lorries|vans?|drivers?|deliver(?:y|ies))\s+"
    r"(?:(?:can|is welcome to|are welcome to)\s+(?:come|enter|deliver|drop(?:\s+off)?|pull in)"
    rf"|may\s+(?:enter|come in|pull in))(?:\s+(?:in|here|by))?\s+(?:at\s+)?{_ANY_TIME}"
)
# "run out", "ran out of stock", "running out of the good stuff"
_NOT_WHEN = r"(?!(?:before|until|till|yet|in|on|at|during|by|after|every|most|this|last)\b)"
_RUN_OUT = (
    rf"(?:run|runs|ran|running)\s+out(?:\s+of\s+(?:(?:the|our|their|any)\s+)?{_NOT_WHEN}[\w-]+"
    rf"(?:\s+{_NOT_WHEN}[\w-]+)?)?"
)
_DENIALS = {
    "en": re.compile(
        rf"{_OPENER}{_TOPIC}(?:"
        # "it's not the money", "it's not a money thing", "not about the cash"
        rf"(?:(?:(?:it'?s|it is|its|that'?s|that is|this is)\s+)?(?:not|never)|(?:it|that|this)\s+"
        rf"(?:isn'?t|wasn'?t|ain'?t))\s+(?:really\s+"
        rf"|even\s+|so much\s+)?(?:about\s+|because of\s+|down to\s+|to do with\s+)?"
        rf"(?:(?:the|our|their|any)\s+(?:[\w-]+\s+)?{_REASON}(?:\s+{_THING})?|an?\s+{_REASON}\s+{_THING}"
        # "it is not about space" (no article only after "about": "we have space but not money"
        # and "that's not storage, that's a cupboard" state the reason)
        rf"|(?<=about\s){_REASON}(?:\s+{_THING})?)"
        # "space isn't the issue", "the cash is fine", "our deliveries have been fine"
        rf"|{_SUBJECT}{_NO_ISSUE}"
        # "the problem isn't the money"
        rf"|the (?:problem|issue)(?:\s+is\s+not|\s+isn'?t|'s not)\s+{_ONE}"
        # "nothing to do with storage"
        rf"|(?:it'?s\s+|it has\s+)?nothing to do with\s+{_ONE}"
        # "it's not that we run out", "not about running out", "it's not that we're short on
        # space", "we never run out", "we're not short of cash" (not "it's not like / as if
        # we have room": those say the opposite)
        rf"|(?:(?:it'?s|its|it is)\s+)?not\s+(?:really\s+|just\s+)?(?:that|about|because)\s+"
        rf"(?:{_WHO}(?:'re|\s+are|\s+were)?\s+)?(?:{_RUN_OUT}|short\s+(?:on|of)\s+{_ONE})"
        rf"|{_WHO}\s+(?:never|don'?t|do not|didn'?t|did not|haven'?t|have never)\s+(?:really\s+"
        rf"|actually\s+|ever\s+)?{_RUN_OUT}"
        rf"|{_WHO}(?:'re|\s+are|\s+were)\s+(?:not|never)\s+short\s+(?:on|of)\s+{_ONE}"
        # "we can pay for them", "we are able to pay for the full year's supply in advance"
        rf"|{_WHO}(?:\s+(?:can|could)|(?:'re|\s+are)\s+(?:able|happy)\s+to)\s+(?:easily\s+)?"
        rf"(?:afford\s+(?:it|them|that|this)|pay(?:\s+for\s+(?:it|them|that|this))?(?:\s+(?:in"
        rf" advance|up front|upfront|on time|now|already))?|pay\s+for\s+(?:the|our)(?:\s+[\w'’-]+)"
        rf"{{1,3}}\s+(?:in advance|up front|upfront))"
        # "they'd pay for them up front if we asked" (not "we'd have to pay up front")
        # (not "they won't give us credit, so we'd pay up front")
        rf"|{_WHO}(?:'d|\s+would)\s+(?:(?:happily|gladly|easily)\s+pay(?:\s+for\s+(?:it|them|that"
        rf"|this))?\s+(?:in advance|up front|upfront)|pay(?:\s+for\s+(?:it|them|that|this))?\s+"
        rf"(?:in advance|up front|upfront)\s+if\s+(?:we|you|they|i)\s+(?:asked|ask|wanted|want)"
        rf"(?:\s+(?:them|us|to))?)"
        # "they have no issue with our invoices or paperwork"
        # (a reason word with at most a determiner: "no problem with smaller deliveries" accepts
        # a solution; not "had": "we had no problem with space, now we do")
        rf"|{_WHO}(?:'ve|\s+have|\s+has)?(?:\s+got)?\s+no\s+(?:issues?|problems?|complaints?"
        rf"|worries)\s+(?:with|about)\s+{_BARE}(?:\s*(?:,|and|or)\s*{_BARE})*"
        # "we've got loads of room", "we have enough space"
        rf"|{_WHO}(?:'ve|\s+have|\s+has)?(?:\s+got)?\s+(?:plenty(?:\s+of)?|(?:loads|lots|heaps|tons)\s+of"
        rf"|enough|more than enough)\s+(?:room|space|cash|money|staff|storage)"
        # (not "plenty staff off sick", "lots of cash flow issues")
        rf"(?!(?:\s+[\w'-]+){{0,2}}\s+(?:problems?|issues?|shortages?|troubles?|worries|headaches?"
        rf"|off|sick|leaving|short)\b)(?:\s+[\w'-]+){{0,3}}"
        # "we've the room for it", "they have the space", "he has room enough"
        rf"|{_WHO}(?:'ve|'s|\s+have|\s+has)(?:\s+got)?\s+(?:(?:the\s+)?(?:room|space)|(?:room|space)"
        rf"\s+enough)(?:\s+(?:for\s+(?:it|them|that|this|all of it)|already|to spare))*"
        # "their store is very big", "the press in the hall is massive"
        rf"|{_OWNED}(?:store|storeroom|store room|stockroom|stock room|warehouse|shed|back room"
        rf"|cellar|press|storage|unit|yard|space)(?:\s+(?:in|at|out)\s+the\s+[\w-]+|\s+here"
        rf"|\s+there)?(?:'s|\s+is|\s+are)\s+(?:(?:very|really|pretty|quite|plenty|so|super"
        rf"|absolutely)\s+)?(?:big|huge|massive|enormous|large|spacious|roomy)"
        rf"(?:\s+enough)?"
        # "we know when stuff arrives"
        rf"|(?:we|i)\s+(?:always\s+|already\s+)?know\s+(?:when|what time|what day)\s+"
        rf"(?:[\w'-]+\s+){{1,2}}(?:arrives?|comes?|lands?|turns? up|(?:is|are|'s)\s+(?:due|coming))"
        # "it's not that your regular deliveries are dodgy", "not like the vans are ever late"
        rf"|(?:(?:it'?s|its|it is)\s+)?not\s+(?:that|like|as if)\s+{_ONE}\s+(?:is|are|'s|'re|were"
        rf"|was|have been|has been)\s+(?:(?:ever|always|really|that|so|too)\s+)?(?:dodgy|late"
        rf"|unreliable|flaky|bad|poor|slow|patchy|a problem|an issue|short|tight|expensive)"
        # "we can take deliveries whenever", "we can receive 24/7"
        rf"|{_WHO}\s+(?:can|could)\s+(?:take|receive|accept|get|unload|sign for|handle)\s+"
        rf"(?:(?:a|the|any|your|our)\s+)?(?:(?:deliveries|delivery|trucks?|lorry|lorries|vans?"
        rf"|goods|it|them|stuff)\s+)?(?:at\s+)?{_ANY_TIME}"
        # "the site's 24/7 and the store's always manned"
        rf"|{_ALWAYS_OPEN}(?:\s+and\s+{_ALWAYS_OPEN})*"
        rf"|{_COMES_ANY_TIME}"
        # "so any time is alright really", "any time works"
        rf"|(?:so\s+)?(?:any\s*time|whenever)(?:(?:'s|\s+is)\s+(?:fine|ok|okay|alright|all right"
        rf"|good)|\s+works)(?:\s+(?:for|with)\s+us)?"
        # "their volumes are pretty steady", "our sales are stable"
        rf"|{_OWNED}(?:volumes?|sales|demand|orders|usage|numbers|turnover|footfall|trade)\s+"
        rf"(?:is|are|'s|'re|has been|have been|stays?|stayed)\s+(?:(?:pretty|quite|very|really"
        rf"|fairly|super|dead|rock)\s+)?(?:steady|stable|flat|consistent|predictable|the same"
        rf"|constant|regular|even|solid)(?:\s+(?:all year|year round|week to week|every week))?"
        rf")(?:\s+(?:really|honestly|though|either|anyway|at all|to be honest|before you ask"
        rf"|actually|tbh|o|to be fair|now))*",
        re.IGNORECASE,
    ),
}
# Solutions set aside: "not asking for faster delivery", "forget express", "I don't mean
# quicker". Only these forms: "we don't need a whole pallet" asks for smaller orders.
_WISH_DENIALS = {
    "en": re.compile(
        rf"{_OPENER}(?:"
        r"(?:(?:we'?re|i'?m|they'?re|we are|i am|they are)\s+)?not\s+(?:really\s+)?(?:asking for"
        r"|after|looking for|talking about|about|bothered about|fussed about)\s+(?:[\w'-]+\s*){1,6}"
        r"|(?:forget|never mind)\s+(?:about\s+)?(?:[\w'-]+\s*){1,4}"
        r"|(?:i|we|they)\s+(?:don'?t|do not|didn'?t|did not)\s+mean\s+(?:[\w'-]+\s*){1,6}"
        r"|that'?s not what (?:i|we|they) (?:mean|meant|want|wanted|asked for)"
        r")",
        re.IGNORECASE,
    ),
}
_ONLY_OPENERS = re.compile(rf"(?:{_OPENERS}\W*)+", re.IGNORECASE)
# Fragments: sentences, and clauses after a comma, semicolon or dash, or before "but".
# (Not at "and" or "so": "space and money are fine" is one denial.)
_FRAGMENTS = re.compile(r"[.!?;,:]+ ?| (?:but|though|although) | [-–—] ", re.IGNORECASE)
_FRAGMENTS_AND_SEPARATORS = re.compile(f"({_FRAGMENTS.pattern})", re.IGNORECASE)
_QUESTION_END = re.compile(r"\?")
# "we'd happily pay up front, but we can't": a would that a "but … not" takes back
_WOULD = re.compile(r"(?:'d|\bwould)\b", re.IGNORECASE)
_NEGATED = re.compile(
    r"\b(?:not|never|no|cannot|can'?t|won'?t|wouldn'?t|isn'?t|aren'?t)\b|n't\b", re.IGNORECASE
)
# A reason named bare and ruled out, first in the message or after a question: "Could we
# have the invoices at 60 days? Not money, …" (not after "but" or another sentence: "we have
# space but not money", "We've got room. Not money, sadly." state the reason)
_FIRST_DENIALS = {
    "en": re.compile(
        rf"(?!but\b){_OPENER}(?:(?:it'?s|its|it is)\s+)?not\s+(?:really\s+|about\s+)?{_REASON}"
        r"(?:\s+(?:really|though|either|anyway))*",
        re.IGNORECASE,
    ),
}


def without_denials(text: str, lang: str = "en") -> str | None:
    """`text` without the fragments that rule a reason out, or what it sets aside for later
    (`set_aside`), or None when it has neither (then the text is read as it is). Empty when
    the whole text rules reasons out."""
    return _denials(text, lang)[0]


def ruled_out(text: str, lang: str = "en") -> str:
    """What `text` says only to rule reasons out ("we've got loads of space at the depot, so
    it's not that", "the cash is fine"), its fragments joined; "" when it rules none out."""
    return split_denials(text, lang)[1]


def split_denials(text: str, lang: str = "en") -> tuple[str | None, str]:
    """`without_denials(text)` and `ruled_out(text)` at once."""
    rest, dropped = _denials(text, lang)
    return rest, ". ".join(dropped)


def _denials(text: str, lang: str) -> tuple[str | None, list[str]]:
    """`without_denials` of `text`, and the fragments ruling reasons out it leaves out."""
    rest = _without_set_aside(text, lang)
    dismissed, dropped = _without_dismissed(text if rest is None else rest, lang)
    rest = rest if dismissed is None else dismissed
    denied, also = _without(
        text if rest is None else rest, _DENIALS.get(lang), _CONCEDED, _FIRST_DENIALS.get(lang)
    )
    return (rest if denied is None else denied), dropped + also


def without_denied_wishes(text: str, lang: str = "en") -> str | None:
    """`text` without the fragments that set a solution aside ("not asking for faster
    delivery, we just want to be told when it's coming"), or None when it has none."""
    return _without(text, _WISH_DENIALS.get(lang))[0]


def _without(
    text: str,
    denial: re.Pattern[str] | None,
    conceded: re.Pattern[str] | None = None,
    first: re.Pattern[str] | None = None,
) -> tuple[str | None, list[str]]:
    """`text` without the fragments `denial` matches (None: it matches none), and those; not
    one that the next fragment qualifies (`_QUALIFIER`) or, given `conceded`, concedes;
    `first`: what denies a reason only first in the text or after a question."""
    if denial is None:
        return None, []
    text = " ".join(text.split())  # one space between words: the patterns stay linear
    kept: list[str] = []
    dropped: list[str] = []
    parts = _FRAGMENTS_AND_SEPARATORS.split(text)
    fragments = [f.strip() for f in parts[::2]]
    separators = parts[1::2]
    starts = True  # the fragment is first in the text or after a question (openers aside)
    for i, fragment in enumerate(fragments):
        at_start, starts = (
            starts,
            bool(
                i < len(separators)
                and (_QUESTION_END.search(separators[i]) or (starts and _only_openers(fragment)))
            ),
        )
        if _only_openers(fragment):
            continue  # "No, the cash is fine": the "No" alone says nothing of a reason
        after = fragments[i + 1] if i + 1 < len(fragments) else ""
        bare = bool(at_start and first and first.fullmatch(fragment))
        # (a denial after it is none: "Not money. Not space either.")
        another = bool(denial.fullmatch(after) or (bare and first and first.fullmatch(after)))
        qualified = bool(_QUALIFIER.match(after)) and not another
        taken_back = (
            (
                (i < len(separators) and separators[i].strip().lower() == "but")
                or after.lower().startswith("but ")
            )
            and bool(_WOULD.search(fragment))
            and bool(_NEGATED.search(after))
        )
        if after and (qualified or taken_back or (conceded and conceded.match(after))):
            kept.append(fragment)
            continue
        # "we've room for them and the money's no bother": denials joined by "and" (every
        # clause one; "the cash is fine and it's only tight in january" is no denial)
        denied = bare or bool(denial.fullmatch(fragment))
        if not denied and len(clauses := _AND_CLAUSE.split(fragment)) > 1:
            denied = all(denial.fullmatch(c) for c in clauses)
        (dropped if denied else kept).append(fragment)
        starts = starts or bare  # "Not space, not money, …" (not "space is fine, not money")
    return (". ".join(kept) if dropped else None), dropped


# What a sentence says and then dismisses as no reason: "we've got loads of space at the
# depot, so it's not that", "my accountant says it's better for cash, but this is not why I
# ask", "the driver comes at 7, which is no problem", "the door is open all day, is no
# problem for that". Said of "it"/"that"/"this"/"which", at the end of its clause (what it
# drops: `_without_dismissed`). And a thing named as not the problem, whatever the thing:
# "getting in isn't the problem", "the problem isn't the van, it's …".
_NOT_A_REASON = (
    r"(?:the\s+(?:real\s+)?(?:reason|point|issue|problem|thing|worry|concern"
    r"|bottleneck|difficulty|matter)|an?\s+"
    r"(?:reason|issue|problem|worry|concern|factor|thing|difficulty)|a\s+problem\s+at\s+all"
    # "a running-out thing", "a space thing" (not "a one-off thing", "a new problem")
    rf"|an?\s+(?:{_REASON}|running[- ]out|run[- ]out|stock[- ]?outs?|space)\s+(?:thing|issue"
    r"|problem))"
)
_DISMISSED = (
    # "this is not the main reason": of what was said before (not "the money isn't the main
    # reason but it helps")
    r"(?:it|that|for\s+(?:them|him|her)|the\s+main\s+(?:reason|thing|point|issue|problem)"
    r"|why(?:\s+[\w'’]+){0,6}|what\s+(?:i|we|they|he|she)\s+(?:mean|meant|want"
    rf"|wanted|asked|ask)(?:\s+[\w'’]+){{0,4}}|{_NOT_A_REASON})"
)
_DISMISSALS = {
    "en": re.compile(
        r"(?:"
        # "so it's not that", "which isn't the point", "this is not why I ask"
        r"\b(?:it|that|this|which)(?:(?:'?s|\s+is|\s+was|\s+has)\s+(?:really\s+|honestly\s+"
        r"|actually\s+|just\s+)?(?:not|never)|\s+(?:isn'?t|wasn'?t|hasn'?t|is never|was never"
        r"|has never))\s+(?:been\s+|really\s+|even\s+|ever\s+been\s+)?"
        rf"{_DISMISSED}"
        # "is no problem for that"
        r"|(?:\bis\s+|\bit'?s\s+|\bthat'?s\s+)no\s+problem(?:\s+(?:for|with)\s+(?:that|it|this))?"
        r"|^no\s+problem\s+(?:for|with)\s+(?:that|it|this)"
        r")(?:\s+(?:with|for)\s+(?:them|us|me|him|her))?(?:\s+(?:really|at all|to be honest"
        r"|tbh|honestly|either|though|i think|anyway|mind))*$",
        re.IGNORECASE,
    ),
}
_SO = re.compile(r"(?:and\s+)?so\b", re.IGNORECASE)
# "…, and we close at 5": an "and" that begins a clause of its own ("up and down" does not)
_AND_CLAUSE = re.compile(
    r"\s+and\s+(?=(?:we|they|i|he|she|it|the|our|their|my|you|there)\b)", re.IGNORECASE
)
# "we've got a massive back room so it's not the space": what comes before "so" in the
# fragment is why the named reason is none
_SO_NOT = {
    "en": re.compile(
        r"\bso\s+(?:it'?s|its|it is|that'?s|that is)\s+(?:really\s+)?(?:not|never)\s+(?:really\s+)?"
        rf"(?:about\s+|down to\s+)?(?:the|our|their|any)\s+(?:[\w-]+\s+)?{_REASON}"
        rf"(?:\s+{_THING})?(?:\s+(?:really|at all|honestly|though|either|tbh))*$",
        re.IGNORECASE,
    ),
}
_THING_NOT_A_REASON = {
    "en": re.compile(
        # "not cos we're skint", "and not because of the space"
        rf"(?:{_OPENERS}\W+)*(?:(?:it'?s|its|it is|that'?s|that is)\s+)?(?:not|never)\s+"
        r"(?:because|cos|coz|cuz|cause|'cause|bc)\b.*"
        # "getting in isn't the problem", "the van was never the issue"
        rf"|(?:{_OPENERS}\W+)*(?:[\w'’-]+\s+){{1,6}}(?:is|are|was|were|'s)(?:\s+not|n'?t|\s+never)\s+"
        rf"(?:really\s+|actually\s+)?{_NOT_A_REASON}"
        # "the problem isn't our little back room, it's …" ("the problem is not having enough
        # space", "… not only the space" state it)
        r"|(?:the\s+)?(?:problem|issue|reason)(?:\s+is\s+not|\s+isn'?t|'s\s+not)\s+"
        r"(?!(?:only|just|merely|simply|so much)\b|\w+ing\b).+",
        re.IGNORECASE,
    ),
}


def _without_dismissed(text: str, lang: str) -> tuple[str | None, list[str]]:
    """`text` without what it says and dismisses as no reason, or None when it dismisses
    nothing; and what it dismissed. A dismissal with words of its own drops its clause ("the
    driver comes at 7, which is no problem"); one without, the clause before it too ("we
    close at 5 but that's not a problem"), or after "so" all its sentence said ("…, so it's
    not that"); one alone in its sentence reaches into the sentence before ("… loads of
    space there. So that's not it.")."""
    dismissal, thing, so_not = (
        _DISMISSALS.get(lang),
        _THING_NOT_A_REASON.get(lang),
        _SO_NOT.get(lang),
    )
    if dismissal is None or thing is None or so_not is None:
        return None, []
    text = " ".join(text.split())
    sentences: list[list[str]] = []
    dropped: list[str] = []
    for sentence in _SENTENCES.split(text):
        fragments = [f.strip() for f in _FRAGMENTS.split(sentence)]
        fragments = [f for f in fragments if not _only_openers(f)]
        kept: list[str] = []
        for i, fragment in enumerate(fragments):
            qualified = i + 1 < len(fragments) and _QUALIFIER.match(fragments[i + 1])
            if qualified:
                kept.append(fragment)
            elif found := dismissal.search(fragment):
                if _trim(fragment[: found.start()], _NOT_OWN_WORDS, _TRAILING_WORDS[lang]):
                    dropped.append(fragment)  # "the van comes at 7, which is no problem"
                    continue
                if not kept and i == 0 and sentences:
                    kept = sentences.pop()  # "… loads of space there. So that's not it."
                # "…, so it's not that": all the sentence said; else the clause before it
                # ("the room fits 3 cases, we close at 5 but that's not a problem"), from its
                # last "and" ("our cellar is tiny and we close at 5, which is no problem")
                if _SO.match(fragment):
                    said, kept = kept, []
                elif kept:
                    *heads, tail = _AND_CLAUSE.split(kept[-1])
                    head = " and ".join(heads)
                    said, kept = [tail], kept[:-1] + ([head] if head else [])
                else:
                    said = []
                dropped.append(", ".join([*said, fragment]))
            elif so_not.search(fragment):
                dropped.append(fragment)
            elif thing.fullmatch(fragment):
                if _SO.match(fragment):  # "the gate's open all day, so getting in isn't it"
                    fragment, kept = ", ".join([*kept, fragment]), []
                dropped.append(fragment)
            else:
                kept.append(fragment)
        sentences.append(kept)
    rest = ". ".join(", ".join(kept) for kept in sentences if kept)
    return (rest if dropped else None), dropped


# What concedes a denied reason after all: "we can pay for them, but only after 60 days",
# "…, it's just the 60 days", "we have room for them, only just"
_CONCEDED = re.compile(
    r"(?:but\s+)?(?:(?:it'?s|its|it is)\s+)?(?:only|just|barely|hardly|if|as long as)\b",
    re.IGNORECASE,
)
# What takes a denial back for a time or a case: "our sales are steady, except in summer",
# "we've got the space now, but not in december", "… but at christmas they triple".
_QUALIFIER = re.compile(
    r"(?:but\s+)?(?:not\b|except|apart from|until|unless|when|whenever|once|during|then\b"
    r"|now\s+(?:it|they|that)(?:'?s|'re|\s+is|\s+are)(?:\s+(?:too|though|mind))?\s*$"
    r"|(?:but\s+)?(?:it|they|that)(?:'?s|'re|\s+is|\s+are)\s+now\b"
    r"|some\s*(?:times|weeks|days|months)|(?:in|at|on|around|over|for)\s+(?:the\s+)?(?:summer"
    r"|winter|spring|autumn|fall|season|holidays?|christmas|easter|peak|weekends?|events?"
    r"|january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\b)",
    re.IGNORECASE,
)


def _sets_aside_ahead(text: str, sentences: list[str], lang: str) -> list[str | None]:
    """Per sentence of `text`, the request a marker first in it sets aside ("Separate thing,
    but I'd also like …" gives "but I'd also like …"), else None."""
    marker, request = _SET_ASIDE_NEXT.get(lang), _REQUEST.get(lang)
    if marker is None or request is None or not marker.search(text):
        return [None] * len(sentences)  # (most texts: no sentence is split again)
    heads = [_FRAGMENTS.split(sentence, maxsplit=1) for sentence in sentences]
    return [
        head[1]
        if len(head) == 2 and marker.fullmatch(head[0].strip()) and request.search(head[1])
        else None
        for head in heads
    ]


def _only_openers(fragment: str) -> bool:
    return not fragment or bool(_ONLY_OPENERS.fullmatch(fragment))


# Said in passing and set aside for later: "…, but that's another story", "is a whole other
# story", "but that is a separate matter", "I'll come back to that", "park that for now".
# ("Another thing: …", "another question" bring a point up now, and are no such marker.)
_OTHER = r"(?:another|other|different|separate)"
_SET_ASIDE = {
    "en": re.compile(
        # "but that's another story", "that is a separate matter", "which is a whole other
        # story": said of "that", never of a thing ("in summer it is a whole other story"
        # and "a full pallet is another story" contrast, they set nothing aside)
        r"\b(?:that|this|which)(?:'s|s|\s+is|\s+was)\s+(?:(?:maybe|probably|perhaps|kind of"
        r"|sort of|really|more)\s+)?(?:(?:a|an|quite)\s+)?(?:(?:whole|completely|totally|entirely"
        rf"|really)\s+)?(?:{_OTHER}\s+(?:story|matter|topic|subject|conversation|discussion"
        r"|kettle of fish)|separate\s+(?:thing|issue|one|matter)|separate|for (?:later|another"
        r"\s+(?:day|time)))\b"
        # "I'll come back to that", "we can get back to it later"
        r"|\b(?:i'?ll|i will|we'?ll|we will|let me|let'?s|i can|we can|i'?m gonna|i'?m going to"
        r"|will)\s+(?:come\s+(?:back\s+)?|(?:get|circle)\s+back\s+)(?:round\s+|around\s+)?to"
        r"\s+(?:that|it|this|them)\b(?:\s+(?:later|after|afterwards|in a bit|in a minute"
        r"|another time))?"
        r"|\bpark\s+(?:that|it|this)(?:\s+(?:for now|for later|aside))?\b"
        r"|\bmore on that later\b|\blet me not mix\b",
        re.IGNORECASE,
    ),
    "da": re.compile(
        r"\bdet\s+er\s+(?:en|et)\s+(?:helt\s+)?(?:anden|andet)\s+(?:snak|sag|historie)\b"
        r"|\bdet\s+vender\s+(?:jeg|vi)\s+tilbage\s+til\b"
        r"|\bdet\s+tager\s+vi\s+(?:bagefter|senere|en anden gang)\b",
        re.IGNORECASE,
    ),
}
# A marker before what it sets aside, first in its sentence: "Separate thing, but I'd also
# like …", "unrelated, but …", "on a different note, …" (the rest of the sentence is set
# aside; "another thing: …" raises a point now)
_SET_ASIDE_NEXT = {
    "en": re.compile(
        r"(?:(?:and|also|oh)\s+)?(?:(?:a|one|on\s+an?|on\s+another)\s+)?(?:(?:totally|completely)\s+)?"
        r"(?:unrelated|(?:separate|unrelated|different)\s+(?:thing|matter|point|issue|note"
        r"|question|topic))(?:\s+(?:really|though|mind))?",
        re.IGNORECASE,
    ),
}
# ...and what it sets aside asks for something ("Separate thing, but I'd also like …"; not
# "Separate issue, but the big one is that we have no room", an answer)
_REQUEST = {
    "en": re.compile(
        r"\b(?:(?:could|can|would|will)\s+(?:you|u|ye|ya)|(?:i|we)(?:'d|\s+would)\s+(?:also\s+)?"
        r"(?:like|love|want|prefer)|please|pls)\b",
        re.IGNORECASE,
    ),
}
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")
# What is left of a fragment once its marker is cut out, and says nothing of its own:
# "but that" of "but that is another story", "and" before a mention.
_LEADING_WORDS = {
    "en": frozenset(
        "but though although and which that this it is was so anyway tho oh btw also plus well"
        " tbh honestly".split()
    ),
    "da": frozenset("men og så det der som er var jo nu".split()),
}
# Words before a dismissal that are none of its own ("yeah that's not a problem"; English,
# as the dismissals are)
_NOT_OWN_WORDS = _LEADING_WORDS["en"] | frozenset(
    "yeah yes yep no nah look i mean to be fair again really like".split()
)
_TRAILING_WORDS = {
    "en": _LEADING_WORDS["en"]
    | frozenset("are were a an quite whole entirely altogether really for now later".split()),
    "da": _LEADING_WORDS["da"] | frozenset("en et helt egentlig lige senere".split()),
}
_TOKENS = re.compile(r"[\w’']+|[^\w’']+")


def _trim(text: str, leading: frozenset[str], trailing: frozenset[str] = frozenset()) -> str:
    """`text` without the loose words and punctuation at its start (`leading`) and end
    (`trailing`); in one pass over its tokens (a regex anchored at the end backtracks)."""
    tokens = _TOKENS.findall(text)
    start, end = 0, len(tokens)
    while start < end and (not tokens[start][0].isalnum() or tokens[start].lower() in leading):
        start += 1
    while end > start and (not tokens[end - 1][0].isalnum() or tokens[end - 1].lower() in trailing):
        end -= 1
    return "".join(tokens[start:end]).strip()


def set_aside(text: str, lang: str = "en") -> tuple[str, ...]:
    """What `text` mentions and sets aside for later, in the order said: "payin u every week
    is a killer an all, but thats another story" gives "payin u every week is a killer an
    all"; "40 sacks landing at once is a whole other story" gives "40 sacks landing at once"
    (a mention of fewer than `QUOTED_WORDS` words with the start of its sentence)."""
    parts = _set_aside_parts(text, lang)
    return tuple(parts[1]) if parts else ()


def _without_set_aside(text: str, lang: str) -> str | None:
    parts = _set_aside_parts(text, lang)
    return ". ".join(parts[0]) if parts else None


MENTION_WORDS = 3  # a mention shorter than this ("the price") names nothing to come back to
QUOTED_WORDS = 5


def _mention(
    own: str,
    fragment: str,
    before: str,
    said: list[tuple[str, str]],
    kept: list[list[tuple[str, str]]],
) -> str | None:
    """The quote of what a marker sets aside, taken out of what is kept: the fragment's own
    words before it ("40 sacks landing at once is a whole other story"), else the fragment
    before it, in its sentence ("payin every week is a killer, but thats another story") or
    the sentence before ("… a text when it ships. More on that later."); a mention of fewer
    than `QUOTED_WORDS` words with the start of its sentence."""
    if own:
        mention = fragment[: fragment.find(own) + len(own)]
    elif said:
        before, mention = said.pop()
    elif kept and kept[-1]:
        before, mention = kept[-1].pop()
    else:
        return None
    return mention if len(mention.split()) >= QUOTED_WORDS else before + mention


def _set_aside_parts(text: str, lang: str) -> tuple[list[str], list[str]] | None:
    """The sentences kept (without what they set aside), and the quote of each mention set
    aside; None when the text sets nothing aside. A marker with nothing of its own before it
    in its fragment ("…, but that's another story") sets aside the fragment before it."""
    marker = _SET_ASIDE.get(lang)
    text = " ".join(text.split())  # one space between words: the patterns stay linear
    sentences = _SENTENCES.split(text)
    requests = _sets_aside_ahead(text, sentences, lang)
    if marker is None or not (any(requests) or marker.search(text)):
        return None
    # each sentence's fragments: (what its sentence says before it, its words)
    kept: list[list[tuple[str, str]]] = []
    quotes: list[str] = []
    marked = False  # the fragment before was a marker
    for sentence, request in zip(sentences, requests, strict=True):
        said: list[tuple[str, str]] = []
        at = 0
        if request is not None:
            coming = _trim(request, _LEADING_WORDS[lang])
            if len(coming.split()) >= MENTION_WORDS:
                quotes.append(coming)
            kept.append(said)
            continue
        for fragment in _FRAGMENTS.split(sentence):
            start = sentence.find(fragment, at)
            at = start + len(fragment)
            if not fragment.strip():
                continue
            found = marker.search(fragment)
            if found is None:
                said.append((sentence[:start], fragment.strip()))
                marked = False
                continue
            own = _trim(fragment[: found.start()], _LEADING_WORDS[lang], _TRAILING_WORDS[lang])
            if not (marked and not own):  # "…another matter, let me not mix it": the same
                quote = _mention(own, fragment, sentence[:start], said, kept)
                quote = _trim(quote, _LEADING_WORDS[lang]) if quote else ""
                if len(quote.split()) >= MENTION_WORDS:
                    quotes.append(quote)
            marked = True
            # "… is another story because our cellar is tiny": the rest is said of this wish
            rest = _trim(fragment[found.end() :], _LEADING_WORDS[lang])
            if len(rest.split()) >= 2:
                said.append((sentence[: start + found.end()], rest))
                marked = False
        kept.append(said)
    return [", ".join(words for _, words in said) for said in kept if said], quotes
