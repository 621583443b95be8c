"""Reading a message beyond the model: need candidates, reasons, roles, corrections."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.interview.messages import Understanding
from assistant.interview.state import WishState
from assistant.interview.vocabulary import Role, role_or_customer
from assistant.needs.denials import set_aside
from assistant.needs.results import Candidate, Extraction

__all__ = [
    "account_named",
    "company_said",
    "asks_for_something",
    "CANDIDATE_FLOOR",
    "candidates",
    "gives_reason",
    "opening_candidates",
    "referred",
    "role_in",
    "role_said",
    "role_stated",
    "sounds_like_correction",
    "stated_wish",
]

CANDIDATE_FLOOR = 0.05  # below this a need is not worth offering

# A clause in the form of a request: "we'd like …", "they want …", "could you …", "can we …".
_REQUEST = re.compile(
    r"^\W*(?:(?:and|also|plus|but|so|oh|yes|yeah)\W+)*(?:(?:please|pls|ideally|also)\W+)?"
    r"(?:(?:we|they|i)(?:'d| would)? (?:really )?(?:like|want|need|love)"
    r"|(?:could|can|would|will) (?:you|we|they|u|i|the|our|your)"
    r"|is (?:it|there) (?:possible|any)"
    r"|any chance|how about|what about)\b",
    re.IGNORECASE,
)


# ... or as a wish put politely anywhere in it: "a text the day before would be nice".
_POLITE = re.compile(
    r"\b(?:would|'d) (?:also )?(?:be|help) (?:really |so |very )?"
    r"(?:nice|great|amazing|lovely|good|helpful|brilliant|ideal|a lot|a big help)\b",
    re.IGNORECASE,
)


def asks_for_something(clause: str) -> bool:
    """Whether `clause` is worded as a request (English; other languages: never)."""
    return bool(_REQUEST.match(clause) or _POLITE.search(clause))


def candidates(extraction: Extraction) -> list[Candidate]:
    """The needs worth offering, with their evidence sentence where the model gave one."""
    return [
        Candidate(s.code, s.confidence, extraction.evidence.get(s.code, ""))
        for s in extraction.candidates
        if s.confidence >= CANDIDATE_FLOOR
    ]


# A reason given in words: "because", "bc", "so that", "fordi"…
_REASON_WORDS = (
    r"\b(because|since|as we|as our|as the|so that|otherwise|due to|given that|cause|cos|coz"
    r"|cuz|bc|b/c|the reason|that's why|which is why|fordi|da vi|da vores|så vi|ellers"
    r"|på grund af|derfor|grunden er|for at)\b"
)
_REASON_WORD = re.compile(_REASON_WORDS, re.IGNORECASE)
# ...or by going on after the wish: another sentence, a dash.
_REASON = re.compile(rf"{_REASON_WORDS}|[.;:!?]\s+\S|\s[-–—]\s", re.IGNORECASE)


def gives_reason(text: str) -> bool:
    """Whether `text` gives a reason in words ("because", "bc", "so that", "fordi" …)."""
    return bool(_REASON_WORD.search(text))


def opening_candidates(u: Understanding) -> list[Candidate]:
    """Needs in a wish statement count only when it also gives a reason.

    "Could you keep consignment stock?" says nothing of why; a model that still finds a
    need in it is echoing the wish, and the ladder must ask. "...because the store room is
    tiny" goes beyond the wish and may settle the need at once; "…? It isn't the money,
    honestly." rules the wish's usual need out, though its words still echo it.
    """
    if not _REASON.search(u.text):
        return []
    # a need the statement rules out is no reason it gives, though the wish's words echo it
    # (unless a reason word gives it: "Could we pay at 60 days because the grant comes in
    # quarterly? It's not the budget.")
    denied = () if gives_reason(u.text) else u.extraction.denied
    return [c for c in candidates(u.extraction) if c.code not in denied]


def stated_wish(code: str | None, u: Understanding, among: Sequence[str] = ()) -> WishState:
    """A wish as the message stated it: its words, parameters and the needs it gave reasons
    for. Of several wishes stated together (`among`), where the clause of one gives a reason
    ("a set hour, and tracking bc I'm so done calling around"), the reason is that one's."""
    reasoned = [c for c in among if gives_reason(_clause_of(c, u))]
    return WishState(
        code=code,
        text=u.said,
        parameters=[p.to_dict() for p in u.extraction.parameters],
        opening=opening_candidates(u) if not reasoned or code in reasoned else [],
    )


