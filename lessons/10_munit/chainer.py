"""Topic 10, MUNIT: Chainer 7.8.1 reference.

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

Chainer has no instance norm and its ``F.pad(mode="reflect")`` has a wrong backward: topic 09's
``norm_layer`` and ``ReflectionPad2d`` stand in. MUNIT's ``LayerNorm`` is not
``L.LayerNormalization`` (biased variance, epsilon under the root, a scale per value), so it
is written out. ``F.average_pooling_2d`` counts the zeros of its padding in every average:
the discriminator's pooling divides them back out. Chainer's Adam only has the decoupled
(AdamW) weight decay, so the official L2 decay is an optimizer hook.
The sections marked ``save`` are the building blocks that topic 11 imports.
"""

# %% imports
import dataclasses

import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import (
    PatchDiscriminator,
    ReflectionPad2d,
    ResnetBlock,
    ResnetGenerator,
    decay_schedule,
    fit_gan,
    jitter,
    leaky_relu,
    lsgan_loss,
    make_cyclegan_step,
    norm_layer,
    place,
    translate,
)

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F
import chainer.links as L


# %% layer_norm save
class LayerNorm(chainer.Link):
    """MUNIT's layer norm, not ``L.LayerNormalization``: each image is normalised with the
    mean and the *unbiased* standard deviation of all its values (C, H, W together), epsilon
    added to the standard deviation, not under the root; then a per-channel scale gamma,
    initialised uniform in [0, 1), and shift beta, initialised 0."""

    def __init__(self, channels, eps=1e-5):
        super().__init__()
        self.eps = eps
        with self.init_scope():
            self.gamma = chainer.Parameter(np.random.uniform(0, 1, channels).astype(np.float32))
            self.beta = chainer.Parameter(np.zeros(channels, np.float32))

    def forward(self, x):
        ### BEGIN SOLUTION
        n = x.size // len(x)  # C*H*W values per image
        mean = F.mean(x, axis=(1, 2, 3), keepdims=True)  # (B, 1, 1, 1)
        variance = F.sum(F.square(x - mean), axis=(1, 2, 3), keepdims=True) / (n - 1)  # unbiased
        x = (x - mean) / (F.sqrt(variance) + self.eps)
        return x * F.reshape(self.gamma, (1, -1, 1, 1)) + F.reshape(self.beta, (1, -1, 1, 1))
        ### END SOLUTION


# %% adain save
def adain(x, mean, std, eps=1e-5):
    """Adaptive instance norm: normalise each channel of each image over its own pixels
    (biased variance, epsilon under the root, as instance norm does), then scale it by
    ``std`` and shift it by ``mean``, both (B, C): the style decides every channel's
    statistics. (B, C, H, W) -> (B, C, H, W)."""
    ### BEGIN SOLUTION
    mu = F.mean(x, axis=(2, 3), keepdims=True)  # (B, C, 1, 1)
    variance = F.mean(F.square(x - mu), axis=(2, 3), keepdims=True)  # biased
    return std[:, :, None, None] * (x - mu) / F.sqrt(variance + eps) + mean[:, :, None, None]
    ### END SOLUTION


