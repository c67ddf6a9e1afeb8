"""More test cases for topic 12_singan: correct answers written another way (``VARIANTS``)."""

MUTANTS: dict = {}

_PYRAMID = [
    ("singan.pyramid_shapes", "pyramid_shapes", "NumPy's ceil and math.pow",
     "    factor = (min_size / min(top)) ** (1 / finest)\n"
     "    shapes = [tuple(math.ceil(side * factor ** (finest - n)) for side in top)\n"
     "              for n in range(finest + 1)]",
     "    factor = math.pow(min_size / min(top), 1 / finest)\n"
     "    shapes = [tuple(np.ceil(np.array(top) * math.pow(factor, finest - n)).tolist())\n"
     "              for n in range(finest + 1)]"),
]

VARIANTS = {
    "pytorch": _PYRAMID + [
        ("singan.generator", "SinGANGenerator", "the crop from the noise input's size",
         "crop = (previous.shape[2] - detail.shape[2]) // 2",
         "crop = (noise.shape[-1] - detail.shape[-1]) // 2"),
        ("singan.noise_amplitude", "noise_amplitude", "F.mse_loss, then its root, as a tensor",
         "return noise_amp * torch.sqrt(torch.mean((real - upsampled) ** 2)).item()",
         "return noise_amp * nn.functional.mse_loss(upsampled, real).sqrt()"),
        ("singan.reconstruction_loss", "singan_reconstruction_loss", "the mean of the squares",
         "return nn.functional.mse_loss(G(amplitude * fixed_noise + previous, previous), real)",
         "return ((G(amplitude * fixed_noise + previous, previous) - real) ** 2).mean()"),
        ("singan.scale_step", "singan_scale_step", "epsilon of shape (1, 1, 1, 1)",
         "epsilon = torch.rand(1, device=real.device)",
         "epsilon = torch.rand(1, 1, 1, 1, device=real.device)"),
    ],
    "keras": _PYRAMID + [
        ("singan.generator", "SinGANGenerator", "a centre crop with negative ends",
         "        return detail + previous[:, crop:previous.shape[1] - crop,\n"
         "                                 crop:previous.shape[2] - crop, :]",
         "        return detail + previous[:, crop:-crop, crop:-crop, :]"),
        ("singan.noise_amplitude", "noise_amplitude", "a Keras scalar",
         "return noise_amp * float(ops.sqrt(ops.mean((real - upsampled) ** 2)))",
         "return noise_amp * ops.sqrt(ops.mean(ops.square(upsampled - real)))"),
        ("singan.reconstruction_loss", "singan_reconstruction_loss", "keras.losses.MeanSquaredError",
         "return ops.mean((G(amplitude * fixed_noise + previous, previous, training=True) - real) ** 2)",
         "return keras.losses.MeanSquaredError()(real, G(amplitude * fixed_noise + previous, "
         "previous, training=True))"),
        ("singan.scale_step", "singan_scale_step", "epsilon of shape (1, 1, 1, 1)",
         "epsilon = keras.random.uniform(())", "epsilon = keras.random.uniform((1, 1, 1, 1))"),
    ],
    "chainer": _PYRAMID + [
        ("singan.generator", "SinGANGenerator", "a centre crop with negative ends",
         "        return detail + previous[:, :, crop:previous.shape[2] - crop,\n"
         "                                 crop:previous.shape[3] - crop]",
         "        return detail + previous[:, :, crop:-crop, crop:-crop]"),
        ("singan.noise_amplitude", "noise_amplitude", "NumPy on the arrays",
         "return noise_amp * float(F.sqrt(F.mean((real - upsampled) ** 2)).array)",
         "return noise_amp * float(np.sqrt(np.mean((chainer.as_array(real) - "
         "chainer.as_array(upsampled)) ** 2)))"),
        ("singan.reconstruction_loss", "singan_reconstruction_loss", "the mean of the squares",
         "return F.mean_squared_error(G(amplitude * fixed_noise + previous, previous), real)",
         "return F.mean(F.square(G(amplitude * fixed_noise + previous, previous) - real))"),
        ("singan.scale_step", "singan_scale_step", "epsilon of shape (1, 1, 1, 1)",
         "epsilon = xp.random.uniform(size=1).astype(np.float32)",
         "epsilon = xp.random.uniform(size=(1, 1, 1, 1)).astype(np.float32)"),
    ],
}