def _clause_of(code: str, u: Understanding) -> str:
    """The first clause of the message whose likeliest wish is `code` ("" if none)."""
    pairs = zip(u.extraction.clauses, u.extraction.clause_wishes, strict=False)
    return next((clause for clause, top in pairs if top.code == code), "")


def role_said(u: Understanding) -> Role | None:
    """The role a message gives: a button's (any unknown one is the customer's), or its words.

    Rasa reads a typed "I'm a sales rep" or "jeg er sælger" as `set_role` too, but extracts no
    entity from typed text: then the words tell.
    """
    if u.intent == "set_role" and u.entities.get("role"):
        return role_or_customer(u.entities["role"])
    return role_in(u.text)


_ROLE_STATED = re.compile(
    r"^\W*(?:(?:good )?(?:morning|afternoon|evening)|hi there|hiya|hi|hello|hey|hej)?\W*"
    r"(?:i'?m|i am|im|we'?re|we are|this is|here is|i|we|jeg er|vi er|det er|her er|jeg|vi)\b"
    r"(?:\s+\w+){0,4}?"
    r"\s+(?:sales|rep|representative|account manager|seller|salesperson|customer|client|buyer"
    r"|purchas\w*|planner|buy|buying|procure\w*|run|own|owner|sælger\w*|salg\w*|kunde\w*"
    r"|indkøb\w*|køber\w*|planlægger\w*|kundeansvarlig\w*|key account\w*|ejer\w*|driver)\b",
    re.IGNORECASE,
)


# What a rep does with an account ("I look after the … account").
_LOOKS_AFTER = r"(?:look after|handle|manage|run|took over|have)"
_ACCOUNT_NAMED = re.compile(
    rf"\b{_LOOKS_AFTER}\s+the\s+"
    r"((?:[A-Z0-9][\w&.'-]*\s+){0,4}?[A-Z0-9][\w&.'-]*)\s+account\b"
)


# The company said with a role: "customer, Brodie's Bakery", "I'm the buyer at Brodie's
# Bakery", "jeg er indkøber hos Bageriet"; a rep's customer only as the one prepared for
# ("sales rep, preparing for Harbour Hotel"): "sales rep, Acme Supplies" may be the employer.
# A name is written with a capital or a digit, as an account's is: "customer, smaller
# orders" or "buyer for dry goods" name nothing, and the company is asked for.
_NAME = r"((?:the\s+)?[A-ZÆØÅ0-9][\w&'’.-]*(?:\s+[\w&'’.-]+){0,5}?)\s*(?:[,.;!?]|$)"
_END_OF_ROLE = r"(?:\s*[,:]\s*|\s+[–—-]\s+)"
_CUSTOMER_SAID = re.compile(
    r"\b(?i:customer|client|buyer|owner|manager|purchaser|purchasing|procurement|planner|kunde"
    r"|indkøber|køber|ejer|indkøbschef)(?:" + _END_OF_ROLE + r"|\s+(?i:at|from|with|of|hos|fra"
    r"|ved)\s+)" + _NAME
)
_REP_SAID = re.compile(
    r"\b(?i:(?:preparing|prepping|getting ready|forbereder mig)\s+(?:for|til)\s+(?:(?:a|my|our"
    r"|the|et|mit|vores)\s+(?:meeting|negotiation|call|review|møde|forhandling)\s+(?:with"
    r"|med)\s+)?)" + _NAME
)
# What follows a name and is no part of it: "Brodie's Bakery in Leeds", "Harbour Hotel
# tomorrow", "Harbour Hotel's renewal".
_AFTER_NAME = re.compile(
    r"(?:'s|’s)?\s+(?:in|on|at|near|tomorrow|today|next|this|i|på|til|i morgen|næste)\b.*$"
    r"|(?:'s|’s)\s+(?-i:[a-zæøå])\w*$",
    re.IGNORECASE,
)
# Capitalised words that are no company: a greeting, a yes or no, a day, a time.
_NOT_A_NAME = re.compile(
    r"^(?:hi|hello|hey|hej|yes|yeah|no|nope|sure|ok|okay|thanks|ja|nej|tak|i|we|it|you|they"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mandag|tirsdag|onsdag"
    r"|torsdag|fredag|lørdag|søndag|tomorrow|today|next)\b|^\d+\s+\w+$"
    r"|\b(?:we|we'?d|we'?re|i'?m|i'?d|our|us|you|they|them|their|would|want|need|like"
    r"|please|vi|jeg|vores|gerne|vil|dem|jer)\b",
    re.IGNORECASE,
)
MAX_NAME = 200  # characters, as a company typed when asked for (`Customer.name`)


