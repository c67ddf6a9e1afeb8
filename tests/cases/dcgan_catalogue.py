"""More test cases for topic 05_dcgan: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``).

Written as a learner would write them, to harden the graders; merged into ``MUTANTS`` by
``cases/__init__.py``.
"""
# ----------------------------------------------------------------------------- PyTorch texts

_PT_INIT = (
    "    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):\n"
    "        nn.init.normal_(module.weight, mean=0.0, std=0.02)\n"
    "        if module.bias is not None:\n"
    "            nn.init.zeros_(module.bias)\n"
    "    elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):\n"
    "        nn.init.normal_(module.weight, mean=1.0, std=0.02)\n"
    "        nn.init.zeros_(module.bias)\n"
)

_PT_G = (
    "        self.layers = nn.Sequential(\n"
    "            nn.ConvTranspose2d(f0, f1, 5, stride=2, padding=2, output_padding=1,\n"
    "                               bias=False),  # (B, 512, H/8, W/8)\n"
    "            nn.BatchNorm2d(f1),\n"
    "            nn.ReLU(),\n"
    "            nn.ConvTranspose2d(f1, f2, 5, stride=2, padding=2, output_padding=1,\n"
    "                               bias=False),  # (B, 256, H/4, W/4)\n"
    "            nn.BatchNorm2d(f2),\n"
    "            nn.ReLU(),\n"
    "            nn.ConvTranspose2d(f2, f3, 5, stride=2, padding=2, output_padding=1,\n"
    "                               bias=False),  # (B, 128, H/2, W/2)\n"
    "            nn.BatchNorm2d(f3),\n"
    "            nn.ReLU(),\n"
    "            nn.ConvTranspose2d(f3, channels, 5, stride=2, padding=2,\n"
    "                               output_padding=1),  # (B, C, H, W)\n"
    "            nn.Tanh(),\n"
    "        )\n"
)
_PT_PROJECT = (
    "            nn.Linear(latent_dim, units, bias=False),  # (B, 256 * H/16 * W/16)\n"
    "            nn.BatchNorm1d(units),\n"
    "            nn.ReLU(),\n"
)
_PT_G_FORWARD = (
    "        h = self.project(z).view(-1, *self.start)  # (B, 256, H/16, W/16)\n"
    "        return self.layers(h)  # (B, C, H, W) in [-1, 1]\n"
)


def _pt_bn_after_relu(text):
    for f in ("f1", "f2", "f3"):
        text = text.replace(f"            nn.BatchNorm2d({f}),\n            nn.ReLU(),\n",
                            f"            nn.ReLU(),\n            nn.BatchNorm2d({f}),\n")
    return text


_PT_BLOCK = (
    "        def block(c_in, c_out, norm):  # a conv followed by BN needs no bias\n"
    "            layers = [nn.Conv2d(c_in, c_out, 5, stride=2, padding=2, bias=not norm)]\n"
    "            if norm:\n"
    "                layers.append(nn.BatchNorm2d(c_out))\n"
    "            return [*layers, nn.LeakyReLU(0.2)]\n"
)
_PT_D_STACK = (
    "            *block(channels, f0, False),  # (B, 32, H/2, W/2): no BN on the input layer\n"
    "            *block(f0, f1, batch_norm),  # (B, 64, H/4, W/4)\n"
    "            *block(f1, f2, batch_norm),  # (B, 128, H/8, W/8)\n"
    "            *block(f2, f3, batch_norm),  # (B, 256, H/16, W/16)\n"
    "            nn.Flatten(),  # (B, 256 * H/16 * W/16)\n"
    "            nn.Linear(f3 * (image_size // 16) ** 2, 1),  # (B, 1) logits\n"
)

# ------------------------------------------------------------------------------- Keras texts

_K_INIT = (
    "    kernels = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)\n"
    "    scales = keras.initializers.RandomNormal(mean=1.0, stddev=0.02)\n"
    "    for variable in model.trainable_variables:\n"
    "        if variable.name == \"kernel\":\n"
    "            variable.assign(kernels(variable.shape))\n"
    "        elif variable.name == \"gamma\":\n"
    "            variable.assign(scales(variable.shape))\n"
    "        else:  # \"bias\" and \"beta\"\n"
    "            variable.assign(keras.ops.zeros(variable.shape))\n"
)
_K_INIT_LOOP = (
    "    for variable in model.trainable_variables:\n"
    "        if variable.name == \"kernel\":\n"
    "            variable.assign(kernels(variable.shape))\n"
    "        elif variable.name == \"gamma\":\n"
    "            variable.assign(scales(variable.shape))\n"
    "        else:  # \"bias\" and \"beta\"\n"
    "            variable.assign(keras.ops.zeros(variable.shape))\n"
)
_K_LAYER_INIT = (
    "        if isinstance(layer, (layers.Conv2D, layers.Conv2DTranspose, layers.Dense)):\n"
    "            layer.kernel.assign(kernels(layer.kernel.shape))\n"
    "{bias}"
    "        elif isinstance(layer, layers.BatchNormalization):\n"
    "            layer.gamma.assign(scales(layer.gamma.shape))\n"
    "            layer.beta.assign(keras.ops.zeros(layer.beta.shape))\n"
)
_K_BIAS_CHECKED = ("            if layer.bias is not None:\n"
                   "                layer.bias.assign(keras.ops.zeros(layer.bias.shape))\n")
_K_BIAS_UNCHECKED = "            layer.bias.assign(keras.ops.zeros(layer.bias.shape))\n"
_K_WALK = ("    def walk(layer):  # every layer, nested models included\n"
           "        for sub in getattr(layer, \"layers\", []):\n"
           "            yield sub\n"
           "            yield from walk(sub)\n\n"
           "    for layer in walk(model):\n")

