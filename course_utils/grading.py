"""Graders: ``grade("topic.exercise", answer)`` checks behaviour, never source text.

A passing check prints one green line. A failing one raises :class:`GradingError`,
which Jupyter shows as a red message with a hint instead of a traceback, and which
stops "Run all" before later cells build on a wrong answer. An exercise that still
raises ``NotImplementedError`` is reported as "not implemented yet".
"""

from __future__ import annotations

import importlib
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RED, GREEN, YELLOW, RESET = "\033[31m", "\033[32m", "\033[33m", "\033[0m"

_CHECKS: dict[str, Callable] = {}


class GradingError(Exception):
    """A check failed. ``message`` says what is wrong, ``hint`` how to fix it."""

    colour = RED
    mark = "✘"

    def __init__(self, check: str, message: str, hint: str | None = None):
        self.check, self.message, self.hint = check, message, hint
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"{self.mark} {self.check}: {self.message}"]
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [f"{self.colour}{line}{RESET}" for line in self.report().splitlines()]


class NotImplementedYet(GradingError):
    colour = YELLOW
    mark = "…"

    def __init__(self, check: str):
        super().__init__(check, "not implemented yet: replace `raise NotImplementedError()` "
                         "in the exercise cell above with your code, run it, then run this cell.")


def register(name: str):
    """Register ``function(answer, probe, **options)`` as the grader called ``name``."""

    def decorate(function):
        _CHECKS[name] = function
        return function

    return decorate


def available_checks() -> list[str]:
    _load_all_topics()
    return sorted(_CHECKS)


def _load_all_topics() -> None:
    from .topics import TOPICS

    for module in TOPICS.values():
        importlib.import_module(f".topics.{module}", __package__)


def _learner_frame(error: Exception) -> traceback.FrameSummary:
    """The innermost frame of the learner's own code (not a library, not course_utils)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = str(Path(__file__).parent)
    for frame in reversed(frames):
        if "site-packages" not in frame.filename and not frame.filename.startswith(ours):
            return frame
    return frames[-1]


@dataclass
class Probe:
    """What a check uses to run the learner's code: the framework adapter and error wrapping."""

    check: str
    adapter: object

    def run(self, what: str, function: Callable, *args, **kwargs):
        """Call learner code; turn its exceptions into a clear grading message."""
        try:
            return function(*args, **kwargs)
        except NotImplementedError:
            raise NotImplementedYet(self.check) from None
        except GradingError:
            raise
        except Exception as error:  # the learner's bug, reported without our internals
            where = _learner_frame(error)
            raise GradingError(
                self.check,
                f"{what} raised {type(error).__name__}: {error}",
                f"the error comes from line {where.lineno} of {where.name}(); "
                "fix it there and run the exercise cell again.",
            ) from None

    def fail(self, message: str, hint: str | None = None):
        raise GradingError(self.check, message, hint)

    def expect(self, condition: bool, message: str, hint: str | None = None) -> None:
        if not condition:
            self.fail(message, hint)

    def expect_close(self, got, expected, what: str, hint: str, rtol=1e-4, atol=1e-6) -> None:
        got, expected = np.asarray(got, np.float64), np.asarray(expected, np.float64)
        if got.shape != expected.shape or not np.allclose(got, expected, rtol=rtol, atol=atol):
            shown = got if got.size <= 4 else f"array of shape {got.shape}"
            wanted = expected if expected.size <= 4 else f"array of shape {expected.shape}"
            self.fail(f"{what} is {shown}, expected {wanted}.", hint)


def grade(name: str, answer, *, framework: str | None = None, quiet: bool = False, **options) -> bool:
    """Run the grader ``name`` on ``answer`` (a class or function from the exercise cell).

    The framework is the one chosen in the setup cell unless ``framework`` is given.
    Returns True on success; raises :class:`GradingError` with a hint otherwise.
    """
    from .environment import current_session
    from .frameworks import get_adapter

    if name not in _CHECKS:
        _load_all_topics()
    if name not in _CHECKS:
        raise KeyError(f"No grader called {name!r}. Known: {', '.join(sorted(_CHECKS))}.")
    framework = framework or current_session().framework
    probe = Probe(name, get_adapter(framework))
    if answer is None:
        probe.fail("got None instead of your answer.", "pass the class or function you defined.")
    _CHECKS[name](answer, probe, **options)
    if not quiet:
        print(f"{GREEN}✔ {name}: passed{RESET}")
    return True
