"""The laddering interview: plain-data state and pure functions, no Rasa, no database."""
