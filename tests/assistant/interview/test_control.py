"""How each kind of everyday message is read before its content: a table per category."""

from __future__ import annotations

import pytest

from assistant.interview.control import Polarity, read_control, strip_greeting, taken_back

# (text, Rasa's intent, the model found content) -> (intent, polarity, reason)
CASES = {
    "greeting alone is never a wish": [
        ("Hi", "inform", True, ("greet", None, "")),
        ("hi!", None, False, ("greet", None, "")),
        ("HELLO", "greet", False, ("greet", None, "")),
        ("Good morning :)", "chitchat", False, ("greet", None, "")),
        ("hey there", None, False, ("greet", None, "")),
        ("thanks!", "chitchat", False, ("chitchat", None, "")),
    ],
    "content beats control words": [
        ("none of our staff can unload before 8", "none_of_these", True, (None, None, "")),
        ("we're off on Fridays so deliveries then are wasted", "stop", True, (None, None, "")),
        ("no space in the back for full pallets", "deny", True, (None, None, "")),
        ("Well, it just matters a lot to us, you know.", "chitchat", False, (None, None, "")),
        ("I don't know what we'll sell next week, it swings", "dont_know", True, (None, None, "")),
    ],
    "short control messages keep Rasa's intent": [
        ("none of these", "none_of_these", False, ("none_of_these", None, "")),
        ("no idea", "dont_know", False, ("dont_know", None, "")),
        ("start over", "restart_interview", False, ("restart_interview", None, "")),
    ],
    "commands act whatever the model reads": [
        ("stop", "stop", True, ("stop", None, "")),
        ("Pause", None, True, ("stop", None, "")),
        ("bye", None, False, ("goodbye", None, "")),
        ("restart", None, False, ("restart_interview", None, "")),
    ],
    "yes or no with a reason acts and keeps the reason": [
        ("yes", "affirm", False, ("affirm", Polarity.YES, "")),
        ("Yep.", None, False, ("affirm", Polarity.YES, "")),
        ("no", "deny", False, ("deny", Polarity.NO, "")),
        (
            "yes, exactly – we open at 9 and the trucks come at 7",
            "affirm",
            True,
            (None, Polarity.YES, "we open at 9 and the trucks come at 7"),
        ),
        (
            "Yes exactly, there's just no room",
            "affirm",
            True,
            (None, Polarity.YES, "there's just no room"),
        ),
        (
            "no, it's more that they can only unload in that crane slot",
            "deny",
            True,
            (None, Polarity.NO, "it's more that they can only unload in that crane slot"),
        ),
        (
            "not really, the money is the problem",
            "deny",
            True,
            (None, Polarity.NO, "the money is the problem"),
        ),
        (  # a no said twice is a no ("no no problem" is none)
            "No no, he has room enough, it's lugging them down the stairs",
            None,
            True,
            (None, Polarity.NO, "he has room enough, it's lugging them down the stairs"),
        ),
        ("nah nah it's the stairs", None, True, (None, Polarity.NO, "it's the stairs")),
        (  # found in a blind set: "No please, …" was read as an answer, the need put again
            "No please, the cellar is not the issue. It is the number of people",
            None,
            True,
            (None, Polarity.NO, "the cellar is not the issue. It is the number of people"),
        ),
        ("no mate it's the stairs", None, True, (None, Polarity.NO, "it's the stairs")),
        (  # drawn out, as people type them
            "yesss exactly, ur deliveries been flaky and we had stations down",
            None,
            True,
            (None, Polarity.YES, "ur deliveries been flaky and we had stations down"),
        ),
        ("noooo its the lift", None, True, (None, Polarity.NO, "its the lift")),
        ("yesterday was bad", None, True, (None, None, "")),
        ("noo we've nae room", None, True, (None, None, "")),  # Scots: "now"
        ("no no problem at all, the stairs are", None, True, (None, None, "")),
    ],
    "a no that turns down something else before a yes is a yes": [
        (  # found in a blind set: read as a rejection of the need just confirmed
            "No, not the doors, you've got it right: it's the hours she spends on the phone",
            None,
            True,
            (None, Polarity.YES, "it's the hours she spends on the phone"),
        ),
        (
            "Nay, not the cold room. Aye, that's it: I can't tell on a Sunday how busy it'll be",
            None,
            True,
            (None, Polarity.YES, "I can't tell on a Sunday how busy it'll be"),
        ),
        (
            "No no, you've got it, it's that single bay we have",
            None,
            True,
            (None, Polarity.YES, "it's that single bay we have"),
        ),
        (
            "No, not the yard, it's the hatch and the winch, you've got it.",
            None,
            True,
            (None, Polarity.YES, "not the yard, it's the hatch and the winch"),
        ),
        ("nay", "deny", False, ("deny", Polarity.NO, "")),
        (
            "no, not the money, the stairs",
            None,
            True,
            (None, Polarity.NO, "not the money, the stairs"),
        ),
        (
            "No, you've got it wrong, it is the stairs, spot on",
            None,
            True,
            (None, Polarity.NO, "you've got it wrong, it is the stairs, spot on"),
        ),
        (
            "no, it's the stairs, that's it",
            None,
            True,
            (None, Polarity.NO, "it's the stairs, that's it"),
        ),
        (
            "No, not really, you got it wrong",
            None,
            True,
            (None, Polarity.NO, "not really, you got it wrong"),
        ),
        # a review's: a no that stays a no though yes-words follow
        (
            "No, you've got it completely wrong, it's the cash",
            "deny",
            True,
            (None, Polarity.NO, "you've got it completely wrong, it's the cash"),
        ),
        (
            "No, you've got it backwards",
            "deny",
            False,
            (None, Polarity.NO, "you've got it backwards"),
        ),
        (
            "No, not really, that's it.",
            "deny",
            False,
            (None, Polarity.NO, "not really, that's it."),
        ),
        (
            "No, not at the moment, that's it",
            "deny",
            False,
            (None, Polarity.NO, "not at the moment, that's it"),
        ),
        (
            "No, not at all. Yes, we could take them whenever.",
            None,
            True,
            (None, Polarity.NO, "not at all. Yes, we could take them whenever."),
        ),
        (
            "No, not the space. Yes, we're a bit cramped, but it's the stairs",
            None,
            True,
            (None, Polarity.NO, "not the space. Yes, we're a bit cramped, but it's the stairs"),
        ),
        (
            "No, exactly the opposite: we have too much room",
            None,
            True,
            (None, Polarity.NO, "exactly the opposite: we have too much room"),
        ),
        (
            "No, not the doors. you got it now?",
            None,
            True,
            (None, Polarity.NO, "not the doors. you got it now?"),
        ),
        # a second review's
        (
            "No, bang on time every time.",
            None,
            True,
            (None, Polarity.NO, "bang on time every time."),
        ),
        (
            "No, the deliveries are fine, bang on.",
            None,
            True,
            (None, Polarity.NO, "the deliveries are fine, bang on."),
        ),
        (
            "No, you've got it half right, it's more the cost",
            None,
            True,
            (None, Polarity.NO, "you've got it half right, it's more the cost"),
        ),
        (
            "No, not the cash. That's the one thing we're not short of.",
            None,
            True,
            (None, Polarity.NO, "not the cash. That's the one thing we're not short of."),
        ),
        (
            "No, it's not the doors, you've got it right, it's the hatch.",
            None,
            True,
            (None, Polarity.YES, "it's the hatch."),
        ),
        (
            "No, not the doors, you're right, it's the hatch",
            None,
            True,
            (None, Polarity.YES, "it's the hatch"),
        ),
    ],
    "a short yes or no acts whatever words follow it": [
        ("nej, ikke i dag", "chitchat", False, ("deny", Polarity.NO, "ikke i dag")),
        ("ja, gerne en mere", "greet", False, ("affirm", Polarity.YES, "gerne en mere")),
        (
            "no, none of these",
            "none_of_these",
            False,
            ("none_of_these", Polarity.NO, "none of these"),
        ),
    ],
    "a yes or no said again in other words is no reason": [
        ("nej, det var det", "chitchat", False, ("deny", Polarity.NO, "")),
        ("nej det var alt", None, False, ("deny", Polarity.NO, "")),
        ("no, that's all", "inform", False, ("deny", Polarity.NO, "")),
        ("no, that's not it", "deny", False, ("deny", Polarity.NO, "")),
        ("No, that's everything.", None, False, ("deny", Polarity.NO, "")),
        ("yes, that's right", "affirm", False, ("affirm", Polarity.YES, "")),
    ],
    "a yes or no in everyday words": [
        ("aye thats it", "chitchat", False, ("affirm", Polarity.YES, "")),
        ("bang on", None, False, ("affirm", Polarity.YES, "")),
        ("ye", None, False, ("affirm", Polarity.YES, "")),
        (
            "ye thats it, carrying the cases up them stairs",
            "inform",
            True,
            (None, Polarity.YES, "carrying the cases up them stairs"),
        ),
        ("ye can send it monday", None, True, (None, None, "")),
        ("ye thats not it", None, False, (None, None, "")),
        (
            "of course, the cash goes out before it comes in",
            None,
            True,
            (None, Polarity.YES, "the cash goes out before it comes in"),
        ),
        ("yeh that's the one", "inform", False, ("affirm", Polarity.YES, "")),
        (
            "naw, it's the lift that's the problem",
            None,
            True,
            (None, Polarity.NO, "it's the lift that's the problem"),
        ),
        ("not at all", "chitchat", False, ("deny", Polarity.NO, "")),
        ("nae room for it", None, True, (None, None, "")),
        ("you got it wrong", "affirm", False, ("deny", Polarity.NO, "")),
        ("of course not", "affirm", False, ("deny", Polarity.NO, "")),
        ("definitely not", None, False, ("deny", Polarity.NO, "")),
        ("aye right", "affirm", False, ("deny", Polarity.NO, "")),  # Scots irony
        ("aye, right enough", "affirm", False, ("affirm", Polarity.YES, "")),
    ],
    "a yes word that is no yes": [
        ("right now we can't pay for a full pallet up front", "affirm", True, (None, None, "")),
        ("of course we'd rather not pay up front", "affirm", True, (None, None, "")),
        ("sure, but it's more that we can't pay up front", "affirm", True, (None, None, "")),
        ("for sure we need more room", None, True, (None, None, "")),
    ],
    "a wish can be taken back": [
        ("No, I did not say smaller orders", "deny", True, ("drop_wish", None, "")),
        ("They never asked for late order changes", "inform", True, ("drop_wish", None, "")),
        ("forget that one", "deny", False, ("drop_wish", None, "")),
        ("scratch that", None, False, ("drop_wish", None, "")),
    ],
    "a need is not taking a wish back": [
        ("they don't need a whole pallet at once", "deny", True, (None, None, "")),
        ("we don't want to pay for space we don't have", "deny", True, (None, None, "")),
    ],
    "typed words Rasa reads as a button are words": [
        (
            "yes, it's about not getting stuck without paint again",
            "confirm_need",
            False,
            (None, Polarity.YES, "it's about not getting stuck without paint again"),
        ),
        ("yes that's it", "confirm_need", False, ("affirm", Polarity.YES, "")),
        ("nope", "reject_need", False, ("deny", Polarity.NO, "")),
        # without a yes or no in its words, no intent: "not that one" when asked for a wish
        # must not end the interview as a "no" would
        ("not that one", "reject_need", False, (None, None, "")),
        ("the packaging one", "choose_wish", False, (None, None, "")),
        (
            "they said it's the sacks they can't lift",
            "reject_need",
            True,
            (None, None, ""),
        ),
    ],
    "skip or next moves on": [
        ("skip", "dont_know", False, ("skip", None, "")),
        ("next question", None, False, ("skip", None, "")),
        ("can we skip this one?", None, False, ("skip", None, "")),
    ],
}
TABLE = [(category, *case) for category, cases in CASES.items() for case in cases]


