"""Training graders judge samples: real images pass, collapse and noise fail, each with its own message."""

import numpy as np
import pytest

from course_utils.data import load_dataset
from course_utils.grading import GradingError, grade

SIZE = 28  # topic 04's quick profile: digits at 28x28
HISTORY = {"loss_D": [1.3, 1.2], "loss_G": [0.8, 0.9]}


@pytest.fixture(scope="module")
def digits():
    """Real digits the course's classifier never saw (the reference images of the training
    split), in [-1, 1] like a generator's output, and their labels."""
    train = load_dataset("digits", "train", image_size=SIZE)
    return train.images[-300:] * 2.0 - 1.0, train.labels[-300:], train


def judge(samples, profile="quick", **options):
    return grade("gan.training", HISTORY, framework="pytorch", profile=profile, quiet=True,
                 samples=samples, dataset="digits", **options)


def test_real_images_pass(digits, capsys):
    assert judge(digits[0])
    assert "Fréchet distance" in capsys.readouterr().out


def test_one_repeated_image_is_collapse(digits):
    with pytest.raises(GradingError, match="mode collapse: the samples vary 0.00 times"):
        judge(np.repeat(digits[0][:1], 300, axis=0))


def test_one_class_is_collapse(digits):
    train = digits[2]
    threes = train.images[train.labels == 3][:150] * 2.0 - 1.0
    with pytest.raises(GradingError, match="100% of the samples are recognised as '3'"):
        judge(threes)


def test_noise_is_no_closer_to_real_images(digits):
    noise = np.random.default_rng(0).uniform(-1, 1, digits[0].shape).astype(np.float32)
    with pytest.raises(GradingError, match="no closer to real images than to uniform noise"):
        judge(noise)


def test_blurred_digits_pass_but_half_way_to_noise_fails(digits):
    rng = np.random.default_rng(1)
    noise = rng.uniform(-1, 1, digits[0].shape).astype(np.float32)
    assert judge(0.8 * digits[0] + 0.2 * noise)
    with pytest.raises(GradingError):
        judge(0.35 * digits[0] + 0.65 * noise)


def test_conditional_samples_need_their_labels(digits):
    images, labels, _ = digits
    assert grade("conditional_gan.training", HISTORY, framework="pytorch", profile="quick",
                 quiet=True, samples=images, dataset="digits", labels=labels)
    with pytest.raises(GradingError, match="recognised as the class they were generated for"):
        grade("conditional_gan.training", HISTORY, framework="pytorch", profile="quick",
              quiet=True, samples=images, dataset="digits", labels=(labels + 1) % 10)


def test_smoke_profile_checks_mechanics_only(digits, capsys):
    assert judge(np.repeat(digits[0][:1], 300, axis=0), profile="smoke")
    assert "mechanics only" in capsys.readouterr().out


def test_missing_samples_outside_smoke_get_a_hint():
    with pytest.raises(GradingError, match="needs samples") as caught:
        grade("dcgan.training", HISTORY, framework="pytorch", profile="quick", quiet=True)
    assert "samples=" in caught.value.hint


@pytest.mark.parametrize("check", ["gan.training", "dcgan.training", "conditional_gan.training",
                                   "wgan.training"])
def test_every_gan_training_grader_judges_samples(check, digits):
    history = ({"loss_critic": [0.1, -0.2], "loss_G": [0.1, 0.2], "wasserstein": [0.1, 0.3]}
               if check.startswith("wgan") else HISTORY)
    with pytest.raises(GradingError, match="mode collapse"):
        grade(check, history, framework="pytorch", profile="full", quiet=True, dataset="digits",
              samples=np.repeat(digits[0][:1], 300, axis=0))
