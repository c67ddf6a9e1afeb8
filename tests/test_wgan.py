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
    optimizer = adapter.momentum_sgd(critic, 1e-3 / max(float(np.abs(g).max()) for g in weights), 0.0)
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


def test_one_unit_gradients_match_finite_differences():
    """The exact update the epsilon check inverts: critic loss + lambda * penalty, for a critic
    with one tanh hidden unit, against central differences of the NumPy reference."""
    _, layers, real, fake = wgan._epsilon_probe(get_adapter("pytorch"))
    epsilons = np.array([[0.2, 0.7]])

    def total(ls):
        loss = np.mean(wgan.critic_scores(ls, fake)[0]) - np.mean(wgan.critic_scores(ls, real)[0])
        return loss + 2.0 * wgan.penalty_reference(ls, real, fake, epsilons.reshape(2, 1))

    numeric = wgan.layer_gradients(total, layers)
    flat = np.concatenate([a.ravel() for pair in numeric for a in pair])
    np.testing.assert_allclose(wgan.one_unit_gradients(layers, real, fake, epsilons, 2.0)[0], flat,
                               rtol=1e-5, atol=1e-7)


def test_epsilons_are_recovered_from_the_update():
    """On the probe, an update determines both images' epsilons."""
    _, layers, real, fake = wgan._epsilon_probe(get_adapter("pytorch"))
    for epsilons in np.random.default_rng(0).uniform(size=(30, 2)):
        observed = wgan.one_unit_gradients(layers, real, fake, epsilons[None], 2.0)[0]
        found, misfit = wgan.fit_epsilons(observed, layers, real, fake, 2.0)
        np.testing.assert_allclose(found, epsilons, atol=0.002)
        assert misfit < 0.01


def test_penalty_probe_has_norms_on_both_sides_of_one():
    """A one-sided penalty max(0, norm - 1)^2 would otherwise look right."""
    layers, real, fake = wgan.penalty_probe()
    norms = wgan.penalty_norms(layers, real.reshape(len(real), -1), fake.reshape(len(fake), -1),
                               wgan.PENALTY_EPSILON.reshape(-1, 1))
    assert norms.min() < 0.9 and norms.max() > 1.1
