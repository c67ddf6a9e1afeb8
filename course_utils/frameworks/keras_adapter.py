"""Keras 3 adapter (TensorFlow backend): NHWC, ``keras.Model``, ``.weights.h5`` checkpoints."""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from pathlib import Path  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from .base import Adapter, DeviceReport  # noqa: E402


class _LinearAutoencoder(keras.Model):
    def __init__(self, image_shape, latent_dim):
        # The default name, from the class name, starts with "_": TensorFlow rejects it
        # as a name scope when the model is called inside a tf.function.
        super().__init__(name="linear_autoencoder")
        self.flatten = keras.layers.Flatten()
        self.encode = keras.layers.Dense(latent_dim)
        self.decode = keras.layers.Dense(int(np.prod(image_shape)))
        self.unflatten = keras.layers.Reshape(image_shape)
        self(keras.Input(image_shape))  # a symbolic call creates the weights (build() would not)

    def call(self, x):
        return self.unflatten(self.decode(self.encode(self.flatten(x))))


class _SmallNet(keras.Model):
    def __init__(self, input_shapes, output_shape, hidden=16):
        super().__init__(name="small_net")  # see _LinearAutoencoder about the name
        self.output_shape_ = tuple(output_shape)
        self.hidden = keras.layers.Dense(hidden, activation="tanh")
        self.out = keras.layers.Dense(int(np.prod(output_shape)))
        self.hidden.build((None, sum(int(np.prod(s)) for s in input_shapes)))
        self.out.build((None, hidden))
        self.built = True  # the weights exist (build() on several inputs would not know their shapes)

    def call(self, *inputs):
        flat = [keras.ops.reshape(keras.ops.cast(t, "float32"), (keras.ops.shape(t)[0], -1))
                for t in inputs]
        x = keras.ops.concatenate(flat, axis=1)
        return keras.ops.reshape(self.out(self.hidden(x)), (-1, *self.output_shape_))


class KerasAdapter(Adapter):
    name = "keras"
    layout = "NHWC"
    weights_suffix = ".weights.h5"

    def seed(self, seed: int) -> None:
        self._seed_python(seed)
        keras.utils.set_random_seed(seed)

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

    def adam(self, model, lr):
        optimizer = keras.optimizers.Adam(learning_rate=lr)
        # Built now, so a learner's @tf.function step never creates variables when it retraces.
        optimizer.build(model.trainable_variables)
        return optimizer

    def sgd(self, model, lr):
        optimizer = keras.optimizers.SGD(learning_rate=lr)
        optimizer.build(model.trainable_variables)
        return optimizer

    def bce_with_logits(self, logits, target):
        return keras.ops.mean(keras.ops.binary_crossentropy(
            keras.ops.full_like(logits, target), logits, from_logits=True))

    def linear_autoencoder(self, image_shape, latent_dim):
        return _LinearAutoencoder(tuple(image_shape), latent_dim)

    def small_net(self, input_shapes, output_shape):
        return _SmallNet(input_shapes, output_shape)

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
