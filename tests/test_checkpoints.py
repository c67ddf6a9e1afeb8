import dataclasses

import numpy as np
import pytest

from course_utils import Checkpoint, get_adapter
from course_utils.sources import load_reference
from course_utils.topics import get_config

FRAMEWORKS = ["pytorch", "keras", "chainer"]


def _trained_pair(adapter, seed=0):
    """A tiny model and its Adam optimizer after one step, so the optimizer has state."""
    adapter.seed(seed)
    model = adapter.linear_autoencoder(adapter.image_shape(4, 4, 1), 3)
    optimizer = adapter.adam(model, 0.01)
    _step(adapter, model, optimizer)
    return model, optimizer


def _step(adapter, model, optimizer):
    images = adapter.to_layout(np.random.default_rng(1).uniform(-1, 1, (8, 4, 4, 1)))
    x = adapter.tensor(images, like=model)
    if adapter.name == "pytorch":
        optimizer.zero_grad()
        loss = adapter.mean_squared_error(model(x), x)
        loss.backward()
        optimizer.step()
    elif adapter.name == "keras":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = adapter.mean_squared_error(model(x), x)
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),
                                      model.trainable_variables, strict=True))
    else:
        optimizer.update(lambda: adapter.mean_squared_error(model(x), x))


def _fresh(adapter):
    model = adapter.linear_autoencoder(adapter.image_shape(4, 4, 1), 3)
    return model, adapter.adam(model, 0.01)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_restore_brings_back_weights_and_optimizer_state(framework, tmp_path):
    adapter = get_adapter(framework)
    model, optimizer = _trained_pair(adapter)
    checkpoint = Checkpoint(tmp_path, framework)
    checkpoint.save(1, {"model": model}, {"model": optimizer}, {"loss": [0.5]})

    restored, restored_optimizer = _fresh(adapter)
    epoch, history = Checkpoint(tmp_path, framework).restore(
        {"model": restored}, {"model": restored_optimizer})
    assert (epoch, history) == (1, {"loss": [0.5]})
    for a, b in zip(adapter.parameters(model), adapter.parameters(restored), strict=True):
        np.testing.assert_array_equal(a, b)
    # Identical next steps prove the optimizer's moments came back too.
    _step(adapter, model, optimizer)
    _step(adapter, restored, restored_optimizer)
    for a, b in zip(adapter.parameters(model), adapter.parameters(restored), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_an_optimizer_that_never_stepped_is_restored(framework, tmp_path):
    """An ablation can leave a network untrained (pix2pix's D under the L1 loss alone)."""
    adapter = get_adapter(framework)
    adapter.seed(0)
    model, optimizer = _fresh(adapter)
    Checkpoint(tmp_path, framework).save(1, {"model": model}, {"model": optimizer}, {})

    restored, restored_optimizer = _fresh(adapter)
    Checkpoint(tmp_path, framework).restore({"model": restored}, {"model": restored_optimizer})
    _step(adapter, model, optimizer)
    _step(adapter, restored, restored_optimizer)
    for a, b in zip(adapter.parameters(model), adapter.parameters(restored), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_interrupted_save_keeps_the_previous_checkpoint(framework, tmp_path, monkeypatch):
    adapter = get_adapter(framework)
    model, optimizer = _trained_pair(adapter)
    checkpoint = Checkpoint(tmp_path, framework)
    checkpoint.save(1, {"model": model}, {"model": optimizer}, {"loss": [0.5]})
    saved_weights = adapter.parameters(model)

    _step(adapter, model, optimizer)

    def crash(obj, path):
        path.write_bytes(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(checkpoint.adapter, "save_optimizer", crash)
    with pytest.raises(KeyboardInterrupt):
        checkpoint.save(2, {"model": model}, {"model": optimizer}, {"loss": [0.5, 0.4]})
    monkeypatch.undo()

    assert not list(tmp_path.glob(".tmp-*")), "temporary files must be cleaned up"
    restored, restored_optimizer = _fresh(adapter)
    epoch, _ = checkpoint.restore({"model": restored}, {"model": restored_optimizer})
    assert epoch == 1
    for a, b in zip(saved_weights, adapter.parameters(restored), strict=True):
        np.testing.assert_array_equal(a, b)


def test_only_the_latest_files_are_kept(tmp_path):
    adapter = get_adapter("pytorch")
    model, optimizer = _trained_pair(adapter)
    checkpoint = Checkpoint(tmp_path, "pytorch")
    for epoch in (1, 2, 3):
        checkpoint.save(epoch, {"model": model}, {"model": optimizer}, {"loss": [0.1] * epoch})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "epoch0003-model-model.pt", "epoch0003-optimizer-model.state", "latest.json"]


def test_other_frameworks_checkpoint_is_refused(tmp_path):
    adapter = get_adapter("pytorch")
    model, optimizer = _trained_pair(adapter)
    Checkpoint(tmp_path, "pytorch").save(1, {"model": model}, {"model": optimizer}, {})
    with pytest.raises(ValueError, match="pytorch checkpoint"):
        Checkpoint(tmp_path, "chainer").restore({}, {})


def test_nothing_to_resume_starts_at_zero(tmp_path):
    assert Checkpoint(tmp_path / "empty", "pytorch").restore({}, {}) == (0, {})


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_reference_fit_resumes_after_an_interrupted_run(framework, tmp_path):
    """Train 2 epochs, 'lose the kernel', ask for 3: only the third epoch runs."""
    reference = load_reference("01_mlp_autoencoder", framework)
    adapter = get_adapter(framework)
    config = dataclasses.replace(get_config("01_mlp_autoencoder", "smoke"), epochs=2,
                                 image_size=8)
    images = np.random.default_rng(0).uniform(-1, 1, (32, 8, 8, 1)).astype(np.float32)
    shape = adapter.image_shape(*config.image_shape)

    first = reference.place(reference.MLPAutoencoder(shape, 16))
    history = reference.fit(first, images, config, tmp_path)
    assert len(history["loss"]) == 2

    second = reference.place(reference.MLPAutoencoder(shape, 16))
    assert reference.fit(second, images, config, tmp_path) == history  # nothing left to train
    for a, b in zip(adapter.parameters(first), adapter.parameters(second), strict=True):
        np.testing.assert_array_equal(a, b)
    resumed = reference.fit(second, images, dataclasses.replace(config, epochs=3), tmp_path)
    assert resumed["loss"][:2] == history["loss"]
    assert len(resumed["loss"]) == 3
