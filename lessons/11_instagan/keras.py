"""Topic 11, InstaGAN: Keras 3 reference (TensorFlow backend).

Mo, Cho & Shin, "InstaGAN: Instance-aware Image-to-Image Translation", ICLR 2019
(arXiv:1812.10889), as implemented in sangwoomo/instagan; the same networks as the PyTorch
reference, NHWC: images (B, H, W, C), a set of K masks as K channels (B, H, W, K).
Every slot is encoded, an empty one's features are zeroed, and its decoded mask is thrown
away, so every shape is known when a ``tf.function`` traces. Keras's own
``SpectralNormalization`` overwrites the kernel with the normalized one and lets no gradient
through sigma; ``SpectralConv2D`` keeps the kernel and differentiates W / sigma(W), as the
official code.
"""

# %% imports
import dataclasses
import os
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

import course_utils
from course_utils.saved.keras import (
    ImagePool,
    PatchDiscriminator,
    ReflectionPad2d,
    ResnetBlock,
    ResnetGenerator,
    cycle_loss,
    dcgan_init,
    decay_schedule,
    fit_gan,
    identity_loss,
    jitter,
    lsgan_loss,
    make_cyclegan_step,
    norm_layer,
    place,
    translate,
)


# %% spectral_norm save
class SpectralConv2D(layers.Layer):
    """A convolution (PyTorch's zero padding, then "valid") whose kernel is divided by its
    largest singular value sigma at every call, from one power iteration as in the official
    code: v = W^T u / |W^T u|, u = W v / |W v|, sigma = u^T W v, W the kernel as an
    (out, rest) matrix, the gradient flowing through W alone; u is kept in training only.
    Initialized as PyTorch's default: kernel and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""

    def __init__(self, filters, kernel_size=4, strides=1, padding=1, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.kernel_size, self.strides = filters, kernel_size, strides
        self.padding, self.use_bias = padding, use_bias

    def build(self, input_shape):
        fan_in = self.kernel_size ** 2 * input_shape[-1]
        bound = 1.0 / np.sqrt(fan_in)
        self.kernel = self.add_weight(
            shape=(self.kernel_size, self.kernel_size, input_shape[-1], self.filters),
            initializer=keras.initializers.RandomUniform(-bound, bound), name="kernel")
        self.bias = self.add_weight(shape=(self.filters,), name="bias",
                                    initializer=keras.initializers.RandomUniform(-bound, bound)
                                    ) if self.use_bias else None
        self.u = self.add_weight(shape=(self.filters,), trainable=False, name="u",
                                 initializer="random_normal")  # its scale does not matter

    def normalized_kernel(self, training=False):
        matrix = ops.transpose(ops.reshape(self.kernel, (-1, self.filters)))  # (out, rest)
        v = ops.stop_gradient(_normalize(ops.matmul(self.u, matrix)))  # W^T u
        u = ops.stop_gradient(_normalize(ops.matmul(matrix, v)))
        if training:
            self.u.assign(u)
        return self.kernel / ops.sum(u * ops.matmul(matrix, v))

    def call(self, x, training=False):
        p = self.padding
        x = ops.pad(x, [[0, 0], [p, p], [p, p], [0, 0]])
        y = ops.conv(x, self.normalized_kernel(training), strides=self.strides, padding="valid")
        return y + self.bias if self.use_bias else y


def _normalize(vector, eps=1e-12):
    return vector / ops.maximum(ops.norm(vector), eps)


# %% present_instances save
def present_instances(masks):
    """(B, K) floats, 1 or 0: which of the K mask slots of each image, (B, H, W, K) in
    [-1, 1], hold an instance (a pixel above -1). An image may have none: its set is empty
    and its set sum 0 (the official code encodes its first, empty mask instead)."""
    return ops.cast(ops.any(ops.reshape(masks > -1, (ops.shape(masks)[0], -1,
                                                       ops.shape(masks)[-1])), axis=1), "float32")


# %% set_features save
def set_features(encoder, masks, present, training=False):
    """Each image's masks encoded apart, (B, K, h, w, C), an empty slot's features 0, and
    their sum over the set, (B, h, w, C): the same for any order of the masks, and each
    image's own. ``present``: :func:`present_instances` of ``masks``."""
    ### BEGIN SOLUTION
    batch, height, width, slots = ops.shape(masks)
    instances = ops.reshape(ops.transpose(masks, (0, 3, 1, 2)), (-1, height, width, 1))
    features = encoder(instances, training=training)  # (B K, h, w, C): every slot
    features = ops.reshape(features, (batch, slots, *ops.shape(features)[1:]))
    features = features * present[:, :, None, None, None]  # empty slots: 0
    return features, ops.sum(features, axis=1)
    ### END SOLUTION


