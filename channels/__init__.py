"""Code that runs inside Rasa's runtime (.venv-rasa, Python 3.10), loaded through PYTHONPATH.

Rasa's own channels subclassed (REST, socket.io, Slack, Teams; `credentials.yml` names them),
the public chat's rate limits (`limits`), the SQL tracker store that does not write back an
erased conversation (`tracker_store`), the Redis lock store of scaled mode (`lock_store`) and
the launcher that hands Rasa its token outside the command line (`launch`). This package
imports nothing of Needfinder.
"""
