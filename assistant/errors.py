"""Exceptions raised by the `assistant` package; the edges (api, actions, CLIs) translate them.

NeedfinderError
 ├── TaxonomyError          the taxonomy file is missing, malformed or inconsistent
 ├── CorpusError            a training/evaluation corpus file is malformed
 ├── ModelNotTrained        no trained need model where one was expected
 ├── UnknownCode            (also a KeyError) a wish or need code not in the taxonomy
 ├── UnsupportedLanguage    (also a ValueError) a language the taxonomy, model or brief lacks
 ├── NotFound               a record asked for by id does not exist
 │    ├── UnknownInterview  no interview has that conversation id
 │    ├── UnknownCustomer   no customer has that id
 │    └── UnknownInvitation no valid invitation has that token
 │         ├── InvitationExpired   past its expiry date
 │         ├── InvitationRevoked   withdrawn by the supplier
 │         └── InvitationUsed      already opened another conversation
 ├── Conflict               the request clashes with what is stored (e.g. duplicate id)
 ├── InvalidCsv             an uploaded CSV file has errors (each with its line)
 └── InvalidMessage         a chat message that cannot be recorded (empty, too long)
      └── ConversationErased  its conversation was erased while it was on its way
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "ConversationErased",
    "CorpusError",
    "InvalidMessage",
    "NotFound",
    "Conflict",
    "InvalidCsv",
    "UnknownCustomer",
    "UnknownInterview",
    "UnknownInvitation",
    "InvitationExpired",
    "InvitationRevoked",
    "InvitationUsed",
    "ModelNotTrained",
    "NeedfinderError",
    "TaxonomyError",
    "UnknownCode",
    "UnsupportedLanguage",
]


class NeedfinderError(Exception):
    """Base class of every error the `assistant` package raises on purpose."""


class TaxonomyError(NeedfinderError):
    """The taxonomy file cannot be used; the message names the file, the line and the problem."""


class CorpusError(NeedfinderError):
    """A corpus file cannot be used; the message names the file, the line and the problem."""


class ModelNotTrained(NeedfinderError):
    """The need model directory is missing or incomplete; train it with `needs train`."""


class UnknownCode(NeedfinderError, KeyError):
    """A wish or need code that the taxonomy does not define."""

    def __str__(self) -> str:
        # KeyError.__str__ would show the repr of the message, quotes included.
        return str(self.args[0]) if self.args else ""


class UnsupportedLanguage(NeedfinderError, ValueError):
    """A language code the taxonomy has no cues for, or a model trained for another language."""


class NotFound(NeedfinderError, LookupError):
    """A record asked for by its id does not exist."""


class UnknownInterview(NotFound):
    """No interview has the given conversation id."""


class InvalidMessage(NeedfinderError, ValueError):
    """A chat message that cannot be recorded: empty, or longer than the configured limit."""


class ConversationErased(InvalidMessage):
    """The message's conversation was erased after the message arrived: it is not recorded."""


class UnknownCustomer(NotFound):
    """No customer has the given id."""


class UnknownInvitation(NotFound):
    """No valid invitation has the given token. `kind` names why for the person's notice
    (`wording.invitation_notice`); `language` is the invited customer's, when the token is
    known and their language is."""

    kind = "unknown"

    def __init__(
        self, message: str, *, language: str | None = None, expired_on: date | None = None
    ) -> None:
        super().__init__(message)
        self.language, self.expired_on = language, expired_on


class InvitationExpired(UnknownInvitation):
    """The invitation exists but is past its expiry date."""

    kind = "expired"


class InvitationRevoked(UnknownInvitation):
    """The invitation was withdrawn."""

    kind = "withdrawn"


class InvitationUsed(UnknownInvitation):
    """The invitation already opened another conversation (a link is for one conversation)."""

    kind = "used"


class Conflict(NeedfinderError):
    """The request clashes with what is stored, e.g. a customer external id already in use."""


class InvalidCsv(NeedfinderError, ValueError):
    """An uploaded CSV file has errors; `errors` lists (line, message) for each."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in the CSV file; nothing was imported")
