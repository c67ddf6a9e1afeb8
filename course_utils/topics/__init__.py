"""Per-topic specs: hyperparameters for each profile and the graders of each exercise.

``TOPICS`` maps a topic id (the notebook's file stem) to its module in this package.
"""

from __future__ import annotations

import importlib

TOPICS = {
    "01_mlp_autoencoder": "mlp_autoencoder",
    "02_conv_autoencoder": "conv_autoencoder",
}


def topic_module(topic: str):
    if topic not in TOPICS:
        raise KeyError(f"Unknown topic {topic!r}. Known: {', '.join(TOPICS)}.")
    return importlib.import_module(f".{TOPICS[topic]}", __name__)


def get_config(topic: str, profile: str):
    """The topic's hyperparameters for a profile ("smoke", "quick" or "full")."""
    return topic_module(topic).PROFILES[profile]
