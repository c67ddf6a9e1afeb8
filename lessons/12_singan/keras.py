"""Topic 12, SinGAN: Keras 3 reference (TensorFlow backend).

Shaham, Dekel & Michaeli, "SinGAN: Learning a Generative Model from a Single Natural
Image", ICCV 2019 (arXiv:1905.01164), as implemented in tamarott/SinGAN. Code vs. paper
and official code: ``pyramid_shapes`` (official ``adjust_scales2image``),
``SinGANGenerator`` (official ``GeneratorConcatSkip2CleanAdd``: G_n of the paper's eq. 2
with its residual), ``SinGANDiscriminator`` (official ``WDiscriminator``), ``singan_init``
(official ``weights_init``, with PyTorch's default convolution biases), ``noise_amplitude``
(official ``noise_amp``), ``singan_scale_step`` (one iteration of the official
``train_single_scale``).

Images are NHWC. Every convolution is "valid", as the official ones (no padding inside the
networks). ``BatchNorm`` replaces ``layers.BatchNormalization``, whose second derivatives
are not exact on TensorFlow (see its docstring): the gradient penalty needs them.
"""

# %% imports
import functools
import math
import os
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

import course_utils
import course_utils.pyramid
from course_utils.pyramid import resize_matrix
from course_utils.saved.keras import place


# %% pyramid_shapes
def pyramid_shapes(shape, min_size=25, max_size=250, scale_factor=0.75):
    """The scales of a photograph of ``shape`` (height, width), coarsest first, as the
    official code computes them. Returns ``(factor, shapes)``: the ratio between
    neighbouring scales, recomputed for this photograph, and every scale's (height, width)."""
    ### BEGIN SOLUTION
    short, long = min(shape), max(shape)
    steps_to_min = math.ceil(math.log(min_size / short, scale_factor))  # from the photo
    steps_to_max = math.ceil(math.log(min(max_size, long) / long, scale_factor))
    finest = steps_to_min + 1 - steps_to_max  # the finest scale's index N
    top = [math.ceil(side * min(max_size / long, 1)) for side in shape]
    factor = (min_size / min(top)) ** (1 / finest)
    shapes = [tuple(math.ceil(side * factor ** (finest - n)) for side in top)
              for n in range(finest + 1)]
    ### END SOLUTION
    return factor, shapes


