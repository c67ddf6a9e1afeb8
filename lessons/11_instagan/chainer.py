"""Topic 11, InstaGAN: Chainer 7.8.1 reference.

Mo, Cho & Shin, "InstaGAN: Instance-aware Image-to-Image Translation", ICLR 2019
(arXiv:1812.10889), as implemented in sangwoomo/instagan; the same networks as the PyTorch
reference, NCHW: images (B, C, H, W), a set of K masks (B, K, H, W). Every slot is encoded,
an empty one's features are zeroed, and its decoded mask is thrown away. Chainer's
``SpectralNormalization`` hook iterates in the official order (v, then u) and lets the
gradient through sigma, as the official code.
"""

# %% imports
import dataclasses
import time

import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import (
    ImagePool,
    PatchDiscriminator,
    ReflectionPad2d,
    ResnetBlock,
    ResnetGenerator,
    crop_first_row_and_column,
    cycle_loss,
    dcgan_init,
    decay_schedule,
    fit_gan,
    identity_loss,
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
from chainer.link_hooks import SpectralNormalization


# %% spectral_norm save
def spectral_conv(in_channels, out_channels, stride=1, nobias=False):
    """A 4x4 convolution, zero padding 1, whose weight is divided by its largest singular
    value at every call (one power iteration, the estimate kept in training only).
    Initialized as PyTorch's default: W and b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    bound = 1.0 / np.sqrt(16 * in_channels)
    conv = L.Convolution2D(in_channels, out_channels, 4, stride=stride, pad=1, nobias=nobias,
                           initialW=chainer.initializers.Uniform(bound),
                           initial_bias=None if nobias else chainer.initializers.Uniform(bound))
    return conv.add_hook(SpectralNormalization(eps=1e-12))


# %% present_instances save
def present_instances(masks):
    """(B, K) booleans (an array, not a Variable): which of each image's K mask slots hold an
    instance (a pixel above -1). An image may have none: its set is empty and its set sum 0
    (the official code encodes its first, empty mask instead)."""
    masks = masks.array if isinstance(masks, chainer.Variable) else masks
    return (masks > -1).reshape(*masks.shape[:2], -1).any(axis=-1)


# %% set_features save
def set_features(encoder, masks, present):
    """Each image's masks encoded apart, (B, K, C, h, w), an empty slot's features 0, and
    their sum over the set, (B, C, h, w): the same for any order of the masks, and each
    image's own. ``present``: :func:`present_instances` of ``masks``."""
    ### BEGIN SOLUTION
    batch, slots, height, width = masks.shape
    features = encoder(F.reshape(masks, (batch * slots, 1, height, width)))  # every slot
    features = F.reshape(features, (batch, slots, *features.shape[1:]))
    features = features * present[:, :, None, None, None].astype(features.dtype)  # empty: 0
    return features, F.sum(features, axis=1)
    ### END SOLUTION


# %% resnet_encoder save
class ResnetEncoder(chainer.Sequential):
    """The first half of the CycleGAN generator: c7s1-ngf, d2ngf, d4ngf and n_blocks
    residual blocks. (B, C, H, W) -> (B, 4 ngf, H/4, W/4)."""

    def __init__(self, in_channels, ngf=64, n_blocks=9, norm="instance"):
        nobias = norm != "instance"
        layers = [ReflectionPad2d(3), L.Convolution2D(in_channels, ngf, 7, nobias=nobias),
                  norm_layer(norm, ngf), F.relu]
        for multiple in (1, 2):
            layers += [L.Convolution2D(multiple * ngf, 2 * multiple * ngf, 3, stride=2, pad=1,
                                       nobias=nobias), norm_layer(norm, 2 * multiple * ngf), F.relu]
        layers += [ResnetBlock(4 * ngf, norm) for _ in range(n_blocks)]
        super().__init__(*layers)


# %% resnet_decoder save
class ResnetDecoder(chainer.Sequential):
    """The second half: u2ngf, u ngf and c7s1-out with tanh, from 4 ngf channels (ngf is
    twice the encoders' for the image decoder, three times for the mask decoder).
    (B, 4 ngf, h, w) -> (B, out, 4h, 4w)."""

    def __init__(self, out_channels, ngf, norm="instance"):
        nobias = norm != "instance"
        layers = []
        for multiple in (4, 2):
            layers += [L.Deconvolution2D(multiple * ngf, multiple * ngf // 2, 3, stride=2,
                                         nobias=nobias), crop_first_row_and_column,
                       norm_layer(norm, multiple * ngf // 2), F.relu]
        layers += [ReflectionPad2d(3), L.Convolution2D(ngf, out_channels, 7), F.tanh]
        super().__init__(*layers)


# %% set_generator save
class SetGenerator(chainer.Chain):
    """Translates an image together with its set of instance masks.

    The image and every mask are encoded apart; the masks' features are summed over the
    set (the same for any order of the masks). The image decoder sees [image features, set
    sum]; the mask decoder sees, for each instance, [its features, image features, set sum].
    ``(images (B, C, H, W), masks (B, K, H, W) in [-1, 1])`` -> the same shapes; an empty
    slot (-1 everywhere) comes back as it was.
    """

    def __init__(self, in_channels=3, out_channels=3, ngf=64, n_blocks=9, norm="instance"):
        super().__init__()
        with self.init_scope():
            self.image_encoder = ResnetEncoder(in_channels, ngf, n_blocks, norm)
            self.mask_encoder = ResnetEncoder(1, ngf, n_blocks, norm)
            self.image_decoder = ResnetDecoder(out_channels, 2 * ngf, norm)
            self.mask_decoder = ResnetDecoder(1, 3 * ngf, norm)
        dcgan_init(self)  # N(0, 0.02), as the official init_weights

    def forward(self, images, masks):
        batch, slots = masks.shape[:2]
        present = present_instances(masks)  # (B, K)
        image_features = self.image_encoder(images)  # (B, 4 ngf, h, w)
        features, set_sum = set_features(self.mask_encoder, masks, present)
        out_images = self.image_decoder(F.concat([image_features, set_sum], axis=1))
        context = F.repeat(F.concat([image_features, set_sum], axis=1), slots, axis=0)
        decoded = self.mask_decoder(F.concat(
            [F.reshape(features, (batch * slots, *features.shape[2:])), context], axis=1))
        decoded = F.reshape(decoded, masks.shape)  # (B, K, H, W)
        keep = self.xp.broadcast_to(present[:, :, None, None], masks.shape)
        return out_images, F.where(keep, decoded, masks)


# %% set_discriminator save
def patch_features(in_channels, ndf, n_layers, norm):
    """The PatchGAN's first n_layers convolutions, spectrally normalized: Conv 4x4/2 (ndf)
    + LeakyReLU 0.2, then Conv 4x4/2 + norm + LeakyReLU with 2 ndf, 4 ndf... filters."""
    nobias = norm != "instance"
    layers = [spectral_conv(in_channels, ndf, stride=2), leaky_relu]
    for n in range(1, n_layers):
        layers += [spectral_conv(ndf * min(2 ** (n - 1), 8), ndf * min(2 ** n, 8), stride=2,
                                 nobias=nobias), norm_layer(norm, ndf * min(2 ** n, 8)),
                   leaky_relu]
    return chainer.Sequential(*layers)


class SetDiscriminator(chainer.Chain):
    """The PatchGAN for an image and its set of masks, every convolution spectrally
    normalized: features of the image and of each mask (summed over the set), concatenated,
    then Conv 4x4/1 + norm + LeakyReLU and Conv 4x4/1 to one logit per patch.
    ``(images, masks)`` -> (B, 1, H', W')."""

    def __init__(self, in_channels=3, ndf=64, n_layers=3, norm="instance"):
        super().__init__()
        channels = 2 * ndf * min(2 ** (n_layers - 1), 8)  # image and set features
        filters = 2 * ndf * min(2 ** n_layers, 8)
        with self.init_scope():
            self.image_features = patch_features(in_channels, ndf, n_layers, norm)
            self.mask_features = patch_features(1, ndf, n_layers, norm)
            self.classifier = chainer.Sequential(
                spectral_conv(channels, filters), norm_layer(norm, filters), leaky_relu,
                spectral_conv(filters, 1))
        # PyTorch's default init, as the official code: its init skips spectrally normed layers

    def forward(self, images, masks):
        _, set_sum = set_features(self.mask_features, masks, present_instances(masks))
        return self.classifier(F.concat([self.image_features(images), set_sum], axis=1))


# %% context_loss save
def merge_masks(masks):
    """The union of a set of masks in [-1, 1]: (B, K, H, W) -> (B, 1, H, W)."""
    return F.clip(F.sum((masks + 1) / 2, axis=1, keepdims=True), 0.0, 1.0) * 2 - 1


def background_weight(masks, fake_masks):
    """1 where neither an instance nor its translation is, 0 where either is: the official
    weight of the context-preserving loss. (B, 1, H, W)."""
    return (1 - merge_masks(F.concat([masks, fake_masks], axis=1))) / 2


def context_loss(images, fake_images, masks, fake_masks, cycle_weight=10.0, context_weight=1.0):
    """context_weight x cycle_weight x the mean of |x - G(x)| over the background: a
    translation may change the instances and what they cover, nothing else."""
    ### BEGIN SOLUTION
    weight = F.broadcast_to(background_weight(masks, fake_masks), images.shape)
    return context_weight * cycle_weight * F.mean(weight * F.absolute(images - fake_images))
    ### END SOLUTION


# %% direction_losses save
def direction_losses(G, inverse, D, images, masks, earlier, later, cycle_weight=10.0,
                     identity_weight=1.0, context_weight=1.0):
    """One direction's generator losses for one pass of the sequential translation: G
    translates ``images`` with this pass's ``masks`` and ``inverse`` translates back; D
    judges the translated image with every mask of the image: ``earlier`` passes'
    translated masks (arrays), this pass's, and ``later`` empty slots. Returns (loss,
    translated image, all its masks)."""
    fake_images, fake_masks = G(images, masks)
    empty = -G.xp.ones((masks.shape[0], later, *masks.shape[2:]), np.float32)
    every_mask = F.concat([*earlier, fake_masks, empty], axis=1)
    loss = lsgan_loss(D(fake_images, every_mask), True)
    originals = F.concat([images, masks], axis=1)
    loss = loss + cycle_loss(F.concat(inverse(fake_images, fake_masks), axis=1), originals,
                             cycle_weight)
    loss = loss + identity_loss(F.concat(inverse(images, masks), axis=1), originals,
                                cycle_weight, identity_weight)  # the inverse leaves its own domain be
    loss = loss + context_loss(images, fake_images, masks, fake_masks, cycle_weight,
                               context_weight)
    return loss, fake_images, every_mask


# %% instagan_step save
def instagan_discriminator_loss(D, images, masks, fakes, pool):
    """D's LSGAN loss on real images with their masks and on pooled translations (image
    and masks stacked along the channels, as the pool keeps them)."""
    fakes = pool.query(fakes)
    channels = images.shape[1]
    return 0.5 * (lsgan_loss(D(images, masks), True)
                  + lsgan_loss(D(fakes[:, :channels], fakes[:, channels:]), False))


def make_instagan_step(networks, optimizers, config, cycle_weight=10.0, identity_weight=1.0,
                       context_weight=1.0, pool_size=50):
    """The ``step(batch)`` fit_gan calls for every batch: domain A's images and masks, then
    domain B's, stacked along the channels and jittered alike, each image's masks largest
    first (``course_utils.instances.largest_first``). They are translated
    ``config.ins_per`` at a time, the largest first; each pass updates both generators, then
    both discriminators, and hands its translated image, detached, to the next pass. A
    direction without an instance in a pass's slots sits it out. ``networks`` and
    ``optimizers`` are dicts keyed G_AB, G_BA, D_A, D_B."""
    G_AB, G_BA, D_A, D_B = (networks[key] for key in ("G_AB", "G_BA", "D_A", "D_B"))
    pool_a, pool_b = ImagePool(pool_size), ImagePool(pool_size)
    weights = dict(cycle_weight=cycle_weight, identity_weight=identity_weight,
                   context_weight=context_weight)

    def step(batch, labels=None):
        batch = jitter(batch, config.load_size)  # the same crop and flip for image and masks
        xp = G_AB.xp
        c, k, n = config.channels, config.slots, config.ins_per
        real_a, real_b = batch[:, :c], batch[:, c + k:2 * c + k]
        masks_a, masks_b = (xp.where(m > 0, 1.0, -1.0).astype(np.float32)
                            for m in (batch[:, c:c + k], batch[:, 2 * c + k:]))  # binary
        image_a, image_b = real_a, real_b  # what each pass translates
        earlier_a, earlier_b = [], []  # translations of the earlier passes' masks
        history = {"loss_G": [], "loss_D_A": [], "loss_D_B": []}
        for start in range(0, k, n):
            ### BEGIN SOLUTION
            group_a, group_b = masks_a[:, start:start + n], masks_b[:, start:start + n]
            run_a, run_b = bool((group_a > -1).any()), bool((group_b > -1).any())
            if not (run_a or run_b):  # no instance in these slots in the whole batch
                continue
            later = k - start - group_a.shape[1]  # empty slots after this pass's
            losses, fakes = [], {}
            with chainer.using_config("train", True):
                if run_a:  # A -> B, judged by D_B
                    loss, *fakes["B"] = direction_losses(G_AB, G_BA, D_B, image_a, group_a,
                                                         earlier_b, later, **weights)
                    losses.append(loss)
                if run_b:  # B -> A, judged by D_A
                    loss, *fakes["A"] = direction_losses(G_BA, G_AB, D_A, image_b, group_b,
                                                         earlier_a, later, **weights)
                    losses.append(loss)
            G_AB.cleargrads()
            G_BA.cleargrads()
            sum(losses).backward()  # also adds to D's gradients; its step clears them first
            optimizers["G_AB"].update()
            optimizers["G_BA"].update()
            losses_d = {}  # each D judges the domain its name says, on pooled translations
            with chainer.using_config("train", True):
                if run_a:
                    losses_d["D_B"] = instagan_discriminator_loss(
                        D_B, real_b, masks_b, xp.concatenate([f.array for f in fakes["B"]], 1),
                        pool_b)
                if run_b:
                    losses_d["D_A"] = instagan_discriminator_loss(
                        D_A, real_a, masks_a, xp.concatenate([f.array for f in fakes["A"]], 1),
                        pool_a)
            for key in losses_d:
                networks[key].cleargrads()
            sum(losses_d.values()).backward()
            for key in losses_d:
                optimizers[key].update()
            # the next pass starts from this one's translation, without its graph
            if run_a:
                image_a = fakes["B"][0].array
            earlier_b.append(fakes["B"][1].array[:, start:start + n] if run_a else group_a)
            if run_b:
                image_b = fakes["A"][0].array
            earlier_a.append(fakes["A"][1].array[:, start:start + n] if run_b else group_b)
            history["loss_G"].append(float(sum(losses).array))
            for key, value in losses_d.items():
                history[f"loss_{key}"].append(float(value.array))
            ### END SOLUTION
        return {key: sum(values) / len(values) for key, values in history.items() if values}

    return step


# %% translate_instances save
def translate_instances(G, images, masks, ins_per=2):
    """Translate images with all their masks, ``ins_per`` slots at a time as in training
    (the official test): each pass translates the previous pass's image with the next
    slots' masks; an image without an instance in those slots keeps its image. Returns the
    translated images and all their translated masks (arrays)."""
    translated = []
    with chainer.using_config("train", False), chainer.no_backprop_mode():
        for start in range(0, masks.shape[1], ins_per):
            group = masks[:, start:start + ins_per]
            new_images, new_masks = G(images, group)
            has = present_instances(group).any(1)[:, None, None, None]  # (B, 1, 1, 1)
            images = G.xp.where(has, new_images.array, images)
            translated.append(new_masks.array)
    return images, G.xp.concatenate(translated, 1)


def instagan_translate(G, scenes, channels, ins_per=2, batch_size=16):
    """:func:`translate_instances` on NumPy scenes, NHWC (N, H, W, channels + K): the
    translated images, NHWC, and their masks, (N, K, H, W), both in [-1, 1]."""
    images, masks = [], []
    for start in range(0, len(scenes), batch_size):
        batch = G.xp.asarray(np.asarray(scenes[start:start + batch_size], np.float32)
                             .transpose(0, 3, 1, 2))
        out_images, out_masks = translate_instances(G, batch[:, :channels], batch[:, channels:],
                                                    ins_per)
        images.append(chainer.backends.cuda.to_cpu(out_images).transpose(0, 2, 3, 1))
        masks.append(chainer.backends.cuda.to_cpu(out_masks))
    return np.concatenate(images), np.concatenate(masks)


# %% optimizers
def adam_optimizers(networks, lr=2e-4, beta1=0.5):
    """One Adam per network, keyed as ``networks`` (the official code has one over both
    generators and one over both discriminators: the same arithmetic, parameter by parameter)."""
    optimizers = {}
    for key, network in networks.items():
        optimizers[key] = chainer.optimizers.Adam(alpha=lr, beta1=beta1)
        optimizers[key].setup(network)
    return optimizers
