"""Topic 10, MUNIT: Keras 3 reference (TensorFlow backend).

Huang, Liu, Belongie & Kautz, "Multimodal Unsupervised Image-to-Image Translation", ECCV 2018
(arXiv:1804.04732), as implemented in NVlabs/MUNIT (``networks.py``, ``trainer.py``, the
edges2shoes configuration). Code vs. official code: ``LayerNorm`` and ``adain`` (official
``LayerNorm`` and ``AdaptiveInstanceNorm2d``), ``Conv2dBlock``, ``AdaINResBlock`` (an
official ``ResBlock`` with "adain" norm), ``ContentEncoder``, ``StyleEncoder``, ``MLP``,
``Decoder``, ``AdaINGen`` and ``MsImageDis`` (the official classes of those names), and
the two steps (official ``MUNIT_Trainer.gen_update`` and ``dis_update``).

One change of form, none of substance: the official decoder stores each image's AdaIN
parameters in its layers (``assign_adain_params``) before it runs; here ``Decoder`` takes
them as an argument, so the same network decodes different styles without hidden state.
Style codes are (B, style_dim), where the official code keeps (B, style_dim, 1, 1).

Images are NHWC. Every convolution is reflection-padded (topic 09's ``ReflectionPad2d``)
and runs "valid", so no Keras padding rule comes in. Keras has neither MUNIT's layer norm
(``layers.LayerNormalization`` normalises each pixel over its channels) nor PyTorch's
average pooling that leaves the padded zeros out of the average: both are written out.
Keras's ``HeNormal`` draws from a truncated normal, so ``kaiming_init`` redraws the built
kernels from the full one; and Keras's optimizers decay weights the decoupled (AdamW) way,
so ``AdamL2`` adds PyTorch's L2 term to the gradient. The steps are ``tf.function``s with a
``tf.GradientTape``, as in topic 09; ``make_munit_step`` draws the random styles they take.
The sections marked ``save`` are the building blocks that topic 11 imports.
"""

# %% imports
import dataclasses
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

import course_utils
from course_utils.saved.keras import (
    PatchDiscriminator,
    ReflectionPad2d,
    ResnetBlock,
    ResnetGenerator,
    decay_schedule,
    fit_gan,
    jitter,
    lsgan_loss,
    make_cyclegan_step,
    norm_layer,
    place,
    translate,
)


