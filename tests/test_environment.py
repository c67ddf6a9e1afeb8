import os
import subprocess
import sys

import pytest

from course_utils import environment
from course_utils.frameworks.base import DeviceReport

FRAMEWORK_MODULES = ("torch", "tensorflow", "keras", "chainer")


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(sorted({{m.split('.')[0] for m in sys.modules}}))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(eval(out.stdout.strip().splitlines()[-1])) & set(FRAMEWORK_MODULES)


def test_importing_course_utils_loads_no_framework():
    assert _imported_after("import course_utils") == set()


@pytest.mark.parametrize(("framework", "expected"), [
    ("pytorch", {"torch"}), ("keras", {"tensorflow", "keras"}), ("chainer", {"chainer"}),
])
def test_setup_loads_only_its_own_framework(framework, expected):
    code = f"import course_utils\ncourse_utils.setup('{framework}', '01_mlp_autoencoder', verbose=False)"
    assert _imported_after(code) == expected


def test_keras_steps_run_eagerly_in_a_dry_run_and_in_an_eager_smoke_topic_only():
    """A dry run, and the smoke run of a topic with EAGER_SMOKE (09-11), run compiled steps
    eagerly; a full or quick run compiles them, also after an eager one in the same kernel."""
    code = ("import os, course_utils, tensorflow as tf\n"
            "course_utils.setup('keras', '09_cyclegan', profile='full', verbose=False)\n"
            "course_utils.setup('keras', '11_instagan', profile='quick', verbose=False)\n"
            "print(tf.config.functions_run_eagerly())\n"
            "os.environ['COURSE_DRY_RUN'] = '1'\n"
            "course_utils.setup('keras', '09_cyclegan', profile='full', verbose=False)\n"
            "print(tf.config.functions_run_eagerly())\n"
            "os.environ['COURSE_DRY_RUN'] = ''\n"
            "course_utils.setup('keras', '09_cyclegan', profile='quick', verbose=False)\n"
            "print(tf.config.functions_run_eagerly())\n"
            "course_utils.setup('keras', '11_instagan', profile='smoke', verbose=False)\n"
            "print(tf.config.functions_run_eagerly())\n"
            "course_utils.setup('keras', '08_pix2pix', profile='smoke', verbose=False)\n"
            "print(tf.config.functions_run_eagerly())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "COURSE_DRY_RUN": ""})
    assert out.stdout.split() == ["False", "True", "False", "True", "False"]


def test_setup_reports_the_device_and_profile(capsys):
    session = environment.setup("pytorch", "01_mlp_autoencoder", profile="smoke")
    out = capsys.readouterr().out
    assert session.profile == "smoke"
    assert "pytorch" in out and "profile: smoke" in out
    if not session.device.has_gpu:
        assert "Change runtime type" in out
    assert session.checkpoint_dir.parts[-3:] == ("01_mlp_autoencoder", "pytorch", "smoke")


def test_setup_rejects_unknown_framework():
    with pytest.raises(ValueError, match="pytorch, keras, chainer"):
        environment.setup("jax", "01_mlp_autoencoder")


def test_gpu_report_names_the_card_and_notes():
    report = DeviceReport("chainer", "@cupy:0", True, "Tesla T4", 14.7, ["no cuDNN here"])
    lines = report.lines()
    assert "Tesla T4" in lines[0] and "14.7 GB" in lines[0] and lines[1] == "no cuDNN here"


def test_checkpoint_root_prefers_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_CHECKPOINTS", str(tmp_path))
    assert environment.checkpoint_root() == tmp_path


def test_drive_is_only_mounted_inside_colab(monkeypatch):
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    monkeypatch.delenv("COLAB_GPU", raising=False)
    with pytest.raises(RuntimeError, match="inside Colab"):
        environment.mount_drive()