_K_G = (
    "        self.net = keras.Sequential([\n"
    "            layers.Dense(start[0] * start[1] * f0, use_bias=False),  # (B, H/16 * W/16 * 256)\n"
    "            layers.BatchNormalization(momentum=0.9, epsilon=1e-5),\n"
    "            layers.ReLU(),\n"
    "            layers.Reshape(start),  # (B, H/16, W/16, 256)\n"
    "            layers.Conv2DTranspose(f1, 5, strides=2, padding=\"same\",\n"
    "                                   use_bias=False),  # (B, H/8, W/8, 512)\n"
    "            layers.BatchNormalization(momentum=0.9, epsilon=1e-5),\n"
    "            layers.ReLU(),\n"
    "            layers.Conv2DTranspose(f2, 5, strides=2, padding=\"same\",\n"
    "                                   use_bias=False),  # (B, H/4, W/4, 256)\n"
    "            layers.BatchNormalization(momentum=0.9, epsilon=1e-5),\n"
    "            layers.ReLU(),\n"
    "            layers.Conv2DTranspose(f3, 5, strides=2, padding=\"same\",\n"
    "                                   use_bias=False),  # (B, H/2, W/2, 128)\n"
    "            layers.BatchNormalization(momentum=0.9, epsilon=1e-5),\n"
    "            layers.ReLU(),\n"
    "            layers.Conv2DTranspose(channels, 5, strides=2, padding=\"same\",\n"
    "                                   activation=\"tanh\"),  # (B, H, W, C) in [-1, 1]\n"
    "        ])\n"
)
_K_BN = "layers.BatchNormalization(momentum=0.9, epsilon=1e-5),\n"
_K_BLOCK = (
    "        def block(filters, norm):  # a conv followed by BN needs no bias\n"
    "            conv = layers.Conv2D(filters, 5, strides=2, padding=\"same\", use_bias=not norm)\n"
    "            bn = [layers.BatchNormalization(momentum=0.9, epsilon=1e-5)] if norm else []\n"
    "            return [conv, *bn, layers.LeakyReLU(negative_slope=0.2)]\n"
)
_K_D_STACK = (
    "            *block(f0, False),  # (B, H/2, W/2, 32): no BN on the input layer\n"
    "            *block(f1, batch_norm),  # (B, H/4, W/4, 64)\n"
    "            *block(f2, batch_norm),  # (B, H/8, W/8, 128)\n"
    "            *block(f3, batch_norm),  # (B, H/16, W/16, 256)\n"
    "            layers.Flatten(),  # (B, H/16 * W/16 * 256)\n"
    "            layers.Dense(1),  # (B, 1) logits\n"
)

# ----------------------------------------------------------------------------- Chainer texts

_CH_INIT = (
    "    normal = chainer.initializers.Normal(scale=0.02)  # mean 0\n"
    "    for link in chain.links():\n"
    "        if isinstance(link, (L.Convolution2D, L.Deconvolution2D, L.Linear)):\n"
    "            normal(link.W.array)\n"
    "            if link.b is not None:\n"
    "                link.b.array[...] = 0\n"
    "        elif isinstance(link, L.BatchNormalization):\n"
    "            normal(link.gamma.array)\n"
    "            link.gamma.array += 1\n"
    "            link.beta.array[...] = 0\n"
)
_CH_G_FORWARD = (
    "        h = F.relu(self.bn0(self.project(z)))  # (B, 256 * H/16 * W/16)\n"
    "        h = F.reshape(h, (len(h), *self.start))  # (B, 256, H/16, W/16)\n"
    "        h = F.relu(self.bn1(self.deconv1(h)))  # (B, 512, H/8, W/8)\n"
    "        h = F.relu(self.bn2(self.deconv2(h)))  # (B, 256, H/4, W/4)\n"
    "        h = F.relu(self.bn3(self.deconv3(h)))  # (B, 128, H/2, W/2)\n"
    "        return F.tanh(self.deconv4(h))  # (B, C, H, W) in [-1, 1]\n"
)
_CH_G_BNS = (
    "            self.bn1 = L.BatchNormalization(f1, decay=0.9, eps=1e-5)\n"
)
_CH_D_LOOP = (
    "        for i in (2, 3, 4):  # (B, 64, H/4, W/4), (B, 128, H/8, W/8), (B, 256, H/16, W/16)\n"
    "            h = getattr(self, f\"conv{i}\")(h)\n"
    "            if self.batch_norm:\n"
    "                h = getattr(self, f\"bn{i}\")(h)\n"
    "            h = F.leaky_relu(h, slope=0.2)\n"
)