# %% conv_block save
class BatchNorm(layers.Layer):
    """Batch norm as PyTorch's (momentum 0.1 of the new statistics, epsilon 1e-5), written out
    because ``layers.BatchNormalization`` cannot be differentiated twice exactly here: its
    statistics come from ``tf.nn.moments``, whose variance stops the gradient through the
    mean. Right for first derivatives, that is off by about 1 % in the second ones that the
    gradient penalty takes through the critic (measured against PyTorch)."""

    def __init__(self, momentum=0.1, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.momentum, self.epsilon = momentum, epsilon

    def build(self, input_shape):
        channels = (input_shape[-1],)
        self.gamma = self.add_weight(shape=channels, initializer="ones", name="gamma")
        self.beta = self.add_weight(shape=channels, initializer="zeros", name="beta")
        self.moving_mean = self.add_weight(shape=channels, initializer="zeros",
                                           trainable=False, name="moving_mean")
        self.moving_variance = self.add_weight(shape=channels, initializer="ones",
                                               trainable=False, name="moving_variance")

    def call(self, x, training=None):
        if training:
            mean = ops.mean(x, axis=(0, 1, 2))
            variance = ops.mean((x - mean) ** 2, axis=(0, 1, 2))  # biased, as PyTorch normalises
            count = ops.cast(ops.size(x) // ops.shape(x)[-1], x.dtype)
            unbiased = variance * count / ops.maximum(count - 1, 1)  # PyTorch's running variance
            self.moving_mean.assign((1 - self.momentum) * self.moving_mean + self.momentum * mean)
            self.moving_variance.assign((1 - self.momentum) * self.moving_variance
                                        + self.momentum * unbiased)
        else:
            mean, variance = self.moving_mean, self.moving_variance
        return (x - mean) / ops.sqrt(variance + self.epsilon) * self.gamma + self.beta


class ConvBlock(keras.Sequential):
    """A 3x3 convolution without padding, batch norm and LeakyReLU(0.2): 2 pixels smaller."""

    def __init__(self, out_channels, **kwargs):
        super().__init__([layers.Conv2D(out_channels, 3), BatchNorm(),
                          layers.LeakyReLU(0.2)], **kwargs)


# %% generator save
class SinGANGenerator(keras.Model):
    """One scale's G_n: ``num_layer`` 3x3 convolutions (a ConvBlock head, ConvBlocks, a tanh
    tail) on noise + the upsampled image from the scale below, their output added back to
    that image (the residual).

    ``call(noise, previous)``: both (B, H + 2L, W + 2L, C) for L = ``num_layer``,
    zero-padded; returns the (B, H, W, C) image: the convolutions' output plus the centre
    of ``previous``.
    """

    def __init__(self, channels=3, width=32, num_layer=5, **kwargs):
        super().__init__(**kwargs)
        ### BEGIN SOLUTION
        self.head = ConvBlock(width)
        self.body = keras.Sequential([ConvBlock(width) for _ in range(num_layer - 2)])
        self.tail = keras.Sequential([layers.Conv2D(channels, 3), layers.Activation("tanh")])
        ### END SOLUTION

    def call(self, noise, previous, training=None):
        ### BEGIN SOLUTION
        detail = self.tail(self.body(self.head(noise, training=training), training=training))
        crop = (previous.shape[1] - detail.shape[1]) // 2  # (B, H, W, C): 2 px lost per layer
        return detail + previous[:, crop:previous.shape[1] - crop,
                                 crop:previous.shape[2] - crop, :]
        ### END SOLUTION


# %% discriminator save
class SinGANDiscriminator(keras.Model):
    """One scale's D_n, a patch critic: five 3x3 convolutions to a 1-channel score map whose
    every location judges one 11x11 patch."""

    def __init__(self, channels=3, width=32, num_layer=5, **kwargs):
        super().__init__(**kwargs)
        self.head = ConvBlock(width)
        self.body = keras.Sequential([ConvBlock(width) for _ in range(num_layer - 2)])
        self.tail = layers.Conv2D(1, 3)

    def call(self, x, training=None):
        return self.tail(self.body(self.head(x, training=training), training=training))


# %% init
def singan_init(model, channels=3, seed=None):
    """Build ``model`` on a 21x21 input and set the official initialisation: convolution
    kernels N(0, 0.02) and biases PyTorch's U(-1/sqrt(fan_in), 1/sqrt(fan_in)), batch norm
    scale N(1, 0.02) and shift 0."""
    rng = np.random.default_rng(seed)
    example = np.zeros((1, 21, 21, channels), np.float32)
    model(example, example) if isinstance(model, SinGANGenerator) else model(example)
    for layer in model._flatten_layers(include_self=False):
        if isinstance(layer, layers.Conv2D):
            kernel, bias = layer.kernel, layer.bias
            bound = 1 / np.sqrt(np.prod(kernel.shape[:3]))
            kernel.assign(rng.normal(0.0, 0.02, kernel.shape).astype(np.float32))
            bias.assign(rng.uniform(-bound, bound, bias.shape).astype(np.float32))
        elif isinstance(layer, BatchNorm):
            layer.gamma.assign(rng.normal(1.0, 0.02, layer.gamma.shape).astype(np.float32))
            layer.beta.assign(np.zeros(layer.beta.shape, np.float32))
    return model


# %% upsample
def upsample(image, shape, scale_factor):
    """``image`` (B, h, w, C) enlarged by 1 / scale_factor with the official resizer and
    cropped to ``shape`` (H, W): two matrix products."""
    rows = resize_matrix(image.shape[1], shape[0], 1 / scale_factor).astype(np.float32)
    columns = resize_matrix(image.shape[2], shape[1], 1 / scale_factor).astype(np.float32)
    return ops.einsum("pw,bowc->bopc", columns, ops.einsum("oh,bhwc->bowc", rows, image))


# %% pad save
def pad(image, padding=5):
    """Zero padding on every side: the generator's five valid convolutions take 10 pixels."""
    return ops.pad(image, ((0, 0), (padding, padding), (padding, padding), (0, 0)))


# %% noise
def noise_like(image, coarsest, padding=5):
    """N(0, 1) noise shaped like ``image`` (B, H, W, C) plus ``padding`` zeros on each side;
    at the coarsest scale one grey channel repeated (the official code's choice)."""
    batch, height, width, channels = image.shape
    noise = keras.random.normal((batch, height, width, 1 if coarsest else channels))
    return pad(ops.broadcast_to(noise, image.shape), padding)


# %% noise_amplitude
def noise_amplitude(real, upsampled, noise_amp=0.1):
    """The standard deviation of a scale's noise: ``noise_amp`` times the root mean square
    error between the real image and the upsampled reconstruction from the scale below
    (both (B, H, W, C)). Returns a Python float."""
    ### BEGIN SOLUTION
    return noise_amp * float(ops.sqrt(ops.mean((real - upsampled) ** 2)))
    ### END SOLUTION


# %% reconstruction_loss save
def singan_reconstruction_loss(G, real, fixed_noise, upsampled, amplitude):
    """The reconstruction term: the mean squared error between ``real`` (B, H, W, C) and G_n's
    image (in training mode) from the fixed noise ``fixed_noise`` (padded) times
    ``amplitude`` and the upsampled reconstruction from the scale below, ``upsampled``
    (B, H, W, C, not padded)."""
    ### BEGIN SOLUTION
    previous = pad(upsampled)
    return ops.mean((G(amplitude * fixed_noise + previous, previous, training=True) - real) ** 2)
    ### END SOLUTION


# %% generate
def generate(generators, amplitudes, fixed_noises, shapes, scale_factor, start=0):
    """An image from the trained scales, coarse to fine: the fixed noises below scale
    ``start`` (the path that reconstructs the photograph), new noise from ``start`` on.
    ``start=0`` draws a random sample; ``start=len(generators)`` reconstructs.
    ``shapes`` are every scale's (H, W), coarsest first: the trained ones, or (with
    ``start=0``) others, for a sample of another size; ``fixed_noises[n]`` is padded."""
    image = ops.zeros((1, *shapes[0], fixed_noises[0].shape[-1]))
    for n, (G, amplitude, fixed) in enumerate(zip(generators, amplitudes, fixed_noises,
                                                   strict=True)):
        if n > 0:
            image = upsample(image, shapes[n], scale_factor)
        noise = fixed if n < start else noise_like(image, coarsest=n == 0)
        previous = pad(image)
        image = G(amplitude * noise + previous, previous, training=False)
    return image


# %% inject
def inject(generators, amplitudes, shapes, scale_factor, image, start):
    """Scales ``start`` to the finest run on ``image`` (a (1, H, W, C) tensor of scale
    ``start``'s shape) with new noise: paint-to-image, editing and harmonization."""
    for n in range(start, len(generators)):
        if n > start:
            image = upsample(image, shapes[n], scale_factor)
        previous = pad(image)
        noise = noise_like(image, coarsest=n == 0)
        image = generators[n](amplitudes[n] * noise + previous, previous, training=False)
    return image


# %% super_resolve
def super_resolve(generators, amplitudes, image, factor, steps):
    """``image`` (1, H, W, C) enlarged ``factor`` times in ``steps`` steps, each an upsampling
    by ``factor ** (1 / steps)`` and a pass of the finest generator, which adds the details
    it learned to add between two scales (the official SR mode)."""
    for _ in range(steps):
        shape = tuple(math.ceil(side * factor ** (1 / steps)) for side in image.shape[1:3])
        image = upsample(image, shape, factor ** (-1 / steps))
        previous = pad(image)
        noise = noise_like(image, coarsest=False)
        image = generators[-1](amplitudes[-1] * noise + previous, previous, training=False)
    return image


# %% animate
def animate(generators, amplitudes, fixed_noises, shapes, scale_factor, frames=100, start=2,
            alpha=0.1, beta=0.9):
    """``frames`` images of a walk in noise space (the official ``generate_gif``): at every
    scale from ``start`` on, each frame's noise moves on from the last one's with momentum
    ``beta`` and is pulled back towards the reconstruction's noise by ``alpha``; below
    ``start`` the frames keep the reconstruction's noise. Returns (frames, H, W, C)."""
    images = [ops.zeros((1, *shapes[0], fixed_noises[0].shape[-1]))] * frames
    for n, (G, amplitude, fixed) in enumerate(zip(generators, amplitudes, fixed_noises,
                                                   strict=True)):
        walk = [fixed, 0.95 * fixed + 0.05 * noise_like(fixed[:, 5:-5, 5:-5, :], n == 0)]
        for i in range(frames):
            step = beta * (walk[-1] - walk[-2]) + (1 - beta) * noise_like(
                fixed[:, 5:-5, 5:-5, :], coarsest=n == 0)
            walk.append(alpha * fixed + (1 - alpha) * (walk[-1] + step))
            image = upsample(images[i], shapes[n], scale_factor) if n > 0 else images[i]
            previous = pad(image)
            noise = fixed if n < start else walk[-1]
            images[i] = G(amplitude * noise + previous, previous, training=False)
    return ops.concatenate(images)


# %% gradient_penalty save
def singan_gradient_penalty(critic, real, fake, epsilon):
    """SinGAN's WGAN-GP term: the mean over every location of (||grad||_2 - 1)^2, the norm
    taken over the channels at that location (topic 07 takes it over the whole image)."""
    x_hat = ops.convert_to_tensor(epsilon * real + (1 - epsilon) * fake)  # NumPy in: a tensor
    with tf.GradientTape() as tape:
        tape.watch(x_hat)
        scores = critic(x_hat, training=True)
    gradients = tape.gradient(scores, x_hat)  # of the sum of the scores
    return ops.mean((ops.sqrt(ops.sum(gradients**2, axis=-1)) - 1) ** 2)


# %% critic_step save
def singan_critic_step(G, D, d_optimizer, real, noise, previous, epsilon, gp_weight=0.1):
    """One step of D_n: score ``real`` high and G_n's image from ``noise`` (padded, times the
    amplitude) and ``previous`` (the padded, upsampled image from below) low, plus the
    gradient penalty at the mix ``epsilon`` (a scalar). Returns the critic's loss."""
    fake = G(noise + previous, previous, training=True)
    with tf.GradientTape() as tape:
        penalty = singan_gradient_penalty(D, real, fake, epsilon)
        loss = (-ops.mean(D(real, training=True)) + ops.mean(D(fake, training=True))
                + gp_weight * penalty)
    d_optimizer.apply(tape.gradient(loss, D.trainable_variables), D.trainable_variables)
    return loss


# %% generator_step save
def singan_generator_step(G, D, g_optimizer, real, noise, previous, reconstruction, alpha=10.0):
    """One step of G_n: fool D_n with the image from ``noise`` and ``previous``, and give back
    ``real`` from ``reconstruction`` = (fixed noise, upsampled reconstruction, amplitude)
    (see singan_reconstruction_loss). Returns (adversarial loss, reconstruction MSE)."""
    with tf.GradientTape() as tape:
        loss_adv = -ops.mean(D(G(noise + previous, previous, training=True), training=True))
        loss_rec = singan_reconstruction_loss(G, real, *reconstruction)
        loss = loss_adv + alpha * loss_rec
    g_optimizer.apply(tape.gradient(loss, G.trainable_variables), G.trainable_variables)
    return loss_adv, loss_rec


# %% scale_step save
def singan_scale_step(G, D, g_optimizer, d_optimizer, real, noise, draw_previous,
                      reconstruction, config):
    """One iteration at a scale: ``config.d_steps`` critic steps, each on a new image from the
    scales below (``draw_previous()``, upsampled, not padded) and a new mix ``epsilon`` drawn
    with ``keras.random.uniform(())``, then ``config.g_steps`` generator steps on the last of
    those images. ``noise`` is the iteration's padded noise times the amplitude. Returns the
    last losses: ``{"loss_D": .., "loss_G": .., "rec": ..}``."""
    ### BEGIN SOLUTION
    for _ in range(config.d_steps):
        previous = pad(draw_previous())
        epsilon = keras.random.uniform(())
        loss_d = singan_critic_step(G, D, d_optimizer, real, noise, previous, epsilon,
                                    config.gp_weight)
    for _ in range(config.g_steps):  # the official code reuses one graph: each step remakes it
        loss_adv, loss_rec = singan_generator_step(G, D, g_optimizer, real, noise, previous,
                                                   reconstruction, config.alpha)
    return {"loss_D": loss_d, "loss_G": loss_adv, "rec": loss_rec}
    ### END SOLUTION


# %% train_singan
def train_scale(G, D, real, amplitude, coarsest, draw_previous, reconstruction, config, title):
    """``config.iterations`` iterations of one scale with Adam (the learning rate / 10 after
    ``config.lr_drop`` of them), each on new noise times ``amplitude`` (grey if
    ``coarsest``); with ``config.compiled``, one iteration is one graph, the frozen scales'
    draws included. Returns the last losses and the seconds it took (tracing included)."""
    optimizers = []
    for network in (G, D):
        optimizer = keras.optimizers.Adam(config.lr, beta_1=config.beta1, epsilon=1e-8)
        optimizer.build(network.trainable_variables)  # created now, not inside the graph
        optimizers.append(optimizer)
    step = functools.partial(singan_scale_step, G, D, *optimizers, real,
                             draw_previous=draw_previous, reconstruction=reconstruction,
                             config=config)
    if config.compiled:  # tracing takes seconds per scale: worth it beyond a few iterations
        step = tf.function(step)
    start = time.perf_counter()
    progress = course_utils.progress(range(config.iterations), desc=title)
    for iteration in progress:
        if iteration == config.lr_drop:
            for optimizer in optimizers:
                optimizer.learning_rate.assign(config.lr / 10)
        stats = step(noise=amplitude * noise_like(real, coarsest))
        progress.set_postfix({key: f"{float(value):.3f}" for key, value in stats.items()})
    return {**{key: float(value) for key, value in stats.items()},
            "seconds": time.perf_counter() - start}


def train_singan(reals, scale_factor, config, checkpoint_dir=None):
    """Train the scales coarse to fine on ``reals`` ((1, H, W, C) tensors, coarsest first).

    Each scale starts from the previous one's weights when their widths match, is trained
    (``train_scale``), then frozen, and saved in ``checkpoint_dir`` if given: a new run
    loads the scales saved there and trains the rest. Returns the generators, their noise
    amplitudes and fixed noises, and the history: for each of loss_D, loss_G, rec and
    seconds, one value per scale (its last iteration's).
    """
    generators, amplitudes, fixed_noises, history = [], [], [], {}
    shapes = [tuple(real.shape[1:3]) for real in reals]
    channels = reals[0].shape[-1]
    previous_width, previous_D = None, None
    for n, real in enumerate(reals):
        width = course_utils.pyramid.channel_width(n, config.nfc)
        G = place(singan_init(SinGANGenerator(channels, width), channels))
        D = place(singan_init(SinGANDiscriminator(channels, width), channels))
        if width == previous_width:  # start from the scale below
            G.set_weights(generators[-1].get_weights())
            D.set_weights(previous_D.get_weights())
        if n == 0:  # purely generative: noise alone, of amplitude 1
            fixed = noise_like(real, coarsest=True)  # z*: the noise that must give the photo
            amplitude, upsampled = 1.0, ops.zeros_like(real)
            draw_previous = functools.partial(ops.zeros_like, real)
        else:  # no noise on the reconstruction path above the coarsest scale
            fixed = pad(ops.zeros_like(real))
            frozen = (list(generators), list(amplitudes), list(fixed_noises), shapes,
                      scale_factor)
            upsampled = upsample(generate(*frozen, start=n), shapes[n], scale_factor)
            amplitude = noise_amplitude(real, upsampled, config.noise_amp)

            def draw_previous(frozen=frozen, shape=shapes[n]):  # a new random image each call
                return upsample(generate(*frozen), shape, scale_factor)
        checkpoint = (course_utils.Checkpoint(checkpoint_dir / f"scale{n}", "keras")
                      if checkpoint_dir else None)
        if checkpoint is not None and checkpoint.exists():  # trained in an earlier run
            _, record = checkpoint.restore({"G": G, "D": D}, {})
            if n == 0:
                fixed = ops.convert_to_tensor(np.array(record.pop("fixed_noise"), np.float32))
        else:
            record = train_scale(G, D, real, amplitude, n == 0, draw_previous,
                                 (fixed, upsampled, amplitude), config, f"scale {n} {shapes[n]}")
            if checkpoint is not None:
                checkpoint.save(config.iterations, {"G": G, "D": D}, {},
                                {**record, "fixed_noise": ops.convert_to_numpy(fixed).tolist()}
                                if n == 0 else record)
        G.trainable = False  # frozen: called with training=False from now on
        generators.append(G)
        amplitudes.append(amplitude)
        fixed_noises.append(fixed)
        for key, value in record.items():
            history.setdefault(key, []).append(float(value))
        previous_width, previous_D = width, D
    return generators, amplitudes, fixed_noises, history


# %% to_tensor
def to_tensor(image):
    """An (H, W, C) NumPy image in [0, 1] -> a (1, H, W, C) tensor in [-1, 1]."""
    return ops.convert_to_tensor(course_utils.to_signed(image)[None].astype(np.float32))


def to_images(tensor):
    """(B, H, W, C) tensor in [-1, 1] -> (B, H, W, C) NumPy images in [0, 1]."""
    return course_utils.to_unit(ops.convert_to_numpy(tensor))
