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
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import parametrize

import course_utils
from course_utils.saved.pytorch import ReflectionPad2d, ResnetBlock, dcgan_init, norm_layer


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
        batch, slots = masks.shape[:2]
        present = present_instances(masks)  # (B, K)
        image_features = self.image_encoder(images)  # (B, 4 ngf, h, w)
        ### BEGIN SOLUTION
        instances = masks[present].unsqueeze(1)  # (P, 1, H, W): the present masks only
        features = image_features.new_zeros(batch, slots, *image_features.shape[1:])
        features[present] = self.mask_encoder(instances)  # empty slots stay 0
        set_sum = features.sum(1)  # (B, 4 ngf, h, w): each image's own instances
        ### END SOLUTION
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
        batch, slots = masks.shape[:2]
        present = present_instances(masks)
        image_features = self.image_features(images)
        features = image_features.new_zeros(batch, slots, *image_features.shape[1:])
        features[present] = self.mask_features(masks[present].unsqueeze(1))
        return self.classifier(torch.cat([image_features, features.sum(1)], 1))