MUTANTS = {
    "pytorch": [
        # ---------------------------------------------------------------- dcgan.init
        ("dcgan.init", "dcgan_init",
         "bias zeroed without checking for None: crashes on DCGAN's bias=False layers "
         "(model.apply(dcgan_init) on DCGANGenerator raises)",
         "        if module.bias is not None:\n            nn.init.zeros_(module.bias)\n",
         "        nn.init.zeros_(module.bias)\n", 5),
        ("dcgan.init", "dcgan_init",
         "hasattr(module, 'bias') is True for bias=None: zeros_(None) crashes on bias-free layers",
         "        if module.bias is not None:\n",
         "        if hasattr(module, \"bias\"):\n", 5),
        ("dcgan.init", "dcgan_init",
         "PyTorch DCGAN example's class-name test: Linear layers and conv biases left alone",
         _PT_INIT,
         "    classname = type(module).__name__\n"
         "    if classname.find(\"Conv\") != -1:\n"
         "        nn.init.normal_(module.weight, 0.0, 0.02)\n"
         "    elif classname.find(\"BatchNorm\") != -1:\n"
         "        nn.init.normal_(module.weight, 1.0, 0.02)\n"
         "        nn.init.zeros_(module.bias)\n", 5),
        ("dcgan.init", "dcgan_init", "0.02 taken as the variance: std sqrt(0.02) = 0.14",
         "nn.init.normal_(module.weight, mean=0.0, std=0.02)",
         "nn.init.normal_(module.weight, mean=0.0, std=0.02 ** 0.5)", 5),
        ("dcgan.init", "dcgan_init", "positional normal_(w, 0.02): mean 0.02 and std 1",
         "nn.init.normal_(module.weight, mean=0.0, std=0.02)",
         "nn.init.normal_(module.weight, 0.02)", 5),
        ("dcgan.init", "dcgan_init", "truncated at two standard deviations",
         "nn.init.normal_(module.weight, mean=0.0, std=0.02)",
         "nn.init.trunc_normal_(module.weight, std=0.02, a=-0.04, b=0.04)", 5),
        ("dcgan.init", "dcgan_init", "only BatchNorm2d handled: G's BatchNorm1d keeps gamma 1, beta 0",
         "elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):",
         "elif isinstance(module, nn.BatchNorm2d):", 5),
        ("dcgan.init", "dcgan_init", "std as a required second argument: apply() calls it with one",
         "def dcgan_init(module):", "def dcgan_init(module, std):", 6),
        # ---------------------------------------------------------------- dcgan.generator
        ("dcgan.generator", "DCGANGenerator", "batch norm after the ReLU instead of before",
         _PT_G, _pt_bn_after_relu(_PT_G), 3),
        ("dcgan.generator", "DCGANGenerator", "batch norm after the ReLU in the projection",
         _PT_PROJECT, _PT_PROJECT.replace("            nn.BatchNorm1d(units),\n            nn.ReLU(),\n",
                                          "            nn.ReLU(),\n            nn.BatchNorm1d(units),\n"), 3),
        ("dcgan.generator", "DCGANGenerator", "LeakyReLU(0.2) in G: the spec has ReLU in G",
         _PT_G, _PT_G.replace("nn.ReLU()", "nn.LeakyReLU(0.2)"), 3),
        ("dcgan.generator", "DCGANGenerator", "ReLU forgotten after the last hidden batch norm",
         "            nn.BatchNorm2d(f3),\n            nn.ReLU(),\n",
         "            nn.BatchNorm2d(f3),\n", 3),
        ("dcgan.generator", "DCGANGenerator", "Hardtanh (a clip) instead of tanh at the output",
         "nn.Tanh()", "nn.Hardtanh()", 3),
        ("dcgan.generator", "DCGANGenerator", "nearest upsampling + conv instead of a transposed conv",
         "            nn.ConvTranspose2d(f0, f1, 5, stride=2, padding=2, output_padding=1,\n"
         "                               bias=False),  # (B, 512, H/8, W/8)\n",
         "            nn.Upsample(scale_factor=2),\n"
         "            nn.Conv2d(f0, f1, 5, padding=2, bias=False),  # (B, 512, H/8, W/8)\n", 5),
        ("dcgan.generator", "DCGANGenerator",
         "BatchNorm momentum=0.9 (Keras's convention) in PyTorch: running stats = last batches",
         _PT_G, _PT_G.replace("nn.BatchNorm2d(f1)", "nn.BatchNorm2d(f1, momentum=0.9)")
         .replace("nn.BatchNorm2d(f2)", "nn.BatchNorm2d(f2, momentum=0.9)")
         .replace("nn.BatchNorm2d(f3)", "nn.BatchNorm2d(f3, momentum=0.9)"), 5),
        ("dcgan.generator", "DCGANGenerator", "BatchNorm2d after the reshape instead of BatchNorm1d",
         _PT_PROJECT + "        )\n",
         "            nn.Linear(latent_dim, units, bias=False),  # (B, 256 * H/16 * W/16)\n"
         "            nn.Unflatten(1, self.start),\n"
         "            nn.BatchNorm2d(f0),\n"
         "            nn.ReLU(),\n"
         "            nn.Flatten(),\n"
         "        )\n", 5),
        ("dcgan.generator", "DCGANGenerator", "width not applied to the last hidden layer",
         _PT_G, _PT_G.replace("nn.ConvTranspose2d(f2, f3,", "nn.ConvTranspose2d(f2, 128,")
         .replace("nn.BatchNorm2d(f3)", "nn.BatchNorm2d(128)")
         .replace("nn.ConvTranspose2d(f3, channels,", "nn.ConvTranspose2d(128, channels,"), 2),
        ("dcgan.generator", "DCGANGenerator", "channels ignored: one output channel",
         "nn.ConvTranspose2d(f3, channels, 5", "nn.ConvTranspose2d(f3, 1, 5", 2),
        ("dcgan.generator", "DCGANGenerator", "latent_dim ignored: projection reads 100 numbers",
         "nn.Linear(latent_dim, units, bias=False)", "nn.Linear(100, units, bias=False)", 2),
        ("dcgan.generator", "DCGANGenerator", "projection detached: no gradient reaches it",
         "h = self.project(z).view(-1, *self.start)", "h = self.project(z).detach().view(-1, *self.start)",
         4),
        ("dcgan.generator", "DCGANGenerator", "returns (images, features) instead of the images",
         "return self.layers(h)  # (B, C, H, W) in [-1, 1]", "return self.layers(h), h", 6),
        ("dcgan.generator", "DCGANGenerator", "returns NHWC images (the NumPy layout)",
         "return self.layers(h)  # (B, C, H, W) in [-1, 1]",
         "return self.layers(h).permute(0, 2, 3, 1)", 6),
        # ---------------------------------------------------------------- dcgan.discriminator
        ("dcgan.discriminator", "DCGANDiscriminator", "batch norm after the LeakyReLU instead of before",
         _PT_BLOCK,
         "        def block(c_in, c_out, norm):\n"
         "            layers = [nn.Conv2d(c_in, c_out, 5, stride=2, padding=2, bias=not norm),\n"
         "                      nn.LeakyReLU(0.2)]\n"
         "            if norm:\n"
         "                layers.append(nn.BatchNorm2d(c_out))\n"
         "            return layers\n", 3),
        ("dcgan.discriminator", "DCGANDiscriminator",
         "nn.LeakyReLU(True) meant inplace=True: slope 1, no nonlinearity",
         "return [*layers, nn.LeakyReLU(0.2)]", "return [*layers, nn.LeakyReLU(True)]", 3),
        ("dcgan.discriminator", "DCGANDiscriminator", "LeakyReLU also on the logit",
         "nn.Linear(f3 * (image_size // 16) ** 2, 1),  # (B, 1) logits",
         "nn.Linear(f3 * (image_size // 16) ** 2, 1), nn.LeakyReLU(0.2),", 3),
        ("dcgan.discriminator", "DCGANDiscriminator", "width not applied to the last convolution",
         "            *block(f2, f3, batch_norm),  # (B, 256, H/16, W/16)\n"
         "            nn.Flatten(),  # (B, 256 * H/16 * W/16)\n"
         "            nn.Linear(f3 * (image_size // 16) ** 2, 1),  # (B, 1) logits\n",
         "            *block(f2, 256, batch_norm),\n"
         "            nn.Flatten(),\n"
         "            nn.Linear(256 * (image_size // 16) ** 2, 1),\n", 2),
        ("dcgan.discriminator", "DCGANDiscriminator", "batch_norm ignored: always batch norm",
         "            *block(f0, f1, batch_norm),  # (B, 64, H/4, W/4)\n"
         "            *block(f1, f2, batch_norm),  # (B, 128, H/8, W/8)\n"
         "            *block(f2, f3, batch_norm),  # (B, 256, H/16, W/16)\n",
         "            *block(f0, f1, True),\n"
         "            *block(f1, f2, True),\n"
         "            *block(f2, f3, True),\n", 2),
        ("dcgan.discriminator", "DCGANDiscriminator", "image_size ignored: dense layer sized for 32x32",
         "nn.Linear(f3 * (image_size // 16) ** 2, 1)", "nn.Linear(f3 * 4, 1)", 2),
        ("dcgan.discriminator", "DCGANDiscriminator", "Dropout(0.3) after each LeakyReLU (TF tutorial); outco"
                                                      "me varies run to run",
         "return [*layers, nn.LeakyReLU(0.2)]", "return [*layers, nn.LeakyReLU(0.2), nn.Dropout(0.3)]", 5),
        ("dcgan.discriminator", "DCGANDiscriminator", "global average pooling instead of flatten",
         "            nn.Flatten(),  # (B, 256 * H/16 * W/16)\n"
         "            nn.Linear(f3 * (image_size // 16) ** 2, 1),  # (B, 1) logits\n",
         "            nn.AdaptiveAvgPool2d(1),\n            nn.Flatten(),\n            nn.Linear(f3, 1),\n",
         5),
        ("dcgan.discriminator", "DCGANDiscriminator", "returns (logits, features) (feature matching)",
         "        return self.layers(x)\n",
         "        features = self.layers[:-2](x)\n        return self.layers[-2:](features), features\n", 6),
        ("dcgan.discriminator", "DCGANDiscriminator", "returns flat logits (B,) instead of (B, 1)",
         "        return self.layers(x)\n", "        return self.layers(x).view(-1)\n", 6),
    ],
    "keras": [
        # ---------------------------------------------------------------- dcgan.init
        ("dcgan.init", "dcgan_init",
         "walks model.layers only: the layers inside DCGANGenerator's nested Sequential are skipped",
         _K_INIT_LOOP,
         "    for layer in model.layers:\n" + _K_LAYER_INIT.format(bias=_K_BIAS_CHECKED), 5),
        ("dcgan.init", "dcgan_init",
         "layer walk assumes every layer has a bias: crashes on use_bias=False layers",
         _K_INIT_LOOP, _K_WALK + _K_LAYER_INIT.format(bias=_K_BIAS_UNCHECKED), 5),
        ("dcgan.init", "dcgan_init",
         "model.weights: the batch-norm moving variance is zeroed too (BN divides by sqrt(eps))",
         "    for variable in model.trainable_variables:\n", "    for variable in model.weights:\n", 5),
        ("dcgan.init", "dcgan_init", "RandomNormal(0.02): the positional argument is the mean",
         "keras.initializers.RandomNormal(mean=0.0, stddev=0.02)",
         "keras.initializers.RandomNormal(0.02)", 5),
        ("dcgan.init", "dcgan_init", "0.02 taken as the variance",
         "keras.initializers.RandomNormal(mean=0.0, stddev=0.02)",
         "keras.initializers.RandomNormal(mean=0.0, stddev=0.02 ** 0.5)", 5),
        ("dcgan.init", "dcgan_init", "rebinds the loop name instead of assigning the variable",
         "            variable.assign(kernels(variable.shape))\n",
         "            variable = kernels(variable.shape)\n", 5),
        ("dcgan.init", "dcgan_init", "expects the list of variables, not the model",
         "    for variable in model.trainable_variables:\n", "    for variable in model:\n", 6),
        # ---------------------------------------------------------------- dcgan.generator
        ("dcgan.generator", "DCGANGenerator", "batch norm after the ReLU instead of before",
         _K_G, _K_G.replace("            " + _K_BN + "            layers.ReLU(),\n",
                            "            layers.ReLU(),\n            " + _K_BN), 3),
        ("dcgan.generator", "DCGANGenerator", "LeakyReLU(0.2) in G: the spec has ReLU in G",
         _K_G, _K_G.replace("layers.ReLU()", "layers.LeakyReLU(negative_slope=0.2)"), 3),
        ("dcgan.generator", "DCGANGenerator", "ReLU forgotten after the projection",
         "            " + _K_BN + "            layers.ReLU(),\n            layers.Reshape(start),",
         "            " + _K_BN + "            layers.Reshape(start),", 3),
        ("dcgan.generator", "DCGANGenerator", "hard_tanh (a clip) instead of tanh at the output",
         "activation=\"tanh\"),  # (B, H, W, C) in [-1, 1]", "activation=\"hard_tanh\"),", 3),
        ("dcgan.generator", "DCGANGenerator",
         "Keras's default BatchNormalization (momentum 0.99, epsilon 1e-3), not the spec's",
         _K_G, _K_G.replace("layers.BatchNormalization(momentum=0.9, epsilon=1e-5)",
                            "layers.BatchNormalization()"), 5),
        ("dcgan.generator", "DCGANGenerator", "training=False hard-coded in call: BN never uses batch stats",
         "        return self.net(z, training=training)\n", "        return self.net(z, training=False)\n",
         4),
        ("dcgan.generator", "DCGANGenerator", "nearest upsampling + conv instead of a transposed conv",
         "            layers.Conv2DTranspose(f1, 5, strides=2, padding=\"same\",\n"
         "                                   use_bias=False),  # (B, H/8, W/8, 512)\n",
         "            layers.UpSampling2D(),\n"
         "            layers.Conv2D(f1, 5, padding=\"same\", use_bias=False),\n", 5),
        ("dcgan.generator", "DCGANGenerator", "width not applied to the first transposed conv",
         "layers.Conv2DTranspose(f1, 5, strides=2", "layers.Conv2DTranspose(512, 5, strides=2", 2),
        ("dcgan.generator", "DCGANGenerator", "image_size ignored: starts at 2x2 (32x32 images)",
         "start = (image_size // 16, image_size // 16, f0)", "start = (2, 2, f0)", 2),
        ("dcgan.generator", "DCGANGenerator", "returns [images] (a list) instead of the tensor",
         "        return self.net(z, training=training)\n", "        return [self.net(z, training=training)]"
                                                            "\n", 6),
        # ---------------------------------------------------------------- dcgan.discriminator
        ("dcgan.discriminator", "DCGANDiscriminator", "batch norm after the LeakyReLU instead of before",
         "return [conv, *bn, layers.LeakyReLU(negative_slope=0.2)]",
         "return [conv, layers.LeakyReLU(negative_slope=0.2), *bn]", 3),
        ("dcgan.discriminator", "DCGANDiscriminator",
         "activation='leaky_relu' inside Conv2D, then BN: BN after the activation",
         _K_BLOCK,
         "        def block(filters, norm):\n"
         "            conv = layers.Conv2D(filters, 5, strides=2, padding=\"same\", use_bias=not norm,\n"
         "                                 activation=\"leaky_relu\")\n"
         "            bn = [layers.BatchNormalization(momentum=0.9, epsilon=1e-5)] if norm else []\n"
         "            return [conv, *bn]\n", 3),
        ("dcgan.discriminator", "DCGANDiscriminator", "training=False hard-coded in call",
         "        return self.net(x, training=training)\n", "        return self.net(x, training=False)\n",
         4),
        ("dcgan.discriminator", "DCGANDiscriminator", "width not applied to the last convolution",
         "*block(f3, batch_norm),", "*block(256, batch_norm),", 2),
        ("dcgan.discriminator", "DCGANDiscriminator", "batch_norm ignored: always batch norm",
         "            *block(f1, batch_norm),  # (B, H/4, W/4, 64)\n"
         "            *block(f2, batch_norm),  # (B, H/8, W/8, 128)\n"
         "            *block(f3, batch_norm),  # (B, H/16, W/16, 256)\n",
         "            *block(f1, True),\n            *block(f2, True),\n            *block(f3, True),\n", 2),
        ("dcgan.discriminator", "DCGANDiscriminator", "Dropout(0.3) after each LeakyReLU (TF tutorial); outco"
                                                      "me varies run to run",
         "return [conv, *bn, layers.LeakyReLU(negative_slope=0.2)]",
         "return [conv, *bn, layers.LeakyReLU(negative_slope=0.2), layers.Dropout(0.3)]", 5),
        ("dcgan.discriminator", "DCGANDiscriminator", "global average pooling instead of flatten",
         "            layers.Flatten(),  # (B, H/16 * W/16 * 256)\n",
         "            layers.GlobalAveragePooling2D(),\n", 5),
        ("dcgan.discriminator", "DCGANDiscriminator", "returns (logits, features) (feature matching)",
         "        return self.net(x, training=training)\n",
         "        features = x\n"
         "        for layer in self.net.layers[:-2]:\n"
         "            features = layer(features, training=training)\n"
         "        logits = self.net.layers[-1](self.net.layers[-2](features))\n"
         "        return logits, features\n", 6),
    ],
    "chainer": [
        # ---------------------------------------------------------------- dcgan.init
        ("dcgan.init", "dcgan_init",
         "bias zeroed without checking nobias: crashes on DCGAN's nobias=True layers",
         "            if link.b is not None:\n                link.b.array[...] = 0\n",
         "            link.b.array[...] = 0\n", 5),
        ("dcgan.init", "dcgan_init", "chain.children(): links of nested chains are skipped",
         "for link in chain.links():", "for link in chain.children():", 5),
        ("dcgan.init", "dcgan_init", "np.random.normal without a size: one number for every weight",
         "            normal(link.W.array)\n",
         "            link.W.array[...] = np.random.normal(0.0, 0.02)\n", 5),
        ("dcgan.init", "dcgan_init", "gamma set to 1 (Chainer's default) instead of N(1, 0.02)",
         "            normal(link.gamma.array)\n            link.gamma.array += 1\n",
         "            link.gamma.array[...] = 1\n", 5),
        ("dcgan.init", "dcgan_init", "initializer's return value (None) assigned to W.array",
         "            normal(link.W.array)\n",
         "            link.W.array = normal(link.W.array)\n", 6),
        ("dcgan.init", "dcgan_init", "scale as a required second argument",
         "def dcgan_init(chain):", "def dcgan_init(chain, scale):", 6),
        # ---------------------------------------------------------------- dcgan.generator
        ("dcgan.generator", "DCGANGenerator", "batch norm after the ReLU instead of before",
         _CH_G_FORWARD,
         "        h = self.bn0(F.relu(self.project(z)))\n"
         "        h = F.reshape(h, (len(h), *self.start))\n"
         "        h = self.bn1(F.relu(self.deconv1(h)))\n"
         "        h = self.bn2(F.relu(self.deconv2(h)))\n"
         "        h = self.bn3(F.relu(self.deconv3(h)))\n"
         "        return F.tanh(self.deconv4(h))\n", 3),
        ("dcgan.generator", "DCGANGenerator", "leaky_relu (slope 0.2) in G: the spec has ReLU in G",
         _CH_G_FORWARD, _CH_G_FORWARD.replace("F.relu(", "F.leaky_relu("), 3),
        ("dcgan.generator", "DCGANGenerator", "ReLU forgotten after the second transposed conv",
         "h = F.relu(self.bn2(self.deconv2(h)))", "h = self.bn2(self.deconv2(h))", 3),
        ("dcgan.generator", "DCGANGenerator", "output clipped to [-1, 1] instead of tanh",
         "return F.tanh(self.deconv4(h))", "return F.clip(self.deconv4(h), -1.0, 1.0)", 3),
        ("dcgan.generator", "DCGANGenerator",
         "decay=0.1 (PyTorch's momentum) in Chainer: running stats = last batches",
         _CH_G_BNS, _CH_G_BNS.replace("decay=0.9", "decay=0.1"), 5),
        ("dcgan.generator", "DCGANGenerator", "outsize omitted: the deconvolution gives 2s-1",
         "self.deconv4 = L.Deconvolution2D(f3, channels, ksize=5, stride=2, pad=2,\n"
         "                                             outsize=(16 * s, 16 * s))",
         "self.deconv4 = L.Deconvolution2D(f3, channels, ksize=5, stride=2, pad=2)", 5),
        ("dcgan.generator", "DCGANGenerator", "forward forced into test mode: BN never uses batch stats",
         _CH_G_FORWARD,
         "        with chainer.using_config(\"train\", False):\n"
         + "".join("    " + line + "\n" for line in _CH_G_FORWARD.splitlines()), 4),
        ("dcgan.generator", "DCGANGenerator", "channels ignored: one output channel",
         "self.deconv4 = L.Deconvolution2D(f3, channels,", "self.deconv4 = L.Deconvolution2D(f3, 1,", 2),
        ("dcgan.generator", "DCGANGenerator", "width not applied to the projection's batch norm size",
         "self.bn0 = L.BatchNormalization(f0 * s * s, decay=0.9, eps=1e-5)",
         "self.bn0 = L.BatchNormalization(256 * s * s, decay=0.9, eps=1e-5)", 2),
        ("dcgan.generator", "DCGANGenerator", "returns (images, features)",
         "return F.tanh(self.deconv4(h))", "return F.tanh(self.deconv4(h)), h", 6),
        # ---------------------------------------------------------------- dcgan.discriminator
        ("dcgan.discriminator", "DCGANDiscriminator", "batch norm after the leaky ReLU instead of before",
         _CH_D_LOOP,
         "        for i in (2, 3, 4):\n"
         "            h = F.leaky_relu(getattr(self, f\"conv{i}\")(h), slope=0.2)\n"
         "            if self.batch_norm:\n"
         "                h = getattr(self, f\"bn{i}\")(h)\n", 3),
        ("dcgan.discriminator", "DCGANDiscriminator", "ReLU on the first layer",
         "h = F.leaky_relu(self.conv1(x), slope=0.2)", "h = F.relu(self.conv1(x))", 3),
        ("dcgan.discriminator", "DCGANDiscriminator", "width not applied to the last convolution",
         "            self.conv4 = L.Convolution2D(f2, f3, ksize=5, stride=2, pad=2, nobias=batch_norm)\n",
         "            self.conv4 = L.Convolution2D(f2, 256, ksize=5, stride=2, pad=2, nobias=batch_norm)\n",
         2),
        ("dcgan.discriminator", "DCGANDiscriminator", "image_size ignored: dense layer sized for 32x32",
         "self.out = L.Linear(f3 * (image_size // 16) ** 2, 1)", "self.out = L.Linear(f3 * 4, 1)", 2),
        ("dcgan.discriminator", "DCGANDiscriminator", "forward forced into test mode",
         "        return self.out(h)  # (B, 1) logits; L.Linear flattens its input\n",
         "        return self.out(h)\n\n"
         "    def __call__(self, x):  # a deterministic D\n"
         "        with chainer.using_config(\"train\", False):\n"
         "            return self.forward(x)\n", 4),
        ("dcgan.discriminator", "DCGANDiscriminator", "dropout(0.3) after each leaky ReLU (TF tutorial); outc"
                                                      "ome varies run to run",
         "            h = F.leaky_relu(h, slope=0.2)\n",
         "            h = F.dropout(F.leaky_relu(h, slope=0.2), 0.3)\n", 5),
        ("dcgan.discriminator", "DCGANDiscriminator", "global average pooling before the dense layer",
         "return self.out(h)  # (B, 1) logits; L.Linear flattens its input",
         "return self.out(F.average(h, axis=(2, 3)))", 5),
        ("dcgan.discriminator", "DCGANDiscriminator", "returns (logits, features)",
         "return self.out(h)  # (B, 1) logits; L.Linear flattens its input",
         "return self.out(h), h", 6),
    ],
}

