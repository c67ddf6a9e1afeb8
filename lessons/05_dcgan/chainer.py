"""Topic 05, DCGAN: Chainer 7.8.1 reference.

Radford, Metz & Chintala, "Unsupervised Representation Learning with Deep Convolutional
Generative Adversarial Networks", ICLR 2016 (arXiv:1511.06434). The paper's G is
``DCGANGenerator`` ("project and reshape", then fractionally-strided convolutions, here
``L.Deconvolution2D``), its D is ``DCGANDiscriminator`` (strided convolutions with leaky
ReLU; it returns the logit, the sigmoid of the paper's D lives in topic 04's loss), and
its N(0, 0.02) initialisation is ``dcgan_init``. Training uses topic 04's
``discriminator_step`` / ``generator_step`` / ``fit_gan``.
"""

# %% imports
import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import fit_gan, generate, make_gan_step, place, sample_latent

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F
import chainer.links as L


# %% init save
def dcgan_init(chain):
    """DCGAN initialisation of every link of ``chain``, in place.

    Convolution, deconvolution and linear weights ~ N(0, 0.02), their biases 0;
    batch-norm scales (gamma) ~ N(1, 0.02), shifts (beta) 0.
    """
    ### BEGIN SOLUTION
    normal = chainer.initializers.Normal(scale=0.02)  # mean 0
    for link in chain.links():
        if isinstance(link, (L.Convolution2D, L.Deconvolution2D, L.Linear)):
            normal(link.W.array)
            if link.b is not None:
                link.b.array[...] = 0
        elif isinstance(link, L.BatchNormalization):
            normal(link.gamma.array)
            link.gamma.array += 1
            link.beta.array[...] = 0
    ### END SOLUTION


# %% generator save
class DCGANGenerator(chainer.Chain):
    """z -> Linear + BN + ReLU -> reshape -> 3 x (Deconv 5x5/2 + BN + ReLU) -> Deconv + tanh.

    Filters 256 (projection), 512, 256, 128, then ``channels``, each multiplied by ``width``.
    ``image_size`` must be a multiple of 16: four stride-2 layers double H/16 four times.
    Batch norm as in PyTorch: ``decay=0.9`` (Chainer's default) and ``eps=1e-5``.
    """

    def __init__(self, channels, image_size, latent_dim=100, width=1.0):
        super().__init__()
        if image_size % 16:
            raise ValueError(f"image_size must be a multiple of 16, got {image_size}.")
        self.latent_dim = latent_dim
        f0, f1, f2, f3 = (max(1, round(n * width)) for n in (256, 512, 256, 128))
        s = image_size // 16
        self.start = (f0, s, s)  # (256, H/16, W/16)
        ### BEGIN SOLUTION
        with self.init_scope():
            self.project = L.Linear(latent_dim, f0 * s * s, nobias=True)
            self.bn0 = L.BatchNormalization(f0 * s * s, decay=0.9, eps=1e-5)
            self.deconv1 = L.Deconvolution2D(f0, f1, ksize=5, stride=2, pad=2, nobias=True,
                                             outsize=(2 * s, 2 * s))
            self.bn1 = L.BatchNormalization(f1, decay=0.9, eps=1e-5)
            self.deconv2 = L.Deconvolution2D(f1, f2, ksize=5, stride=2, pad=2, nobias=True,
                                             outsize=(4 * s, 4 * s))
            self.bn2 = L.BatchNormalization(f2, decay=0.9, eps=1e-5)
            self.deconv3 = L.Deconvolution2D(f2, f3, ksize=5, stride=2, pad=2, nobias=True,
                                             outsize=(8 * s, 8 * s))
            self.bn3 = L.BatchNormalization(f3, decay=0.9, eps=1e-5)
            self.deconv4 = L.Deconvolution2D(f3, channels, ksize=5, stride=2, pad=2,
                                             outsize=(16 * s, 16 * s))
        ### END SOLUTION
        dcgan_init(self)

    def forward(self, z):
        ### BEGIN SOLUTION
        h = F.relu(self.bn0(self.project(z)))  # (B, 256 * H/16 * W/16)
        h = F.reshape(h, (len(h), *self.start))  # (B, 256, H/16, W/16)
        h = F.relu(self.bn1(self.deconv1(h)))  # (B, 512, H/8, W/8)
        h = F.relu(self.bn2(self.deconv2(h)))  # (B, 256, H/4, W/4)
        h = F.relu(self.bn3(self.deconv3(h)))  # (B, 128, H/2, W/2)
        return F.tanh(self.deconv4(h))  # (B, C, H, W) in [-1, 1]
        ### END SOLUTION


# %% discriminator save
class DCGANDiscriminator(chainer.Chain):
    """4 x (Conv 5x5/2 [+ BN] + leaky ReLU, slope 0.2) with 32, 64, 128, 256 filters -> Linear(1).

    Batch norm after convolutions 2-4 (never on the input layer); ``batch_norm=False``
    leaves it out (topic 07's critic). Returns one logit per image, (B, 1): no sigmoid.
    Filters are multiplied by ``width``.
    """

    def __init__(self, channels, image_size, width=1.0, batch_norm=True):
        super().__init__()
        if image_size % 16:
            raise ValueError(f"image_size must be a multiple of 16, got {image_size}.")
        f0, f1, f2, f3 = (max(1, round(n * width)) for n in (32, 64, 128, 256))
        self.batch_norm = batch_norm
        ### BEGIN SOLUTION
        with self.init_scope():  # a conv followed by BN needs no bias
            self.conv1 = L.Convolution2D(channels, f0, ksize=5, stride=2, pad=2)
            self.conv2 = L.Convolution2D(f0, f1, ksize=5, stride=2, pad=2, nobias=batch_norm)
            self.conv3 = L.Convolution2D(f1, f2, ksize=5, stride=2, pad=2, nobias=batch_norm)
            self.conv4 = L.Convolution2D(f2, f3, ksize=5, stride=2, pad=2, nobias=batch_norm)
            if batch_norm:
                self.bn2 = L.BatchNormalization(f1, decay=0.9, eps=1e-5)
                self.bn3 = L.BatchNormalization(f2, decay=0.9, eps=1e-5)
                self.bn4 = L.BatchNormalization(f3, decay=0.9, eps=1e-5)
            self.out = L.Linear(f3 * (image_size // 16) ** 2, 1)
        ### END SOLUTION
        dcgan_init(self)

    def forward(self, x):
        ### BEGIN SOLUTION
        h = F.leaky_relu(self.conv1(x), slope=0.2)  # (B, 32, H/2, W/2): no BN on the input layer
        for i in (2, 3, 4):  # (B, 64, H/4, W/4), (B, 128, H/8, W/8), (B, 256, H/16, W/16)
            h = getattr(self, f"conv{i}")(h)
            if self.batch_norm:
                h = getattr(self, f"bn{i}")(h)
            h = F.leaky_relu(h, slope=0.2)
        return self.out(h)  # (B, 1) logits; L.Linear flattens its input
        ### END SOLUTION
