"""Topic 07: the gradient penalty trains the real critic (double backprop) in every framework."""

import numpy as np
import pytest

from course_utils import get_adapter
from course_utils.sources import load_reference
from course_utils.topics import wgan


@pytest.mark.parametrize("framework", ["pytorch", "keras", "chainer"])
def test_penalty_descends_on_the_dcgan_critic(framework):
    """Every weight tensor of topic 05's critic gets a finite, non-zero penalty gradient, and
    one small SGD step along it lowers the penalty: the double backward pass is right."""
    adapter = get_adapter(framework)
    adapter.seed(0)
    reference = load_reference("07_wgan", framework)
    config = wgan.PROFILES["smoke"]
    _, critic = reference.build_models(config)
    rng = np.random.default_rng(0)
    shape = (8, config.image_size, config.image_size, config.channels)
    real, fake = (adapter.tensor(adapter.to_layout(rng.uniform(-1, 1, shape)), like=critic)
                  for _ in range(2))
    epsilon = adapter.tensor(rng.uniform(size=(8, 1, 1, 1)), like=critic)

    def penalty(model):
        return reference.gradient_penalty(model, real, fake, epsilon)

    before, grads = adapter.gradients(critic, penalty)
    weights = [g for p, g in zip(adapter.parameters(critic), grads, strict=True) if p.ndim > 1]
    assert weights and all(g is not None and np.all(np.isfinite(g)) and np.any(g) for g in weights)
    optimizer = adapter.sgd(critic, 1e-3 / max(float(np.abs(g).max()) for g in weights))
    if framework == "pytorch":
        optimizer.zero_grad()
        penalty(critic).backward()
        optimizer.step()
    elif framework == "keras":
        optimizer.apply_gradients([(adapter.tensor(g), v) for g, v in
                                   zip(grads, critic.trainable_variables, strict=True)
                                   if g is not None])
    else:
        critic.cleargrads()
        penalty(critic).backward()
        optimizer.update()
    after = float(adapter.to_numpy(penalty(critic)))
    assert after < before, (before, after)
