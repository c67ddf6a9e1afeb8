"""Keras 3 adapter (TensorFlow backend): NHWC, ``keras.Model``, ``.weights.h5`` checkpoints."""

from __future__ import annotations

import contextlib
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from pathlib import Path  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from .base import Adapter, DeviceReport  # noqa: E402

ROLES = {"kernel": "weight", "bias": "bias", "gamma": "gamma", "beta": "beta"}


def _dense(weights, bias):
    layer = keras.layers.Dense(weights.shape[0])
    layer.build((None, weights.shape[1]))
    layer.set_weights([np.asarray(weights, np.float32).T, np.asarray(bias, np.float32)])
    return layer


class _MLP(keras.Model):
    """See :meth:`Adapter.mlp`."""

    def __init__(self, layers, output_shape, activation, batch_norm):
        # The default name, from the class name, starts with "_": TensorFlow rejects it
        # as a name scope when the model is called inside a tf.function.
        super().__init__(name="mlp")
        self.output_shape_ = tuple(output_shape)
        self.activation = keras.activations.get(activation) if activation else None
        self.stack = []  # dense layers, each hidden one followed by its batch norm (if any)
        for i, (weights, bias) in enumerate(layers):
            self.stack.append(_dense(weights, bias))
            if batch_norm and i < len(layers) - 1:
                norm = keras.layers.BatchNormalization()
                norm.build((None, weights.shape[0]))
                self.stack.append(norm)
        self.built = True  # the weights exist (build() on several inputs would not know their shapes)

    def call(self, *inputs, training=None):
        flat = [keras.ops.reshape(keras.ops.cast(t, "float32"), (keras.ops.shape(t)[0], -1))
                for t in inputs]
        x = keras.ops.concatenate(flat, axis=1)
        for i, layer in enumerate(self.stack):
            if isinstance(layer, keras.layers.BatchNormalization):
                x = layer(x, training=training)
            else:
                x = layer(x)
            hidden = i < len(self.stack) - 1
            next_is_norm = hidden and isinstance(self.stack[i + 1], keras.layers.BatchNormalization)
            if hidden and not next_is_norm and self.activation is not None:
                x = self.activation(x)
        return keras.ops.reshape(x, (-1, *self.output_shape_))


class _FixedNoiseVAE(keras.Model):
    """See :meth:`Adapter.fixed_noise_vae`."""

    def __init__(self, image_shape, latent_dim, eps):
        super().__init__(name="fixed_noise_vae")  # see _MLP about the name
        pixels = int(np.prod(image_shape))
        self.image_shape, self.pixels = tuple(image_shape), pixels
        self.fc_mu, self.fc_logvar = keras.layers.Dense(latent_dim), keras.layers.Dense(latent_dim)
        self.out = keras.layers.Dense(pixels, activation="sigmoid")
        for layer, inputs in ((self.fc_mu, pixels), (self.fc_logvar, pixels), (self.out, latent_dim)):
            layer.build((None, inputs))
        self.noise = np.asarray(eps, np.float32)

    def call(self, x, training=None):
        h = keras.ops.reshape(x, (keras.ops.shape(x)[0], self.pixels))
        mu, logvar = self.fc_mu(h), self.fc_logvar(h)
        z = mu + keras.ops.exp(0.5 * logvar) * keras.ops.convert_to_tensor(self.noise)
        return keras.ops.reshape(self.out(z), (-1, *self.image_shape)), mu, logvar

    def reference_loss(self, x):
        p, mu, logvar = self(x)
        nll = keras.ops.sum(keras.ops.binary_crossentropy(x, p))
        kl = -0.5 * keras.ops.sum(1 + logvar - mu**2 - keras.ops.exp(logvar))
        return (nll + kl) / keras.ops.cast(keras.ops.shape(x)[0], "float32")


class _ChannelDoubler(keras.layers.Layer):
    def call(self, x, training=False):
        return keras.ops.concatenate([x, 0.5 * x], axis=-1)