# %% conv_block save
class Conv2dBlock(chainer.Chain):
    """Reflection padding -> convolution (with a bias) -> norm -> activation, the unit every
    MUNIT network is built of. ``norm``: "instance", "layer" (MUNIT's LayerNorm) or
    "none"; ``activation``: "relu", "lrelu" (slope 0.2), "tanh" or "none"."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 norm="none", activation="relu"):
        super().__init__()
        layers = [ReflectionPad2d(padding),
                  L.Convolution2D(in_channels, out_channels, kernel_size, stride)]
        layers.append(LayerNorm(out_channels) if norm == "layer"
                      else norm_layer(norm, out_channels))
        layers.append({"relu": F.relu, "lrelu": leaky_relu, "tanh": F.tanh,
                       "none": F.identity}[activation])
        with self.init_scope():
            self.block = chainer.Sequential(*layers)

    def forward(self, x):
        return self.block(x)


# %% adain_res_block save
class AdaINResBlock(chainer.Chain):
    """The decoder's residual block: x + (Conv 3x3 -> AdaIN -> ReLU -> Conv 3x3 -> AdaIN)(x),
    reflection-padded. ``forward(x, params)`` takes this block's 4 x channels AdaIN
    parameters in the official order: the first AdaIN's mean, then its std, then the
    second AdaIN's mean, then its std."""

    def __init__(self, channels):
        super().__init__()
        self.channels = channels
        with self.init_scope():
            self.conv1 = Conv2dBlock(channels, channels, 3, 1, 1, activation="none")
            self.conv2 = Conv2dBlock(channels, channels, 3, 1, 1, activation="none")

    def forward(self, x, params):
        ### BEGIN SOLUTION
        mean1, std1, mean2, std2 = F.split_axis(params, 4, axis=1)  # (B, C) each
        h = F.relu(adain(self.conv1(x), mean1, std1))
        return x + adain(self.conv2(h), mean2, std2)
        ### END SOLUTION


# %% content_encoder save
class ContentEncoder(chainer.Chain):
    """c7s1-dim, n_downsample x (4x4 stride 2, doubling the channels), n_res residual
    blocks, instance norm throughout: (B, C, H, W) -> the content code
    (B, dim * 2**n_downsample, H / 2**n_downsample, W / 2**n_downsample)."""

    def __init__(self, n_downsample, n_res, in_channels, dim):
        super().__init__()
        layers = [Conv2dBlock(in_channels, dim, 7, 1, 3, norm="instance")]
        for _ in range(n_downsample):
            layers.append(Conv2dBlock(dim, 2 * dim, 4, 2, 1, norm="instance"))
            dim *= 2
        layers += [ResnetBlock(dim, "instance") for _ in range(n_res)]  # topic 09's block
        with self.init_scope():
            self.model = chainer.Sequential(*layers)
        self.out_channels = dim

    def forward(self, x):
        return self.model(x)


# %% style_encoder save
def global_average_pool(x):
    """(B, C, H, W) -> (B, C, 1, 1): every channel's mean over its pixels."""
    return F.mean(x, axis=(2, 3), keepdims=True)


class StyleEncoder(chainer.Chain):
    """c7s1-dim, two 4x4 stride-2 convolutions doubling the channels, n_downsample - 2 more
    keeping them, global average pooling, a 1x1 convolution to style_dim; no normalisation
    (it would wipe out the statistics the style is made of). (B, C, H, W) -> (B, style_dim)."""

    def __init__(self, n_downsample, in_channels, dim, style_dim):
        super().__init__()
        layers = [Conv2dBlock(in_channels, dim, 7, 1, 3)]
        for _ in range(2):
            layers.append(Conv2dBlock(dim, 2 * dim, 4, 2, 1))
            dim *= 2
        layers += [Conv2dBlock(dim, dim, 4, 2, 1) for _ in range(n_downsample - 2)]
        layers += [global_average_pool, L.Convolution2D(dim, style_dim, 1)]
        with self.init_scope():
            self.model = chainer.Sequential(*layers)

    def forward(self, x):
        return F.reshape(self.model(x), (len(x), -1))  # (B, style_dim, 1, 1) -> (B, style_dim)


# %% mlp save
class MLP(chainer.Chain):
    """style_dim -> dim -> dim -> out_features, ReLU between, none at the end: turns a style
    code into every AdaIN parameter of the decoder."""

    def __init__(self, in_features, out_features, dim=256, n_blocks=3):
        super().__init__()
        layers = [L.Linear(in_features, dim), F.relu]
        for _ in range(n_blocks - 2):
            layers += [L.Linear(dim, dim), F.relu]
        layers.append(L.Linear(dim, out_features))
        with self.init_scope():
            self.model = chainer.Sequential(*layers)

    def forward(self, style):
        return self.model(style)


