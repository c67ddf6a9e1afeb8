"""Per-topic specs: hyperparameters for each profile and the graders of each exercise.

``TOPICS`` maps a topic id (the notebook's file stem, ``NN_name``) to its module in this
package, ``name``: adding ``lessons/NN_name/`` and ``topics/name.py`` registers a topic.
"""

from __future__ import annotations

import importlib

from ..profiles import cap_for_dry_run, is_dry_run
from ..sources import topic_ids

TOPICS = {topic: topic.split("_", 1)[1] for topic in topic_ids()}


def topic_module(topic: str):
    if topic not in TOPICS:
        raise KeyError(f"Unknown topic {topic!r}. Known: {', '.join(TOPICS)}.")
    return importlib.import_module(f".{TOPICS[topic]}", __name__)


def saved_module(adapter):
    """``course_utils.saved.<framework>``: the code earlier lessons saved, for ``adapter``'s framework."""
    return importlib.import_module(f"course_utils.saved.{adapter.name}")


def get_config(topic: str, profile: str):
    """The topic's hyperparameters for a profile ("smoke", "quick" or "full").

    In a dry run (``$COURSE_DRY_RUN``) epochs and sample counts are capped, by the topic's
    ``DRY_RUN_CAPS`` where it has them.
    """
    module = topic_module(topic)
    config = module.PROFILES[profile]
    return cap_for_dry_run(config, getattr(module, "DRY_RUN_CAPS", None)) if is_dry_run() else config
