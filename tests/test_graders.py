"""Graders reject typical wrong answers, accept correct variants, and explain bad input.
(That they accept the reference solutions, the solved notebooks show: they run every grader.)"""

import collections
import re

import nbformat
import numpy as np
import pytest
from cases import MUTANTS, VARIANTS

from course_utils import grading
from course_utils.grading import GradingError, NotImplementedYet, grade
from course_utils.sources import ROOT, read_sections, reference_path, topic_ids
from course_utils.topics import topic_module

FRAMEWORKS = ["pytorch", "keras", "chainer"]


def exercise_graders(topic: str) -> dict[str, str]:
    """Grader name -> the answer it grades, for every exercise of a topic."""
    return {check: answer for (t, _), rows in MUTANTS.items() if t == topic
            for check, answer, *_ in rows}


def _run_module(source: str, label: str) -> dict:
    namespace = {"__name__": label}
    exec(compile(source, label, "exec"), namespace)
    return namespace


def _reference(topic, framework, old=None, new=None) -> dict:
    source = reference_path(topic, framework).read_text()
    if old is not None:
        assert source.count(old) == 1, f"mutant text not found exactly once in {framework}.py"
        source = source.replace(old, new)
    return _run_module(source, f"{topic}-{framework}")


CASES = [(topic, fw, row) for (topic, fw), rows in MUTANTS.items() for row in rows]


@pytest.mark.parametrize(("topic", "framework", "row"), CASES,
                         ids=[f"{t}-{fw}-{row[2]}" for t, fw, row in CASES])
def test_mutant_is_rejected(topic, framework, row):
    check, answer, _, old, new = row[:5]
    namespace = _reference(topic, framework, old, new)
    with pytest.raises(GradingError) as caught:
        grade(check, namespace[answer], framework=framework, quiet=True)
    assert not isinstance(caught.value, NotImplementedYet)
    assert caught.value.hint, "every failure must come with a hint"


VARIANT_CASES = [(topic, fw, row) for (topic, fw), rows in VARIANTS.items() for row in rows]


@pytest.mark.parametrize(("topic", "framework", "row"), VARIANT_CASES,
                         ids=[f"{t}-{fw}-{row[2]}" for t, fw, row in VARIANT_CASES])
def test_correct_variant_passes(topic, framework, row):
    check, answer, _, old, new = row
    namespace = _reference(topic, framework, old, new)
    assert grade(check, namespace[answer], framework=framework, quiet=True)


@pytest.mark.parametrize(("topic", "framework"), sorted(MUTANTS))
def test_exercise_skeleton_is_not_implemented_yet(topic, framework):
    source = "\n\n".join(s.exercise() for s in read_sections(topic, framework).values())
    namespace = _run_module(source, f"{topic}-{framework}-exercise")
    for check, answer in exercise_graders(topic).items():
        with pytest.raises(NotImplementedYet, match="not implemented yet"):
            grade(check, namespace[answer], framework=framework, quiet=True)


def test_every_grader_has_five_mutants_and_a_variant_in_every_framework():
    mutants = collections.Counter((topic, fw, row[0]) for (topic, fw), rows in MUTANTS.items()
                                  for row in rows)
    variants = collections.Counter((topic, fw, row[0]) for (topic, fw), rows in VARIANTS.items()
                                   for row in rows)
    for topic in topic_ids():
        for check in exercise_graders(topic):
            for framework in FRAMEWORKS:
                assert mutants[(topic, framework, check)] >= 5, (topic, framework, check)
                assert variants[(topic, framework, check)] >= 1, (topic, framework, check)


def test_every_exercise_grader_is_covered():
    graded = {check for topic in topic_ids() for check in exercise_graders(topic)}
    training = {c for c in grading.available_checks() if c.endswith(".training")}
    assert set(grading.available_checks()) - training == graded


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_solved_notebook_runs_every_grader_of_its_topic(framework):
    """The solved notebooks, run whole in CI, are where the reference meets every grader."""
    for topic in topic_ids():
        notebook = nbformat.read(ROOT / "solutions" / framework / f"{topic}.ipynb", as_version=4)
        called = {name for cell in notebook.cells if cell.cell_type == "code"
                  for name in re.findall(r'^grade\("([\w.]+)"', cell.source, re.MULTILINE)}
        assert set(exercise_graders(topic)) <= called, (topic, set(exercise_graders(topic)) - called)