# %% layer_norm save
class LayerNorm(layers.Layer):
    """MUNIT's layer norm, not ``layers.LayerNormalization``: each image is normalised with
    the mean and the *unbiased* standard deviation of all its values (H, W, C together),
    epsilon added to the standard deviation, not under the root; then a per-channel scale
    gamma, initialised uniform in [0, 1), and shift beta, initialised 0."""

    def __init__(self, channels, eps=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.eps = eps
        self.gamma = self.add_weight(shape=(channels,), name="gamma",
                                     initializer=keras.initializers.RandomUniform(0.0, 1.0))
        self.beta = self.add_weight(shape=(channels,), name="beta", initializer="zeros")

    def call(self, x):
        ### BEGIN SOLUTION
        mean = ops.mean(x, axis=(1, 2, 3), keepdims=True)  # (B, 1, 1, 1)
        n = ops.cast(ops.prod(ops.shape(x)[1:]), x.dtype)  # H*W*C values per image
        std = ops.sqrt(ops.sum(ops.square(x - mean), axis=(1, 2, 3), keepdims=True)
                       / (n - 1))  # unbiased, as torch.std is by default
        x = (x - mean) / (std + self.eps)
        return x * self.gamma + self.beta  # per channel: the last axis
        ### END SOLUTION


# %% adain save
def adain(x, mean, std, eps=1e-5):
    """Adaptive instance norm: normalise each channel of each image over its own pixels
    (biased variance, epsilon under the root, as instance norm does), then scale it by
    ``std`` and shift it by ``mean``, both (B, C): the style decides every channel's
    statistics. (B, H, W, C) -> (B, H, W, C)."""
    ### BEGIN SOLUTION
    mu = ops.mean(x, axis=(1, 2), keepdims=True)  # (B, 1, 1, C)
    var = ops.var(x, axis=(1, 2), keepdims=True)  # biased
    return std[:, None, None, :] * (x - mu) / ops.sqrt(var + eps) + mean[:, None, None, :]
    ### END SOLUTION


# %% conv_block save
class Conv2dBlock(layers.Layer):
    """Reflection padding -> convolution (with a bias) -> norm -> activation, the unit every
    MUNIT network is built of. ``norm``: "instance", "layer" (MUNIT's LayerNorm) or
    "none"; ``activation``: "relu", "lrelu" (slope 0.2), "tanh" or "none".
    ``in_channels`` is unused: Keras infers it."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 norm="none", activation="relu", **kwargs):
        super().__init__(**kwargs)
        steps = [ReflectionPad2d(padding),
                 layers.Conv2D(out_channels, kernel_size, strides=stride)]  # "valid"
        steps.append(LayerNorm(out_channels) if norm == "layer"
                     else norm_layer(norm, out_channels))
        steps.append({"relu": layers.ReLU(), "lrelu": layers.LeakyReLU(0.2),
                      "tanh": layers.Activation("tanh"), "none": layers.Identity()}[activation])
        self.block = keras.Sequential(steps)

    def call(self, x, training=False):
        return self.block(x, training=training)


# %% adain_res_block save
class AdaINResBlock(layers.Layer):
    """The decoder's residual block: x + (Conv 3x3 -> AdaIN -> ReLU -> Conv 3x3 -> AdaIN)(x),
    reflection-padded. ``call(x, params)`` takes this block's 4 x channels AdaIN
    parameters in the official order: the first AdaIN's mean, then its std, then the
    second AdaIN's mean, then its std."""

    def __init__(self, channels, **kwargs):
        super().__init__(**kwargs)
        self.channels = channels
        self.conv1 = Conv2dBlock(channels, channels, 3, 1, 1, activation="none")
        self.conv2 = Conv2dBlock(channels, channels, 3, 1, 1, activation="none")

    def call(self, x, params, training=False):
        ### BEGIN SOLUTION
        mean1, std1, mean2, std2 = ops.split(params, 4, axis=1)  # (B, C) each
        h = ops.relu(adain(self.conv1(x, training=training), mean1, std1))
        return x + adain(self.conv2(h, training=training), mean2, std2)
        ### END SOLUTION


# %% content_encoder save
class ContentEncoder(layers.Layer):
    """c7s1-dim, n_downsample x (4x4 stride 2, doubling the channels), n_res residual
    blocks, instance norm throughout: (B, H, W, C) -> the content code
    (B, H / 2**n_downsample, W / 2**n_downsample, dim * 2**n_downsample)."""

    def __init__(self, n_downsample, n_res, in_channels, dim, **kwargs):
        super().__init__(**kwargs)
        steps = [Conv2dBlock(in_channels, dim, 7, 1, 3, norm="instance")]
        for _ in range(n_downsample):
            steps.append(Conv2dBlock(dim, 2 * dim, 4, 2, 1, norm="instance"))
            dim *= 2
        steps += [ResnetBlock(dim, "instance") for _ in range(n_res)]  # topic 09's block
        self.model = keras.Sequential(steps)
        self.out_channels = dim

    def call(self, x, training=False):
        return self.model(x, training=training)


# %% style_encoder save
class StyleEncoder(layers.Layer):
    """c7s1-dim, two 4x4 stride-2 convolutions doubling the channels, n_downsample - 2 more
    keeping them, global average pooling, a 1x1 convolution to style_dim; no normalisation
    (it would wipe out the statistics the style is made of). (B, H, W, C) -> (B, style_dim)."""

    def __init__(self, n_downsample, in_channels, dim, style_dim, **kwargs):
        super().__init__(**kwargs)
        steps = [Conv2dBlock(in_channels, dim, 7, 1, 3)]
        for _ in range(2):
            steps.append(Conv2dBlock(dim, 2 * dim, 4, 2, 1))
            dim *= 2
        steps += [Conv2dBlock(dim, dim, 4, 2, 1) for _ in range(n_downsample - 2)]
        steps += [layers.GlobalAveragePooling2D(keepdims=True),  # (B, 1, 1, dim)
                  layers.Conv2D(style_dim, 1), layers.Flatten()]  # (B, style_dim)
        self.model = keras.Sequential(steps)

    def call(self, x, training=False):
        return self.model(x, training=training)


# %% mlp save
class MLP(layers.Layer):
    """style_dim -> dim -> dim -> out_features, ReLU between, none at the end: turns a style
    code into every AdaIN parameter of the decoder. ``in_features`` is unused: Keras
    infers it."""

    def __init__(self, in_features, out_features, dim=256, n_blocks=3, **kwargs):
        super().__init__(**kwargs)
        steps = [layers.Dense(dim, activation="relu")]
        steps += [layers.Dense(dim, activation="relu") for _ in range(n_blocks - 2)]
        steps.append(layers.Dense(out_features))
        self.model = keras.Sequential(steps)

    def call(self, style, training=False):
        return self.model(style, training=training)


# %% decoder save
class Decoder(layers.Layer):
    """n_res AdaIN residual blocks, then n_upsample x (nearest 2x upsampling, 5x5
    convolution halving the channels, LayerNorm, ReLU), then c7s1-out_channels with tanh.
    ``call(content, adain_params)``: adain_params (B, num_adain_params), each block
    taking the next 4 x channels in order."""

    def __init__(self, n_upsample, n_res, channels, out_channels, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [AdaINResBlock(channels) for _ in range(n_res)]
        self.num_adain_params = 4 * channels * n_res
        steps = []
        for _ in range(n_upsample):
            steps += [layers.UpSampling2D(2, interpolation="nearest"),  # (B, 2H, 2W, C)
                      Conv2dBlock(channels, channels // 2, 5, 1, 2, norm="layer")]
            channels //= 2
        steps.append(Conv2dBlock(channels, out_channels, 7, 1, 3, activation="tanh"))
        self.upsample = keras.Sequential(steps)

    def call(self, content, adain_params, training=False):
        ### BEGIN SOLUTION
        x = content
        for i, block in enumerate(self.blocks):
            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels],
                      training=training)
        return self.upsample(x, training=training)
        ### END SOLUTION


# %% generator save
def kaiming_init(model):
    """The official "kaiming" initialisation of MUNIT's generators, on a built model, in
    place: convolution and dense kernels ~ N(0, 2 / fan_in), biases 0. A kernel is
    (kh, kw, in, out) or (in, out): fan_in is the product of all but its last axis."""
    for variable in model.trainable_variables:
        if variable.name == "kernel":
            fan_in = int(np.prod(variable.shape[:-1]))
            normal = keras.initializers.RandomNormal(stddev=np.sqrt(2.0 / fan_in))
            variable.assign(normal(variable.shape))
        elif variable.name == "bias":
            variable.assign(ops.zeros(variable.shape))


class AdaINGen(keras.Model):
    """One domain's auto-encoder: ``encode(x)`` -> (content, style), ``decode(content,
    style)`` -> image, where an MLP turns the style into the decoder's AdaIN parameters.
    A translation decodes another domain's content with this domain's style."""

    def __init__(self, in_channels, dim=64, style_dim=8, n_downsample=2, n_res=4, mlp_dim=256):
        super().__init__()
        self.style_dim = style_dim
        self.enc_style = StyleEncoder(4, in_channels, dim, style_dim)
        self.enc_content = ContentEncoder(n_downsample, n_res, in_channels, dim)
        self.dec = Decoder(n_downsample, n_res, self.enc_content.out_channels, in_channels)
        self.mlp = MLP(style_dim, self.dec.num_adain_params, mlp_dim, 3)
        self(keras.Input((None, None, in_channels)))  # creates the weights, for any image size
        kaiming_init(self)  # LayerNorm's gamma keeps its uniform draw

    def encode(self, x, training=False):
        return self.enc_content(x, training=training), self.enc_style(x, training=training)

    def decode(self, content, style, training=False):
        return self.dec(content, self.mlp(style, training=training), training=training)

    def call(self, x, training=False):
        """The image rebuilt from its own content and style."""
        return self.decode(*self.encode(x, training=training), training=training)


# %% discriminator save
def gaussian_init(model):
    """The official "gaussian" initialisation of MUNIT's discriminators, on a built model,
    in place: convolution kernels ~ N(0, 0.02), biases 0."""
    for variable in model.trainable_variables:
        if variable.name == "kernel":
            variable.assign(keras.initializers.RandomNormal(stddev=0.02)(variable.shape))
        elif variable.name == "bias":
            variable.assign(ops.zeros(variable.shape))


class MsImageDis(keras.Model):
    """Three LSGAN discriminators, one per scale: the image, then the image average-pooled
    (3x3, stride 2, padding not counted in the average) once and twice. Each: a 4x4 stride-2
    convolution to dim, n_layer - 1 more doubling the channels, LeakyReLU 0.2 after each, no
    normalisation, a 1x1 convolution to one score per patch. Returns the list of score
    maps, finest first. ``in_channels`` is only used to build the weights."""

    def __init__(self, in_channels, dim=64, n_layer=4, num_scales=3):
        super().__init__()
        self.cnns = [self._make_net(in_channels, dim, n_layer) for _ in range(num_scales)]
        self(keras.Input((None, None, in_channels)))  # creates the weights, for any image size
        gaussian_init(self)

    @staticmethod
    def _make_net(in_channels, dim, n_layer):
        steps = [Conv2dBlock(in_channels, dim, 4, 2, 1, activation="lrelu")]
        for _ in range(n_layer - 1):
            steps.append(Conv2dBlock(dim, 2 * dim, 4, 2, 1, activation="lrelu"))
            dim *= 2
        steps.append(layers.Conv2D(1, 1))
        return keras.Sequential(steps)

    @staticmethod
    def downsample(x):
        """3x3 average pooling, stride 2, zero padding 1, each average over the real pixels
        of its window only (PyTorch's ``count_include_pad=False``): the pooled image over
        the pooled share of real pixels. Keras's "same" pooling would pad only the bottom
        and right of an even side."""
        side = [[0, 0], [1, 1], [1, 1], [0, 0]]
        pooled = ops.average_pool(ops.pad(x, side), 3, strides=2)  # zeros counted
        share = ops.average_pool(ops.pad(ops.ones_like(x[..., :1]), side), 3, strides=2)
        return pooled / share  # (B, (H - 1) // 2 + 1, (W - 1) // 2 + 1, C)

    def call(self, x, training=False):
        outputs = []
        for cnn in self.cnns:
            outputs.append(cnn(x, training=training))
            x = self.downsample(x)
        return outputs


# %% multiscale_loss save
def multiscale_lsgan_loss(outputs, is_real):
    """The LSGAN loss summed over the discriminator's scales."""
    return sum(lsgan_loss(scores, is_real) for scores in outputs)


def recon_loss(output, target):
    """The mean absolute difference: MUNIT's reconstruction criterion for images, contents
    and styles alike."""
    return ops.mean(ops.abs(output - target))


# %% optimizer save
class AdamL2(keras.optimizers.Adam):
    """Adam with PyTorch's L2 weight decay: ``l2`` x each variable added to its gradient
    before the moments are updated. (Keras's own ``weight_decay`` shrinks the variables
    apart from the gradient, as AdamW does: another method.)"""

    def __init__(self, l2=0.0, **kwargs):
        super().__init__(**kwargs)
        self.l2 = l2

    def update_step(self, gradient, variable, learning_rate):
        super().update_step(gradient + self.l2 * variable, variable, learning_rate)

    def get_config(self):
        return {**super().get_config(), "l2": self.l2}


def munit_optimizer(network, lr=1e-4, beta1=0.5, beta2=0.999, weight_decay=1e-4):
    """Adam as the official code sets it up, with an L2 weight decay: weight_decay x each
    parameter added to its gradient before the moments are updated. Epsilon 1e-8 as in
    PyTorch (Keras's default is 1e-7); built now, so a step never creates its slots."""
    optimizer = AdamL2(l2=weight_decay, learning_rate=lr, beta_1=beta1, beta_2=beta2,
                       epsilon=1e-8)
    optimizer.build(network.trainable_variables)
    return optimizer


# %% translate_styles save
def translate_with_styles(gen_source, gen_target, images, styles):
    """Translate ``images`` with the target domain's ``styles`` (B, style_dim): the
    source's content code decoded with the target's decoder."""
    ### BEGIN SOLUTION
    content, _ = gen_source.encode(images, training=False)  # the source's style is dropped
    return gen_target.decode(content, styles, training=False)
    ### END SOLUTION


# %% numpy_io save
def munit_translate(gen_source, gen_target, images, styles, batch_size=32):
    """``translate_with_styles`` for NHWC NumPy images in [-1, 1] and NumPy styles
    (N, style_dim): NHWC NumPy images in [-1, 1], in batches."""
    images, styles = np.asarray(images, np.float32), np.asarray(styles, np.float32)
    return np.concatenate([ops.convert_to_numpy(translate_with_styles(
        gen_source, gen_target, images[start:start + batch_size],
        styles[start:start + batch_size])) for start in range(0, len(images), batch_size)])


def encode_styles(generator, images):
    """The style codes (N, style_dim) of NHWC NumPy images in [-1, 1], as NumPy."""
    return ops.convert_to_numpy(generator.encode(np.asarray(images, np.float32))[1])


# %% generator_step save
@tf.function
def munit_generator_step(gen_a, gen_b, dis_a, dis_b, g_optimizers, x_a, x_b, s_a, s_b,
                         weights):
    """One update of both generators on the sum of their losses, the translations made
    with the random styles ``s_a`` and ``s_b`` (B, style_dim); ``weights`` maps gan,
    recon_x, recon_s, recon_c and recon_x_cyc to their weights (Python numbers). Returns
    the loss before the update."""
    ### BEGIN SOLUTION
    a_variables, b_variables = gen_a.trainable_variables, gen_b.trainable_variables
    with tf.GradientTape() as tape:  # the discriminators' variables stay put
        c_a, s_a_prime = gen_a.encode(x_a, training=True)  # each image's own content, style
        c_b, s_b_prime = gen_b.encode(x_b, training=True)
        x_a_recon = gen_a.decode(c_a, s_a_prime, training=True)
        x_b_recon = gen_b.decode(c_b, s_b_prime, training=True)
        x_ba = gen_a.decode(c_b, s_a, training=True)  # translations
        x_ab = gen_b.decode(c_a, s_b, training=True)
        c_b_recon, s_a_recon = gen_a.encode(x_ba, training=True)  # what they are made of
        c_a_recon, s_b_recon = gen_b.encode(x_ab, training=True)
        loss = (weights["gan"] * (multiscale_lsgan_loss(dis_a(x_ba, training=True), True)
                                  + multiscale_lsgan_loss(dis_b(x_ab, training=True), True))
                + weights["recon_x"] * (recon_loss(x_a_recon, x_a) + recon_loss(x_b_recon, x_b))
                + weights["recon_s"] * (recon_loss(s_a_recon, s_a) + recon_loss(s_b_recon, s_b))
                + weights["recon_c"] * (recon_loss(c_a_recon, c_a) + recon_loss(c_b_recon, c_b)))
        if weights["recon_x_cyc"] > 0:  # back to the own domain with the image's own style
            loss = loss + weights["recon_x_cyc"] * (
                recon_loss(gen_a.decode(c_a_recon, s_a_prime, training=True), x_a)
                + recon_loss(gen_b.decode(c_b_recon, s_b_prime, training=True), x_b))
    gradients = tape.gradient(loss, a_variables + b_variables)
    g_optimizers[0].apply_gradients(zip(gradients[:len(a_variables)], a_variables, strict=True))
    g_optimizers[1].apply_gradients(zip(gradients[len(a_variables):], b_variables, strict=True))
    return loss
    ### END SOLUTION


# %% discriminator_step save
@tf.function
def munit_discriminator_step(gen_a, gen_b, dis_a, dis_b, d_optimizers, x_a, x_b, s_a, s_b,
                             gan_weight=1.0):
    """One update of both discriminators on real images and on translations with the
    random styles ``s_a`` and ``s_b``, made outside the tape; returns their loss before
    the update."""
    ### BEGIN SOLUTION
    a_variables, b_variables = dis_a.trainable_variables, dis_b.trainable_variables
    # the fakes are inputs here: this step must not train the generators
    x_ba = gen_a.decode(gen_b.encode(x_b, training=True)[0], s_a, training=True)
    x_ab = gen_b.decode(gen_a.encode(x_a, training=True)[0], s_b, training=True)
    with tf.GradientTape() as tape:
        loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba, training=True), False)
                             + multiscale_lsgan_loss(dis_a(x_a, training=True), True)
                             + multiscale_lsgan_loss(dis_b(x_ab, training=True), False)
                             + multiscale_lsgan_loss(dis_b(x_b, training=True), True))
    gradients = tape.gradient(loss, a_variables + b_variables)
    d_optimizers[0].apply_gradients(zip(gradients[:len(a_variables)], a_variables, strict=True))
    d_optimizers[1].apply_gradients(zip(gradients[len(a_variables):], b_variables, strict=True))
    return loss
    ### END SOLUTION