# %% decoder save
def upsample_nearest(x):
    """Nearest-neighbour 2x upsampling: every pixel copied into a 2x2 block (``cover_all``
    off, or unpooling would make the side 2H - 1). (B, C, H, W) -> (B, C, 2H, 2W)."""
    return F.unpooling_2d(x, 2, cover_all=False)


class Decoder(chainer.Chain):
    """n_res AdaIN residual blocks, then n_upsample x (nearest 2x upsampling, 5x5
    convolution halving the channels, LayerNorm, ReLU), then c7s1-out_channels with tanh.
    ``forward(content, adain_params)``: adain_params (B, num_adain_params), each block
    taking the next 4 x channels in order."""

    def __init__(self, n_upsample, n_res, channels, out_channels):
        super().__init__()
        blocks = [AdaINResBlock(channels) for _ in range(n_res)]
        self.num_adain_params = 4 * channels * n_res
        layers = []
        for _ in range(n_upsample):
            layers += [upsample_nearest,
                       Conv2dBlock(channels, channels // 2, 5, 1, 2, norm="layer")]
            channels //= 2
        layers.append(Conv2dBlock(channels, out_channels, 7, 1, 3, activation="tanh"))
        with self.init_scope():
            self.blocks = chainer.ChainList(*blocks)
            self.upsample = chainer.Sequential(*layers)

    def forward(self, content, adain_params):
        ### BEGIN SOLUTION
        x = content
        for i, block in enumerate(self.blocks):
            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])
        return self.upsample(x)
        ### END SOLUTION


# %% generator save
def kaiming_init(chain):
    """The official "kaiming" initialisation of MUNIT's generators: convolution and linear
    weights ~ N(0, 2 / fan_in), biases 0. Use it as ``kaiming_init(model)``."""
    he_normal = chainer.initializers.HeNormal(fan_option="fan_in")  # std sqrt(2 / fan_in)
    for link in chain.links():
        if isinstance(link, (L.Convolution2D, L.Linear)):
            he_normal(link.W.array)
            link.b.array[...] = 0


class AdaINGen(chainer.Chain):
    """One domain's auto-encoder: ``encode(x)`` -> (content, style), ``decode(content,
    style)`` -> image, where an MLP turns the style into the decoder's AdaIN parameters.
    A translation decodes another domain's content with this domain's style."""

    def __init__(self, in_channels, dim=64, style_dim=8, n_downsample=2, n_res=4, mlp_dim=256):
        super().__init__()
        self.style_dim = style_dim
        with self.init_scope():
            self.enc_style = StyleEncoder(4, in_channels, dim, style_dim)
            self.enc_content = ContentEncoder(n_downsample, n_res, in_channels, dim)
            self.dec = Decoder(n_downsample, n_res, self.enc_content.out_channels, in_channels)
            self.mlp = MLP(style_dim, self.dec.num_adain_params, mlp_dim, 3)
        kaiming_init(self)

    def encode(self, x):
        return self.enc_content(x), self.enc_style(x)

    def decode(self, content, style):
        return self.dec(content, self.mlp(style))

    def forward(self, x):
        """The image rebuilt from its own content and style."""
        return self.decode(*self.encode(x))


# %% discriminator save
def gaussian_init(chain):
    """The official "gaussian" initialisation of MUNIT's discriminators: convolution weights
    ~ N(0, 0.02), biases 0."""
    normal = chainer.initializers.Normal(0.02)  # mean 0
    for link in chain.links():
        if isinstance(link, L.Convolution2D):
            normal(link.W.array)
            link.b.array[...] = 0


def average_pool_excluding_padding(x):
    """3x3 average pooling, stride 2, padding 1, the padded zeros not counted (PyTorch's
    ``count_include_pad=False``): ``F.average_pooling_2d`` divides every window by 9, so
    divide again by the share of each window that lies inside the image, the same pooling
    of a map of ones. (B, C, H, W) -> (B, C, ceil(H / 2), ceil(W / 2))."""
    ones = chainer.backend.get_array_module(x).ones((1, 1, *x.shape[2:]), x.dtype)
    return F.average_pooling_2d(x, 3, 2, 1) / F.average_pooling_2d(ones, 3, 2, 1).array