def test_wrong_type_gets_a_clear_message():
    with pytest.raises(GradingError, match="expected a class"):
        grade("mlp_autoencoder.model", 42, framework="pytorch", quiet=True)
    with pytest.raises(GradingError, match="got None"):
        grade("mlp_autoencoder.loss", None, framework="pytorch", quiet=True)


def test_learner_exception_is_reported_without_internals():
    class Broken:
        def __init__(self, image_shape, latent_dim):
            raise TypeError("unsupported operand")

    with pytest.raises(GradingError) as caught:
        grade("mlp_autoencoder.model", Broken, framework="pytorch", quiet=True)
    assert "TypeError: unsupported operand" in caught.value.message
    assert "line" in caught.value.hint
    rendered = "".join(caught.value._render_traceback_())
    assert "Traceback" not in rendered and "course_utils" not in rendered


def test_error_inside_a_library_points_at_the_learners_line():
    from torch import nn

    class WrongSizes(nn.Module):
        def __init__(self, image_shape, latent_dim):
            super().__init__()
            self.layer = nn.Linear(3, latent_dim)

        def forward(self, x):
            return self.layer(x)  # x is an image batch, not (B, 3)

    with pytest.raises(GradingError) as caught:
        grade("mlp_autoencoder.model", WrongSizes, framework="pytorch", quiet=True)
    assert "RuntimeError" in caught.value.message
    assert "of forward()" in caught.value.hint


def test_not_implemented_error_from_a_library_is_not_not_implemented_yet():
    import asyncio

    def loss(reconstructions, images):  # a library raises NotImplementedError, not the learner
        asyncio.AbstractEventLoop().run_forever()

    with pytest.raises(GradingError) as caught:
        grade("mlp_autoencoder.loss", loss, framework="pytorch", quiet=True)
    assert not isinstance(caught.value, NotImplementedYet)
    assert "NotImplementedError" in caught.value.message


def test_loss_returning_a_vector_is_rejected():
    import torch

    with pytest.raises(GradingError, match="scalar"):
        grade("mlp_autoencoder.loss", lambda r, x: ((r - x) ** 2).mean(dim=(1, 2, 3)),
              framework="pytorch", quiet=True)
    with pytest.raises(GradingError, match="number"):
        grade("mlp_autoencoder.train_step", lambda m, o, x: torch.zeros(3),
              framework="pytorch", quiet=True)


def test_training_grader_needs_a_falling_loss():
    with pytest.raises(GradingError, match="did not go down"):
        grade("mlp_autoencoder.training", {"loss": [0.3, 0.4]}, framework="pytorch", quiet=True)
    with pytest.raises(GradingError, match="two epochs"):
        grade("mlp_autoencoder.training", {"loss": [0.3]}, framework="pytorch", quiet=True)
    assert grade("conv_autoencoder.training", {"loss": [0.4, 0.3]}, framework="pytorch",
                 quiet=True)


def test_unknown_grader_lists_known_ones():
    with pytest.raises(KeyError, match="mlp_autoencoder.model"):
        grade("mlp_autoencoder.modle", object, framework="pytorch")


def test_topic_modules_load():
    for topic in topic_ids():
        assert topic_module(topic).PROFILES.keys() == {"smoke", "quick", "full"}


# ------------------------------------------------------------------------------ odd inputs

LOSSES = {"mlp_autoencoder.loss", "vae.loss", "gan.discriminator_loss", "gan.generator_loss",
          "wgan.critic_loss", "wgan.generator_loss", "wgan.gradient_penalty",
          "cyclegan.cycle_loss", "cyclegan.identity_loss"}
