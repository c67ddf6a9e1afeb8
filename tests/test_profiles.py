import pytest

from course_utils.profiles import resolve_profile


def test_explicit_request_wins():
    assert resolve_profile("full", has_gpu=False, environ={"CI": "true"}) == "full"


def test_environment_variable_beats_detection():
    assert resolve_profile(None, has_gpu=True, environ={"COURSE_PROFILE": "quick"}) == "quick"


def test_ci_means_smoke():
    assert resolve_profile(None, has_gpu=True, environ={"CI": "true"}) == "smoke"


@pytest.mark.parametrize(("has_gpu", "expected"), [(True, "full"), (False, "quick")])
def test_device_decides_otherwise(has_gpu, expected):
    assert resolve_profile(None, has_gpu=has_gpu, environ={}) == expected


def test_unknown_profile_explains_the_choices():
    with pytest.raises(ValueError, match="smoke, quick, full"):
        resolve_profile("fast", environ={})