# %% resnet_encoder save
class ResnetEncoder(keras.Sequential):
    """The first half of the CycleGAN generator: c7s1-ngf, d2ngf, d4ngf and n_blocks
    residual blocks. (B, H, W, C) -> (B, H/4, W/4, 4 ngf)."""

    def __init__(self, ngf=64, n_blocks=9, norm="instance", **kwargs):
        bias = norm == "instance"
        steps = [ReflectionPad2d(3), layers.Conv2D(ngf, 7, use_bias=bias),
                 norm_layer(norm, ngf), layers.ReLU()]
        for multiple in (1, 2):
            steps += [layers.ZeroPadding2D(1),
                      layers.Conv2D(2 * multiple * ngf, 3, strides=2, use_bias=bias),
                      norm_layer(norm, 2 * multiple * ngf), layers.ReLU()]
        steps += [ResnetBlock(4 * ngf, norm) for _ in range(n_blocks)]
        super().__init__(steps, **kwargs)


# %% resnet_decoder save
class ResnetDecoder(keras.Sequential):
    """The second half: u2ngf, u ngf and c7s1-out with tanh, from 4 ngf channels (ngf is
    twice the encoders' for the image decoder, three times for the mask decoder).
    (B, h, w, 4 ngf) -> (B, 4h, 4w, out)."""

    def __init__(self, out_channels, ngf, norm="instance", **kwargs):
        bias = norm == "instance"
        steps = []
        for multiple in (4, 2):
            steps += [layers.Conv2DTranspose(multiple * ngf // 2, 3, strides=2, use_bias=bias),
                      layers.Cropping2D(((1, 0), (1, 0))),  # PyTorch's exact 2H
                      norm_layer(norm, multiple * ngf // 2), layers.ReLU()]
        steps += [ReflectionPad2d(3), layers.Conv2D(out_channels, 7), layers.Activation("tanh")]
        super().__init__(steps, **kwargs)


# %% set_generator save
class SetGenerator(keras.Model):
    """Translates an image together with its set of instance masks.

    The image and every mask are encoded apart; the masks' features are summed over the
    set (the same for any order of the masks). The image decoder sees [image features, set
    sum]; the mask decoder sees, for each instance, [its features, image features, set sum].
    ``(images (B, H, W, C), masks (B, H, W, K) in [-1, 1])`` -> the same shapes; an empty
    slot (-1 everywhere) comes back as it was.
    """

    def __init__(self, in_channels=3, out_channels=3, ngf=64, n_blocks=9, norm="instance"):
        super().__init__()
        self.image_encoder = ResnetEncoder(ngf, n_blocks, norm)
        self.mask_encoder = ResnetEncoder(ngf, n_blocks, norm)
        self.image_decoder = ResnetDecoder(out_channels, 2 * ngf, norm)
        self.mask_decoder = ResnetDecoder(1, 3 * ngf, norm)
        self(np.zeros((1, 8, 8, in_channels), "float32"), np.zeros((1, 8, 8, 1), "float32"))
        dcgan_init(self)  # N(0, 0.02), as the official init_weights

    def call(self, images, masks, training=False):
        batch, height, width, slots = ops.shape(masks)
        present = present_instances(masks)  # (B, K)
        image_features = self.image_encoder(images, training=training)  # (B, h, w, 4 ngf)
        features, set_sum = set_features(self.mask_encoder, masks, present, training)
        out_images = self.image_decoder(ops.concatenate([image_features, set_sum], -1),
                                        training=training)
        context = ops.repeat(ops.concatenate([image_features, set_sum], -1), slots, axis=0)
        decoded = self.mask_decoder(ops.concatenate(
            [ops.reshape(features, (-1, *ops.shape(features)[2:])), context], -1),
            training=training)  # (B K, H, W, 1)
        decoded = ops.transpose(ops.reshape(decoded, (batch, slots, height, width)), (0, 2, 3, 1))
        return out_images, ops.where(present[:, None, None, :] > 0, decoded, masks)


# %% set_discriminator save
def patch_features(ndf, n_layers, norm):
    """The PatchGAN's first n_layers convolutions, spectrally normalized: Conv 4x4/2 (ndf)
    + LeakyReLU 0.2, then Conv 4x4/2 + norm + LeakyReLU with 2 ndf, 4 ndf... filters."""
    bias = norm == "instance"
    steps = [SpectralConv2D(ndf, strides=2), layers.LeakyReLU(0.2)]
    for n in range(1, n_layers):
        steps += [SpectralConv2D(ndf * min(2 ** n, 8), strides=2, use_bias=bias),
                  norm_layer(norm, ndf * min(2 ** n, 8)), layers.LeakyReLU(0.2)]
    return keras.Sequential(steps)


class SetDiscriminator(keras.Model):
    """The PatchGAN for an image and its set of masks, every convolution spectrally
    normalized: features of the image and of each mask (summed over the set), concatenated,
    then Conv 4x4/1 + norm + LeakyReLU and Conv 4x4/1 to one logit per patch.
    ``(images, masks)`` -> (B, H', W', 1)."""

    def __init__(self, in_channels=3, ndf=64, n_layers=3, norm="instance"):
        super().__init__()
        self.image_features = patch_features(ndf, n_layers, norm)
        self.mask_features = patch_features(ndf, n_layers, norm)
        filters = 2 * ndf * min(2 ** n_layers, 8)
        self.classifier = keras.Sequential([
            SpectralConv2D(filters), norm_layer(norm, filters), layers.LeakyReLU(0.2),
            SpectralConv2D(1)])
        self(np.zeros((1, 32, 32, in_channels), "float32"), np.zeros((1, 32, 32, 1), "float32"))

    def call(self, images, masks, training=False):
        present = present_instances(masks)
        _, set_sum = set_features(self.mask_features, masks, present, training)
        return self.classifier(ops.concatenate(
            [self.image_features(images, training=training), set_sum], -1), training=training)


# %% context_loss save
def merge_masks(masks):
    """The union of a set of masks in [-1, 1]: (B, H, W, K) -> (B, H, W, 1)."""
    return ops.clip(ops.sum((masks + 1) / 2, axis=-1, keepdims=True), 0, 1) * 2 - 1


def background_weight(masks, fake_masks):
    """1 where neither an instance nor its translation is, 0 where either is: the official
    weight of the context-preserving loss. (B, H, W, 1)."""
    return (1 - merge_masks(ops.concatenate([masks, fake_masks], -1))) / 2


def context_loss(images, fake_images, masks, fake_masks, cycle_weight=10.0, context_weight=1.0):
    """context_weight x cycle_weight x the mean of |x - G(x)| over the background: a
    translation may change the instances and what they cover, nothing else."""
    ### BEGIN SOLUTION
    weight = background_weight(masks, fake_masks)  # broadcast over the colour channels
    return context_weight * cycle_weight * ops.mean(weight * ops.abs(images - fake_images))
    ### END SOLUTION


# %% direction_losses save
def direction_losses(G, inverse, D, images, masks, earlier, later, cycle_weight=10.0,
                     identity_weight=1.0, context_weight=1.0):
    """One direction's generator losses for one pass of the sequential translation: G
    translates ``images`` with this pass's ``masks`` and ``inverse`` translates back; D
    judges the translated image with every mask of the image: ``earlier`` passes'
    translated masks, this pass's, and ``later`` empty slots. Returns (loss,
    translated image, all its masks)."""
    fake_images, fake_masks = G(images, masks, training=True)
    empty = -ops.ones((*ops.shape(masks)[:3], later))
    every_mask = ops.concatenate([*earlier, fake_masks, empty], -1)
    loss = lsgan_loss(D(fake_images, every_mask, training=True), True)
    originals = ops.concatenate([images, masks], -1)
    loss = loss + cycle_loss(ops.concatenate(inverse(fake_images, fake_masks, training=True), -1),
                             originals, cycle_weight)
    loss = loss + identity_loss(ops.concatenate(inverse(images, masks, training=True), -1), originals,
                                cycle_weight, identity_weight)  # the inverse leaves its own domain be
    loss = loss + context_loss(images, fake_images, masks, fake_masks, cycle_weight,
                               context_weight)
    return loss, fake_images, every_mask


# %% instagan_step save
@tf.function
def instagan_generator_update(networks, optimizers, to_b, to_a, later, weights):
    """One update of both generators on one pass: ``to_b`` (images, this pass's masks,
    earlier passes' translated masks) goes A -> B, ``to_a`` B -> A; either is None when its
    direction has no instance in this pass. Returns the loss and each direction's
    translated image and masks, keyed by the domain they are in now."""
    G_AB, G_BA = networks["G_AB"], networks["G_BA"]
    variables = G_AB.trainable_variables + G_BA.trainable_variables
    fakes = {}
    with tf.GradientTape() as tape:  # D's variables stay put: only G's are differentiated
        loss = 0.0
        if to_b is not None:
            loss_b, *fakes["B"] = direction_losses(G_AB, G_BA, networks["D_B"], *to_b, later,
                                                   **weights)
            loss = loss + loss_b
        if to_a is not None:
            loss_a, *fakes["A"] = direction_losses(G_BA, G_AB, networks["D_A"], *to_a, later,
                                                   **weights)
            loss = loss + loss_a
    gradients = tape.gradient(loss, variables)
    split = len(G_AB.trainable_variables)
    optimizers["G_AB"].apply_gradients(zip(gradients[:split], variables[:split], strict=True))
    optimizers["G_BA"].apply_gradients(zip(gradients[split:], variables[split:], strict=True))
    return loss, {key: [ops.stop_gradient(t) for t in value] for key, value in fakes.items()}


@tf.function
def instagan_discriminator_update(D, optimizer, images, masks, fakes):
    """One update of D on half the sum of its LSGAN losses on real images with their masks
    and on (pooled) translations, image and masks stacked along the channels."""
    channels = ops.shape(images)[-1]
    with tf.GradientTape() as tape:
        loss = 0.5 * (lsgan_loss(D(images, masks, training=True), True)
                      + lsgan_loss(D(fakes[..., :channels], fakes[..., channels:],
                                     training=True), False))
    gradients = tape.gradient(loss, D.trainable_variables)
    optimizer.apply_gradients(zip(gradients, D.trainable_variables, strict=True))
    return loss


def make_instagan_step(networks, optimizers, config, cycle_weight=10.0, identity_weight=1.0,
                       context_weight=1.0, pool_size=50):
    """The ``step(batch)`` fit_gan calls for every batch: domain A's images and masks, then
    domain B's, stacked along the channels and jittered alike, each image's masks largest
    first (``course_utils.instances.largest_first``). They are translated
    ``config.ins_per`` at a time, the largest first; each pass updates both generators, then
    both discriminators, and hands its translated image, detached, to the next pass. A
    direction without an instance in a pass's slots sits it out. ``networks`` and
    ``optimizers`` are dicts keyed G_AB, G_BA, D_A, D_B. The passes run eagerly (whether a
    direction runs depends on the data; the pools draw with Python's ``random``); the
    updates inside them are compiled."""
    pools = {"A": ImagePool(pool_size), "B": ImagePool(pool_size)}
    weights = dict(cycle_weight=cycle_weight, identity_weight=identity_weight,
                   context_weight=context_weight)

    def step(batch, labels=None):
        batch = jitter(batch, config.load_size)  # the same crop and flip for image and masks
        c, k, n = config.channels, config.slots, config.ins_per
        real = {"A": batch[..., :c], "B": batch[..., c + k:2 * c + k]}
        masks = {"A": batch[..., c:c + k], "B": batch[..., 2 * c + k:]}
        masks = {key: ops.where(value > 0, 1.0, -1.0) for key, value in masks.items()}  # binary
        images = dict(real)  # what each pass translates
        earlier = {"A": [], "B": []}  # translations of the earlier passes' masks
        history = {"loss_G": [], "loss_D_A": [], "loss_D_B": []}
        for start in range(0, k, n):
            ### BEGIN SOLUTION
            groups = {key: value[..., start:start + n] for key, value in masks.items()}
            runs = {key: bool(ops.any(value > -1)) for key, value in groups.items()}
            if not (runs["A"] or runs["B"]):  # no instance in these slots in the whole batch
                continue
            later = k - start - groups["A"].shape[-1]  # empty slots after this pass's
            to_b = (images["A"], groups["A"], tuple(earlier["B"])) if runs["A"] else None
            to_a = (images["B"], groups["B"], tuple(earlier["A"])) if runs["B"] else None
            loss_g, fakes = instagan_generator_update(networks, optimizers, to_b, to_a, later,
                                                      weights)
            history["loss_G"].append(float(loss_g))
            for target, source in (("B", "A"), ("A", "B")):
                if not runs[source]:
                    earlier[target].append(groups[source])  # empty slots stay empty
                    continue
                fake_images, fake_masks = fakes[target]
                history[f"loss_D_{target}"].append(float(instagan_discriminator_update(
                    networks[f"D_{target}"], optimizers[f"D_{target}"], real[target],
                    masks[target], pools[target].query(
                        ops.concatenate([fake_images, fake_masks], -1)))))
                images[source] = fake_images  # the next pass translates the translation
                earlier[target].append(fake_masks[..., start:start + n])
            ### END SOLUTION
        return {key: sum(values) / len(values) for key, values in history.items() if values}

    return step


# %% translate_instances save
def translate_instances(G, images, masks, ins_per=2):
    """Translate images with all their masks, ``ins_per`` slots at a time as in training
    (the official test): each pass translates the previous pass's image with the next
    slots' masks; an image without an instance in those slots keeps its image. Returns the
    translated images and all their translated masks."""
    translated = []
    for start in range(0, masks.shape[-1], ins_per):
        group = masks[..., start:start + ins_per]
        new_images, new_masks = G(images, group, training=False)
        has = ops.max(present_instances(group), axis=1)[:, None, None, None] > 0  # (B, 1, 1, 1)
        images = ops.where(has, new_images, images)
        translated.append(new_masks)
    return images, ops.concatenate(translated, -1)


def instagan_translate(G, scenes, channels, ins_per=2, batch_size=16):
    """:func:`translate_instances` on NumPy scenes, NHWC (N, H, W, channels + K): the
    translated images, NHWC, and their masks, (N, K, H, W), both in [-1, 1]."""
    images, masks = [], []
    for start in range(0, len(scenes), batch_size):
        batch = np.asarray(scenes[start:start + batch_size], np.float32)
        out_images, out_masks = translate_instances(G, batch[..., :channels],
                                                    batch[..., channels:], ins_per)
        images.append(ops.convert_to_numpy(out_images))
        masks.append(np.moveaxis(ops.convert_to_numpy(out_masks), -1, 1))
    return np.concatenate(images), np.concatenate(masks)


# %% optimizers
def adam_optimizers(networks, lr=2e-4, beta1=0.5):
    """One Adam per network, keyed as ``networks`` (the official code has one over both
    generators and one over both discriminators: the same arithmetic, parameter by
    parameter), built now so that a compiled step never creates their slots."""
    optimizers = {}
    for key, network in networks.items():
        optimizers[key] = keras.optimizers.Adam(learning_rate=lr, beta_1=beta1)
        optimizers[key].build(network.trainable_variables)
    return optimizers
