"""The one exception type of ours: a failure to run, with a message a user can act on.

Bad data is not an exception: it is reported (see `Problem`) and the run goes on.
"""


class PipelineError(Exception):
    """The pipeline cannot do what was asked (missing folder, unwritable output, ...)."""
