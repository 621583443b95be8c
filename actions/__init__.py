"""Rasa custom actions: thin adapters from the tracker to the `assistant` package."""

import warnings

# rasa-sdk 3.21 serves Rasa 3.6.21 correctly over the action webhook (the payload did not
# change between them); its version check would warn on every single call.
warnings.filterwarnings(
    "ignore", message=r".*(not be compatible|compatible with).*rasa_sdk", module="rasa_sdk.utils"
)
