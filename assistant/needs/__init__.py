"""Find wishes, needs and parameters in customers' words with a small trained spaCy pipeline.

The package itself loads no spaCy: its result types live in `assistant.needs.results`;
the model is run by `assistant.needs.extract.NeedExtractor`.
"""

from assistant.needs.results import Extraction, Parameter, Scored

__all__ = ["Extraction", "Parameter", "Scored"]
