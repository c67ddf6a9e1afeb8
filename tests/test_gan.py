"""Topic 04 defines the GAN machinery that topics 05-07 import: same API in every framework."""

import importlib
import inspect

import numpy as np
import pytest

from course_utils import get_adapter, get_config

FRAMEWORKS = ["pytorch", "keras", "chainer"]
SHARED = {
    "sample_latent": "(batch_size, latent_dim)",
    "discriminator_loss": "(real_logits, fake_logits)",
    "generator_loss": "(fake_logits)",
    "discriminator_step": "(generator, discriminator, d_optimizer, real, z)",
    "generator_step": "(generator, discriminator, g_optimizer, z)",
    "make_gan_step": "(generator, discriminator, d_optimizer, g_optimizer, latent_dim)",
    "fit_gan": "(step, models, optimizers, images, config, checkpoint_dir=None, title='GAN', "
               "labels=None, sample=None, on_epoch=None)",
    "generate": "(generator, *inputs)",
}


def saved(framework):
    return importlib.import_module(f"course_utils.saved.{framework}")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_saved_library_has_the_shared_gan_api(framework):
    library = saved(framework)
    for name, signature in SHARED.items():
        assert str(inspect.signature(getattr(library, name))) == signature, (framework, name)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_fit_gan_passes_labels_and_resumes(framework, tmp_path):
    adapter, library = get_adapter(framework), saved(framework)
    config = get_config("04_gan", "smoke")
    images = np.linspace(-1, 1, 10 * 4 * 4).reshape(10, 4, 4, 1).astype(np.float32)
    labels = np.arange(10) % 3
    seen = []

    def step(real, batch_labels):
        real, batch_labels = adapter.to_numpy(real), adapter.to_numpy(batch_labels)
        assert real.shape == (4, *adapter.image_shape(4, 4, 1))
        flat = adapter.from_layout(real).reshape(4, -1)
        index = np.round((flat[:, 0] + 1) / 2 * (images.size - 1) / 16).astype(int)
        np.testing.assert_array_equal(batch_labels, labels[index])  # labels follow their images
        seen.extend(index.tolist())
        return {"loss_D": float(index.sum()), "loss_G": 1.0}

    model = adapter.small_net([(2,)], (1,))
    optimizers = {"G": adapter.momentum_sgd(model, 0.1, 0.0)}
    history = library.fit_gan(step, {"G": model}, optimizers,
                              images, config.__class__(epochs=2, batch_size=4), tmp_path,
                              labels=labels)
    assert len(seen) == 2 * 8  # two epochs of two full batches; the last 2 images are dropped
    assert history["loss_G"] == [1.0, 1.0] and len(history["loss_D"]) == 2
    resumed = library.fit_gan(step, {"G": model}, optimizers, images,
                              config.__class__(epochs=3, batch_size=4), tmp_path, labels=labels)
    assert len(seen) == 3 * 8 and resumed["loss_D"][:2] == history["loss_D"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_generate_returns_nhwc_and_sample_latent_is_standard_normal(framework):
    adapter, library = get_adapter(framework), saved(framework)
    z = library.sample_latent(2000, 8)
    values = adapter.to_numpy(z)
    assert values.shape == (2000, 8) and values.dtype == np.float32
    assert abs(values.mean()) < 0.05 and abs(values.std() - 1) < 0.05
    generator = adapter.small_net([(8,)], adapter.image_shape(3, 5, 2))
    assert library.generate(generator, z[:4]).shape == (4, 3, 5, 2)


def test_gan_history_needs_two_epochs_except_in_a_dry_run():
    from course_utils.grading import GradingError, Probe
    from course_utils.topics import gan_checks

    one_epoch = {"loss_D": [0.7], "loss_G": [0.7]}
    gan_checks.check_history(one_epoch, Probe("gan.training", None, "full", dry_run=True))
    with pytest.raises(GradingError, match="at least 2 epoch"):
        gan_checks.check_history(one_epoch, Probe("gan.training", None, "full"))
    with pytest.raises(GradingError, match="needs the lists"):
        gan_checks.check_history({"loss_D": [], "loss_G": []},
                                 Probe("gan.training", None, "full", dry_run=True))
