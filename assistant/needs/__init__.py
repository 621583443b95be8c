"""Find wishes, needs and parameters in customers' words with a small trained spaCy pipeline."""

from assistant.needs.extract import Extraction, NeedExtractor, Scored
from assistant.needs.parameters import Parameter

__all__ = ["Extraction", "NeedExtractor", "Parameter", "Scored"]
