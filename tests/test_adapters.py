"""Each framework adapter converts, counts, differentiates and batches the same way."""

import numpy as np
import pytest

from course_utils import get_adapter
from course_utils.frameworks.base import random_layers

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
    # fresh: no usable gradient (None; NaN in Chainer, as in any new Chainer model)
    assert all(g is None or np.all(np.isnan(g)) for g in adapter.held_gradients(net))


def test_mlp_computes_its_numpy_layers_and_reads_them_back(adapter):
    layers = random_layers((6, 4, 2), seed=3)
    net = adapter.mlp(layers, [adapter.image_shape(2, 3, 1)], (2,), activation="tanh")
    x = np.random.default_rng(0).uniform(-1, 1, (5, 2, 3, 1)).astype(np.float32)
    expected = np.tanh(x.reshape(5, -1) @ layers[0][0].T + layers[0][1]) @ layers[1][0].T + layers[1][1]
    np.testing.assert_allclose(adapter.call(net, adapter.to_layout(x)), expected, rtol=1e-5, atol=1e-6)
    for (w, b), (want_w, want_b) in zip(adapter.dense_layers(adapter.parameters(net)), layers,
                                        strict=True):
        np.testing.assert_allclose(w, want_w, rtol=1e-6)
        np.testing.assert_allclose(b, want_b, rtol=1e-6)


def test_parameter_roles_name_weights_biases_and_norm_parameters(adapter):
    net = adapter.small_net([(3,)], (2,), batch_norm=True)
    roles = adapter.parameter_roles(net)
    assert sorted(roles) == sorted(["weight", "bias", "gamma", "beta", "weight", "bias"])
    shapes = [p.shape for p in adapter.parameters(net)]
    assert all(len(shape) == 1 for shape, role in zip(shapes, roles, strict=True) if role != "weight")


def test_batch_norm_net_depends_on_the_batch_in_training_mode_only(adapter):
    net = adapter.small_net([(3,)], (2,), batch_norm=True)
    x = np.random.default_rng(0).normal(size=(6, 3)).astype(np.float32)
    train = adapter.to_numpy(adapter.forward(net, adapter.tensor(x, like=net), training=True))
    alone = adapter.to_numpy(adapter.forward(net, adapter.tensor(x[:3], like=net), training=True))
    assert not np.allclose(train[:3], alone)
    infer = adapter.call(net, x)
    np.testing.assert_allclose(adapter.call(net, x[:3]), infer[:3], rtol=1e-5, atol=1e-6)


def test_trainable_count_drops_when_a_network_is_frozen(adapter):
    net = adapter.small_net([(3,)], (2,))
    total = adapter.count_parameters(net)
    assert adapter.trainable_count(net) == total
    adapter.momentum_sgd(net, 0.1)  # Chainer keeps the frozen flag on the optimizer's update rules
    if adapter.name == "pytorch":
        net.requires_grad_(False)
    elif adapter.name == "keras":
        net.trainable = False
    else:
        net.disable_update()
    assert adapter.trainable_count(net) == 0


def _sum_of_products(adapter):
    """sum(a * b) in the framework's ops."""
    if adapter.name == "keras":
        import keras

        return lambda a, b: keras.ops.sum(a * b)
    if adapter.name == "chainer":
        from course_utils.chainer_compat import import_chainer

        return lambda a, b: import_chainer().functions.sum(a * b)
    return lambda a, b: (a * b).sum()


def test_input_gradients_of_a_tensor_and_of_a_python_number(adapter):
    value, grads = adapter.input_gradients(_sum_of_products(adapter), np.ones((2, 2)),
                                           np.full((2, 2), 3.0))
    assert adapter.is_tensor(value)
    np.testing.assert_allclose(grads[0], 3.0)
    np.testing.assert_allclose(grads[1], 1.0)
    value, grads = adapter.input_gradients(lambda a, b: 3.0, np.ones(2), np.ones(2))
    assert not adapter.is_tensor(value) and grads == [None, None]


def test_nested_model_holds_the_same_parameters(adapter):
    net = adapter.small_net([(3,)], (2,))
    container = adapter.nested(net)
    x = np.ones((2, 3), np.float32)
    np.testing.assert_allclose(adapter.call(container, x), adapter.call(net, x))
    assert adapter.count_parameters(container) == adapter.count_parameters(net)


def test_bce_with_logits_is_stable(adapter):
    logits = np.array([[-120.0], [-3.0], [0.0], [2.5], [120.0]], np.float32)
    for target in (0.0, 1.0):
        value = float(adapter.to_numpy(adapter.bce_with_logits(adapter.tensor(logits), target)))
        expected = np.mean(np.logaddexp(0.0, logits.astype(np.float64)) - target * logits)
        assert np.isclose(value, expected, rtol=1e-5)


def _one_step(adapter, net, optimizer, loss_fn):
    """One training step written the framework's way."""
    if adapter.name == "pytorch":
        optimizer.zero_grad()
        loss_fn(net).backward()
        optimizer.step()
    elif adapter.name == "keras":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = loss_fn(net)
        optimizer.apply_gradients(zip(tape.gradient(loss, net.trainable_variables),
                                      net.trainable_variables, strict=True))
    else:
        net.cleargrads()
        loss_fn(net).backward()
        optimizer.update()


def test_momentum_sgd_is_the_same_rule_in_every_framework(adapter):
    net = adapter.small_net([(3,)], (2,))
    x = adapter.tensor(np.ones((4, 3), np.float32), like=net)
    loss_fn = lambda m: adapter.bce_with_logits(adapter.forward(m, x, training=True), 1.0)  # noqa: E731
    optimizer = adapter.momentum_sgd(net, 0.5, momentum=0.9)
    velocity = None
    for _ in range(2):
        _, grads = adapter.gradients(net, loss_fn)
        before = adapter.parameters(net)
        _one_step(adapter, net, optimizer, loss_fn)
        velocity = grads if velocity is None else [0.9 * v + g for v, g in zip(velocity, grads,
                                                                                strict=True)]
        for b, v, a in zip(before, velocity, adapter.parameters(net), strict=True):
            np.testing.assert_allclose(a, b - 0.5 * v, rtol=1e-5, atol=1e-6)
