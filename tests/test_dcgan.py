"""Topic 05 (DCGAN): the lesson's numbers come from the code, and sizes are validated."""

import pytest

from course_utils import get_adapter
from course_utils.sources import ROOT, load_reference
from course_utils.topics import dcgan


def test_lesson_tables_match_the_parameter_formulas():
    lesson = (ROOT / "lessons" / "05_dcgan" / "lesson.md").read_text()
    counts = [
        dcgan.generator_parameter_count(1, 32),
        dcgan.discriminator_parameter_count(1, 32),
        dcgan.discriminator_parameter_count(1, 32, batch_norm=False),
        dcgan.generator_parameter_count(1, 32, width=0.25),
        dcgan.discriminator_parameter_count(1, 32, width=0.25),
    ]
    assert counts == [7_482_241, 1_077_953, 1_077_505, 488_161, 67_889]
    for count in counts:
        assert f"{count:,}" in lesson


@pytest.mark.parametrize(("channels", "size", "width"), [(1, 32, 1.0), (3, 64, 0.5), (1, 16, 0.0625)])
def test_reference_matches_the_formulas(channels, size, width):
    adapter = get_adapter("pytorch")
    reference = load_reference("05_dcgan", "pytorch")
    generator = reference.DCGANGenerator(channels, size, width=width)
    assert adapter.count_parameters(generator) == dcgan.generator_parameter_count(
        channels, size, width=width)
    for batch_norm in (True, False):
        discriminator = reference.DCGANDiscriminator(channels, size, width, batch_norm)
        assert adapter.count_parameters(discriminator) == dcgan.discriminator_parameter_count(
            channels, size, width, batch_norm)


def test_image_size_must_be_a_multiple_of_16():
    reference = load_reference("05_dcgan", "pytorch")
    with pytest.raises(ValueError, match="multiple of 16"):
        reference.DCGANGenerator(1, 28)
    with pytest.raises(ValueError, match="multiple of 16"):
        reference.DCGANDiscriminator(1, 28)


def test_profiles_use_sizes_the_networks_accept():
    for config in dcgan.PROFILES.values():
        assert config.image_size % 16 == 0
    assert dcgan.PROFILES["full"].width == 1.0  # the spec