STEPS = {"mlp_autoencoder.train_step", "vae.train_step", "gan.discriminator_step",
         "gan.generator_step", "conditional_gan.discriminator_step",
         "conditional_gan.generator_step", "wgan.critic_step", "cyclegan.generator_step",
         "cyclegan.discriminator_step"}


class Thing:
    """A class passed where a function is expected."""

    def __init__(self, *args):
        self.args = args


def _tuple_model(cls, framework):
    """A subclass of the reference model whose forward / call returns one value more."""
    method = "call" if framework == "keras" else "forward"

    def extra(self, *args, **kwargs):
        out = getattr(super(subclass, self), method)(*args, **kwargs)
        return (*out, out[0]) if isinstance(out, tuple) else (out, out)

    subclass = type(cls.__name__, (cls,), {method: extra})
    return subclass


def _wrong_arity_class(cls):
    def __init__(self):
        cls.__init__(self)

    return type(cls.__name__, (cls,), {"__init__": __init__})


def odd_inputs(topic, framework):
    """(grader, label, answer) for every grader of a topic: inputs a learner might pass by mistake."""
    namespace = _reference(topic, framework)
    graders = {**exercise_graders(topic)}
    graders |= {c: None for c in grading.available_checks()
                if c.endswith(".training") and topic_module(topic).__name__.endswith("." + c.split(".")[0])}
    for check, answer in graders.items():
        kind = grading.answer_kind(check)
        yield check, "None", None
        yield check, "a NumPy array", np.zeros((2, 3), np.float32)
        yield check, "a tuple", (1.0, 2.0)
        if kind == "function":
            yield check, "a class", Thing
            yield check, "a wrong-arity function", lambda a, b, c, d, e, f, g: None
            if check in LOSSES | STEPS:
                reference = namespace[answer]
                yield check, "a tuple-returning function", lambda *a, r=reference, **k: (r(*a, **k),) * 2
        elif kind == "class":
            reference = namespace[answer]
            yield check, "a function", lambda *a, **k: None
            yield check, "a wrong-arity class", _wrong_arity_class(reference)
            if hasattr(reference, "call" if framework == "keras" else "forward"):  # a model
                yield check, "a tuple-returning model", _tuple_model(reference, framework)
        else:
            yield check, "a function", lambda *a, **k: None
            yield check, "a class", Thing


ODD = [(topic, framework) for topic in topic_ids() for framework in FRAMEWORKS]


@pytest.mark.parametrize(("topic", "framework"), ODD, ids=[f"{t}-{f}" for t, f in ODD])
def test_odd_inputs_get_a_message_with_a_hint(topic, framework):
    for check, label, answer in odd_inputs(topic, framework):
        with pytest.raises(GradingError) as caught:
            grade(check, answer, framework=framework, profile="smoke", quiet=True)
        error = caught.value
        assert not isinstance(error, NotImplementedYet), (check, label, error.message)
        assert error.message and error.hint, (check, label)
        rendered = "".join(error._render_traceback_())
        assert "Traceback" not in rendered and "grading.py" not in error.hint, (check, label, rendered)


def test_a_dry_run_skips_the_exercise_graders_but_not_the_training_graders(monkeypatch, capsys):
    """A dry run checks the full profile's code paths; the exercise graders, which do not
    depend on the profile, run in the smoke run and here."""
    from course_utils.profiles import DRY_RUN_VARIABLE

    monkeypatch.setenv(DRY_RUN_VARIABLE, "1")
    assert grade("cyclegan.cycle_loss", lambda reconstructed, real: 0.0, framework="pytorch")
    assert "not graded in a dry run" in capsys.readouterr().out
    with pytest.raises(GradingError):
        grade("gan.training", {"loss_D": [float("nan")], "loss_G": [1.0]}, framework="pytorch",
              profile="full", quiet=True)
    monkeypatch.delenv(DRY_RUN_VARIABLE)
    with pytest.raises(GradingError):
        grade("cyclegan.cycle_loss", lambda reconstructed, real: 0.0, framework="pytorch",
              quiet=True)
