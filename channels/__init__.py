"""Rasa input channels for Slack and Microsoft Teams, loaded by the Rasa server (.venv-rasa).

They are Rasa's own connectors with the third-party addresses configurable through the
environment (for tests and for Slack/Azure government clouds); `credentials.yml` names them.
This package runs on Python 3.10 inside Rasa's runtime and imports nothing of Needfinder.
"""