VARIANTS = {
    "pytorch": [
        ("dcgan.init", "dcgan_init", "tensor methods .data.normal_ / .data.fill_",
         _PT_INIT,
         "    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):\n"
         "        module.weight.data.normal_(0.0, 0.02)\n"
         "        if module.bias is not None:\n"
         "            module.bias.data.fill_(0)\n"
         "    elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):\n"
         "        module.weight.data.normal_(1.0, 0.02)\n"
         "        module.bias.data.fill_(0)\n"),
        ("dcgan.init", "dcgan_init", "trunc_normal_ with its default cut at +-2 (100 std): a normal",
         "nn.init.normal_(module.weight, mean=0.0, std=0.02)",
         "nn.init.trunc_normal_(module.weight, std=0.02)"),
        ("dcgan.init", "dcgan_init", "base classes _ConvNd and _BatchNorm",
         _PT_INIT,
         "    if isinstance(module, (nn.modules.conv._ConvNd, nn.Linear)):\n"
         "        nn.init.normal_(module.weight, 0.0, 0.02)\n"
         "        if module.bias is not None:\n"
         "            nn.init.constant_(module.bias, 0.0)\n"
         "    elif isinstance(module, nn.modules.batchnorm._BatchNorm):\n"
         "        nn.init.normal_(module.weight, 1.0, 0.02)\n"
         "        nn.init.constant_(module.bias, 0.0)\n"),
        ("dcgan.init", "dcgan_init", "copy_ of randn * 0.02 under no_grad",
         _PT_INIT,
         "    with torch.no_grad():\n"
         "        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):\n"
         "            module.weight.copy_(torch.randn_like(module.weight) * 0.02)\n"
         "            if module.bias is not None:\n"
         "                module.bias.zero_()\n"
         "        elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):\n"
         "            module.weight.copy_(1.0 + 0.02 * torch.randn_like(module.weight))\n"
         "            module.bias.zero_()\n"),
        ("dcgan.generator", "DCGANGenerator", "in-place ReLU(True)",
         _PT_G, _PT_G.replace("nn.ReLU()", "nn.ReLU(True)")),
        ("dcgan.generator", "DCGANGenerator", "nn.Unflatten inside one Sequential",
         _PT_G_FORWARD,
         "        return self.layers(nn.Unflatten(1, self.start)(self.project(z)))\n"),
        ("dcgan.generator", "DCGANGenerator",
         "dense output read as (H/16, W/16, 256) then permuted: a relabelling of the dense units",
         _PT_G_FORWARD,
         "        c, s, _ = self.start\n"
         "        h = self.project(z).view(-1, s, s, c).permute(0, 3, 1, 2)\n"
         "        return self.layers(h)\n"),
        ("dcgan.generator", "DCGANGenerator", "torch.tanh in forward instead of the nn.Tanh module",
         _PT_G_FORWARD,
         "        h = self.project(z).reshape(len(z), *self.start)\n"
         "        return torch.tanh(self.layers[:-1](h))\n"),
        ("dcgan.generator", "DCGANGenerator", "BN eps/momentum spelled out (PyTorch defaults)",
         _PT_G, _PT_G.replace("nn.BatchNorm2d(f1)", "nn.BatchNorm2d(f1, eps=1e-5, momentum=0.1)")
         .replace("nn.BatchNorm2d(f2)", "nn.BatchNorm2d(f2, eps=1e-5, momentum=0.1)")),
        ("dcgan.discriminator", "DCGANDiscriminator", "in-place LeakyReLU(0.2, inplace=True)",
         "return [*layers, nn.LeakyReLU(0.2)]", "return [*layers, nn.LeakyReLU(0.2, inplace=True)]"),
        ("dcgan.discriminator", "DCGANDiscriminator", "LeakyReLU(negative_slope=0.2) keyword",
         "return [*layers, nn.LeakyReLU(0.2)]", "return [*layers, nn.LeakyReLU(negative_slope=0.2)]"),
        ("dcgan.discriminator", "DCGANDiscriminator",
        "flatten in forward (x.flatten(1)) with a separate head",
         _PT_D_STACK + "        )\n        ### END SOLUTION\n        self.apply(dcgan_init)\n\n"
         "    def forward(self, x):\n        ### BEGIN SOLUTION\n        return self.layers(x)\n",
         "            *block(channels, f0, False),\n"
         "            *block(f0, f1, batch_norm),\n"
         "            *block(f1, f2, batch_norm),\n"
         "            *block(f2, f3, batch_norm),\n"
         "        )\n"
         "        self.head = nn.Linear(f3 * (image_size // 16) ** 2, 1)\n"
         "        self.apply(dcgan_init)\n\n"
         "    def forward(self, x):\n"
         "        return self.head(self.layers(x).flatten(1))\n"),
        ("dcgan.discriminator", "DCGANDiscriminator", "forward with the flatten written out",
         "        return self.layers(x)\n",
         "        h = self.layers[:-2](x)\n        return self.layers[-1](h.reshape(len(h), -1))\n"),
        ("dcgan.discriminator", "DCGANDiscriminator", "functional leaky_relu in a loop over ModuleLists",
         _PT_BLOCK + "\n        self.layers = nn.Sequential(\n" + _PT_D_STACK + "        )\n",
         "        self.convs = nn.ModuleList([\n"
         "            nn.Conv2d(c_in, c_out, 5, stride=2, padding=2, bias=(i == 0 or not batch_norm))\n"
         "            for i, (c_in, c_out) in enumerate(zip((channels, f0, f1, f2), (f0, f1, f2, f3)))])\n"
         "        self.norms = nn.ModuleList([nn.BatchNorm2d(c) if batch_norm and i > 0 else nn.Identity()\n"
         "                                    for i, c in enumerate((f0, f1, f2, f3))])\n"
         "        self.out = nn.Linear(f3 * (image_size // 16) ** 2, 1)\n"
         "\n        def features(x):\n"
         "            for conv, norm in zip(self.convs, self.norms):\n"
         "                x = torch.nn.functional.leaky_relu(norm(conv(x)), 0.2)\n"
         "            return x\n\n"
         "        self.layers = lambda x: self.out(torch.flatten(features(x), 1))\n"),
    ],
    "keras": [
        ("dcgan.init", "dcgan_init", "variable.path endswith, keras.random.normal",
         _K_INIT,
         "    for variable in model.trainable_variables:\n"
         "        if variable.path.endswith(\"kernel\"):\n"
         "            variable.assign(keras.random.normal(variable.shape, mean=0.0, stddev=0.02))\n"
         "        elif variable.path.endswith(\"gamma\"):\n"
         "            variable.assign(keras.random.normal(variable.shape, mean=1.0, stddev=0.02))\n"
         "        else:\n"
         "            variable.assign(keras.ops.zeros_like(variable))\n"),
        ("dcgan.init", "dcgan_init", "NumPy draws assigned to the variables",
         _K_INIT,
         "    for variable in model.trainable_variables:\n"
         "        shape = tuple(variable.shape)\n"
         "        if \"kernel\" in variable.name:\n"
         "            variable.assign(np.random.normal(0.0, 0.02, shape).astype(\"float32\"))\n"
         "        elif \"gamma\" in variable.name:\n"
         "            variable.assign(np.random.normal(1.0, 0.02, shape).astype(\"float32\"))\n"
         "        else:\n"
         "            variable.assign(np.zeros(shape, \"float32\"))\n"),
        ("dcgan.init", "dcgan_init", "recursive layer walk that checks for a missing bias",
         _K_INIT_LOOP, _K_WALK + _K_LAYER_INIT.format(bias=_K_BIAS_CHECKED)),
        ("dcgan.generator", "DCGANGenerator", "call without training=: Keras propagates the flag",
         "        return self.net(z, training=training)\n", "        return self.net(z)\n"),
        ("dcgan.generator", "DCGANGenerator", "Activation layers for relu and tanh",
         _K_G, _K_G.replace("layers.ReLU()", "layers.Activation(\"relu\")")
         .replace("                                   activation=\"tanh\"),  # (B, H, W, C) in [-1, 1]\n",
                  "                                   ),\n            layers.Activation(\"tanh\"),\n")),
        ("dcgan.generator", "DCGANGenerator",
         "Reshape to (256, H/16, W/16) then Permute: a relabelling of the dense units",
         "            layers.Reshape(start),  # (B, H/16, W/16, 256)\n",
         "            layers.Reshape((f0, start[0], start[1])),\n            layers.Permute((2, 3, 1)),\n"),
        ("dcgan.generator", "DCGANGenerator", "call with training=None default",
         "    def call(self, z, training=False):", "    def call(self, z, training=None):"),
        ("dcgan.discriminator", "DCGANDiscriminator", "LeakyReLU(alpha=0.2), the deprecated alias",
         "return [conv, *bn, layers.LeakyReLU(negative_slope=0.2)]",
         "return [conv, *bn, layers.LeakyReLU(alpha=0.2)]"),
        ("dcgan.discriminator", "DCGANDiscriminator", "Activation('leaky_relu'): Keras 3's default slope is 0"
                                                      ".2",
         "return [conv, *bn, layers.LeakyReLU(negative_slope=0.2)]",
         "return [conv, *bn, layers.Activation(\"leaky_relu\")]"),
        ("dcgan.discriminator", "DCGANDiscriminator", "leaky_relu inside Conv2D where there is no BN",
         _K_BLOCK,
         "        def block(filters, norm):\n"
         "            if not norm:\n"
         "                return [layers.Conv2D(filters, 5, strides=2, padding=\"same\",\n"
         "                                      activation=\"leaky_relu\")]\n"
         "            return [layers.Conv2D(filters, 5, strides=2, padding=\"same\", use_bias=False),\n"
         "                    layers.BatchNormalization(momentum=0.9, epsilon=1e-5),\n"
         "                    layers.LeakyReLU(negative_slope=0.2)]\n"),
        ("dcgan.discriminator", "DCGANDiscriminator", "call without training=: Keras propagates the flag",
         "        return self.net(x, training=training)\n", "        return self.net(x)\n"),
    ],
    "chainer": [
        ("dcgan.init", "dcgan_init", "by parameter name over namedparams()",
         _CH_INIT,
         "    for name, param in chain.namedparams():\n"
         "        if name.endswith(\"/W\"):\n"
         "            param.array[...] = np.random.normal(0.0, 0.02, param.shape)\n"
         "        elif name.endswith(\"/gamma\"):\n"
         "            param.array[...] = np.random.normal(1.0, 0.02, param.shape)\n"
         "        else:  # b and beta\n"
         "            param.array[...] = 0\n"),
        ("dcgan.init", "dcgan_init", "Normal(0.02) positional, Zero() and fill",
         _CH_INIT,
         "    normal, zero = chainer.initializers.Normal(0.02), chainer.initializers.Zero()\n"
         "    for link in chain.links(skipself=True):\n"
         "        if isinstance(link, (L.Convolution2D, L.Deconvolution2D, L.Linear)):\n"
         "            normal(link.W.array)\n"
         "            if link.b is not None:\n"
         "                zero(link.b.array)\n"
         "        elif isinstance(link, L.BatchNormalization):\n"
         "            link.gamma.array[...] = 1 + 0.02 * np.random.standard_normal(link.gamma.shape)\n"
         "            link.beta.array.fill(0)\n"),
        ("dcgan.init", "dcgan_init", "generate_array assigned to the arrays",
         "            normal(link.W.array)\n",
         "            link.W.array = chainer.initializers.generate_array(\n"
         "                normal, link.W.shape, link.xp, dtype=link.W.dtype)\n"),
        ("dcgan.generator", "DCGANGenerator", "positional Deconvolution2D arguments",
         "self.deconv1 = L.Deconvolution2D(f0, f1, ksize=5, stride=2, pad=2, nobias=True,",
         "self.deconv1 = L.Deconvolution2D(f0, f1, 5, 2, 2, nobias=True,"),
        ("dcgan.generator", "DCGANGenerator", "reshape with -1 and Variable.reshape",
         "h = F.reshape(h, (len(h), *self.start))", "h = h.reshape(-1, *self.start)"),
        ("dcgan.generator", "DCGANGenerator",
         "dense output read as (H/16, W/16, 256) then transposed: a relabelling of the dense units",
         "h = F.reshape(h, (len(h), *self.start))",
         "h = F.transpose(F.reshape(h, (len(h), self.start[1], self.start[2], self.start[0])), (0, "
         "3, 1, 2))"),
        ("dcgan.generator", "DCGANGenerator", "a loop over the three hidden blocks",
         _CH_G_FORWARD,
         "        h = F.relu(self.bn0(self.project(z)))\n"
         "        h = F.reshape(h, (len(h), *self.start))\n"
         "        for i in (1, 2, 3):\n"
         "            h = F.relu(getattr(self, f\"bn{i}\")(getattr(self, f\"deconv{i}\")(h)))\n"
         "        return F.tanh(self.deconv4(h))\n"),
        ("dcgan.discriminator", "DCGANDiscriminator", "F.leaky_relu default slope (0.2 in Chainer)",
         "            h = F.leaky_relu(h, slope=0.2)\n", "            h = F.leaky_relu(h)\n"),
        ("dcgan.discriminator", "DCGANDiscriminator", "explicit flatten before the dense layer",
         "return self.out(h)  # (B, 1) logits; L.Linear flattens its input",
         "return self.out(F.reshape(h, (len(h), -1)))"),
        ("dcgan.discriminator", "DCGANDiscriminator", "loop written out",
         _CH_D_LOOP,
         "        h = self.conv2(h)\n"
         "        h = F.leaky_relu(self.bn2(h) if self.batch_norm else h, slope=0.2)\n"
         "        h = self.conv3(h)\n"
         "        h = F.leaky_relu(self.bn3(h) if self.batch_norm else h, slope=0.2)\n"
         "        h = self.conv4(h)\n"
         "        h = F.leaky_relu(self.bn4(h) if self.batch_norm else h, slope=0.2)\n"),
    ],
}

# Found by the second independent catalogue (holdout): an accepted mistake, then a grader fix.
MUTANTS["pytorch"].append(
    ("dcgan.init", "dcgan_init", "initialises the children of the module, never the module itself",
     _PT_INIT,
     "    for child in module.children():\n"
     + _PT_INIT.replace("module", "child").replace("    ", "        ", 1)
     .replace("\n    ", "\n        "), 6))