def account_named(text: str) -> str | None:
    """The customer a rep names as their account: "I look after the Harbour Brewing account"
    gives "Harbour Brewing" (a name is written with capitals: "the big account" names none)."""
    match = _ACCOUNT_NAMED.search(text)
    return match[1] if match else None


def company_said(text: str, role: Role) -> str | None:
    """The company named in a message that gives the role: "customer, Brodie's Bakery",
    "I'm the buyer at Brodie's Bakery", a rep's "preparing for Harbour Hotel" or "I look
    after the … account". None when the words after the role are no name: then it is asked."""
    if role is Role.SALES_REP and (named := account_named(text)):
        return named
    said = _REP_SAID if role is Role.SALES_REP else _CUSTOMER_SAID
    match = said.search(text)
    if match is None:
        return None
    name = _AFTER_NAME.sub("", match[1]).strip(" .,'’-")
    name = name.removeprefix("the ")  # "at the Harbour Hotel"; "The Blue Door" is a name
    if not name or _NOT_A_NAME.search(name) or not name[0].isupper() and not name[0].isdigit():
        return None
    return name[:MAX_NAME]


def role_stated(u: Understanding) -> Role | None:
    """A role the person states about themselves ("I am a sales rep", "we're the customer");
    a role word elsewhere ("our sales jump around") states nothing."""
    if u.intent == "set_role":
        return role_said(u)
    if _REP_CLAIM.search(u.said):
        return Role.SALES_REP
    return role_in(u.said) if _ROLE_STATED.match(u.said) else None


# The words of a role, in whatever sentence: the supplier's side first ("I'm in sales", "I
# look after their account"), then the customer's ("I do the buying for three garden
# centres", "we run a bakery").
_REP_WORDS = re.compile(
    r"\b(sales|rep|reps|representative|account manager|seller|salesperson|key account\w*"
    r"|sælger\w*|salg\w*|kundeansvarlig\w*)\b"
)
# Said only by someone on the supplier's side, anywhere in a first message ("I look after
# the Kraus Construction account"); "our customers" is no such phrase: customers have
# customers of their own.
_REP_CLAIM = re.compile(
    rf"\b(?:{_LOOKS_AFTER}\s+(?:the|their|this|that)\b"
    r"(?:\s+[\w&.'-]+){0,4}?\s+account|work for you|(?:on|in) your (?:sales )?team"
    r"|key account\w*|kundeansvarlig\w*)\b",
    re.IGNORECASE,
)
_CUSTOMER_WORDS = re.compile(
    r"\b(customer|client|buyer|buy|buying|purchas\w*|procure\w*|planner|owner|i own|we own"
    r"|i run|we run|i manage|(?:store|shop|warehouse|site|kitchen|office|practice|plant)"
    r" manager|order(?:s|ing)? from you|we order|i order|kunde\w*|indkøb\w*|køber\w*"
    r"|planlægger\w*|ejer\w*|jeg driver|vi driver|vi bestiller|jeg bestiller)\b"
)


# Sales as a business's takings, not a job: "our sales jump around", "vores salg svinger";
# but "our sales team", "vores salgsafdeling" is where a rep works.
_SALES_OWNED = re.compile(
    r"\b(?:our|their|my|your|his|her|its|total|weekly|monthly|daily|seasonal|online|shop|store"
    r"|vores|deres|mit|min|mine|dit|din|jeres|sit|sin)\s+(?:own\s+)?"
    r"(?:sales(?!\s+(?:team|department|dept|rep|reps|force|staff|side|office|manager))"
    r"|salg(?!s?(?:afdeling|team|chef|konsulent|leder|styrke))\w*)\b"
)


