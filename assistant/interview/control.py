"""Control words: what a typed message asks of the interview, read before its content.

Content comes first. A message that carries a wish or a need, or more than a few words, is an
answer, whatever control intent Rasa guessed for it: "none of our staff can unload before 8"
is not "none of these". Rasa's intent decides only short messages without content. A greeting
in front of a message is taken off; a leading yes or no acts, and what follows it is kept as
the reason. Dropping a wish ("they never asked for that") and skipping are read here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["SHORT", "Control", "Polarity", "read_control", "strip_greeting", "taken_back"]

SHORT = 4  # words: a control message is at most this long ("no, none of these")

_SMILEY = r"(?::\)|:-\)|:D|;\)|🙂|😊|👋)"
_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|hiya|howdy|greetings|hallo|dear\s+\w+|hej|hejsa|goddag|davs|kære\s+\w+)"
    r"(?:\s+(?:there|all|team|everyone|med dig|alle))?\b"
    r"|god\s+(?:morgen|eftermiddag|aften)\b|tak(?:\s+for\s+(?:det|sidst))?\b|mange tak\b"
    r"|good\s+(?:morning|afternoon|evening|day)\b|(?:morning|afternoon|evening)(?=\s*[,.!:;]|\s*$)"
    rf"|thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?\b|cheers\b|{_SMILEY})"
    rf"(?:{_SMILEY}|[\s,.!:;\-–—])*",
    re.IGNORECASE,
)
_THANKS = re.compile(r"^\s*(?:thanks?|thank you|cheers|tak|mange tak)\b", re.IGNORECASE)
# A yes acts only when no "not" or "wrong" follows it ("of course not", "you got it wrong");
# the weaker words ("right", "sure", "of course") only when they stand apart, as "no" must:
# "right now we can't pay" and "of course we'd rather not" are answers.
_NOT_AFTER = (
    r"(?!\s*(?:not\b|n'?t\b|(?:all\s+)?wrong\b|ikke\b|forkert\b))"
    # "ye thats not it", "ye it is not": no yes either ("yes, it's not the money, …" is one)
    r"(?![\s,]*(?:thats|that'?s|that is)\s+(?:not|wrong)\b)(?![\s,]*(?:it'?s|its|it is)\s+not\W*$)"
)
_YES = re.compile(
    # "yesss", "yeahhh", "yepp" (drawn out as people type them)
    r"^\s*(?:(?:ye+s+|yea+h+|yep+|yup+|yea|ya|yeh|yah|ya+s+|aye|exactly|correct|absolutely|definitely"
    r"|precisely|spot on|bang on|dead right|too right|you got it|got it in one|you'?ve got it"
    r"|that'?s (?:it|right|correct|true|the one)|that is (?:it|right|correct)"
    r"|ja|jo|jep|jeps|jamen ja|præcis|præcist|netop|korrekt|rigtigt|helt sikkert|absolut"
    r"|det passer|det er rigtigt|det er det)\b"
    r"|(?:sure|right|true|indeed|of course|for sure)(?=\s*[,.!:;\-–—]|\s*$)"
    # "ye" (yeah, as typed in a hurry) apart or before "that's it"; "ye can" is "you can"
    r"|ye(?=\s*[,.!:;\-–—]|\s*$|\s+(?:thats|that'?s|that is|exactly|correct|spot|bang|it is)\b))"
    rf"{_NOT_AFTER}"
    r"(?:[\s,.!:;\-–—]*(?:exactly|that'?s (?:it|right|the one)|indeed|correct|absolutely|right"
    r"|spot on|bang on|præcis|præcist|det passer|det er rigtigt|netop|korrekt)\b)?"
    r"[\s,.!:;\-–—]*",
    re.IGNORECASE,
)
# What turns a yes into an answer: "sure, but it's more that we can't pay up front".
_QUALIFIED = re.compile(r"^(?:but|though|although|except|however|men|dog)\b", re.IGNORECASE)
# "no" acts only when it stands apart ("no, …", "no it's more that …"): "no space in the back"
# is an answer, not a denial.
_NO = re.compile(
    # "no", "no no", "nah nah nah"
    # (drawn out from three o's: Scots "noo" is "now")
    r"^\s*(?:(?:no(?:oo+)?|nope+|na+h+|naw|nae|nay)(?:[\s,]+(?:no(?:oo+)?|nope+|na+h+|naw|nae|nay))*"
    # "No please, …", "no mate, …"
    r"(?:[\s,]+(?:please|mate|sir|madam|my (?:friend|brother|sister|dear)))?"
    r"(?=\s*[,.!:;\-–—]|\s*$|\s+(?:it'?s|it is|that'?s|that is"
    r"|not|i|we|they|the|more|rather|actually|really|but|sorry)\b)|(?:not really|not quite"
    r"|not exactly|not at all|(?:of course|absolutely|definitely|certainly) not"
    r"|you'?(?:ve)? got it (?:all )?wrong|aye,? right(?=\s*[.!]*\s*$)"
    r"|that'?s not (?:it|right|true)|that is not (?:it|right)|wrong|incorrect)\b"
    r"|(?:nej|næh?|nix)(?=\s*[,.!:;\-–—]|\s*$|\s+(?:det|ikke|vi|jeg|de|mere|snarere|faktisk"
    r"|egentlig|men|undskyld|tak)\b)|(?:ikke rigtig|ikke helt|ikke ligefrem|det passer ikke"
    r"|det er ikke (?:det|rigtigt)|forkert)\b)(?:\s+tak\b)?"
    r"[\s,.!:;\-–—]*",
    re.IGNORECASE,
)
# A no that only turns down something else before a yes ("No, not the doors, you've got it
# right: …", "nay, not the cold room. Aye, that's it", "no no, you've got it"): a yes.
_STRONG_YES = (
    r"(?:you'?(?:ve)? got it(?: right| in one)?|got it in one|you'?re (?:right|correct)|spot on"
    r"|bang on)"
)
# a yes that stands apart ("spot on." is a yes, "spot on with the deliveries" no answer)
_APART = r"(?=\s*[,.!:;\-–—]|\s*$)"
# what the no turns down names a thing ("not the doors"), not a hedge ("not really", "not
# at the moment", "not that I know of")
_NOT_A_THING = (
    r"(?:(?:it'?s|its|it is)\s+)?not\s+(?:the|a|an|our|their|my|your|his|her|about)\s+"
    r"[^,.!?:;\-–—]{1,40}"
)
_THATS_IT = rf"(?:that'?s|that is) (?:it|right|correct|the one){_APART}"
_NOT_THAT_BUT_YES = re.compile(
    rf"(?:{_NOT_A_THING}[,.!:;\-–—]+\s*(?:(?:aye|yes|yeah|yep|ja)\b{_NOT_AFTER}[\s,]*(?:{_THATS_IT}"
    rf"|{_STRONG_YES}{_APART})|{_THATS_IT}|{_STRONG_YES}{_APART})|{_STRONG_YES}{_APART})"
    rf"{_NOT_AFTER}[\s,.!:;\-–—]*",
    re.IGNORECASE,
)
# "No, not the yard, it's the hatch and the winch, you've got it."
# (said to the bot: not "the deliveries are fine, bang on")
_YES_AT_THE_END = re.compile(
    r"[,.!:;\-–—]\s*(?:you'?(?:ve)? got it(?: right| in one)?|got it in one)"
    rf"{_NOT_AFTER}[\s,.!:;\-–—]*$",
    re.IGNORECASE,
)
# what keeps a no a no though a yes follows: "no, you've got it completely wrong / backwards
# / mixed up", "…, you got it now?"
_WRONG = re.compile(
    r"\b(?:wrong|incorrect|not (?:it|right)|isn'?t (?:it|right)|backwards|the wrong way"
    r"|mixed up|muddled|back to front|upside down|the other way round)\b|\?",
    re.IGNORECASE,
)
_WRONG_REACH = 25  # characters
# What may follow a yes or no and only says it again ("no, that's not it", "nej det var det
# hele"): no reason, so the yes or no acts alone as Rasa reads it.
_ECHO = re.compile(
    r"^(?:that'?s (?:all|everything|it|not it|right|correct|true|wrong)"
    r"|that is (?:all|everything|it|not it|right|correct)|nothing else|not that"
    r"|det (?:er|var) (?:det|det hele|alt|rigtigt|helt rigtigt|korrekt|forkert|ikke det"
    r"|ikke rigtigt|det ikke)|det passer(?: ikke)?|det stemmer(?: ikke)?"
    r"|(?:ellers )?ikke (?:andet|noget|mere|det)|ellers ikke(?: noget)?)"
    r"(?:[\s,.!:;\-–—]+tak)?\W*$",
    re.IGNORECASE,
)
# Nothing more to add: "no, that's all", "nothing else", "nej, det var det".
_DONE = re.compile(
    r"\b(?:that'?s (?:all|everything)|that is (?:all|everything)|nothing (?:else|more)"
    r"|det var det|ellers ikke|ikke (?:andet|mere))\b",
    re.IGNORECASE,
)


def says_done(text: str) -> bool:
    """Whether `text` says the person has nothing more to add ("no, that's all")."""
    return bool(_DONE.search(text))


# "I don't know" in Danish (Rasa's dont_know intent reads the English): acts in a short message.
_DONT_KNOW = re.compile(
    r"^\s*(?:det ved jeg ikke|ved ikke|aner det ikke|ingen anelse|det er jeg ikke sikker på"
    r"|ikke sikker|det kan jeg ikke sige|svært at sige)\W*$",
    re.IGNORECASE,
)
_DROP = re.compile(
    r"\b(?:i|we|they|he|she|nobody|no one)\s+(?:did\s*n[o']?t|never|have\s*n[o']?t|did not"
    r"|have not|has not|has never|have never)\s+(?:ever\s+)?"
    r"(?:say|said|ask|asked|mention|mentioned)\b"
    r"|\bforget (?:that|it|this|about (?:that|it|this))\b|\bscratch that\b"
    r"|\bnot what (?:i|we|they) (?:said|meant|asked)\b"
    r"|\b(?:ignore|drop|remove|delete) (?:that|it|this)(?: one)?\s*[.!]?\s*$"
    r"|\b(?:jeg|vi|de|han|hun|ingen)\s+(?:har\s+)?(?:sagde|sagt|bad|bedt|nævnte|nævnt)\s+"
    r"(?:aldrig|ikke)\b|\b(?:jeg|vi|de|han|hun)\s+(?:har\s+)?(?:aldrig|ikke)\s+"
    r"(?:sagt|bedt om|nævnt|sagde|bad om)\b|\bdet sagde (?:jeg|vi|de) ikke\b"
    r"|\bglem (?:det|den|dét)\b|\b(?:slet|fjern|drop) (?:det|den)(?: igen)?\s*[.!]?\s*$",
    re.IGNORECASE,
)
_SKIP = re.compile(
    r"^\s*(?:skip|next|pass|move on|let'?s move on|skip (?:it|this|that)(?: one| question)?"
    r"|next (?:one|question)|can we skip (?:this|that)(?: one)?"
    r"|spring over|spring den over|spring det over|videre|næste|næste spørgsmål"
    r"|kan vi springe (?:den|det) over)\W*$",
    re.IGNORECASE,
)
# Whole-message commands that act whatever the need model reads into them ("stop" reads as a
# line stoppage to a model trained on why-answers).
_COMMANDS = (
    (
        re.compile(
            r"^\s*(?:stop|pause|quit|exit|later|not now|stop for now|stop for nu|senere"
            r"|ikke nu|vi holder pause|lad os holde pause|afbryd)\W*$",
            re.I,
        ),
        "stop",
    ),
    (re.compile(r"^\s*(?:bye|goodbye|bye bye|see you|farvel|hej hej|vi ses)\W*$", re.I), "goodbye"),
    (
        re.compile(
            r"^\s*(?:restart|start over|start again|begin again|forfra|start forfra"
            r"|begynd forfra|fra start|vi starter forfra)\W*$",
            re.I,
        ),
        "restart_interview",
    ),
)
# Rasa intents that only a short message may carry; the others (button payloads) always act.
_TYPED_INTENTS = frozenset(
    {"affirm", "deny", "dont_know", "none_of_these", "stop", "goodbye", "greet", "chitchat",
     "restart_interview", "correct_wish", "set_role", "inform"}
)  # fmt: skip

# Button intents Rasa may guess for typed words ("yes, it's about not running out" as
# confirm_need): typed, they carry no need or wish (the pipeline extracts no entity), so they
# are no intent, and a yes or no in the words acts as such; a button's own payload never
# reaches `read_control`.
_BUTTON_INTENTS = frozenset({"confirm_need", "reject_need", "choose_wish"})

# What Rasa answers for words it does not know; a leading yes or no outweighs them.
_GUESSES = frozenset({None, "greet", "chitchat", "inform"})


class Polarity(StrEnum):
    """A typed yes or no in front of a message."""

    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class Control:
    """What a typed message asks of the interview, apart from its content."""

    content: str  # the message without a greeting in front
    intent: str | None  # the control intent, or None: the message is an answer
    polarity: Polarity | None = None  # a leading yes or no
    reason: str = ""  # what follows the yes or no, when it says something


def strip_greeting(text: str) -> str:
    """`text` without a greeting or thanks in front ("Hi! we'd like…" -> "we'd like…")."""
    return _GREETING.sub("", text, count=1).strip()


# "…, no wait scratch that, …": what comes before it in the same message is taken back
_FILLERS = (
    r"(?:no|oh|sorry|actually|wait|hang on|hold on|um|erm|nah|oops|my bad|my mistake|nej|vent"
    r"|undskyld)"
)
# A piece that is a take-back and nothing more ("no wait, scratch that"; not "forget that we
# asked about fridays", "glem det ikke")
_TAKE_BACK = re.compile(
    rf"\W*(?:{_FILLERS}\W+)*(?:(?:scratch|strike) (?:that|it)|(?:forget|ignore) that|glem det)\W*",
    re.IGNORECASE,
)
_ONLY_FILLERS = re.compile(rf"\W*(?:{_FILLERS}\W*)*", re.IGNORECASE)
# Pieces of a message: at punctuation (not inside "10.30", "1,500"), or a dash between words
_PIECES = re.compile(r"((?<!\d)[.!?;,:]+(?!\d)\s*|[.!?;,:]+\s+|\s+[-–—]+\s+)")


def taken_back(text: str) -> str:
    """`text` without what it takes back itself: "can your driver come at 10, no wait scratch
    that, just ring me before" -> "just ring me before" (the piece before the take-back). A
    take-back with nothing of two words before it ("scratch that, …"), or after which nothing
    is left ("we want it at 10, scratch that"), is left for `read_control`: a drop of the
    wish being asked about."""
    parts = _PIECES.split(text)
    pieces, seps = parts[0::2], [*parts[1::2], ""]
    keep = [True] * len(pieces)
    for i, piece in enumerate(pieces):
        if not _TAKE_BACK.fullmatch(piece):
            continue
        said = next((j for j in range(i - 1, -1, -1) if not _ONLY_FILLERS.fullmatch(pieces[j])), -1)
        if said < 0 or not keep[said] or len(pieces[said].split()) < 2:
            continue
        keep[said : i + 1] = [False] * (i + 1 - said)
    rest = "".join(p + s for p, s, k in zip(pieces, seps, keep, strict=True) if k).strip()
    return rest or text  # all of it taken back: a take-back of what was said before


def read_control(text: str, rasa_intent: str | None, has_content: bool) -> Control:
    """Read `text` (typed, not a button) given Rasa's intent and whether it carries content.

    `has_content`: the need model found a wish or a need in it.
    """
    content = strip_greeting(text)
    if not content:
        return Control("", "chitchat" if _THANKS.match(text) else "greet")
    if _SKIP.match(content):
        return Control(content, "skip")
    for pattern, command in _COMMANDS:
        if pattern.match(content):
            return Control(content, command)
    if _DROP.search(content):
        return Control(content, "drop_wish")
    if _DONT_KNOW.match(content) and not has_content:
        return Control(content, "dont_know")
    polarity, reason = _polarity(content)
    short = len(content.split()) <= SHORT and not has_content
    rasa_intent = None if rasa_intent in _BUTTON_INTENTS else rasa_intent
    if polarity is not None and not reason:
        return Control(content, "affirm" if polarity is Polarity.YES else "deny", polarity)
    intent = rasa_intent if short or rasa_intent not in _TYPED_INTENTS else None
    if (
        polarity is not None
        and intent in _GUESSES
        and not has_content
        and len(reason.split()) < SHORT
    ):
        # "nej, det var det", "no, that's all": a short yes or no whose tail Rasa need not
        # know acts as the yes or no.
        intent = "affirm" if polarity is Polarity.YES else "deny"
    if intent in ("affirm", "deny") and polarity is None:
        polarity = Polarity.YES if intent == "affirm" else Polarity.NO
    return Control(content, intent, polarity, reason)


def _polarity(content: str) -> tuple[Polarity | None, str]:
    # a no first: "aye right" (Scots irony) begins as a yes does
    for polarity, pattern in ((Polarity.NO, _NO), (Polarity.YES, _YES)):
        if match := pattern.match(content):
            rest = content[match.end() :].strip()
            if polarity is Polarity.NO:
                # (the words right after the yes: "you've got it completely wrong")
                if (yes := _NOT_THAT_BUT_YES.match(rest)) and not _WRONG.search(
                    rest[: yes.end() + _WRONG_REACH]
                ):
                    polarity, rest = Polarity.YES, rest[yes.end() :].strip()
                elif (yes := _YES_AT_THE_END.search(rest)) and not _WRONG.search(rest):
                    polarity, rest = Polarity.YES, rest[: yes.start()].strip()
            if polarity is Polarity.YES and _QUALIFIED.match(rest):
                return None, ""
            return polarity, rest if len(rest.split()) >= 2 and not _ECHO.match(rest) else ""
    return None, ""
