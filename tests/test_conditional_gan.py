"""Topic 06 specifics: the lesson's parameter counts, and sampling by class in every framework."""

import numpy as np
import pytest

from course_utils import get_adapter
from course_utils.sources import LESSONS, load_reference
from course_utils.topics import conditional_gan as spec

FRAMEWORKS = ["pytorch", "keras", "chainer"]
TOPIC = "06_conditional_gan"


def test_lesson_states_the_parameter_counts():
    lesson = (LESSONS / TOPIC / "lesson.md").read_text()
    full = spec.PROFILES["full"]
    quick = spec.PROFILES["quick"]
    counts = [
        spec.generator_parameter_count(full.channels, full.image_size, full.num_classes),
        spec.discriminator_parameter_count(full.channels, full.image_size, full.num_classes),
        spec.generator_parameter_count(quick.channels, quick.image_size, quick.num_classes,
                                       width=quick.width),
        spec.discriminator_parameter_count(quick.channels, quick.image_size, quick.num_classes,
                                           width=quick.width),
    ]
    for count in counts:
        assert f"{count:,}" in lesson, count


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_conditional_samples_follow_labels_and_noise(framework):
    adapter = get_adapter(framework)
    adapter.seed(0)
    reference = load_reference(TOPIC, framework)
    generator = reference.place(reference.ConditionalGenerator(1, 16, 4, latent_dim=8, width=0.25))
    labels = np.array([0, 1, 2, 3])
    z = np.random.default_rng(0).standard_normal((4, 8)).astype(np.float32)
    images = reference.conditional_samples(generator, labels, z)
    assert images.shape == (4, 16, 16, 1) and np.abs(images).max() <= 1.0
    np.testing.assert_allclose(reference.conditional_samples(generator, labels, z), images,
                               atol=1e-6)  # fixed noise and labels: the same images
    other_class = reference.conditional_samples(generator, labels[::-1].copy(), z)
    assert np.abs(other_class - images).max() > 1e-6
    fresh = reference.conditional_samples(generator, labels)  # new noise each call
    assert fresh.shape == images.shape and np.abs(fresh - images).max() > 1e-6
