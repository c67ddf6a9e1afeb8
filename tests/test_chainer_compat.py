"""Chainer 7.8.1 imports and trains on today's stack, here and under a Colab-like Python."""

import glob
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from course_utils import build, chainer_compat
from course_utils.sources import ROOT

# Trains Linear, Deconvolution2D and BatchNormalization with Adam, takes a gradient
# penalty by double backprop, and runs the two functions the repairs are for.
TRAINING_SCRIPT = """
import numpy as np
chainer = import_chainer()
F, L = chainer.functions, chainer.links

class Net(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.fc = L.Linear(4, 2 * 2 * 8)
            self.up = L.Deconvolution2D(8, 1, ksize=2, stride=2)
            self.bn = L.BatchNormalization(8)

    def forward(self, z):
        h = F.relu(self.bn(F.reshape(self.fc(z), (-1, 8, 2, 2))))
        return self.up(h)

net = Net()
optimizer = chainer.optimizers.Adam(alpha=1e-2)
optimizer.setup(net)
z = np.random.RandomState(0).randn(8, 4).astype(np.float32)
target = np.zeros((8, 1, 4, 4), np.float32)
losses = []
for _ in range(20):
    x = chainer.Variable(z)
    out = net(x)
    loss = F.mean_squared_error(out, target)
    grad, = chainer.grad([F.sum(out)], [x], enable_double_backprop=True)
    penalty = F.mean(F.sum(grad ** 2, axis=1))
    net.cleargrads()
    (loss + 1e-3 * penalty).backward()
    optimizer.update()
    losses.append(float(loss.array))
assert losses[-1] < losses[0], losses
assert F.resize_images(np.ones((1, 1, 3, 3), np.float32), (6, 6)).shape == (1, 1, 6, 6)
v = chainer.Variable(np.arange(6, dtype=np.float32))
F.sum(F.as_strided(v, (2, 2), (1, 1))).backward()
print("chainer", chainer.__version__, "trained:", round(losses[0], 4), "->", round(losses[-1], 4))
"""


def test_chainer_trains_in_this_interpreter():
    namespace = {"import_chainer": chainer_compat.import_chainer}
    exec(TRAINING_SCRIPT, namespace)


def test_the_old_numpy_names_are_back_for_chainer():
    chainer_compat.import_chainer()
    assert np.float is float
    assert np.float64 in np.sctypes["float"]


def test_sequential_names_its_links_in_layer_order():
    chainer = chainer_compat.import_chainer()
    import chainer.functions as F
    import chainer.links as L

    layers = [L.Linear(2, 3), F.relu, L.Linear(3, 4), F.relu, L.Linear(4, 5)]
    model = chainer.Sequential(*layers)
    model.insert(1, L.Linear(3, 3))  # between the first two links
    assert [child.name for child in model.children()] == ["0", "1", "2", "3"]
    assert [link.W.shape for link in model.children()] == [(3, 2), (3, 3), (4, 3), (5, 4)]
    x = np.ones((1, 2), np.float32)
    expected = x
    for layer in model._layers:
        expected = layer(expected)
    np.testing.assert_array_equal(model(x).array, expected.array)



CONVOLUTIONS = [  # (kernel, stride, padding, dilation): CycleGAN's, pix2pix's and odd ones
    (7, 1, 0, 1), (3, 2, 1, 1), (4, 2, 1, 1), (4, 1, 1, 1), (3, 1, 2, 2), (1, 1, 0, 1),
    (3, 3, 0, 1), (2, 2, 1, 1)]