class MsImageDis(chainer.Chain):
    """Three LSGAN discriminators, one per scale: the image, then the image average-pooled
    (3x3, stride 2, padding not counted in the average) once and twice. Each: a 4x4 stride-2
    convolution to dim, n_layer - 1 more doubling the channels, LeakyReLU 0.2 after each, no
    normalisation, a 1x1 convolution to one score per patch. Returns the list of score
    maps, finest first."""

    def __init__(self, in_channels, dim=64, n_layer=4, num_scales=3):
        super().__init__()
        with self.init_scope():
            self.cnns = chainer.ChainList(*(self._make_net(in_channels, dim, n_layer)
                                            for _ in range(num_scales)))
        gaussian_init(self)

    @staticmethod
    def _make_net(in_channels, dim, n_layer):
        layers = [Conv2dBlock(in_channels, dim, 4, 2, 1, activation="lrelu")]
        for _ in range(n_layer - 1):
            layers.append(Conv2dBlock(dim, 2 * dim, 4, 2, 1, activation="lrelu"))
            dim *= 2
        layers.append(L.Convolution2D(dim, 1, 1))
        return chainer.Sequential(*layers)

    def forward(self, x):
        outputs = []
        for cnn in self.cnns:
            outputs.append(cnn(x))  # this scale's scores, (B, 1, h / 2**n_layer, w / 2**n_layer)
            x = average_pool_excluding_padding(x)
        return outputs


# %% multiscale_loss save
def multiscale_lsgan_loss(outputs, is_real):
    """The LSGAN loss summed over the discriminator's scales."""
    return sum(lsgan_loss(scores, is_real) for scores in outputs)


def recon_loss(output, target):
    """The mean absolute difference: MUNIT's reconstruction criterion for images, contents
    and styles alike."""
    return F.mean(F.absolute(output - target))


# %% optimizer save
def munit_optimizer(network, lr=1e-4, beta1=0.5, beta2=0.999, weight_decay=1e-4):
    """Adam as the official code sets it up, with an L2 weight decay: a hook adds
    weight_decay x each parameter to its gradient before the moments are updated (Adam's
    own ``weight_decay_rate`` is the decoupled AdamW decay, another rule)."""
    optimizer = chainer.optimizers.Adam(alpha=lr, beta1=beta1, beta2=beta2)
    optimizer.setup(network)
    optimizer.add_hook(chainer.optimizer_hooks.WeightDecay(weight_decay))
    return optimizer


# %% translate_styles save
def translate_with_styles(gen_source, gen_target, images, styles):
    """Translate ``images`` with the target domain's ``styles`` (B, style_dim): the
    source's content code decoded with the target's decoder. Returns a plain array."""
    ### BEGIN SOLUTION
    with chainer.no_backprop_mode():
        content, _ = gen_source.encode(images)  # the source's style is dropped
        return gen_target.decode(content, styles).array  # (B, C, H, W)
    ### END SOLUTION


# %% numpy_io save
def munit_translate(gen_source, gen_target, images, styles, batch_size=32):
    """``translate_with_styles`` for NHWC NumPy images in [-1, 1] and NumPy styles
    (N, style_dim): NHWC NumPy images in [-1, 1], in batches."""
    xp = gen_source.xp
    outputs = []
    for start in range(0, len(images), batch_size):
        batch = xp.asarray(np.asarray(images[start:start + batch_size], np.float32)
                           .transpose(0, 3, 1, 2))  # (B, C, H, W)
        style = xp.asarray(np.asarray(styles[start:start + batch_size], np.float32))
        outputs.append(translate_with_styles(gen_source, gen_target, batch, style))
    return chainer.backends.cuda.to_cpu(xp.concatenate(outputs)).transpose(0, 2, 3, 1)


