"""Each framework adapter converts, counts, differentiates and batches the same way."""

import numpy as np
import pytest

from course_utils import get_adapter

FRAMEWORKS = ["pytorch", "keras", "chainer"]


@pytest.fixture(params=FRAMEWORKS)
def adapter(request):
    return get_adapter(request.param)


def test_layout_round_trip(adapter):
    images = np.random.default_rng(0).uniform(size=(2, 5, 6, 3)).astype(np.float32)
    converted = adapter.to_layout(images)
    expected = (2, 3, 5, 6) if adapter.layout == "NCHW" else (2, 5, 6, 3)
    assert converted.shape == expected == (2, *adapter.image_shape(5, 6, 3))
    np.testing.assert_array_equal(adapter.from_layout(converted), images)


def test_counts_and_calls_a_model(adapter):
    model = adapter.linear_autoencoder(adapter.image_shape(4, 4, 2), 5)
    assert adapter.is_model(model) and not adapter.is_model(object())
    assert adapter.count_parameters(model) == 32 * 5 + 5 + 5 * 32 + 32
    out = adapter.call(model, adapter.to_layout(np.zeros((3, 4, 4, 2), np.float32)))
    assert isinstance(out, np.ndarray) and out.shape == (3, *adapter.image_shape(4, 4, 2))


def test_set_parameters_round_trips(adapter):
    model = adapter.linear_autoencoder(adapter.image_shape(2, 2, 1), 3)
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(p.shape).astype(np.float32) for p in adapter.parameters(model)]
    adapter.set_parameters(model, arrays)
    for got, want in zip(adapter.parameters(model), arrays, strict=True):
        np.testing.assert_array_equal(got, want)


def test_gradients_leave_the_models_own_gradients_alone(adapter):
    model = adapter.linear_autoencoder(adapter.image_shape(2, 2, 1), 2)
    x = adapter.tensor(adapter.to_layout(np.ones((1, 2, 2, 1), np.float32)), like=model)
    loss, grads = adapter.gradients(model, lambda m: adapter.mean_squared_error(m(x), x * 0.0))
    assert loss > 0 and len(grads) == len(adapter.parameters(model))
    assert all(g is not None and g.shape == p.shape
               for g, p in zip(grads, adapter.parameters(model), strict=True))
    if adapter.name == "pytorch":
        params = list(model.parameters())
        for p in params:
            p.grad = p.detach().clone() * 0 + 7
        adapter.gradients(model, lambda m: adapter.mean_squared_error(m(x), x * 0.0))
        assert all(float(p.grad.flatten()[0]) == 7 for p in params)
    elif adapter.name == "chainer":
        params = [p for _, p in sorted(model.namedparams())]
        for p in params:
            p.grad = np.full_like(p.array, 7)
        adapter.gradients(model, lambda m: adapter.mean_squared_error(m(x), x * 0.0))
        assert all(float(p.grad.flatten()[0]) == 7 for p in params)


def test_loader_yields_every_image_once_per_epoch(adapter):
    images = np.arange(10, dtype=np.float32).reshape(10, 1, 1, 1)
    seen = []
    for batch in adapter.loader(adapter.to_layout(images), batch_size=4, shuffle=True, seed=1):
        if adapter.name == "pytorch":
            (batch,) = batch
        seen.extend(np.asarray(batch).reshape(-1).tolist())
    assert sorted(seen) == list(range(10))


def test_small_net_takes_images_and_labels(adapter):
    image = adapter.image_shape(3, 3, 2)
    net = adapter.small_net([image, ()], (1,))
    assert adapter.count_parameters(net) == (18 + 1) * 16 + 16 + 16 * 1 + 1
    images = adapter.to_layout(np.ones((4, 3, 3, 2), np.float32))
    out = adapter.call(net, images, np.arange(4))
    assert out.shape == (4, 1)
    generator = adapter.small_net([(5,)], image)
    assert adapter.call(generator, np.zeros((4, 5), np.float32)).shape == (4, *image)
    assert all(g is None for g in adapter.held_gradients(net))  # fresh: no stored gradients


def test_bce_with_logits_is_stable(adapter):
    logits = np.array([[-120.0], [-3.0], [0.0], [2.5], [120.0]], np.float32)
    for target in (0.0, 1.0):
        value = float(adapter.to_numpy(adapter.bce_with_logits(adapter.tensor(logits), target)))
        expected = np.mean(np.logaddexp(0.0, logits.astype(np.float64)) - target * logits)
        assert np.isclose(value, expected, rtol=1e-5)


def test_sgd_moves_by_minus_lr_times_gradient(adapter):
    net = adapter.small_net([(3,)], (2,))
    x = adapter.tensor(np.ones((4, 3), np.float32), like=net)
    loss_fn = lambda m: adapter.bce_with_logits(m(x), 1.0)  # noqa: E731
    _, grads = adapter.gradients(net, loss_fn)
    before = adapter.parameters(net)
    optimizer = adapter.sgd(net, 0.5)
    if adapter.name == "pytorch":
        optimizer.zero_grad()
        loss_fn(net).backward()
        optimizer.step()
        assert all(g is not None for g in adapter.held_gradients(net))
    elif adapter.name == "keras":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = loss_fn(net)
        optimizer.apply_gradients(zip(tape.gradient(loss, net.trainable_variables),
                                      net.trainable_variables, strict=True))
    else:
        optimizer.update(loss_fn, net)
    for b, g, a in zip(before, grads, adapter.parameters(net), strict=True):
        np.testing.assert_allclose(a, b - 0.5 * g, rtol=1e-5, atol=1e-7)