class KerasAdapter(Adapter):
    name = "keras"
    layout = "NHWC"
    weights_suffix = ".weights.h5"
    init_usage = "{init}(model)"

    def seed(self, seed: int) -> None:
        self._seed_python(seed)
        keras.utils.set_random_seed(seed)

    def run_compiled_steps_eagerly(self, eager=True) -> None:
        # Tracing a full-size CycleGAN step took 12 s on the 2-core CI machine, a step 2 s.
        tf.config.run_functions_eagerly(eager)

    def device_report(self) -> DeviceReport:
        gpus = tf.config.list_physical_devices("GPU")
        if not gpus:
            return DeviceReport(self.name, "cpu", has_gpu=False)
        details = tf.config.experimental.get_device_details(gpus[0])
        return DeviceReport(self.name, "/GPU:0", has_gpu=True, name=details.get("device_name", "GPU"))

    def is_model(self, obj) -> bool:
        return isinstance(obj, keras.layers.Layer)

    def tensor(self, array, like=None):
        return tf.convert_to_tensor(np.asarray(array, dtype=np.float32))

    def to_numpy(self, value) -> np.ndarray:
        return keras.ops.convert_to_numpy(value)

    def call(self, model, *inputs, training=False):
        return self.numpy_outputs(model(*(self.tensor(x) for x in inputs), training=training))

    def parameters(self, model):
        return [np.array(w.numpy()) for w in model.trainable_weights]

    def set_parameters(self, model, arrays):
        for variable, value in zip(model.trainable_weights, arrays, strict=True):
            variable.assign(value)

    def gradients(self, model, loss_fn):
        with tf.GradientTape() as tape:
            loss = loss_fn(model)
        grads = tape.gradient(loss, model.trainable_weights)
        return float(loss), [None if g is None else self.to_numpy(g) for g in grads]

    def mean_squared_error(self, a, b):
        return keras.ops.mean(keras.ops.square(a - b))

    def mean_absolute_error(self, a, b):
        return keras.ops.mean(keras.ops.abs(a - b))

    def adam(self, model, lr, betas=(0.9, 0.999)):
        optimizer = keras.optimizers.Adam(learning_rate=lr, beta_1=betas[0], beta_2=betas[1])
        # Built now, so a learner's @tf.function step never creates variables when it retraces.
        optimizer.build(model.trainable_variables)
        return optimizer

    def momentum_sgd(self, model, lr, momentum=0.9):
        optimizer = keras.optimizers.SGD(learning_rate=lr, momentum=momentum)
        optimizer.build(model.trainable_variables)
        return optimizer

    def bce_with_logits(self, logits, target):
        return keras.ops.mean(keras.ops.binary_crossentropy(
            keras.ops.full_like(logits, target), logits, from_logits=True))

    def compiled(self, function):
        # reduce_retracing: called with another batch size, it traces once more with the batch
        # size unknown, as Keras does when it builds a model
        return tf.function(function, reduce_retracing=True)

    @contextlib.contextmanager
    def eagerly(self, eager=True):
        before = tf.config.functions_run_eagerly()
        tf.config.run_functions_eagerly(eager)
        try:
            yield
        finally:
            tf.config.run_functions_eagerly(before)

    def is_step_result(self, value):
        return super().is_step_result(value) or (self.is_tensor(value) and value.shape.rank == 0)

    def is_tensor(self, value):
        return tf.is_tensor(value) or isinstance(value, keras.Variable)

    def input_gradients(self, function, *arrays):
        leaves = [self.tensor(a) for a in arrays]
        with tf.GradientTape() as tape:
            for leaf in leaves:
                tape.watch(leaf)
            output = function(*leaves)
            differentiable = self.is_tensor(output) and output.dtype.is_floating
            total = tf.reduce_sum(output) if differentiable else None
        if total is None:
            return output, [None] * len(leaves)
        return output, [None if g is None else self.to_numpy(g) for g in tape.gradient(total, leaves)]

    def forward(self, model, *tensors, training):
        return model(*tensors, training=training)

    def parameter_roles(self, model):
        return [ROLES.get(v.name, "weight") for v in model.trainable_weights]

    def trainable_count(self, model):
        return int(sum(np.prod(v.shape) for v in model.trainable_weights))

    def initialize(self, model, init):
        init(model)

    def channel_doubler(self):
        return _ChannelDoubler()

    def one_conv_model(self, in_channels, out_channels, kernel):
        model = keras.Sequential([keras.layers.Conv2D(out_channels, kernel)])
        model.build((None, 2 * kernel, 2 * kernel, in_channels))
        return model

    @property
    def model_class(self):
        return keras.Model

    def nested(self, model):
        return keras.Sequential([model], name="nested")

    def mlp(self, layers, input_shapes, output_shape, activation="tanh", batch_norm=False):
        return _MLP(layers, output_shape, activation, batch_norm)

    def dense_layers(self, arrays):
        return [(None if w is None else w.T, b) for w, b in super().dense_layers(arrays)]

    def fixed_noise_vae(self, image_shape, latent_dim, eps):
        return _FixedNoiseVAE(image_shape, latent_dim, eps)

    def loader(self, images, batch_size, *, shuffle=True, seed=0):
        dataset = tf.data.Dataset.from_tensor_slices(np.asarray(images, np.float32))
        if shuffle:
            dataset = dataset.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
        return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)

    def save_model(self, model, path: Path) -> None:
        model.save_weights(str(path))

    def load_model(self, model, path: Path) -> None:
        model.load_weights(str(path))

    def save_optimizer(self, optimizer, path: Path) -> None:
        with open(path, "wb") as stream:
            np.savez(stream, *[v.numpy() for v in optimizer.variables])

    def load_optimizer(self, optimizer, path: Path, model) -> None:
        if not optimizer.built:
            optimizer.build(model.trainable_variables)
        with np.load(path) as saved:
            values = [saved[f"arr_{i}"] for i in range(len(saved.files))]
        if len(values) != len(optimizer.variables):
            raise ValueError("The saved optimizer state does not match this model.")
        for variable, value in zip(optimizer.variables, values, strict=True):
            variable.assign(value)

    def peak_memory_mb(self):
        if not tf.config.list_physical_devices("GPU"):
            return None
        return tf.config.experimental.get_memory_info("GPU:0")["peak"] / 2**20

    def reset_peak_memory(self) -> None:
        if tf.config.list_physical_devices("GPU"):
            tf.config.experimental.reset_memory_stats("GPU:0")


ADAPTER = KerasAdapter()