def encode_styles(generator, images):
    """The style codes (N, style_dim) of NHWC NumPy images in [-1, 1], as NumPy."""
    batch = generator.xp.asarray(np.asarray(images, np.float32).transpose(0, 3, 1, 2))
    with chainer.no_backprop_mode():
        return chainer.backends.cuda.to_cpu(generator.encode(batch)[1].array)


# %% generator_step save
def munit_generator_step(gen_a, gen_b, dis_a, dis_b, g_optimizers, x_a, x_b, s_a, s_b,
                         weights):
    """One update of both generators on the sum of their losses, the translations made
    with the random styles ``s_a`` and ``s_b`` (B, style_dim); ``weights`` maps gan,
    recon_x, recon_s, recon_c and recon_x_cyc to their weights. Returns the loss before
    the update."""
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        c_a, s_a_prime = gen_a.encode(x_a)  # each image's own content and style
        c_b, s_b_prime = gen_b.encode(x_b)
        x_a_recon, x_b_recon = gen_a.decode(c_a, s_a_prime), gen_b.decode(c_b, s_b_prime)
        x_ba, x_ab = gen_a.decode(c_b, s_a), gen_b.decode(c_a, s_b)  # translations
        c_b_recon, s_a_recon = gen_a.encode(x_ba)  # what the translations are made of
        c_a_recon, s_b_recon = gen_b.encode(x_ab)
        loss = (weights["gan"] * (multiscale_lsgan_loss(dis_a(x_ba), True)
                                  + multiscale_lsgan_loss(dis_b(x_ab), True))
                + weights["recon_x"] * (recon_loss(x_a_recon, x_a) + recon_loss(x_b_recon, x_b))
                + weights["recon_s"] * (recon_loss(s_a_recon, s_a) + recon_loss(s_b_recon, s_b))
                + weights["recon_c"] * (recon_loss(c_a_recon, c_a) + recon_loss(c_b_recon, c_b)))
        if weights["recon_x_cyc"] > 0:  # back to the own domain with the image's own style
            loss = loss + weights["recon_x_cyc"] * (
                recon_loss(gen_a.decode(c_a_recon, s_a_prime), x_a)
                + recon_loss(gen_b.decode(c_b_recon, s_b_prime), x_b))
    gen_a.cleargrads()
    gen_b.cleargrads()
    loss.backward()  # also adds to the discriminators' gradients; their step clears them first
    for optimizer in g_optimizers:
        optimizer.update()
    return float(loss.array)
    ### END SOLUTION


# %% discriminator_step save
def munit_discriminator_step(gen_a, gen_b, dis_a, dis_b, d_optimizers, x_a, x_b, s_a, s_b,
                             gan_weight=1.0):
    """One update of both discriminators on real images and on translations with the
    random styles ``s_a`` and ``s_b``, made without a graph; returns their loss before
    the update."""
    ### BEGIN SOLUTION
    with chainer.no_backprop_mode():  # the generators' graph is not needed: the fakes are inputs
        x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a).array  # (B, C, H, W), a plain array
        x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_b).array
    with chainer.using_config("train", True):
        loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba), False)
                             + multiscale_lsgan_loss(dis_a(x_a), True)
                             + multiscale_lsgan_loss(dis_b(x_ab), False)
                             + multiscale_lsgan_loss(dis_b(x_b), True))
    dis_a.cleargrads()
    dis_b.cleargrads()
    loss.backward()
    for optimizer in d_optimizers:
        optimizer.update()
    return float(loss.array)
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

    def random_styles(x):  # N(0, 1), as the prior; on the images' device
        return gen_a.xp.random.standard_normal((len(x), config.style_dim)).astype(np.float32)

    def step(pairs, labels=None):
        pairs = jitter(pairs, config.load_size)
        x_a, x_b = pairs[:, :channels], pairs[:, channels:]  # (B, C, H, W) each
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
    the learning rate (Adam's alpha) halved every config.lr_step_epochs epochs."""

    def on_epoch(epoch):
        lr = config.lr * 0.5 ** (epoch // config.lr_step_epochs)
        for optimizer in optimizers:
            optimizer.alpha = lr

    return on_epoch