@pytest.mark.parametrize(("category", "text", "rasa", "content", "expected"), TABLE)
def test_message_is_read_as_its_category(category, text, rasa, content, expected):
    control = read_control(text, rasa, content)

    assert (control.intent, control.polarity, control.reason) == expected, category


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Hi! we'd like half pallets", "we'd like half pallets"),
        ("Hello there, could you deliver at 7?", "could you deliver at 7?"),
        ("Good morning :) two things: ETA and labels", "two things: ETA and labels"),
        ("highly variable demand", "highly variable demand"),  # "hi" only as a word
        ("morning deliveries would help", "morning deliveries would help"),
    ],
)
def test_a_greeting_in_front_is_taken_off_and_nothing_else(text, content):
    assert strip_greeting(text) == content


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # what a message takes back itself goes, with the take-back
        ("two things. can we change the order up to the day before? and can your driver come at"
         " 10 on the dot, no wait scratch that, any time's grand, just ring me before",
         "two things. can we change the order up to the day before? any time's grand, just ring"
         " me before"),
        ("we want it at 10. Scratch that. Any time is fine", "Any time is fine"),
        ("half pallets - no, forget that - smaller boxes please", "smaller boxes please"),
        ("at 10, no, no, scratch that, at 11", "at 11"),
        ("vi vil have det klokken 10, nej glem det, bare ring før", "bare ring før"),
        # a take-back of what was said before is left for the drop
        ("scratch that, we don't need it", "scratch that, we don't need it"),
        ("ok, scratch that", "ok, scratch that"),
        ("forget that one", "forget that one"),
        ("we want it at 10, scratch that", "we want it at 10, scratch that"),
        ("Sorry, my mistake, scratch that, we don't need it",
         "Sorry, my mistake, scratch that, we don't need it"),
        # numbers stay whole; a piece that says more than the take-back is none
        ("can the driver come at 10.30, no wait scratch that, just ring me before",
         "just ring me before"),
        ("we want 1,500 kg, no wait scratch that, 2 pallets", "2 pallets"),
        ("we want it on mondays, forget that we ever asked about fridays",
         "we want it on mondays, forget that we ever asked about fridays"),
        ("ring før I kommer, glem det ikke!", "ring før I kommer, glem det ikke!"),
        ("the driver is always late, forget it, we'll pick it up ourselves",
         "the driver is always late, forget it, we'll pick it up ourselves"),
        # no take-back
        ("we can't forget that the lorry is late", "we can't forget that the lorry is late"),
        ("the room is tiny", "the room is tiny"),
    ],
)  # fmt: skip
def test_what_a_message_takes_back_itself_is_not_read(text, read):
    assert taken_back(text) == read
