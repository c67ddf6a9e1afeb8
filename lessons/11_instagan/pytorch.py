"""Topic 11, InstaGAN: PyTorch reference.

Mo, Cho & Shin, "InstaGAN: Instance-aware Image-to-Image Translation", ICLR 2019
(arXiv:1812.10889), as implemented in sangwoomo/instagan. Code vs. official code:
``ResnetEncoder`` and ``ResnetDecoder`` (official ``ResnetSetGenerator.get_encoder`` /
``get_decoder``), ``SetGenerator`` (official ``ResnetSetGenerator``) and ``SetDiscriminator``
(official ``NLayerSetDiscriminator``). The official networks mix the images of a batch in
their set sum (``torch.cat`` then a sum over dimension 0), so they are right only for one
image per batch; these sum each image's own instances and are right for any batch size.
"""

# %% imports
import dataclasses
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import parametrize

import course_utils
from course_utils.saved.pytorch import (
    ImagePool,
    PatchDiscriminator,
    ReflectionPad2d,
    ResnetBlock,
    ResnetGenerator,
    cycle_loss,
    dcgan_init,
    decay_schedule,
    device,
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
class SpectralNorm(nn.Module):
    """W / sigma(W): sigma, the largest singular value of W as an (out, rest) matrix, from
    one power iteration per forward as in the official code: v = W^T u / |W^T u|,
    u = W v / |W v|, sigma = u^T W v, the gradient flowing through W alone. PyTorch's own
    ``spectral_norm`` iterates the other way round (u first). u is kept in training only."""

    def __init__(self, weight):
        super().__init__()
        self.register_buffer("u", F.normalize(torch.randn(weight.shape[0]), dim=0, eps=1e-12))

    def forward(self, weight):
        matrix = weight.flatten(1)  # (out, in x kh x kw)
        with torch.no_grad():
            v = F.normalize(matrix.t() @ self.u, dim=0, eps=1e-12)
            u = F.normalize(matrix @ v, dim=0, eps=1e-12)
            if self.training:
                self.u.copy_(u)
        return weight / (u @ matrix @ v)


def spectral_norm(layer):
    """``layer`` with its weight spectrally normalized at every call."""
    parametrize.register_parametrization(layer, "weight", SpectralNorm(layer.weight))
    return layer


# %% present_instances save
def present_instances(masks):
    """(B, K) booleans: which of each image's K mask slots hold an instance (a pixel above
    -1). An image may have none: its set is empty and its set sum 0 (the official code,
    which cannot concatenate an empty list, encodes its first, empty mask instead)."""
    return (masks > -1).flatten(2).any(-1)


# %% set_features save
def set_features(encoder, masks, present):
    """Each image's masks encoded apart, (B, K, C, h, w), an empty slot's features 0, and
    their sum over the set, (B, C, h, w): the same for any order of the masks, and each
    image's own. ``present``: :func:`present_instances` of ``masks``."""
    ### BEGIN SOLUTION
    encoded = encoder(masks[present].unsqueeze(1))  # (P, C, h, w): the present masks only
    features = encoded.new_zeros(*present.shape, *encoded.shape[1:])
    features[present] = encoded  # empty slots stay 0
    return features, features.sum(1)
    ### END SOLUTION


# %% resnet_encoder save
class ResnetEncoder(nn.Module):
    """The first half of the CycleGAN generator: c7s1-ngf, d2ngf, d4ngf and n_blocks
    residual blocks. (B, C, H, W) -> (B, 4 ngf, H/4, W/4)."""

    def __init__(self, in_channels, ngf=64, n_blocks=9, norm="instance"):
        super().__init__()
        bias = norm == "instance"
        layers = [ReflectionPad2d(3), nn.Conv2d(in_channels, ngf, 7, bias=bias),
                  norm_layer(norm, ngf), nn.ReLU()]
        for multiple in (1, 2):
            layers += [nn.Conv2d(multiple * ngf, 2 * multiple * ngf, 3, stride=2, padding=1,
                                 bias=bias), norm_layer(norm, 2 * multiple * ngf), nn.ReLU()]
        layers += [ResnetBlock(4 * ngf, norm) for _ in range(n_blocks)]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


# %% resnet_decoder save
class ResnetDecoder(nn.Module):
    """The second half: u2ngf, u ngf and c7s1-out with tanh, from 4 ngf channels (ngf is
    twice the encoders' for the image decoder, three times for the mask decoder).
    (B, 4 ngf, h, w) -> (B, out, 4h, 4w)."""

    def __init__(self, out_channels, ngf, norm="instance"):
        super().__init__()
        bias = norm == "instance"
        layers = []
        for multiple in (4, 2):
            layers += [nn.ConvTranspose2d(multiple * ngf, multiple * ngf // 2, 3, stride=2,
                                          padding=1, output_padding=1, bias=bias),
                       norm_layer(norm, multiple * ngf // 2), nn.ReLU()]
        layers += [ReflectionPad2d(3), nn.Conv2d(ngf, out_channels, 7), nn.Tanh()]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


# %% set_generator save
class SetGenerator(nn.Module):
    """Translates an image together with its set of instance masks.

    The image and every mask are encoded apart; the masks' features are summed over the
    set (the same for any order of the masks). The image decoder sees [image features, set
    sum]; the mask decoder sees, for each instance, [its features, image features, set sum].
    ``(images (B, C, H, W), masks (B, K, H, W) in [-1, 1])`` -> the same shapes; an empty
    slot (-1 everywhere) comes back as it was.
    """

    def __init__(self, in_channels=3, out_channels=3, ngf=64, n_blocks=9, norm="instance"):
        super().__init__()
        self.image_encoder = ResnetEncoder(in_channels, ngf, n_blocks, norm)
        self.mask_encoder = ResnetEncoder(1, ngf, n_blocks, norm)
        self.image_decoder = ResnetDecoder(out_channels, 2 * ngf, norm)
        self.mask_decoder = ResnetDecoder(1, 3 * ngf, norm)
        self.apply(dcgan_init)  # N(0, 0.02), as the official init_weights

    def forward(self, images, masks):
        present = present_instances(masks)  # (B, K)
        image_features = self.image_encoder(images)  # (B, 4 ngf, h, w)
        features, set_sum = set_features(self.mask_encoder, masks, present)
        out_images = self.image_decoder(torch.cat([image_features, set_sum], 1))
        owner = present.nonzero()[:, 0]  # the image each present instance belongs to
        decoded = self.mask_decoder(torch.cat(
            [features[present], image_features[owner], set_sum[owner]], 1))  # (P, 1, H, W)
        out_masks = masks.clone()
        out_masks[present] = decoded[:, 0]
        return out_images, out_masks


# %% set_discriminator save
def patch_features(in_channels, ndf, n_layers, norm):
    """The PatchGAN's first n_layers convolutions, spectrally normalized: Conv 4x4/2 (ndf)
    + LeakyReLU 0.2, then Conv 4x4/2 + norm + LeakyReLU with 2 ndf, 4 ndf... filters."""
    bias = norm == "instance"
    layers = [spectral_norm(nn.Conv2d(in_channels, ndf, 4, stride=2, padding=1)),
              nn.LeakyReLU(0.2)]
    for n in range(1, n_layers):
        layers += [spectral_norm(nn.Conv2d(ndf * min(2 ** (n - 1), 8), ndf * min(2 ** n, 8), 4,
                                           stride=2, padding=1, bias=bias)),
                   norm_layer(norm, ndf * min(2 ** n, 8)), nn.LeakyReLU(0.2)]
    return nn.Sequential(*layers)


class SetDiscriminator(nn.Module):
    """The PatchGAN for an image and its set of masks, every convolution spectrally
    normalized: features of the image and of each mask (summed over the set), concatenated,
    then Conv 4x4/1 + norm + LeakyReLU and Conv 4x4/1 to one logit per patch.
    ``(images, masks)`` -> (B, 1, H', W')."""

    def __init__(self, in_channels=3, ndf=64, n_layers=3, norm="instance"):
        super().__init__()
        self.image_features = patch_features(in_channels, ndf, n_layers, norm)
        self.mask_features = patch_features(1, ndf, n_layers, norm)
        channels = 2 * ndf * min(2 ** (n_layers - 1), 8)  # image and set features
        filters = 2 * ndf * min(2 ** n_layers, 8)
        self.classifier = nn.Sequential(
            spectral_norm(nn.Conv2d(channels, filters, 4, padding=1)), norm_layer(norm, filters),
            nn.LeakyReLU(0.2), spectral_norm(nn.Conv2d(filters, 1, 4, padding=1)))
        # PyTorch's default init, as the official code: its init skips spectrally normed layers

    def forward(self, images, masks):
        _, set_sum = set_features(self.mask_features, masks, present_instances(masks))
        return self.classifier(torch.cat([self.image_features(images), set_sum], 1))


# %% context_loss save
def merge_masks(masks):
    """The union of a set of masks in [-1, 1]: (B, K, H, W) -> (B, 1, H, W)."""
    return ((masks + 1) / 2).sum(1, keepdim=True).clamp(0, 1) * 2 - 1


def background_weight(masks, fake_masks):
    """1 where neither an instance nor its translation is, 0 where either is: the official
    weight of the context-preserving loss. (B, 1, H, W)."""
    return (1 - merge_masks(torch.cat([masks, fake_masks], 1))) / 2


def context_loss(images, fake_images, masks, fake_masks, cycle_weight=10.0, context_weight=1.0):
    """context_weight x cycle_weight x the mean of |x - G(x)| over the background: a
    translation may change the instances and what they cover, nothing else."""
    ### BEGIN SOLUTION
    weight = background_weight(masks, fake_masks)  # broadcast over the colour channels
    return context_weight * cycle_weight * (weight * (images - fake_images).abs()).mean()
    ### END SOLUTION


# %% direction_losses save
def direction_losses(G, inverse, D, images, masks, earlier, later, cycle_weight=10.0,
                     identity_weight=1.0, context_weight=1.0):
    """One direction's generator losses for one pass of the sequential translation: G
    translates ``images`` with this pass's ``masks`` and ``inverse`` translates back; D
    judges the translated image with every mask of the image: ``earlier`` passes'
    translated masks (detached), this pass's, and ``later`` empty slots. Returns (loss,
    translated image, all its masks)."""
    fake_images, fake_masks = G(images, masks)
    every_mask = torch.cat([*earlier, fake_masks,
                            -torch.ones_like(masks[:, :1]).expand(-1, later, -1, -1)], 1)
    loss = lsgan_loss(D(fake_images, every_mask), True)
    originals = torch.cat([images, masks], 1)
    loss = loss + cycle_loss(torch.cat(inverse(fake_images, fake_masks), 1), originals, cycle_weight)
    loss = loss + identity_loss(torch.cat(inverse(images, masks), 1), originals, cycle_weight,
                                identity_weight)  # the inverse leaves its own domain be
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
        for network in networks.values():
            network.train()
        batch = jitter(batch, config.load_size)  # the same crop and flip for image and masks
        c, k, n = config.channels, config.slots, config.ins_per
        real_a, masks_a, real_b, masks_b = batch.split([c, k, c, k], dim=1)
        masks_a, masks_b = (torch.where(m > 0, 1.0, -1.0) for m in (masks_a, masks_b))  # binary
        image_a, image_b = real_a, real_b  # what each pass translates
        earlier_a, earlier_b = [], []  # translations of the earlier passes' masks, detached
        history = {"loss_G": [], "loss_D_A": [], "loss_D_B": []}
        for start in range(0, k, n):
            ### BEGIN SOLUTION
            group_a, group_b = masks_a[:, start:start + n], masks_b[:, start:start + n]
            run_a, run_b = bool((group_a > -1).any()), bool((group_b > -1).any())
            if not (run_a or run_b):  # no instance in these slots in the whole batch
                continue
            later = k - start - group_a.shape[1]  # empty slots after this pass's
            for key in ("G_AB", "G_BA"):
                optimizers[key].zero_grad()
            losses, fakes = [], {}
            if run_a:  # A -> B, judged by D_B
                loss, *fakes["B"] = direction_losses(G_AB, G_BA, D_B, image_a, group_a,
                                                     earlier_b, later, **weights)
                losses.append(loss)
            if run_b:  # B -> A, judged by D_A
                loss, *fakes["A"] = direction_losses(G_BA, G_AB, D_A, image_b, group_b,
                                                     earlier_a, later, **weights)
                losses.append(loss)
            sum(losses).backward()  # also fills D's .grad; its step clears them first
            for key in ("G_AB", "G_BA"):
                optimizers[key].step()
            losses_d = {}  # each D judges the domain its name says, on pooled translations
            if run_a:
                losses_d["D_B"] = instagan_discriminator_loss(
                    D_B, real_b, masks_b, torch.cat(fakes["B"], 1), pool_b)
            if run_b:
                losses_d["D_A"] = instagan_discriminator_loss(
                    D_A, real_a, masks_a, torch.cat(fakes["A"], 1), pool_a)
            for key in losses_d:
                optimizers[key].zero_grad()
            sum(losses_d.values()).backward()
            for key in losses_d:
                optimizers[key].step()
            # the next pass starts from this one's translation, without its graph
            if run_a:
                image_a = fakes["B"][0].detach()
            earlier_b.append(fakes["B"][1][:, start:start + n].detach() if run_a else group_a)
            if run_b:
                image_b = fakes["A"][0].detach()
            earlier_a.append(fakes["A"][1][:, start:start + n].detach() if run_b else group_b)
            history["loss_G"].append(sum(losses).item())
            for key, value in losses_d.items():
                history[f"loss_{key}"].append(value.item())
            ### END SOLUTION
        return {key: sum(values) / len(values) for key, values in history.items() if values}

    return step


# %% translate_instances save
@torch.no_grad()
def translate_instances(G, images, masks, ins_per=2):
    """Translate images with all their masks, ``ins_per`` slots at a time as in training
    (the official test): each pass translates the previous pass's image with the next
    slots' masks; an image without an instance in those slots keeps its image. Returns the
    translated images and all their translated masks."""
    G.eval()
    translated = []
    for start in range(0, masks.shape[1], ins_per):
        group = masks[:, start:start + ins_per]
        new_images, new_masks = G(images, group)
        has = present_instances(group).any(1)[:, None, None, None]  # (B, 1, 1, 1)
        images = torch.where(has, new_images, images)
        translated.append(new_masks)
    return images, torch.cat(translated, 1)


def instagan_translate(G, scenes, channels, ins_per=2, batch_size=16):
    """:func:`translate_instances` on NumPy scenes, NHWC (N, H, W, channels + K): the
    translated images, NHWC, and their masks, (N, K, H, W), both in [-1, 1]."""
    images, masks = [], []
    for start in range(0, len(scenes), batch_size):
        batch = torch.from_numpy(np.asarray(scenes[start:start + batch_size], np.float32)
                                 .transpose(0, 3, 1, 2)).to(device)
        out_images, out_masks = translate_instances(G, batch[:, :channels], batch[:, channels:],
                                                    ins_per)
        images.append(out_images.permute(0, 2, 3, 1).cpu().numpy())
        masks.append(out_masks.cpu().numpy())
    return np.concatenate(images), np.concatenate(masks)


# %% optimizers
def adam_optimizers(networks, lr=2e-4, beta1=0.5):
    """One Adam per network, keyed as ``networks`` (the official code has one over both
    generators and one over both discriminators: the same arithmetic, parameter by parameter)."""
    return {key: torch.optim.Adam(network.parameters(), lr=lr, betas=(beta1, 0.999))
            for key, network in networks.items()}
