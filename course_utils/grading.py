"""Graders: ``grade("topic.exercise", answer)`` checks behaviour, never source text.

A passing check prints one green line. A failing one raises :class:`GradingError`,
which Jupyter shows as a red message with a hint instead of a traceback, and which
stops "Run all" before later cells build on a wrong answer. An exercise whose own code
still raises ``NotImplementedError`` is reported as "not implemented yet".

How graders are written (principles, helpers) is described in :mod:`course_utils.topics.checks`.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import sysconfig
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RED, GREEN, YELLOW, RESET = "\033[31m", "\033[32m", "\033[33m", "\033[0m"
ANSWER_KINDS = ("class", "function", "history")

_CHECKS: dict[str, tuple[Callable, str]] = {}


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


def register(name: str, answer: str = "function"):
    """Register ``function(answer, probe, **options)`` as the grader called ``name``.

    ``answer`` is what the learner passes: "class" (a model class), "function" or
    "history" (the dict a training loop returns); :func:`grade` rejects anything else
    with a clear message before the grader runs.
    """
    if answer not in ANSWER_KINDS:
        raise ValueError(f"answer must be one of {ANSWER_KINDS}, not {answer!r}.")

    def decorate(function):
        _CHECKS[name] = (function, answer)
        return function

    return decorate


def available_checks() -> list[str]:
    _load_all_topics()
    return sorted(_CHECKS)


def answer_kind(name: str) -> str:
    """What the grader ``name`` expects: "class", "function" or "history"."""
    if name not in _CHECKS:
        _load_all_topics()
    return _CHECKS[name][1]


def _load_all_topics() -> None:
    from .topics import TOPICS

    for module in TOPICS.values():
        importlib.import_module(f".topics.{module}", __package__)


LIBRARY_FOLDERS = tuple(sorted({sysconfig.get_paths()[key] for key in ("stdlib", "purelib", "platlib")}))


def _is_learner_file(filename: str) -> bool:
    """Not Python's library, an installed package or course_utils: the learner's own code."""
    return not (filename.startswith(LIBRARY_FOLDERS) or filename.startswith("<frozen")
                or "site-packages" in filename or filename.startswith(str(Path(__file__).parent)))


def _learner_frame(error: Exception) -> traceback.FrameSummary | None:
    """The innermost frame of the learner's own code (not a library, not course_utils)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if _is_learner_file(frame.filename):
            return frame
    return None


def _raised_by_learner(error: Exception) -> bool:
    """True when the innermost frame of ``error`` is the learner's own code."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and _is_learner_file(frames[-1].filename)


def _describe(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} values"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    return f"a {type(value).__name__}"


def signature_problem(function: Callable, args, kwargs) -> str | None:
    """Why ``function(*args, **kwargs)`` cannot bind, or None when it can (or is unknowable)."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # builtins and some wrapped callables have none
        return None
    try:
        signature.bind(*args, **kwargs)
    except TypeError as error:
        return f"{error} (it is defined as {getattr(function, '__name__', 'it')}{signature})"
    return None


@dataclass
class Probe:
    """What a check uses to run the learner's code: the framework adapter and error wrapping.

    ``profile`` is the notebook's profile ("smoke", "quick" or "full"): training graders
    judge the result only where there was enough training to judge (not in the smoke
    profile, nor in a dry run, ``dry_run``, whose training is capped).
    """

    check: str
    adapter: object
    profile: str = "smoke"
    dry_run: bool = False
    _settings: list[str] = field(default_factory=list)

    @contextlib.contextmanager
    def setting(self, description: str):
        """Name the arguments being tried: failures inside say "with <description>: ..."."""
        self._settings.append(description)
        try:
            yield
        finally:
            self._settings.pop()

    def run(self, what: str, function: Callable, *args, **kwargs):
        """Call learner code; turn its exceptions into a clear grading message."""
        problem = signature_problem(function, args, kwargs)
        if problem:
            self.fail(f"{what} cannot be called: {problem}.",
                      "keep the signature the exercise gives (names, number and order of the "
                      "arguments), and pass the function or class itself.")
        try:
            return function(*args, **kwargs)
        except NotImplementedError as error:
            if _raised_by_learner(error):
                raise NotImplementedYet(self.check) from None
            self._report(what, error)
        except GradingError:
            raise
        except Exception as error:  # the learner's bug, reported without our internals
            self._report(what, error)

    def _report(self, what: str, error: Exception):
        where = _learner_frame(error)
        if where is None:  # raised inside a library before the learner's code ran
            hint = ("the error comes from a library called with your code: check the "
                    "signature, the types and the shapes your code gives it.")
        else:
            hint = (f"the error comes from line {where.lineno} of {where.name}(); "
                    "fix it there and run the exercise cell again.")
        self.fail(f"{what} raised {type(error).__name__}: {error}", hint)

    def fail(self, message: str, hint: str | None = None):
        if self._settings:
            message = f"with {self._settings[-1]}: {message}"
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


def _check_answer_kind(probe: Probe, answer, kind: str) -> None:
    if answer is None:
        probe.fail("got None instead of your answer.",
                   "pass the class or function you defined (its name, without calling it).")
    if kind == "class" and not isinstance(answer, type):
        probe.fail(f"expected a class, got {_describe(answer)}.",
                   "pass the class itself, as defined by `class ...:`, not an instance or a "
                   "function.")
    if kind == "function":
        if isinstance(answer, type):
            probe.fail(f"expected a function, got {_describe(answer)}.",
                       "pass the function the exercise asks for (its name, without calling it), "
                       "not a class.")
        if not callable(answer) or probe.adapter.is_model(answer):
            probe.fail(f"expected a function, got {_describe(answer)}.",
                       "pass the function itself (its name, without calling it or its result).")
    if kind == "history" and not isinstance(answer, dict):
        probe.fail(f"expected the training history (a dict of lists), got {_describe(answer)}.",
                   "pass the history that the training function returns.")


def _current_profile() -> str:
    """The setup cell's profile; outside a notebook (tests), the one the environment picks."""
    from .environment import current_session
    from .profiles import resolve_profile

    try:
        return current_session().profile
    except RuntimeError:
        return resolve_profile()


def grade(name: str, answer, *, framework: str | None = None, profile: str | None = None,
          quiet: bool = False, **options) -> bool:
    """Run the grader ``name`` on ``answer`` (a class or function from the exercise cell).

    The framework and the profile are the ones chosen in the setup cell unless given.
    Returns True on success; raises :class:`GradingError` with a hint otherwise.
    """
    from .environment import current_session
    from .frameworks import get_adapter
    from .profiles import is_dry_run

    if name not in _CHECKS:
        _load_all_topics()
    if name not in _CHECKS:
        raise KeyError(f"No grader called {name!r}. Known: {', '.join(sorted(_CHECKS))}.")
    check, kind = _CHECKS[name]
    if is_dry_run() and kind != "history":  # exercise graders do not depend on the profile
        if not quiet:
            print(f"{name}: not graded in a dry run, which checks the full profile's code "
                  "paths; the smoke run grades every exercise.")
        return True
    framework = framework or current_session().framework
    probe = Probe(name, get_adapter(framework), profile or _current_profile(), is_dry_run())
    _check_answer_kind(probe, answer, kind)
    check(answer, probe, **options)
    if not quiet:
        print(f"{GREEN}✔ {name}: passed{RESET}")
    return True
