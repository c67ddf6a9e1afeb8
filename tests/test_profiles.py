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


def test_dry_run_caps_epochs_and_counts_but_keeps_the_models():
    from course_utils.profiles import DRY_RUN_VARIABLE, cap_for_dry_run, is_dry_run
    from course_utils.topics import get_config

    full = get_config("05_dcgan", "full")
    capped = cap_for_dry_run(full)
    assert (capped.epochs, capped.train_size, capped.quality_count) == (1, 128, 128)
    assert (capped.width, capped.image_size, capped.dataset) == (full.width, full.image_size,
                                                                 full.dataset)
    assert cap_for_dry_run(get_config("05_dcgan", "smoke")).sample_count == 16  # never raised
    assert is_dry_run({DRY_RUN_VARIABLE: "1"}) and not is_dry_run({})


def test_get_config_applies_the_dry_run(monkeypatch):
    from course_utils.profiles import DRY_RUN_VARIABLE
    from course_utils.topics import get_config

    monkeypatch.setenv(DRY_RUN_VARIABLE, "1")
    assert get_config("04_gan", "full").epochs == 1
    assert get_config("01_mlp_autoencoder", "full").epochs == 2  # its grader compares epochs
    monkeypatch.delenv(DRY_RUN_VARIABLE)
    assert get_config("04_gan", "full").epochs == 30