# %% munit_step save
def make_munit_step(networks, optimizers, config):
    """The ``step(pairs, labels)`` fit_gan calls for every batch of unpaired images, domain
    A then domain B stacked along the channels: jitter, one step of both discriminators,
    then one of both generators (the official order), each with new random styles.
    ``networks`` and ``optimizers`` are dicts keyed gen_a, gen_b, dis_a, dis_b."""
    channels = config.channels
    gen_a, gen_b, dis_a, dis_b = (networks[key] for key in ("gen_a", "gen_b", "dis_a", "dis_b"))
    g_optimizers = (optimizers["gen_a"], optimizers["gen_b"])
    d_optimizers = (optimizers["dis_a"], optimizers["dis_b"])

    def random_styles(x):
        return keras.random.normal((ops.shape(x)[0], config.style_dim))  # N(0, 1), the prior

    def step(pairs, labels=None):
        pairs = jitter(pairs, config.load_size)
        x_a, x_b = pairs[..., :channels], pairs[..., channels:]
        loss_d = munit_discriminator_step(gen_a, gen_b, dis_a, dis_b, d_optimizers, x_a, x_b,
                                          random_styles(x_a), random_styles(x_b),
                                          config.gan_weight)
        loss_g = munit_generator_step(gen_a, gen_b, dis_a, dis_b, g_optimizers, x_a, x_b,
                                      random_styles(x_a), random_styles(x_b),
                                      config.loss_weights)
        return {"loss_D": loss_d, "loss_G": loss_g}

    return step


# %% step_schedule save
def step_schedule(optimizers, config):
    """The ``on_epoch(epoch)`` fit_gan calls before each epoch: the official "step" policy,
    the learning rate halved every config.lr_step_epochs epochs."""

    def on_epoch(epoch):
        lr = config.lr * 0.5 ** (epoch // config.lr_step_epochs)
        for optimizer in optimizers:
            optimizer.learning_rate.assign(lr)

    return on_epoch