def role_in(text: str) -> Role | None:
    """The role a message's words give anywhere in it (asked "customer or sales rep?");
    sales someone owns ("our sales jump around") are takings, no role."""
    lowered = _SALES_OWNED.sub(" ", text.lower())
    if _REP_WORDS.search(lowered) or _REP_CLAIM.search(lowered):
        return Role.SALES_REP
    if _CUSTOMER_WORDS.search(lowered):
        return Role.CUSTOMER
    return None


_NEGATED = re.compile(
    r"\b(?:not asking for|not talking about|not about|do\s*n[o']?t mean|did\s*n[o']?t mean"
    r"|not (?:more|less|a|an|the)\b|beder ikke om|taler ikke om|handler ikke om|mente ikke"
    r"|ikke (?:flere|mere|mindre|en|et)\b)",
    re.IGNORECASE,
)


def sounds_like_correction(text: str) -> bool:
    """A message that corrects the wish: "no, I meant…", "actually it's about…".

    "no, I'm not asking for more deliveries, just fewer per order" names another wish only to
    deny it: that is a clarification of the current wish, not a new one.
    """
    opens = re.match(
        r"^\s*(no|nope|sorry|actually|i meant|wait|nej|undskyld|faktisk|jeg mente|vent)\b",
        text,
        re.IGNORECASE,
    )
    return bool(opens) and not _NEGATED.search(text)


# A message that points back at something said before: "the truck thing i mentioned", "that
# matter of the message before the van comes", "the feed sacks I was on about".
_REFERS_BACK = re.compile(
    r"\b(?:i|we)\s+(?:mentioned|said|was on about|were on about|brought up|talked about"
    r"|spoke about|was saying|told you)\b|\b(?:like|as)\s+i\s+(?:said|mentioned)\b"
    r"|\b(?:from|said)\s+(?:before|earlier)\b|\bthat\s+(?:matter|thing|business)\s+(?:of|about"
    r"|with)\b|\b(?:the|that|this)\s+(?:[\w'-]+\s+){1,3}(?:thing|matter|business)\b"
    r"|\b(?:jeg|vi)\s+(?:nævnte|sagde|talte om)\b|\bsom\s+jeg\s+sagde\b",
    re.IGNORECASE,
)
# Words that carry nothing of what was meant: the reference itself and the words of any text.
_EMPTY_WORDS = frozenset(
    """the a an and or but so that this those these thing things stuff bit one matter business
    about of on in at to for with from by it its it's is was were be been are i we they he she
    you your our their my me us them mentioned said saying brought up talked spoke told
    before earlier like as yeah yes yep ok okay oh right now well just also too then there
    what which when how more any some all no not do does did have has had can could would
    will get got want wanted need needed every each week weeks day days time times month
    really always never much many lot lots very still even only here where than other
    jeg vi det der den de du er var og at på til for med som har ikke men så om af fra kan
    vil skal en et nævnte sagde talte tingen""".split()
)
_REFERENCE_FRAGMENTS = re.compile(r"[.!?;,:]+\s*|\s+(?:but|though|although)\s+", re.IGNORECASE)


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-zæøå0-9]+", text.lower())
    return {w[:5] for w in words if len(w) > 2 and w not in _EMPTY_WORDS}


def referred(text: str, earlier: Sequence[str], lang: str = "en") -> str | None:
    """What `text` points back at among the `earlier` answers ("so the truck thing i
    mentioned" -> "it'd help a ton if your guys told us when the truck's actually coming"):
    the fragment that shares most words with it (a mention set aside for later before the
    rest; the latest of equals); None when `text` points back at nothing or shares no word
    with any fragment."""
    if not _REFERS_BACK.search(text) or not (wanted := _stems(text)):
        return None
    best, shared = None, 0.0
    for answer in earlier:
        mentions = set_aside(answer, lang)
        for fragment in (*_REFERENCE_FRAGMENTS.split(answer), *mentions):
            n = len(wanted & _stems(fragment)) + 0.5 * (fragment in mentions)
            if n >= max(shared, 1):
                best, shared = _LEAD_IN.sub("", fragment.strip()), n
    return best


_LEAD_IN = re.compile(r"^(?:(?:and|but|though|although|so|btw|oh|also|og|men|så)\b\W*)+", re.I)