@pytest.mark.parametrize("side", [(11, 9), (36, 34)])  # maps below and above 16x16
@pytest.mark.parametrize("kernel, stride, padding, dilation", CONVOLUTIONS)
def test_cpu_convolutions_equal_pytorch_forward_and_backward(kernel, stride, padding, dilation,
                                                             side):
    chainer = chainer_compat.import_chainer()
    import chainer.functions as F
    import torch

    rng = np.random.default_rng(kernel * 100 + stride * 10 + padding + dilation)
    x = rng.standard_normal((2, 3, *side), np.float32)
    w = rng.standard_normal((4, 3, kernel, kernel), np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    for transposed in (False, True):
        chainer_x = chainer.Variable(x if not transposed else x[:, :3])
        chainer_w = chainer.Variable(w if not transposed else w.transpose(1, 0, 2, 3).copy())
        torch_x, torch_w, torch_b = (torch.tensor(a, requires_grad=True) for a in (
            chainer_x.array, chainer_w.array, b))
        if transposed:  # Chainer's W is (in, out, k, k), as PyTorch's
            y = F.deconvolution_2d(chainer_x, chainer_w, b, stride, padding, dilate=dilation)
            expected = torch.nn.functional.conv_transpose2d(
                torch_x, torch_w, torch_b, stride, padding, dilation=dilation)
        else:
            y = F.convolution_2d(chainer_x, chainer_w, b, stride, padding, dilate=dilation)
            expected = torch.nn.functional.conv2d(torch_x, torch_w, torch_b, stride, padding,
                                                  dilation=dilation)
        upstream = rng.standard_normal(expected.shape, np.float32)
        F.sum(y * upstream).backward()
        (expected * torch.tensor(upstream)).sum().backward()
        np.testing.assert_allclose(y.array, expected.detach().numpy(), rtol=1e-4, atol=1e-4)
        for mine, theirs in ((chainer_x, torch_x), (chainer_w, torch_w)):
            np.testing.assert_allclose(mine.grad, theirs.grad.numpy(), rtol=1e-4, atol=1e-4)


def test_im2col_builds_chainers_buffer_and_rejects_outputs_that_do_not_fit():
    chainer_compat.import_chainer()
    from chainer.utils import conv

    image = np.random.default_rng(0).standard_normal((2, 3, 8, 7), np.float32)
    for kh, kw, sy, sx, ph, pw, cover_all, dy, dx in [
            (3, 3, 1, 1, 1, 1, False, 1, 1), (4, 2, 2, 3, 1, 0, True, 1, 1),
            (3, 3, 2, 1, 0, 2, False, 2, 1), (2, 2, 2, 2, 0, 0, False, 1, 1)]:
        col = conv.im2col_cpu(image, kh, kw, sy, sx, ph, pw, pval=-1, cover_all=cover_all,
                              dy=dy, dx=dx)
        padded = np.pad(image, ((0, 0), (0, 0), (ph, ph + sy - 1), (pw, pw + sx - 1)),
                        constant_values=-1)
        out_h, out_w = col.shape[4:]
        for j in range(kh):  # Chainer's own loop, one tap at a time
            for i in range(kw):
                np.testing.assert_array_equal(
                    col[:, :, j, i], padded[:, :, j * dy:j * dy + sy * out_h:sy,
                                            i * dx:i * dx + sx * out_w:sx])
    with pytest.raises(ValueError, match="does not fit"):
        conv.im2col_cpu(image, 3, 3, 1, 1, 0, 0, out_h=7)

def _colab_python() -> str | None:
    """A Python 3.13 interpreter (Colab's version), from $COLAB_PYTHON, PATH or pyenv."""
    candidates = [os.environ.get("COLAB_PYTHON"),
                  *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.13*/bin/python3.13"))),
                  shutil.which("python3.13")]  # pyenv's shim last: it may point nowhere
    return next((c for c in candidates if c and Path(c).exists()), None)


@pytest.mark.skipif(_colab_python() is None, reason="no Python 3.13 on this machine")
def test_setup_cell_bootstraps_a_colab_like_runtime(tmp_path):
    """The notebooks' first cell on Python 3.13 + NumPy 2.1 + setuptools 75, as on Colab.

    Without course_utils installed, the cell clones the course (here: this repository's
    committed HEAD instead of GitHub), pip-installs it, and ``setup("chainer", ...)``
    installs Chainer; the repaired Chainer then trains.
    """
    venv = tmp_path / "colab"
    subprocess.run([_colab_python(), "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "numpy==2.1.3",
                    "setuptools==75.8.0"], check=True)
    notebook = json.loads((ROOT / "notebooks/chainer/01_mlp_autoencoder.ipynb").read_text())
    setup_cell = "".join(next(c["source"] for c in notebook["cells"]
                              if "course_utils.setup(" in "".join(c["source"])))
    for remote, local in ((build.clone_url(), str(ROOT)),
                          (build.COLAB_FOLDER, str(tmp_path / "course"))):
        assert f'"{remote}"' in setup_cell
        setup_cell = setup_cell.replace(f'"{remote}"', repr(local))
    script = "\n".join([
        'PROFILE = "smoke"', setup_cell,
        "from course_utils.chainer_compat import import_chainer", TRAINING_SCRIPT,
        "import sys, numpy; print('runtime', sys.version_info[:2], numpy.__version__)",
    ])
    done = subprocess.run([python, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "chainer: no GPU found" in done.stdout and "profile: smoke" in done.stdout
    assert "chainer 7.8.1 trained" in done.stdout
    assert "runtime (3, 13) 2.1.3" in done.stdout
