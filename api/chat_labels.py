"""The chat page's own words (title, header, message box, connection states), in each
language the interviews speak (`assistant.interview.language.LANGUAGES`).

The page is rendered in English and speaks the interview's language as soon as it knows
it (api/static/js/chat.js): an invited customer's language from `POST /chat/invitation`,
later the language each reply of the interview carries (after a switch, for example). What
the interviewer says comes from `assistant.interview.wording*`; these are only the page's
labels. Danish is informal ("du"), as the interview is.
"""

from __future__ import annotations

__all__ = ["LABELS"]

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Your logistics wishes · Needfinder",
        "heading": "Tell us about your deliveries",
        "hint": "A short interview about what you wish for in logistics, and why.",
        "rep_heading": "Prepare a negotiation",
        "rep_hint": "Ask for a customer's brief, or interview about a customer's wishes.",
        "sign_in_question": "Sales rep?",
        "sign_in": "Sign in",
        "sign_in_rest": "to ask for customer briefs.",
        "conversation": "Conversation",
        "connecting": "Connecting to the assistant…",
        "trying": "Trying to connect…",
        "reconnecting": "Reconnecting…",
        "typing": "The assistant is typing…",
        "message": "Your message",
        "placeholder": "Type your answer…",
        "send": "Send",
        "composer_help": (
            "Press Enter to send. Answer buttons appear under the assistant's questions: "
            "Shift+Tab from here reaches them."
        ),
        "answers": "Possible answers",
        "assistant": "Assistant: ",
        "you": "You: ",
        "no_answer": "The assistant has not answered. Please send your message again.",
        "not_connected": "Not connected to the chat server yet: your message was not sent.",
        "cannot_reach": "Cannot reach the chat server. Trying again…",
        "lost": "The connection to the chat server was lost. Reconnecting…",
        "invalid_session": "This chat session is not valid. Please reload the page.",
        "not_loaded": "The chat could not load. Please reload the page.",
        # channels/limits.py RATE_LIMITED, with the wait the server sends
        "rate_limited": (
            "You are sending messages faster than we can read them. Please wait {wait} "
            "seconds, then send your message again; it was not recorded."
        ),
    },
    "da": {
        "title": "Dine ønsker til leveringerne · Needfinder",
        "heading": "Fortæl os om jeres leveringer",
        "hint": "Et kort interview om, hvad du ønsker dig af leveringerne – og hvorfor.",
        "rep_heading": "Forbered en forhandling",
        "rep_hint": "Bed om en kundes brief, eller lav et interview om en kundes ønsker.",
        "sign_in_question": "Sælger?",
        "sign_in": "Log ind",
        "sign_in_rest": "for at få kundebriefs.",
        "conversation": "Samtale",
        "connecting": "Forbinder til assistenten…",
        "trying": "Prøver at forbinde…",
        "reconnecting": "Forbinder igen…",
        "typing": "Assistenten skriver…",
        "message": "Din besked",
        "placeholder": "Skriv dit svar…",
        "send": "Send",
        "composer_help": (
            "Tryk Enter for at sende. Svarknapperne står under assistentens spørgsmål: "
            "Skift+Tab herfra fører dig hen til dem."
        ),
        "answers": "Mulige svar",
        "assistant": "Assistent: ",
        "you": "Dig: ",
        "no_answer": "Assistenten har ikke svaret. Send gerne din besked igen.",
        "not_connected": (
            "Der er ikke forbindelse til chatten endnu, så din besked blev ikke sendt."
        ),
        "cannot_reach": "Chatten kan ikke nås lige nu. Vi prøver igen…",
        "lost": "Forbindelsen til chatten blev afbrudt. Vi forbinder igen…",
        "invalid_session": "Denne chat er ikke gyldig længere. Genindlæs siden.",
        "not_loaded": "Chatten kunne ikke indlæses. Genindlæs siden.",
        "rate_limited": (
            "Du sender beskeder hurtigere, end vi kan læse dem. Vent {wait} sekunder, og send "
            "så din besked igen; den blev ikke gemt."
        ),
    },
}
