"""More test cases for topic 04_gan: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``).

Written as a learner would write them, to harden the graders; merged into ``MUTANTS`` by
``cases/__init__.py``.
"""
# ============================================================================ PyTorch
# Frequently used fragments of lessons/04_gan/pytorch.py
PT_G_HIDDEN = ("nn.Linear(latent_dim, 128),  # (B, 128)\n            nn.LeakyReLU(0.2),\n"
               "            nn.Linear(128, 256),  # (B, 256)\n            nn.LeakyReLU(0.2),\n"
               "            nn.Linear(256, 512),  # (B, 512)\n            nn.LeakyReLU(0.2),")
PT_G_PIXELS = ("pixels = int(np.prod(image_shape))\n        self.layers = nn.Sequential(\n"
               "            nn.Linear(latent_dim")
PT_G_TAIL = ("            nn.Linear(512, pixels),  # (B, C*H*W)\n"
             "            nn.Tanh(),  # pixels in [-1, 1], like the training images\n")
PT_G_FORWARD = "return self.layers(z).view(-1, *self.image_shape)  # (B, C, H, W)"
PT_D_PIXELS = ("pixels = int(np.prod(image_shape))\n        self.layers = nn.Sequential(\n"
               "            nn.Flatten(),")
PT_D_HIDDEN = ("nn.Linear(pixels, 512),  # (B, 512)\n            nn.LeakyReLU(0.2),\n"
               "            nn.Linear(512, 256),  # (B, 256)\n            nn.LeakyReLU(0.2),")
PT_D_OUT = "nn.Linear(256, 1),  # (B, 1): a logit, no sigmoid (it lives in the loss)"
PT_D_FORWARD = "    def forward(self, x):\n        ### BEGIN SOLUTION\n        return self.layers(x)"
PT_DLOSS = ("real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))\n"
            "    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))\n"
            "    return real_loss + fake_loss")
PT_GLOSS = "return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))"
PT_DSTEP = ("    generator.train()\n    discriminator.train()\n"
            "    fake = generator(z).detach()  # (B, C, H, W); detached: D's loss must not reach G\n"
            "    d_optimizer.zero_grad()\n"
            "    loss = discriminator_loss(discriminator(real), discriminator(fake))\n"
            "    loss.backward()\n    d_optimizer.step()\n    return loss.item()")
PT_GSTEP = ("    generator.train()\n    discriminator.train()\n    g_optimizer.zero_grad()\n"
            "    loss = generator_loss(discriminator(generator(z)))\n"
            "    loss.backward()  # also fills D's .grad; the next discriminator_step clears them first\n"
            "    g_optimizer.step()  # only G's parameters move\n    return loss.item()")

PYTORCH_MUTANTS = [
    # ---------------------------------------------------------------- gan.generator
    ("gan.generator", "Generator", "nn.LeakyReLU() with PyTorch's default slope 0.01, not 0.2",
     PT_G_HIDDEN, PT_G_HIDDEN.replace("nn.LeakyReLU(0.2)", "nn.LeakyReLU()"), 3),
    ("gan.generator", "Generator", "activation missing between the 128 and 256 layers",
     "nn.Linear(latent_dim, 128),  # (B, 128)\n            nn.LeakyReLU(0.2),\n",
     "nn.Linear(latent_dim, 128),  # (B, 128)\n", 3),
    ("gan.generator", "Generator", "ReLU instead of LeakyReLU in the first (128) layer only",
     "nn.Linear(latent_dim, 128),  # (B, 128)\n            nn.LeakyReLU(0.2),",
     "nn.Linear(latent_dim, 128),  # (B, 128)\n            nn.ReLU(),", 3),
    ("gan.generator", "Generator", "Tanh as the hidden activation of the 256 layer",
     "nn.Linear(128, 256),  # (B, 256)\n            nn.LeakyReLU(0.2),",
     "nn.Linear(128, 256),  # (B, 256)\n            nn.Tanh(),", 3),
    ("gan.generator", "Generator", "Linear+LeakyReLU block reused for the output layer: "
     "LeakyReLU before the final tanh",
     PT_G_TAIL,
     "            nn.Linear(512, pixels),  # (B, C*H*W)\n            nn.LeakyReLU(0.2),\n"
     "            nn.Tanh(),  # pixels in [-1, 1], like the training images\n", 3),
    ("gan.generator", "Generator", "Hardtanh (clipping, zero gradient outside [-1, 1]) instead of tanh",
     "            nn.Tanh(),  # pixels in [-1, 1]", "            nn.Hardtanh(),  # pixels in [-1, 1]", 3),
    ("gan.generator", "Generator", "channels ignored: pixels = H*W (wrong for RGB images)",
     PT_G_PIXELS,
     "pixels = image_shape[1] * image_shape[2]\n        self.layers = nn.Sequential(\n"
     "            nn.Linear(latent_dim", 2),
    ("gan.generator", "Generator", "image size hard-coded to 28x28x1",
     PT_G_PIXELS,
     "pixels = 28 * 28\n        self.layers = nn.Sequential(\n            nn.Linear(latent_dim", 2),
    ("gan.generator", "Generator", "output reshaped to a hard-coded MNIST shape",
     PT_G_FORWARD, "return self.layers(z).view(-1, 1, 28, 28)", 2),
    ("gan.generator", "Generator", "hidden sizes mirrored from D: 512 -> 256 -> 128",
     PT_G_HIDDEN + "\n            nn.Linear(512, pixels),",
     "nn.Linear(latent_dim, 512),\n            nn.LeakyReLU(0.2),\n"
     "            nn.Linear(512, 256),\n            nn.LeakyReLU(0.2),\n"
     "            nn.Linear(256, 128),\n            nn.LeakyReLU(0.2),\n"
     "            nn.Linear(128, pixels),", 5),
    ("gan.generator", "Generator", "output reshaped to (B, H, W, C), the dataset's NHWC layout",
     PT_G_FORWARD,
     "c, h, w = self.image_shape\n        return self.layers(z).view(-1, h, w, c)", 5),
    ("gan.generator", "Generator", "DCGAN habit: BatchNorm1d after each hidden Linear",
     PT_G_HIDDEN,
     "nn.Linear(latent_dim, 128),\n            nn.BatchNorm1d(128),\n            nn.LeakyReLU(0.2),\n"
     "            nn.Linear(128, 256),\n            nn.BatchNorm1d(256),\n            nn.LeakyReLU(0.2),\n"
     "            nn.Linear(256, 512),\n            nn.BatchNorm1d(512),\n            nn.LeakyReLU(0.2),", 5),
    ("gan.generator", "Generator", "returns the flat (B, C*H*W) vector, not reshaped",
     PT_G_FORWARD, "return self.layers(z)", 6),
    # ------------------------------------------------------------ gan.discriminator
    ("gan.discriminator", "Discriminator", "nn.LeakyReLU() with PyTorch's default slope 0.01",
     PT_D_HIDDEN, PT_D_HIDDEN.replace("nn.LeakyReLU(0.2)", "nn.LeakyReLU()"), 3),
    ("gan.discriminator", "Discriminator", "activation missing between the 512 and 256 layers",
     "nn.Linear(pixels, 512),  # (B, 512)\n            nn.LeakyReLU(0.2),\n",
     "nn.Linear(pixels, 512),  # (B, 512)\n", 3),
    ("gan.discriminator", "Discriminator", "ReLU instead of LeakyReLU in the 256 layer only",
     "nn.Linear(512, 256),  # (B, 256)\n            nn.LeakyReLU(0.2),",
     "nn.Linear(512, 256),  # (B, 256)\n            nn.ReLU(),", 3),
    ("gan.discriminator", "Discriminator", "LeakyReLU also applied to the logit (block reused for "
     "the last layer)",
     PT_D_OUT, PT_D_OUT + "\n            nn.LeakyReLU(0.2),", 3),
    ("gan.discriminator", "Discriminator", "Tanh as the hidden activation of the 512 layer",
     "nn.Linear(pixels, 512),  # (B, 512)\n            nn.LeakyReLU(0.2),",
     "nn.Linear(pixels, 512),  # (B, 512)\n            nn.Tanh(),", 3),
    ("gan.discriminator", "Discriminator", "channels ignored: pixels = H*W (wrong for RGB images)",
     PT_D_PIXELS,
     "pixels = image_shape[1] * image_shape[2]\n        self.layers = nn.Sequential(\n"
     "            nn.Flatten(),", 2),
    ("gan.discriminator", "Discriminator", "input size hard-coded to 28*28",
     PT_D_PIXELS,
     "pixels = 784\n        self.layers = nn.Sequential(\n            nn.Flatten(),", 2),
    ("gan.discriminator", "Discriminator", "no Flatten: Linear applied to the last (width) axis",
     "            nn.Flatten(),  # (B, C*H*W)\n", "", 5),
    ("gan.discriminator", "Discriminator", "output layer without bias",
     PT_D_OUT, "nn.Linear(256, 1, bias=False),", 5),
    ("gan.discriminator", "Discriminator", "returns (sigmoid(logit), logit), as some TF-GAN code does",
     PT_D_FORWARD,
     "    def forward(self, x):\n        ### BEGIN SOLUTION\n        logits = self.layers(x)\n"
     "        return torch.sigmoid(logits), logits", 6),
    ("gan.discriminator", "Discriminator", "logits squeezed to shape (B,)",
     PT_D_FORWARD,
     "    def forward(self, x):\n        ### BEGIN SOLUTION\n        return self.layers(x).squeeze(1)", 6),
    # ------------------------------------------------------- gan.discriminator_loss
    ("gan.discriminator_loss", "discriminator_loss", "returns a Python float (.item()): no gradient",
     "    return real_loss + fake_loss", "    return (real_loss + fake_loss).item()", 1),
    ("gan.discriminator_loss", "discriminator_loss", "returns a detached tensor: no gradient",
     "    return real_loss + fake_loss", "    return (real_loss + fake_loss).detach()", 1),
    ("gan.discriminator_loss", "discriminator_loss", "fake term detached (detach put on the loss "
     "instead of the fakes): D gets no gradient from the fakes",
     "    return real_loss + fake_loss", "    return real_loss + fake_loss.detach()", 1),
    ("gan.discriminator_loss", "discriminator_loss", "computed in NumPy with a stable logaddexp",
     PT_DLOSS,
     "r = real_logits.detach().cpu().numpy()\n    f = fake_logits.detach().cpu().numpy()\n"
     "    return np.logaddexp(0, -r).mean() + np.logaddexp(0, f).mean()", 1),
    ("gan.discriminator_loss", "discriminator_loss", "loss re-wrapped as a new leaf "
     "torch.tensor(..., requires_grad=True): cut from D",
     "    return real_loss + fake_loss",
     "    return torch.tensor((real_loss + fake_loss).item(), requires_grad=True)", 1),
    ("gan.discriminator_loss", "discriminator_loss", "one BCE over the concatenated real+fake batch "
     "(half the spec's sum of two means)",
     PT_DLOSS,
     "logits = torch.cat([real_logits, fake_logits])\n"
     "    targets = torch.cat([torch.ones_like(real_logits), torch.zeros_like(fake_logits)])\n"
     "    return F.binary_cross_entropy_with_logits(logits, targets)", 1),
    ("gan.discriminator_loss", "discriminator_loss", "summed and divided by a hard-coded batch size 64",
     "    return real_loss + fake_loss",
     "    real_sum = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits), reduction="
     "'sum')\n"
     "    fake_sum = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits), reduction"
     "='sum')\n"
     "    return (real_sum + fake_sum) / 64", 2),
    ("gan.discriminator_loss", "discriminator_loss", "hand-written softplus log(1 + exp(x)) overflows",
     PT_DLOSS,
     "return torch.log1p(torch.exp(-real_logits)).mean() + torch.log1p(torch.exp(fake_logits)).mean()", 5),
    ("gan.discriminator_loss", "discriminator_loss", "one-sided label smoothing: real target 0.9",
     "torch.ones_like(real_logits))", "torch.full_like(real_logits, 0.9))", 5),
    ("gan.discriminator_loss", "discriminator_loss", "returns (loss, real_loss, fake_loss) for logging",
     "    return real_loss + fake_loss", "    return real_loss + fake_loss, real_loss, fake_loss", 6),
    # ---------------------------------------------------------- gan.generator_loss
    ("gan.generator_loss", "generator_loss", "returns a Python float (.item())",
     PT_GLOSS, PT_GLOSS + ".item()", 1),
    ("gan.generator_loss", "generator_loss", "returns a detached tensor",
     PT_GLOSS, PT_GLOSS + ".detach()", 1),
    ("gan.generator_loss", "generator_loss", "computed in NumPy",
     PT_GLOSS, "return np.logaddexp(0, -fake_logits.detach().cpu().numpy()).mean()", 1),
    ("gan.generator_loss", "generator_loss", "reduction='none': one loss per example, not a scalar",
     PT_GLOSS,
     "return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits), "
     "reduction='none')", 1),
    ("gan.generator_loss", "generator_loss", "summed and divided by a hard-coded batch size 64",
     PT_GLOSS,
     "return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits), reduction='sum') /"
     " 64", 2),
    ("gan.generator_loss", "generator_loss", "hand-written softplus log(1 + exp(-x)) overflows",
     PT_GLOSS, "return torch.log1p(torch.exp(-fake_logits)).mean()", 5),
    ("gan.generator_loss", "generator_loss", "smoothed target 0.9 for G (label smoothing belongs to D, "
     "and is not in the spec)",
     PT_GLOSS, "return F.binary_cross_entropy_with_logits(fake_logits, torch.full_like(fake_logits, 0.9))",
     5),
    ("gan.generator_loss", "generator_loss", "returns (loss, mean D(G(z))) for logging",
     PT_GLOSS,
     "loss = F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))\n"
     "    return loss, torch.sigmoid(fake_logits).mean()", 6),
    # ------------------------------------------------------ gan.discriminator_step
    ("gan.discriminator_step", "discriminator_step", "two optimizer steps: one on the real term, "
     "then one on the fake term",
     PT_DSTEP,
     "    generator.train()\n    discriminator.train()\n    fake = generator(z).detach()\n"
     "    d_optimizer.zero_grad()\n"
     "    real_loss = F.binary_cross_entropy_with_logits(discriminator(real), torch.ones(len(real), 1))\n"
     "    real_loss.backward()\n    d_optimizer.step()\n    d_optimizer.zero_grad()\n"
     "    fake_loss = F.binary_cross_entropy_with_logits(discriminator(fake), torch.zeros(len(fake), 1))\n"
     "    fake_loss.backward()\n    d_optimizer.step()\n    return real_loss.item() + fake_loss.item()", 4),
    ("gan.discriminator_step", "discriminator_step", "two optimizer steps without a zero_grad between "
     "(real gradients applied twice)",
     PT_DSTEP,
     "    generator.train()\n    discriminator.train()\n    fake = generator(z).detach()\n"
     "    d_optimizer.zero_grad()\n"
     "    real_loss = F.binary_cross_entropy_with_logits(discriminator(real), torch.ones(len(real), 1))\n"
     "    real_loss.backward()\n    d_optimizer.step()\n"
     "    fake_loss = F.binary_cross_entropy_with_logits(discriminator(fake), torch.zeros(len(fake), 1))\n"
     "    fake_loss.backward()\n    d_optimizer.step()\n    return real_loss.item() + fake_loss.item()", 4),
    ("gan.discriminator_step", "discriminator_step", "two optimizer steps (real term, then fake term); "
     "the reported loss is computed up front",
     PT_DSTEP,
     "    generator.train()\n    discriminator.train()\n    fake = generator(z).detach()\n"
     "    with torch.no_grad():\n"
     "        loss = discriminator_loss(discriminator(real), discriminator(fake))\n"
     "    for batch, target in ((real, 1.0), (fake, 0.0)):\n"
     "        d_optimizer.zero_grad()\n        logits = discriminator(batch)\n"
     "        F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target)).backward()\n"
     "        d_optimizer.step()\n    return loss.item()", 4),
    ("gan.discriminator_step", "discriminator_step", "networks put in eval mode for the step "
     "(wrong for DCGAN's BatchNorm, which reuses this step) and left there",
     "    generator.train()\n    discriminator.train()\n    fake = generator(z).detach()",
     "    generator.eval()\n    discriminator.eval()\n    fake = generator(z).detach()", 4),
    ("gan.discriminator_step", "discriminator_step", "G frozen with requires_grad_(False) instead of a "
     "detach, and never unfrozen: the next G step cannot train G",
     "    fake = generator(z).detach()  # (B, C, H, W); detached: D's loss must not reach G",
     "    generator.requires_grad_(False)  # freeze G while D trains\n    fake = generator(z)", 4),
    ("gan.discriminator_step", "discriminator_step", "zero_grad after backward: the step applies zero "
     "gradients",
     "    d_optimizer.zero_grad()\n    loss = discriminator_loss(discriminator(real), discriminator(fake))\n"
     "    loss.backward()\n",
     "    loss = discriminator_loss(discriminator(real), discriminator(fake))\n"
     "    loss.backward()\n    d_optimizer.zero_grad()\n", 4),
    ("gan.discriminator_step", "discriminator_step", "samples its own noise instead of the z given",
     "fake = generator(z).detach()", "fake = generator(torch.randn_like(z)).detach()", 4),
    ("gan.discriminator_step", "discriminator_step", "D's fake logits detached instead of the fakes",
     "loss = discriminator_loss(discriminator(real), discriminator(fake))",
     "loss = discriminator_loss(discriminator(real), discriminator(fake).detach())", 4),
    ("gan.discriminator_step", "discriminator_step", "whole forward pass under torch.no_grad()",
     "    loss = discriminator_loss(discriminator(real), discriminator(fake))\n",
     "    with torch.no_grad():\n"
     "        loss = discriminator_loss(discriminator(real), discriminator(fake))\n", 4),
    ("gan.discriminator_step", "discriminator_step", "fakes generated once and reused on later calls",
     "    fake = generator(z).detach()  # (B, C, H, W); detached: D's loss must not reach G",
     "    if not hasattr(discriminator_step, 'fake'):\n"
     "        discriminator_step.fake = generator(z).detach()\n"
     "    fake = discriminator_step.fake", 4),
    ("gan.discriminator_step", "discriminator_step", "targets hard-coded to a batch of 64",
     "    loss = discriminator_loss(discriminator(real), discriminator(fake))\n",
     "    loss = (F.binary_cross_entropy_with_logits(discriminator(real), torch.ones(64, 1))\n"
     "            + F.binary_cross_entropy_with_logits(discriminator(fake), torch.zeros(64, 1)))\n", 2),
    ("gan.discriminator_step", "discriminator_step", "returns the loss tensor with its graph (kept "
     "alive and summed by fit_gan: memory grows over the epoch)",
     "    d_optimizer.step()\n    return loss.item()", "    d_optimizer.step()\n    return loss", 6),
    ("gan.discriminator_step", "discriminator_step", "returns a dict of metrics",
     "    d_optimizer.step()\n    return loss.item()",
     "    d_optimizer.step()\n    return {'loss_D': loss.item()}", 6),
    # ---------------------------------------------------------- gan.generator_step
    ("gan.generator_step", "generator_step", "D frozen with requires_grad_(False) and never unfrozen: "
     "the next D step cannot train D",
     "    g_optimizer.zero_grad()\n    loss = generator_loss(discriminator(generator(z)))",
     "    g_optimizer.zero_grad()\n    discriminator.requires_grad_(False)  # do not train D here\n"
     "    loss = generator_loss(discriminator(generator(z)))", 4),
    ("gan.generator_step", "generator_step", "networks in eval mode for the step (wrong for DCGAN's "
     "BatchNorm) and left there",
     "    generator.train()\n    discriminator.train()\n    g_optimizer.zero_grad()",
     "    generator.eval()\n    discriminator.eval()\n    g_optimizer.zero_grad()", 4),
    ("gan.generator_step", "generator_step", "gradients of the wrong network reset "
     "(discriminator.zero_grad()): G's accumulate",
     "    g_optimizer.zero_grad()\n    loss = generator_loss",
     "    discriminator.zero_grad()\n    loss = generator_loss", 4),
    ("gan.generator_step", "generator_step", "samples its own noise instead of the z given",
     "loss = generator_loss(discriminator(generator(z)))",
     "loss = generator_loss(discriminator(generator(torch.randn_like(z))))", 4),
    ("gan.generator_step", "generator_step", "D's forward under torch.no_grad() to keep D fixed",
     "    loss = generator_loss(discriminator(generator(z)))\n",
     "    fake = generator(z)\n    with torch.no_grad():\n        logits = discriminator(fake)\n"
     "    loss = generator_loss(logits)\n", 4),
    ("gan.generator_step", "generator_step", "optimizer step before backward",
     "    loss.backward()  # also fills D's .grad; the next discriminator_step clears them first\n"
     "    g_optimizer.step()  # only G's parameters move\n",
     "    g_optimizer.step()\n    loss.backward()\n", 4),
    ("gan.generator_step", "generator_step", "two optimizer steps on the same gradients",
     "    g_optimizer.step()  # only G's parameters move\n",
     "    g_optimizer.step()  # only G's parameters move\n    g_optimizer.step()\n", 4),
    ("gan.generator_step", "generator_step", "latent size hard-coded: fresh noise of 100 dimensions",
     "loss = generator_loss(discriminator(generator(z)))",
     "loss = generator_loss(discriminator(generator(torch.randn(len(z), 100))))", 2),
    ("gan.generator_step", "generator_step", "returns the loss tensor with its graph",
     "    g_optimizer.step()  # only G's parameters move\n    return loss.item()",
     "    g_optimizer.step()\n    return loss", 6),
    ("gan.generator_step", "generator_step", "returns (loss, fakes)",
     "    g_optimizer.step()  # only G's parameters move\n    return loss.item()",
     "    g_optimizer.step()\n    return loss.item(), generator(z).detach()", 6),
]

PYTORCH_VARIANTS = [
    # gan.generator
    ("gan.generator", "Generator", "separate Linear attributes, F.leaky_relu(..., 0.2) in forward",
     "pixels = int(np.prod(image_shape))\n        self.layers = nn.Sequential(\n"
     "            " + PT_G_HIDDEN + "\n" + PT_G_TAIL + "        )\n"
     "        ### END SOLUTION\n        self.apply(glorot_init)\n\n    def forward(self, z):\n"
     "        ### BEGIN SOLUTION\n        " + PT_G_FORWARD,
     "pixels = int(np.prod(image_shape))\n        self.fc1 = nn.Linear(latent_dim, 128)\n"
     "        self.fc2 = nn.Linear(128, 256)\n        self.fc3 = nn.Linear(256, 512)\n"
     "        self.fc4 = nn.Linear(512, pixels)\n"
     "        ### END SOLUTION\n        self.apply(glorot_init)\n\n    def forward(self, z):\n"
     "        ### BEGIN SOLUTION\n        h = F.leaky_relu(self.fc1(z), 0.2)\n"
     "        h = F.leaky_relu(self.fc2(h), negative_slope=0.2)\n        h = F.leaky_relu(self.fc3(h), 0.2)\n"
     "        return torch.tanh(self.fc4(h)).reshape(len(z), *self.image_shape)"),
    ("gan.generator", "Generator", "LeakyReLU(negative_slope=0.2, inplace=True)",
     PT_G_HIDDEN, PT_G_HIDDEN.replace("nn.LeakyReLU(0.2)", "nn.LeakyReLU(negative_slope=0.2, inplace=True)")),
    ("gan.generator", "Generator", "nn.Unflatten at the end of the Sequential",
     PT_G_TAIL + "        )\n        ### END SOLUTION\n        self.apply(glorot_init)\n\n"
     "    def forward(self, z):\n        ### BEGIN SOLUTION\n        " + PT_G_FORWARD,
     PT_G_TAIL + "            nn.Unflatten(1, self.image_shape),\n        )\n        ### END SOLUTION\n"
     "        self.apply(glorot_init)\n\n    def forward(self, z):\n        ### BEGIN SOLUTION\n"
     "        return self.layers(z)"),
    ("gan.generator", "Generator", "reshape to (z.size(0), C, H, W) with math.prod for the pixels",
     PT_G_PIXELS,
     "import math\n        pixels = math.prod(self.image_shape)\n        self.layers = nn.Sequential(\n"
     "            nn.Linear(latent_dim"),
    ("gan.generator", "Generator", "forward reshapes with z.size(0)",
     PT_G_FORWARD, "return self.layers(z).reshape(z.size(0), *self.image_shape)"),
    # gan.discriminator
    ("gan.discriminator", "Discriminator", "flatten in forward (x.view(x.size(0), -1)), no Flatten layer",
     "            nn.Flatten(),  # (B, C*H*W)\n            " + PT_D_HIDDEN + "\n            " + PT_D_OUT +
     "\n"
     "        )\n        ### END SOLUTION\n        self.apply(glorot_init)\n\n" + PT_D_FORWARD,
     "            " + PT_D_HIDDEN + "\n            " + PT_D_OUT + "\n"
     "        )\n        ### END SOLUTION\n        self.apply(glorot_init)\n\n"
     "    def forward(self, x):\n        ### BEGIN SOLUTION\n        return self.layers(x.view(x.size(0), -1)"
     ")"),
    ("gan.discriminator", "Discriminator", "nn.Flatten(start_dim=1) spelled out",
     "            nn.Flatten(),  # (B, C*H*W)\n", "            nn.Flatten(start_dim=1),\n"),
    ("gan.discriminator", "Discriminator", "LeakyReLU(negative_slope=0.2, inplace=True)",
     PT_D_HIDDEN, PT_D_HIDDEN.replace("nn.LeakyReLU(0.2)", "nn.LeakyReLU(negative_slope=0.2, inplace=True)")),
    ("gan.discriminator", "Discriminator", "separate Linear attributes with F.leaky_relu in forward",
     PT_D_PIXELS + "  # (B, C*H*W)\n            " + PT_D_HIDDEN + "\n            " + PT_D_OUT + "\n"
     "        )\n        ### END SOLUTION\n        self.apply(glorot_init)\n\n" + PT_D_FORWARD,
     "pixels = int(np.prod(image_shape))\n        self.fc1 = nn.Linear(pixels, 512)\n"
     "        self.fc2 = nn.Linear(512, 256)\n        self.fc3 = nn.Linear(256, 1)\n"
     "        ### END SOLUTION\n        self.apply(glorot_init)\n\n"
     "    def forward(self, x):\n        ### BEGIN SOLUTION\n        h = F.leaky_relu(self.fc1(x.flatten(1)),"
     " 0.2)\n"
     "        h = F.leaky_relu(self.fc2(h), 0.2)\n        return self.fc3(h)"),
    # gan.discriminator_loss
    ("gan.discriminator_loss", "discriminator_loss", "nn.BCEWithLogitsLoss module",
     PT_DLOSS,
     "criterion = nn.BCEWithLogitsLoss()\n"
     "    return (criterion(real_logits, torch.ones_like(real_logits))\n"
     "            + criterion(fake_logits, torch.zeros_like(fake_logits)))"),
    ("gan.discriminator_loss", "discriminator_loss", "softplus form",
     PT_DLOSS, "return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()"),
    ("gan.discriminator_loss", "discriminator_loss", "logsigmoid form",
     PT_DLOSS, "return -F.logsigmoid(real_logits).mean() - F.logsigmoid(-fake_logits).mean()"),
    ("gan.discriminator_loss", "discriminator_loss", "reduction='none' then .mean() of each term",
     PT_DLOSS,
     "real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits), reduction='no"
     "ne')\n"
     "    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits), reductio"
     "n='none')\n"
     "    return real_loss.mean() + fake_loss.mean()"),
    ("gan.discriminator_loss", "discriminator_loss", "torch.full_like targets",
     PT_DLOSS,
     "real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.full_like(real_logits, 1.0))\n"
     "    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.full_like(fake_logits, 0.0))\n"
     "    return real_loss + fake_loss"),
    # gan.generator_loss
    ("gan.generator_loss", "generator_loss", "softplus form",
     PT_GLOSS, "return F.softplus(-fake_logits).mean()"),
    ("gan.generator_loss", "generator_loss", "logsigmoid form",
     PT_GLOSS, "return -F.logsigmoid(fake_logits).mean()"),
    ("gan.generator_loss", "generator_loss", "nn.BCEWithLogitsLoss module",
     PT_GLOSS, "return nn.BCEWithLogitsLoss()(fake_logits, torch.ones_like(fake_logits))"),
    ("gan.generator_loss", "generator_loss", "reduction='none' then mean",
     PT_GLOSS,
     "return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits), "
     "reduction='none').mean()"),
    # gan.discriminator_step
    ("gan.discriminator_step", "discriminator_step", "fakes made under torch.no_grad()",
     "    fake = generator(z).detach()  # (B, C, H, W); detached: D's loss must not reach G",
     "    with torch.no_grad():\n        fake = generator(z)"),
    ("gan.discriminator_step", "discriminator_step", "fakes kept attached, detached where D sees them",
     "    fake = generator(z).detach()  # (B, C, H, W); detached: D's loss must not reach G\n"
     "    d_optimizer.zero_grad()\n"
     "    loss = discriminator_loss(discriminator(real), discriminator(fake))\n",
     "    fake = generator(z)\n    d_optimizer.zero_grad()\n"
     "    loss = discriminator_loss(discriminator(real), discriminator(fake.detach()))\n"),
    ("gan.discriminator_step", "discriminator_step", "PyTorch DCGAN tutorial style: two backward "
     "calls (real, fake), one optimizer step",
     PT_DSTEP,
     "    discriminator.zero_grad()\n    fake = generator(z).detach()\n"
     "    real_logits = discriminator(real)\n"
     "    err_real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))\n"
     "    err_real.backward()\n    fake_logits = discriminator(fake)\n"
     "    err_fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))\n"
     "    err_fake.backward()\n    d_optimizer.step()\n    return (err_real + err_fake).item()"),
    ("gan.discriminator_step", "discriminator_step", "discriminator.zero_grad(set_to_none=True) and "
     "return float(loss)",
     "    d_optimizer.zero_grad()\n    loss = discriminator_loss(discriminator(real), discriminator(fake))\n"
     "    loss.backward()\n    d_optimizer.step()\n    return loss.item()",
     "    discriminator.zero_grad(set_to_none=True)\n"
     "    loss = discriminator_loss(discriminator(real), discriminator(fake))\n"
     "    loss.backward()\n    d_optimizer.step()\n    return float(loss)"),
    ("gan.discriminator_step", "discriminator_step", "G frozen with requires_grad_(False) and unfrozen "
     "after the step",
     PT_DSTEP,
     "    generator.train()\n    discriminator.train()\n    generator.requires_grad_(False)\n"
     "    d_optimizer.zero_grad()\n"
     "    loss = discriminator_loss(discriminator(real), discriminator(generator(z)))\n"
     "    loss.backward()\n    d_optimizer.step()\n    generator.requires_grad_(True)\n"
     "    return loss.item()"),
    ("gan.discriminator_step", "discriminator_step", "logits computed first, loss.detach().item()",
     "    loss = discriminator_loss(discriminator(real), discriminator(fake))\n"
     "    loss.backward()\n    d_optimizer.step()\n    return loss.item()",
     "    real_logits, fake_logits = discriminator(real), discriminator(fake)\n"
     "    loss = discriminator_loss(real_logits, fake_logits)\n"
     "    loss.backward()\n    d_optimizer.step()\n    return loss.detach().item()"),
    # gan.generator_step
    ("gan.generator_step", "generator_step", "D frozen with requires_grad_(False) during the step "
     "and unfrozen after",
     PT_GSTEP,
     "    generator.train()\n    discriminator.train()\n    discriminator.requires_grad_(False)\n"
     "    g_optimizer.zero_grad()\n    loss = generator_loss(discriminator(generator(z)))\n"
     "    loss.backward()\n    g_optimizer.step()\n    discriminator.requires_grad_(True)\n"
     "    return loss.item()"),
    ("gan.generator_step", "generator_step", "generator.zero_grad() and intermediate names",
     "    g_optimizer.zero_grad()\n    loss = generator_loss(discriminator(generator(z)))\n",
     "    generator.zero_grad()\n    fake = generator(z)\n    fake_logits = discriminator(fake)\n"
     "    loss = generator_loss(fake_logits)\n"),
    ("gan.generator_step", "generator_step", "zero_grad at the end of the step instead of the start",
     PT_GSTEP,
     "    generator.train()\n    discriminator.train()\n"
     "    loss = generator_loss(discriminator(generator(z)))\n"
     "    loss.backward()\n    g_optimizer.step()\n    g_optimizer.zero_grad()\n    return float(loss)"),
    ("gan.generator_step", "generator_step", "train() calls omitted (models are in train mode by "
     "default and nothing switches them)",
     "    generator.train()\n    discriminator.train()\n    g_optimizer.zero_grad()",
     "    g_optimizer.zero_grad()"),
]

# ============================================================================== Keras
KR_G_HIDDEN = ("            layers.Dense(128),  # (B, 128)\n"
               "            layers.LeakyReLU(negative_slope=0.2),  # Keras's default slope is 0.3\n"
               "            layers.Dense(256),  # (B, 256)\n            layers.LeakyReLU(negative_slope=0.2),"
               "\n"
               "            layers.Dense(512),  # (B, 512)\n            layers.LeakyReLU(negative_slope=0.2),"
               "\n")
KR_G_OUT = '            layers.Dense(pixels, activation="tanh"),  # (B, H*W*C) in [-1, 1], like the images\n'
KR_G_PIXELS = "pixels = int(np.prod(image_shape))"
KR_G_RESHAPE = "            layers.Reshape(self.image_shape),  # (B, H, W, C)\n"
KR_D_HIDDEN = ("            layers.Dense(512),  # (B, 512)\n            layers.LeakyReLU(negative_slope=0.2),"
               "\n"
               "            layers.Dense(256),  # (B, 256)\n            layers.LeakyReLU(negative_slope=0.2),"
               "\n"
               "            layers.Dense(1),  # (B, 1)")
KR_D_OUT = "            layers.Dense(1),  # (B, 1): a logit, no sigmoid (it lives in the loss)\n"
KR_D_CALL = "    def call(self, x):\n        ### BEGIN SOLUTION\n        return self.net(x)"
KR_DLOSS = ("real_loss = keras.losses.binary_crossentropy(keras.ops.ones_like(real_logits), real_logits,\n"
            "                                                 from_logits=True)  # (B,)\n"
            "    fake_loss = keras.losses.binary_crossentropy(keras.ops.zeros_like(fake_logits), fake_logits,"
            "\n"
            "                                                 from_logits=True)  # (B,)\n"
            "    return keras.ops.mean(real_loss) + keras.ops.mean(fake_loss)")
KR_DLOSS_RET = "    return keras.ops.mean(real_loss) + keras.ops.mean(fake_loss)"
KR_GLOSS = ("return keras.ops.mean(keras.losses.binary_crossentropy(\n"
            "        keras.ops.ones_like(fake_logits), fake_logits, from_logits=True))")
KR_DSTEP = ("    fake = generator(z, training=True)  # (B, H, W, C), made outside the tape: G is not trained"
            "\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = discriminator_loss(discriminator(real, training=True),\n"
            "                                  discriminator(fake, training=True))\n"
            "    gradients = tape.gradient(loss, discriminator.trainable_variables)\n"
            "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))"
            "\n"
            "    return loss\n")
KR_GSTEP = ("    with tf.GradientTape() as tape:\n"
            "        loss = generator_loss(discriminator(generator(z, training=True), training=True))\n"
            "    gradients = tape.gradient(loss, generator.trainable_variables)  # D's variables stay put\n"
            "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n"
            "    return loss\n")
KR_DSTEP_DECO = ("@tf.function\ndef discriminator_step(generator, discriminator, d_optimizer, real, z):")
KR_GSTEP_DECO = ("@tf.function\ndef generator_step(generator, discriminator, g_optimizer, z):")

KERAS_MUTANTS = [
    # ---------------------------------------------------------------- gan.generator
    ("gan.generator", "Generator", "layers.LeakyReLU() with Keras's default slope 0.3",
     KR_G_HIDDEN,
     KR_G_HIDDEN.replace("layers.LeakyReLU(negative_slope=0.2)", "layers.LeakyReLU()"), 3),
    ("gan.generator", "Generator", "activation missing between the 256 and 512 layers",
     "            layers.Dense(256),  # (B, 256)\n            layers.LeakyReLU(negative_slope=0.2),\n"
     "            layers.Dense(512),",
     "            layers.Dense(256),  # (B, 256)\n            layers.Dense(512),", 3),
    ("gan.generator", "Generator", "ReLU (Dense activation='relu') in the 512 layer only",
     "            layers.Dense(512),  # (B, 512)\n            layers.LeakyReLU(negative_slope=0.2),\n"
     "            layers.Dense(pixels",
     '            layers.Dense(512, activation="relu"),\n            layers.Dense(pixels', 3),
    ("gan.generator", "Generator", "tanh as the hidden activation of the 256 layer",
     "            layers.Dense(256),  # (B, 256)\n            layers.LeakyReLU(negative_slope=0.2),\n"
     "            layers.Dense(512),",
     '            layers.Dense(256, activation="tanh"),\n            layers.Dense(512),', 3),
    ("gan.generator", "Generator", "LeakyReLU between the output Dense and the tanh",
     KR_G_OUT,
     "            layers.Dense(pixels),\n            layers.LeakyReLU(negative_slope=0.2),\n"
     '            layers.Activation("tanh"),\n', 3),
    ("gan.generator", "Generator", "channels ignored: pixels = H*W (wrong for RGB images)",
     KR_G_PIXELS, "pixels = image_shape[0] * image_shape[1]", 2),
    ("gan.generator", "Generator", "pixel count hard-coded to 28*28",
     KR_G_PIXELS + "\n", "pixels = 28 * 28\n", 2),
    ("gan.generator", "Generator", "Reshape target hard-coded to (28, 28, 1)",
     KR_G_RESHAPE, "            layers.Reshape((28, 28, 1)),\n", 2),
    ("gan.generator", "Generator", "latent size hard-coded: keras.Input((100,)) in the Sequential",
     "        self.net = keras.Sequential([\n            layers.Dense(128),",
     "        self.net = keras.Sequential([\n            keras.Input((100,)),\n            "
     "layers.Dense(128),", 2),
    ("gan.generator", "Generator", "hidden sizes mirrored from D: 512 -> 256 -> 128",
     KR_G_HIDDEN,
     KR_G_HIDDEN.replace("Dense(128)", "Dense(X)").replace("Dense(512)", "Dense(128)").replace("Dense(X)",
     "Dense(512)"), 5),
    ("gan.generator", "Generator", "DCGAN habit: BatchNormalization after each hidden Dense",
     KR_G_HIDDEN,
     KR_G_HIDDEN.replace("            layers.LeakyReLU(",
                         "            layers.BatchNormalization(),\n            layers.LeakyReLU("), 5),
    ("gan.generator", "Generator", "no Reshape: returns the flat (B, H*W*C) vector",
     KR_G_RESHAPE, "", 6),
    # ------------------------------------------------------------ gan.discriminator
    ("gan.discriminator", "Discriminator", "layers.LeakyReLU() with Keras's default slope 0.3",
     KR_D_HIDDEN, KR_D_HIDDEN.replace("layers.LeakyReLU(negative_slope=0.2)", "layers.LeakyReLU()"), 3),
    ("gan.discriminator", "Discriminator", "activation missing between the 512 and 256 layers",
     "            layers.Flatten(),  # (B, H*W*C)\n"
     "            layers.Dense(512),  # (B, 512)\n            layers.LeakyReLU(negative_slope=0.2),\n",
     "            layers.Flatten(),  # (B, H*W*C)\n            layers.Dense(512),  # (B, 512)\n", 3),
    ("gan.discriminator", "Discriminator", "ReLU in the 256 layer only",
     "            layers.Dense(256),  # (B, 256)\n            layers.LeakyReLU(negative_slope=0.2),\n"
     "            layers.Dense(1),",
     '            layers.Dense(256, activation="relu"),\n            layers.Dense(1),', 3),
    ("gan.discriminator", "Discriminator", "LeakyReLU(0.2) also on the logit",
     KR_D_OUT, "            layers.Dense(1),\n            layers.LeakyReLU(negative_slope=0.2),\n", 3),
    ("gan.discriminator", "Discriminator", "tanh as the hidden activation of the 512 layer",
     "            layers.Flatten(),  # (B, H*W*C)\n"
     "            layers.Dense(512),  # (B, 512)\n            layers.LeakyReLU(negative_slope=0.2),\n",
     '            layers.Flatten(),  # (B, H*W*C)\n            layers.Dense(512, activation="tanh"),\n', 3),
    ("gan.discriminator", "Discriminator", "input shape hard-coded: keras.Input((28, 28, 1))",
     "            layers.Flatten(),  # (B, H*W*C)\n",
     "            keras.Input((28, 28, 1)),\n            layers.Flatten(),\n", 2),
    ("gan.discriminator", "Discriminator", "no Flatten: Dense applied per pixel",
     "            layers.Flatten(),  # (B, H*W*C)\n", "", 5),
    ("gan.discriminator", "Discriminator", "output Dense without bias",
     KR_D_OUT, "            layers.Dense(1, use_bias=False),\n", 5),
    ("gan.discriminator", "Discriminator", "returns (sigmoid(logit), logit)",
     KR_D_CALL,
     "    def call(self, x):\n        ### BEGIN SOLUTION\n        logits = self.net(x)\n"
     "        return keras.ops.sigmoid(logits), logits", 6),
    ("gan.discriminator", "Discriminator", "logits squeezed to shape (B,)",
     KR_D_CALL,
     "    def call(self, x):\n        ### BEGIN SOLUTION\n        return keras.ops.squeeze(self.net(x), -1)",
     6),
    # ------------------------------------------------------- gan.discriminator_loss
    ("gan.discriminator_loss", "discriminator_loss", "returns a Python float",
     KR_DLOSS_RET, "    return float(keras.ops.mean(real_loss) + keras.ops.mean(fake_loss))", 1),
    ("gan.discriminator_loss", "discriminator_loss", "wrapped in tf.stop_gradient: no gradient",
     KR_DLOSS_RET, "    return tf.stop_gradient(keras.ops.mean(real_loss) + keras.ops.mean(fake_loss))", 1),
    ("gan.discriminator_loss", "discriminator_loss", "fake term wrapped in tf.stop_gradient",
     KR_DLOSS_RET, "    return keras.ops.mean(real_loss) + tf.stop_gradient(keras.ops.mean(fake_loss))", 1),
    ("gan.discriminator_loss", "discriminator_loss", "computed in NumPy",
     KR_DLOSS,
     "r = keras.ops.convert_to_numpy(real_logits)\n    f = keras.ops.convert_to_numpy(fake_logits)\n"
     "    return np.logaddexp(0, -r).mean() + np.logaddexp(0, f).mean()", 1),
    ("gan.discriminator_loss", "discriminator_loss", "one BCE over the concatenated real+fake batch",
     KR_DLOSS,
     "logits = keras.ops.concatenate([real_logits, fake_logits], axis=0)\n"
     "    targets = keras.ops.concatenate([keras.ops.ones_like(real_logits),"
     " keras.ops.zeros_like(fake_logits)], axis=0)\n"
     "    return keras.ops.mean(keras.losses.binary_crossentropy(targets, logits, from_logits=True))", 1),
    ("gan.discriminator_loss", "discriminator_loss", "from_logits left at its default False: logits "
     "treated as probabilities",
     KR_DLOSS,
     "bce = keras.losses.BinaryCrossentropy()\n"
     "    return bce(keras.ops.ones_like(real_logits), real_logits) + "
     "bce(keras.ops.zeros_like(fake_logits), fake_logits)", 5),
    ("gan.discriminator_loss", "discriminator_loss", "label_smoothing=0.1 on the BCE",
     KR_DLOSS,
     "bce = keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)\n"
     "    return bce(keras.ops.ones_like(real_logits), real_logits) + "
     "bce(keras.ops.zeros_like(fake_logits), fake_logits)", 5),
    ("gan.discriminator_loss", "discriminator_loss", "summed and divided by a hard-coded batch size 64",
     KR_DLOSS_RET, "    return (keras.ops.sum(real_loss) + keras.ops.sum(fake_loss)) / 64", 2),
    ("gan.discriminator_loss", "discriminator_loss", "returns (loss, real part, fake part)",
     KR_DLOSS_RET,
     "    real_loss, fake_loss = keras.ops.mean(real_loss), keras.ops.mean(fake_loss)\n"
     "    return real_loss + fake_loss, real_loss, fake_loss", 6),
    # ---------------------------------------------------------- gan.generator_loss
    ("gan.generator_loss", "generator_loss", "returns a Python float",
     KR_GLOSS,
     "return float(keras.ops.mean(keras.losses.binary_crossentropy(\n"
     "        keras.ops.ones_like(fake_logits), fake_logits, from_logits=True)))", 1),
    ("gan.generator_loss", "generator_loss", "returns a NumPy value (.numpy())",
     KR_GLOSS,
     "return keras.ops.mean(keras.losses.binary_crossentropy(\n"
     "        keras.ops.ones_like(fake_logits), fake_logits, from_logits=True)).numpy()", 1),
    ("gan.generator_loss", "generator_loss", "wrapped in tf.stop_gradient",
     KR_GLOSS,
     "return tf.stop_gradient(keras.ops.mean(keras.losses.binary_crossentropy(\n"
     "        keras.ops.ones_like(fake_logits), fake_logits, from_logits=True)))", 1),
    ("gan.generator_loss", "generator_loss", "no mean: one loss per example",
     KR_GLOSS,
     "return keras.losses.binary_crossentropy(\n"
     "        keras.ops.ones_like(fake_logits), fake_logits, from_logits=True)", 1),
    ("gan.generator_loss", "generator_loss", "from_logits left at its default False",
     KR_GLOSS,
     "return keras.losses.BinaryCrossentropy()(keras.ops.ones_like(fake_logits), fake_logits)", 5),
    ("gan.generator_loss", "generator_loss", "smoothed target 0.9",
     KR_GLOSS,
     "return keras.ops.mean(keras.losses.binary_crossentropy(\n"
     "        keras.ops.full_like(fake_logits, 0.9), fake_logits, from_logits=True))", 5),
    ("gan.generator_loss", "generator_loss", "summed and divided by a hard-coded batch size 64",
     KR_GLOSS,
     "return keras.ops.sum(keras.losses.binary_crossentropy(\n"
     "        keras.ops.ones_like(fake_logits), fake_logits, from_logits=True)) / 64", 2),
    # ------------------------------------------------------ gan.discriminator_step
    ("gan.discriminator_step", "discriminator_step", "two optimizer steps: one on the real term, "
     "one on the fake term",
     KR_DSTEP,
     "    fake = generator(z, training=True)\n"
     "    with tf.GradientTape() as tape:\n"
     "        real_logits = discriminator(real, training=True)\n"
     "        real_loss = keras.ops.mean(keras.losses.binary_crossentropy(\n"
     "            keras.ops.ones_like(real_logits), real_logits, from_logits=True))\n"
     "    gradients = tape.gradient(real_loss, discriminator.trainable_variables)\n"
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables))\n"
     "    with tf.GradientTape() as tape:\n"
     "        fake_logits = discriminator(fake, training=True)\n"
     "        fake_loss = keras.ops.mean(keras.losses.binary_crossentropy(\n"
     "            keras.ops.zeros_like(fake_logits), fake_logits, from_logits=True))\n"
     "    gradients = tape.gradient(fake_loss, discriminator.trainable_variables)\n"
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables))\n"
     "    return real_loss + fake_loss\n", 4),
    ("gan.discriminator_step", "discriminator_step", "two optimizer steps (real term, then fake term); "
     "the reported loss is computed up front",
     KR_DSTEP,
     "    fake = generator(z, training=True)\n"
     "    loss = discriminator_loss(discriminator(real, training=True), discriminator(fake, training=True))\n"
     "    for batch, target in ((real, 1.0), (fake, 0.0)):\n"
     "        with tf.GradientTape() as tape:\n"
     "            logits = discriminator(batch, training=True)\n"
     "            term = keras.ops.mean(keras.losses.binary_crossentropy(\n"
     "                keras.ops.full_like(logits, target), logits, from_logits=True))\n"
     "        gradients = tape.gradient(term, discriminator.trainable_variables)\n"
     "        d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables))\n"
     "    return loss\n", 4),
    ("gan.discriminator_step", "discriminator_step", "D called with training=False while it is trained "
     "(wrong for DCGAN's BatchNorm, which reuses this step)",
     "        loss = discriminator_loss(discriminator(real, training=True),\n"
     "                                  discriminator(fake, training=True))",
     "        loss = discriminator_loss(discriminator(real, training=False),\n"
     "                                  discriminator(fake, training=False))", 4),
    ("gan.discriminator_step", "discriminator_step", "G frozen with generator.trainable = False and "
     "never unfrozen: the G step then has no variables",
     "    fake = generator(z, training=True)  # (B, H, W, C), made outside the tape: G is not trained\n",
     "    generator.trainable = False  # freeze G while D trains\n    fake = generator(z, training=True)\n",
     4),
    ("gan.discriminator_step", "discriminator_step", "wrong network updated: G's gradients applied "
     "with d_optimizer",
     "    gradients = tape.gradient(loss, discriminator.trainable_variables)\n"
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n",
     "    gradients = tape.gradient(loss, generator.trainable_variables)\n"
     "    d_optimizer.apply_gradients(zip(gradients, generator.trainable_variables))\n", 4),
    ("gan.discriminator_step", "discriminator_step", "fake logits wrapped in tf.stop_gradient "
     "instead of the fakes",
     "                                  discriminator(fake, training=True))",
     "                                  tf.stop_gradient(discriminator(fake, training=True)))", 4),
    ("gan.discriminator_step", "discriminator_step", "loss computed outside the tape",
     "    with tf.GradientTape() as tape:\n"
     "        loss = discriminator_loss(discriminator(real, training=True),\n"
     "                                  discriminator(fake, training=True))\n"
     "    gradients = tape.gradient(loss, discriminator.trainable_variables)\n",
     "    loss = discriminator_loss(discriminator(real, training=True),\n"
     "                              discriminator(fake, training=True))\n"
     "    with tf.GradientTape() as tape:\n"
     "        gradients = tape.gradient(loss, discriminator.trainable_variables)\n", 4),
    ("gan.discriminator_step", "discriminator_step", "gradients applied twice (apply_gradients "
     "called once per term)",
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n",
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n"
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n", 4),
    ("gan.discriminator_step", "discriminator_step", "returns float(loss) inside the tf.function",
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n"
     "    return loss\n",
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n"
     "    return float(loss)\n", 6),
    ("gan.discriminator_step", "discriminator_step", "returns a dict of metrics",
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n"
     "    return loss\n",
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n"
     '    return {"loss_D": loss}\n', 6),
    # ---------------------------------------------------------- gan.generator_step
    ("gan.generator_step", "generator_step", "D frozen with discriminator.trainable = False and never "
     "unfrozen: the next D step has no variables",
     "    with tf.GradientTape() as tape:\n"
     "        loss = generator_loss(discriminator(generator(z, training=True), training=True))\n",
     "    discriminator.trainable = False  # only G learns here\n"
     "    with tf.GradientTape() as tape:\n"
     "        loss = generator_loss(discriminator(generator(z, training=True), training=True))\n", 4),
    ("gan.generator_step", "generator_step", "G called with training=False while it is trained",
     "loss = generator_loss(discriminator(generator(z, training=True), training=True))",
     "loss = generator_loss(discriminator(generator(z, training=False), training=True))", 4),
    ("gan.generator_step", "generator_step", "samples its own noise instead of the z given",
     "loss = generator_loss(discriminator(generator(z, training=True), training=True))",
     "loss = generator_loss(discriminator(generator(keras.random.normal(keras.ops.shape(z)), "
     "training=True), training=True))", 4),
    ("gan.generator_step", "generator_step", "wrong network updated: D's gradients applied",
     "    gradients = tape.gradient(loss, generator.trainable_variables)  # D's variables stay put\n"
     "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n",
     "    gradients = tape.gradient(loss, discriminator.trainable_variables)\n"
     "    g_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables))\n", 4),
    ("gan.generator_step", "generator_step", "both networks' variables updated with g_optimizer",
     "    gradients = tape.gradient(loss, generator.trainable_variables)  # D's variables stay put\n"
     "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n",
     "    variables = generator.trainable_variables + discriminator.trainable_variables\n"
     "    gradients = tape.gradient(loss, variables)\n"
     "    g_optimizer.apply_gradients(zip(gradients, variables))\n", 4),
    ("gan.generator_step", "generator_step", "gradients applied twice",
     "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n",
     "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n"
     "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n", 4),
    ("gan.generator_step", "generator_step", "latent size hard-coded: fresh noise of 100 dimensions",
     "loss = generator_loss(discriminator(generator(z, training=True), training=True))",
     "loss = generator_loss(discriminator(generator(keras.random.normal((keras.ops.shape(z)[0], 100)), "
     "training=True), training=True))", 2),
    ("gan.generator_step", "generator_step", "returns loss.numpy() inside the tf.function",
     "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n"
     "    return loss\n",
     "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n"
     "    return loss.numpy()\n", 6),
]

KERAS_VARIANTS = [
    # gan.generator
    ("gan.generator", "Generator", "layers.LeakyReLU(0.2): Keras 3's positional negative_slope",
     KR_G_HIDDEN, KR_G_HIDDEN.replace("layers.LeakyReLU(negative_slope=0.2)", "layers.LeakyReLU(0.2)")),
    ("gan.generator", "Generator", "Dense(..., activation='leaky_relu'): keras.activations.leaky_relu "
     "defaults to 0.2",
     KR_G_HIDDEN,
     '            layers.Dense(128, activation="leaky_relu"),\n'
     '            layers.Dense(256, activation="leaky_relu"),\n'
     '            layers.Dense(512, activation="leaky_relu"),\n'),
    ("gan.generator", "Generator", "deprecated LeakyReLU(alpha=0.2) (still honoured, with a warning)",
     KR_G_HIDDEN, KR_G_HIDDEN.replace("layers.LeakyReLU(negative_slope=0.2)", "layers.LeakyReLU(alpha=0.2)")),
    ("gan.generator", "Generator", "separate tanh Activation layer",
     KR_G_OUT, '            layers.Dense(pixels),\n            layers.Activation("tanh"),\n'),
    ("gan.generator", "Generator", "layers as attributes, keras.ops.leaky_relu in call()",
     "        self.net = keras.Sequential([\n" + KR_G_HIDDEN + KR_G_OUT + KR_G_RESHAPE + "        ])\n"
     "        ### END SOLUTION\n        self(keras.Input((latent_dim,)))  # a symbolic call creates the "
     "weights right away\n\n    def call(self, z):\n        ### BEGIN SOLUTION\n        return self.net(z)",
     "        self.fc1 = layers.Dense(128)\n        self.fc2 = layers.Dense(256)\n"
     "        self.fc3 = layers.Dense(512)\n        self.fc4 = layers.Dense(pixels)\n"
     "        ### END SOLUTION\n        self(keras.Input((latent_dim,)))\n\n    def call(self, z):\n"
     "        ### BEGIN SOLUTION\n        h = keras.ops.leaky_relu(self.fc1(z), negative_slope=0.2)\n"
     "        h = keras.ops.leaky_relu(self.fc2(h), negative_slope=0.2)\n"
     "        h = keras.ops.leaky_relu(self.fc3(h), negative_slope=0.2)\n"
     "        return keras.ops.reshape(keras.ops.tanh(self.fc4(h)), (-1, *self.image_shape))"),
    # gan.discriminator
    ("gan.generator", "Generator", "keras.Input((latent_dim,)) at the head of the Sequential",
     "        self.net = keras.Sequential([\n            layers.Dense(128),",
     "        self.net = keras.Sequential([\n            keras.Input((latent_dim,)),\n"
     "            layers.Dense(128),"),
    ("gan.discriminator", "Discriminator", "layers.LeakyReLU(0.2) positional",
     KR_D_HIDDEN, KR_D_HIDDEN.replace("layers.LeakyReLU(negative_slope=0.2)", "layers.LeakyReLU(0.2)")),
    ("gan.discriminator", "Discriminator", "Reshape((-1,)) instead of Flatten",
     "            layers.Flatten(),  # (B, H*W*C)\n", "            layers.Reshape((-1,)),\n"),
    ("gan.discriminator", "Discriminator", "Dense(..., activation='leaky_relu') and activation='linear' "
     "on the logit",
     KR_D_HIDDEN,
     '            layers.Dense(512, activation="leaky_relu"),\n'
     '            layers.Dense(256, activation="leaky_relu"),\n'
     '            layers.Dense(1, activation="linear"),  # (B, 1)'),
    ("gan.discriminator", "Discriminator", "layers as attributes, keras.ops.leaky_relu in call()",
     "        self.net = keras.Sequential([\n            layers.Flatten(),  # (B, H*W*C)\n" + KR_D_HIDDEN
     + ": a logit, no sigmoid (it lives in the loss)\n        ])\n        ### END SOLUTION\n"
     "        self(keras.Input(self.image_shape))\n\n" + KR_D_CALL,
     "        self.flatten = layers.Flatten()\n        self.fc1 = layers.Dense(512)\n"
     "        self.fc2 = layers.Dense(256)\n        self.fc3 = layers.Dense(1)\n"
     "        ### END SOLUTION\n        self(keras.Input(self.image_shape))\n\n"
     "    def call(self, x):\n        ### BEGIN SOLUTION\n"
     "        h = keras.ops.leaky_relu(self.fc1(self.flatten(x)), 0.2)\n"
     "        h = keras.ops.leaky_relu(self.fc2(h), 0.2)\n        return self.fc3(h)"),
    # gan.discriminator_loss
    ("gan.discriminator", "Discriminator", "keras.Input(image_shape) at the head of the Sequential",
     "            layers.Flatten(),  # (B, H*W*C)\n",
     "            keras.Input(self.image_shape),\n            layers.Flatten(),\n"),
    ("gan.discriminator_loss", "discriminator_loss", "keras.losses.BinaryCrossentropy(from_logits=True) "
     "object",
     KR_DLOSS,
     "bce = keras.losses.BinaryCrossentropy(from_logits=True)\n"
     "    return bce(keras.ops.ones_like(real_logits), real_logits) + "
     "bce(keras.ops.zeros_like(fake_logits), fake_logits)"),
    ("gan.discriminator_loss", "discriminator_loss", "tf.nn.sigmoid_cross_entropy_with_logits + reduce_mean",
     KR_DLOSS,
     "real_loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(real_logits), logits=real_logit"
     "s)\n"
     "    fake_loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros_like(fake_logits), logits=fake_"
     "logits)\n"
     "    return tf.reduce_mean(real_loss) + tf.reduce_mean(fake_loss)"),
    ("gan.discriminator_loss", "discriminator_loss", "softplus form with keras.ops",
     KR_DLOSS,
     "return keras.ops.mean(keras.ops.softplus(-real_logits)) + keras.ops.mean(keras.ops.softplus(fake_logits"
     "))"),
    ("gan.discriminator_loss", "discriminator_loss", "keras.ops.binary_crossentropy (elementwise) + mean",
     KR_DLOSS,
     "real_loss = keras.ops.binary_crossentropy(keras.ops.ones_like(real_logits), real_logits, from_logits=Tr"
     "ue)\n"
     "    fake_loss = keras.ops.binary_crossentropy(keras.ops.zeros_like(fake_logits), fake_logits, from_logi"
     "ts=True)\n"
     "    return keras.ops.mean(real_loss) + keras.ops.mean(fake_loss)"),
    # gan.generator_loss
    ("gan.generator_loss", "generator_loss", "BinaryCrossentropy(from_logits=True) object",
     KR_GLOSS, "return keras.losses.BinaryCrossentropy(from_logits=True)(keras.ops.ones_like(fake_logits), fa"
               "ke_logits)"),
    ("gan.generator_loss", "generator_loss", "tf.nn.sigmoid_cross_entropy_with_logits + reduce_mean",
     KR_GLOSS,
     "return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(fake_logits), "
     "logits=fake_logits))"),
    ("gan.generator_loss", "generator_loss", "softplus form",
     KR_GLOSS, "return keras.ops.mean(keras.ops.softplus(-fake_logits))"),
    ("gan.generator_loss", "generator_loss", "-mean(log_sigmoid)",
     KR_GLOSS, "return -keras.ops.mean(keras.ops.log_sigmoid(fake_logits))"),
    # gan.discriminator_step
    ("gan.discriminator_step", "discriminator_step", "fakes made inside the tape, gradients taken for "
     "D's variables only",
     KR_DSTEP,
     "    with tf.GradientTape() as tape:\n        fake = generator(z, training=True)\n"
     "        loss = discriminator_loss(discriminator(real, training=True),\n"
     "                                  discriminator(fake, training=True))\n"
     "    gradients = tape.gradient(loss, discriminator.trainable_variables)\n"
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables))\n"
     "    return loss\n"),
    ("gan.discriminator_step", "discriminator_step", "tf.stop_gradient on the fakes inside the tape",
     KR_DSTEP,
     "    with tf.GradientTape() as tape:\n        fake = tf.stop_gradient(generator(z, training=True))\n"
     "        real_logits = discriminator(real, training=True)\n"
     "        fake_logits = discriminator(fake, training=True)\n"
     "        loss = discriminator_loss(real_logits, fake_logits)\n"
     "    gradients = tape.gradient(loss, discriminator.trainable_weights)\n"
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_weights))\n"
     "    return loss\n"),
    ("gan.discriminator_step", "discriminator_step", "Keras 3 optimizer.apply(grads, variables)",
     "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n",
     "    d_optimizer.apply(gradients, discriminator.trainable_variables)\n"),
    ("gan.discriminator_step", "discriminator_step", "no @tf.function (eager step)",
     KR_DSTEP_DECO, "def discriminator_step(generator, discriminator, d_optimizer, real, z):"),
    # gan.generator_step
    ("gan.generator_step", "generator_step", "Keras 3 optimizer.apply(grads, variables)",
     "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n",
     "    g_optimizer.apply(gradients, generator.trainable_variables)\n"),
    ("gan.generator_step", "generator_step", "no @tf.function (eager step)",
     KR_GSTEP_DECO, "def generator_step(generator, discriminator, g_optimizer, z):"),
    ("gan.generator_step", "generator_step", "intermediate names, trainable_weights",
     KR_GSTEP,
     "    with tf.GradientTape() as tape:\n        fake = generator(z, training=True)\n"
     "        fake_logits = discriminator(fake, training=True)\n        loss = generator_loss(fake_logits)\n"
     "    gradients = tape.gradient(loss, generator.trainable_weights)\n"
     "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_weights))\n"
     "    return loss\n"),
    ("gan.generator_step", "generator_step", "GradientTape(persistent=False) spelled out",
     "    with tf.GradientTape() as tape:\n"
     "        loss = generator_loss(discriminator(generator(z, training=True), training=True))\n",
     "    with tf.GradientTape(persistent=False) as tape:\n"
     "        loss = generator_loss(discriminator(generator(z, training=True), training=True))\n"),
]

# ============================================================================ Chainer
CH_G_FORWARD = ("h = F.leaky_relu(self.fc1(z), slope=0.2)  # (B, 128)\n"
                "        h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)\n"
                "        h = F.leaky_relu(self.fc3(h), slope=0.2)  # (B, 512)\n"
                "        h = F.tanh(self.fc4(h))  # (B, C*H*W) in [-1, 1], like the training images\n"
                "        return F.reshape(h, (-1, *self.image_shape))  # (B, C, H, W)")
CH_G_PIXELS = ("pixels = int(np.prod(image_shape))\n        with self.init_scope():\n"
               "            self.fc1 = L.Linear(latent_dim, 128)")
CH_D_PIXELS = ("pixels = int(np.prod(image_shape))\n        with self.init_scope():\n"
               "            self.fc1 = L.Linear(pixels, 512)")
CH_D_FORWARD = ("h = F.leaky_relu(self.fc1(x), slope=0.2)  # (B, 512); L.Linear flattens (B, C, H, W)\n"
                "        h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)\n"
                "        return self.fc3(h)  # (B, 1): a logit, no sigmoid (it lives in the loss)")
CH_DLOSS = "return F.mean(F.softplus(-real_logits)) + F.mean(F.softplus(fake_logits))"
CH_GLOSS = "return F.mean(F.softplus(-fake_logits))"
CH_DSTEP = ("    with chainer.using_config(\"train\", True):\n"
            "        fake = generator(z).array  # (B, C, H, W), a plain array: D's loss cannot reach G\n"
            "        loss = discriminator_loss(discriminator(real), discriminator(fake))\n"
            "    discriminator.cleargrads()\n    loss.backward()\n    d_optimizer.update()\n"
            "    return float(loss.array)\n")
CH_GSTEP = ("    with chainer.using_config(\"train\", True):\n"
            "        loss = generator_loss(discriminator(generator(z)))\n"
            "    generator.cleargrads()\n"
            "    loss.backward()  # also fills D's gradients; the next discriminator_step clears them first\n"
            "    g_optimizer.update()  # only G's parameters move\n    return float(loss.array)\n")

CHAINER_MUTANTS = [
    # ---------------------------------------------------------------- gan.generator
    ("gan.generator", "Generator", "activation missing between the 256 and 512 layers",
     "h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)\n        h = F.leaky_relu(self.fc3(h), slope=0.2) "
     " # (B, 512)",
     "h = self.fc2(h)  # (B, 256)\n        h = F.leaky_relu(self.fc3(h), slope=0.2)  # (B, 512)", 3),
    ("gan.generator", "Generator", "ReLU in the first (128) layer only",
     "h = F.leaky_relu(self.fc1(z), slope=0.2)  # (B, 128)", "h = F.relu(self.fc1(z))  # (B, 128)", 3),
    ("gan.generator", "Generator", "slope 0.01 (PyTorch's default carried over) instead of 0.2",
     CH_G_FORWARD, CH_G_FORWARD.replace("slope=0.2", "slope=0.01"), 3),
    ("gan.generator", "Generator", "tanh as the hidden activation of the 256 layer",
     "h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)\n        h = F.leaky_relu(self.fc3(h), slope=0.2) "
     " # (B, 512)",
     "h = F.tanh(self.fc2(h))  # (B, 256)\n        h = F.leaky_relu(self.fc3(h), slope=0.2)  # (B, 512)", 3),
    ("gan.generator", "Generator", "leaky_relu also on the output layer, before the tanh",
     "h = F.tanh(self.fc4(h))", "h = F.tanh(F.leaky_relu(self.fc4(h), slope=0.2))", 3),
    ("gan.generator", "Generator", "F.clip(-1, 1) instead of tanh (zero gradient outside [-1, 1])",
     "h = F.tanh(self.fc4(h))", "h = F.clip(self.fc4(h), -1.0, 1.0)", 3),
    ("gan.generator", "Generator", "channels ignored: pixels = H*W (wrong for RGB images)",
     CH_G_PIXELS,
     "pixels = image_shape[1] * image_shape[2]\n        with self.init_scope():\n"
     "            self.fc1 = L.Linear(latent_dim, 128)", 2),
    ("gan.generator", "Generator", "image size hard-coded to 28*28",
     CH_G_PIXELS,
     "pixels = 784\n        with self.init_scope():\n            self.fc1 = L.Linear(latent_dim, 128)", 2),
    ("gan.generator", "Generator", "hidden sizes mirrored from D: 512 -> 256 -> 128",
     "            self.fc1 = L.Linear(latent_dim, 128)\n            self.fc2 = L.Linear(128, 256)\n"
     "            self.fc3 = L.Linear(256, 512)\n            self.fc4 = L.Linear(512, pixels)",
     "            self.fc1 = L.Linear(latent_dim, 512)\n            self.fc2 = L.Linear(512, 256)\n"
     "            self.fc3 = L.Linear(256, 128)\n            self.fc4 = L.Linear(128, pixels)", 5),
    ("gan.generator", "Generator", "output layer without bias (nobias=True)",
     "self.fc4 = L.Linear(512, pixels)", "self.fc4 = L.Linear(512, pixels, nobias=True)", 5),
    ("gan.generator", "Generator", "returns the flat (B, C*H*W) output, not reshaped",
     "        return F.reshape(h, (-1, *self.image_shape))  # (B, C, H, W)", "        return h", 6),
    # ------------------------------------------------------------ gan.discriminator
    ("gan.discriminator", "Discriminator", "activation missing between the 512 and 256 layers",
     "h = F.leaky_relu(self.fc1(x), slope=0.2)  # (B, 512); L.Linear flattens (B, C, H, W)",
     "h = self.fc1(x)  # (B, 512)", 3),
    ("gan.discriminator", "Discriminator", "ReLU in the 256 layer only",
     "h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)\n        return self.fc3(h)",
     "h = F.relu(self.fc2(h))  # (B, 256)\n        return self.fc3(h)", 3),
    ("gan.discriminator", "Discriminator", "slope 0.01 (PyTorch's default) instead of 0.2",
     CH_D_FORWARD, CH_D_FORWARD.replace("slope=0.2", "slope=0.01"), 3),
    ("gan.discriminator", "Discriminator", "leaky_relu also applied to the logit",
     "return self.fc3(h)  # (B, 1)", "return F.leaky_relu(self.fc3(h), slope=0.2)  # (B, 1)", 3),
    ("gan.discriminator", "Discriminator", "tanh as the hidden activation of the 512 layer",
     "h = F.leaky_relu(self.fc1(x), slope=0.2)  # (B, 512); L.Linear flattens (B, C, H, W)",
     "h = F.tanh(self.fc1(x))  # (B, 512)", 3),
    ("gan.discriminator", "Discriminator", "channels ignored: pixels = H*W (wrong for RGB images)",
     CH_D_PIXELS,
     "pixels = image_shape[1] * image_shape[2]\n        with self.init_scope():\n"
     "            self.fc1 = L.Linear(pixels, 512)", 2),
    ("gan.discriminator", "Discriminator", "input size hard-coded to 28*28",
     CH_D_PIXELS,
     "pixels = 28 * 28\n        with self.init_scope():\n            self.fc1 = L.Linear(pixels, 512)", 2),
    ("gan.discriminator", "Discriminator", "output layer without bias",
     "self.fc3 = L.Linear(256, 1)", "self.fc3 = L.Linear(256, 1, nobias=True)", 5),
    ("gan.discriminator", "Discriminator", "returns (sigmoid(logit), logit)",
     "return self.fc3(h)  # (B, 1)",
     "logits = self.fc3(h)\n        return F.sigmoid(logits), logits  # (B, 1)", 6),
    ("gan.discriminator", "Discriminator", "logits flattened to shape (B,)",
     "return self.fc3(h)  # (B, 1)", "return F.flatten(self.fc3(h))  # (B, 1)", 6),
    # ------------------------------------------------------- gan.discriminator_loss
    ("gan.discriminator_loss", "discriminator_loss", "returns the raw array (.array): no gradient",
     CH_DLOSS, "return (F.mean(F.softplus(-real_logits)) + F.mean(F.softplus(fake_logits))).array", 1),
    ("gan.discriminator_loss", "discriminator_loss", "returns a Python float",
     CH_DLOSS, "return float((F.mean(F.softplus(-real_logits)) + F.mean(F.softplus(fake_logits))).array)", 1),
    ("gan.discriminator_loss", "discriminator_loss", "fake term taken as .array: no gradient from it",
     CH_DLOSS, "return F.mean(F.softplus(-real_logits)) + F.mean(F.softplus(fake_logits)).array", 1),
    ("gan.discriminator_loss", "discriminator_loss", "computed in NumPy/CuPy with logaddexp",
     CH_DLOSS,
     "xp = chainer.backend.get_array_module(real_logits)\n"
     "    r = chainer.as_array(real_logits)\n    f = chainer.as_array(fake_logits)\n"
     "    return xp.logaddexp(0, -r).mean() + xp.logaddexp(0, f).mean()", 1),
    ("gan.discriminator_loss", "discriminator_loss", "one mean over the concatenated real+fake batch",
     CH_DLOSS,
     "return F.mean(F.concat([F.softplus(-real_logits), F.softplus(fake_logits)], axis=0))", 1),
    ("gan.discriminator_loss", "discriminator_loss", "sigmoid_cross_entropy with reduce='no': not a scalar",
     CH_DLOSS,
     "xp = chainer.backend.get_array_module(real_logits)\n"
     "    return (F.sigmoid_cross_entropy(real_logits, xp.ones(real_logits.shape, np.int32), reduce='no')\n"
     "            + F.sigmoid_cross_entropy(fake_logits, xp.zeros(fake_logits.shape, np.int32), "
     "reduce='no'))", 1),
    ("gan.discriminator_loss", "discriminator_loss", "hand-written softplus log(1 + exp(x)) overflows",
     CH_DLOSS, "return F.mean(F.log1p(F.exp(-real_logits))) + F.mean(F.log1p(F.exp(fake_logits)))", 5),
    ("gan.discriminator_loss", "discriminator_loss", "one-sided label smoothing: real target 0.9",
     CH_DLOSS,
     "return F.mean(F.softplus(real_logits) - 0.9 * real_logits) + F.mean(F.softplus(fake_logits))", 5),
    ("gan.discriminator_loss", "discriminator_loss", "summed and divided by a hard-coded batch size 64",
     CH_DLOSS, "return (F.sum(F.softplus(-real_logits)) + F.sum(F.softplus(fake_logits))) / 64", 2),
    ("gan.discriminator_loss", "discriminator_loss", "returns (loss, real part, fake part)",
     CH_DLOSS,
     "real_loss, fake_loss = F.mean(F.softplus(-real_logits)), F.mean(F.softplus(fake_logits))\n"
     "    return real_loss + fake_loss, real_loss, fake_loss", 6),
    # ---------------------------------------------------------- gan.generator_loss
    ("gan.generator_loss", "generator_loss", "returns the raw array (.array)",
     CH_GLOSS, "return F.mean(F.softplus(-fake_logits)).array", 1),
    ("gan.generator_loss", "generator_loss", "returns a Python float",
     CH_GLOSS, "return float(F.mean(F.softplus(-fake_logits)).array)", 1),
    ("gan.generator_loss", "generator_loss", "computed in NumPy/CuPy",
     CH_GLOSS,
     "xp = chainer.backend.get_array_module(fake_logits)\n"
     "    return xp.logaddexp(0, -chainer.as_array(fake_logits)).mean()", 1),
    ("gan.generator_loss", "generator_loss", "no mean: one loss per example",
     CH_GLOSS, "return F.softplus(-fake_logits)", 1),
    ("gan.generator_loss", "generator_loss", "hand-written log(1 + exp(-x)) overflows",
     CH_GLOSS, "return F.mean(F.log(1 + F.exp(-fake_logits)))", 5),
    ("gan.generator_loss", "generator_loss", "summed and divided by a hard-coded batch size 64",
     CH_GLOSS, "return F.sum(F.softplus(-fake_logits)) / 64", 2),
    ("gan.generator_loss", "generator_loss", "smoothed target 0.9",
     CH_GLOSS, "return F.mean(F.softplus(fake_logits) - 0.9 * fake_logits)", 5),
    # ------------------------------------------------------ gan.discriminator_step
    ("gan.discriminator_step", "discriminator_step", "two optimizer updates: one on the real term, "
     "one on the fake term",
     CH_DSTEP,
     "    with chainer.using_config(\"train\", True):\n        fake = generator(z).array\n"
     "        real_loss = F.mean(F.softplus(-discriminator(real)))\n"
     "    discriminator.cleargrads()\n    real_loss.backward()\n    d_optimizer.update()\n"
     "    with chainer.using_config(\"train\", True):\n"
     "        fake_loss = F.mean(F.softplus(discriminator(fake)))\n"
     "    discriminator.cleargrads()\n    fake_loss.backward()\n    d_optimizer.update()\n"
     "    return float(real_loss.array + fake_loss.array)\n", 4),
    ("gan.discriminator_step", "discriminator_step", "two optimizer updates (real term, then fake term); "
     "the reported loss is computed up front",
     CH_DSTEP,
     "    with chainer.using_config(\"train\", True):\n        fake = generator(z).array\n"
     "        loss = discriminator_loss(discriminator(real), discriminator(fake))\n"
     "        for term in (F.mean(F.softplus(-discriminator(real))), F.mean(F.softplus(discriminator(fake))))"
     ":\n"
     "            discriminator.cleargrads()\n            term.backward()\n            d_optimizer.update()\n"
     "    return float(loss.array)\n", 4),
    ("gan.discriminator_step", "discriminator_step", "run with train=False (wrong for DCGAN's "
     "BatchNormalization, which reuses this step)",
     "    with chainer.using_config(\"train\", True):\n        fake = generator(z).array",
     "    with chainer.using_config(\"train\", False):\n        fake = generator(z).array", 4),
    ("gan.discriminator_step", "discriminator_step", "G frozen with disable_update() and never "
     "re-enabled: the next G step updates nothing",
     "        fake = generator(z).array  # (B, C, H, W), a plain array: D's loss cannot reach G\n",
     "        generator.disable_update()  # G must not move in D's step\n        fake = "
     "generator(z).array\n", 4),
    ("gan.discriminator_step", "discriminator_step", "cleargrads after backward: nothing to apply",
     "    discriminator.cleargrads()\n    loss.backward()\n    d_optimizer.update()\n",
     "    loss.backward()\n    discriminator.cleargrads()\n    d_optimizer.update()\n", 4),
    ("gan.discriminator_step", "discriminator_step", "samples its own noise instead of the z given",
     "fake = generator(z).array",
     "fake = generator(generator.xp.random.standard_normal(z.shape).astype(np.float32)).array", 4),
    ("gan.discriminator_step", "discriminator_step", "fake logits cut (.array) instead of the fakes",
     "loss = discriminator_loss(discriminator(real), discriminator(fake))",
     "loss = discriminator_loss(discriminator(real), discriminator(fake).array)", 4),
    ("gan.discriminator_step", "discriminator_step", "update() before backward()",
     "    discriminator.cleargrads()\n    loss.backward()\n    d_optimizer.update()\n",
     "    discriminator.cleargrads()\n    d_optimizer.update()\n    loss.backward()\n", 4),
    ("gan.discriminator_step", "discriminator_step", "returns the Variable with its graph (kept alive "
     "and summed by fit_gan)",
     "    d_optimizer.update()\n    return float(loss.array)\n",
     "    d_optimizer.update()\n    return loss\n", 6),
    ("gan.discriminator_step", "discriminator_step", "returns (loss, mean D(real))",
     "    d_optimizer.update()\n    return float(loss.array)\n",
     "    d_optimizer.update()\n    return float(loss.array), float(F.mean(F.sigmoid(discriminator(real))).ar"
     "ray)\n", 6),
    # ---------------------------------------------------------- gan.generator_step
    ("gan.generator_step", "generator_step", "D frozen with disable_update() and never re-enabled: "
     "the next D step updates nothing",
     "    generator.cleargrads()\n    loss.backward()  # also",
     "    generator.cleargrads()\n    discriminator.disable_update()\n    loss.backward()  # also", 4),
    ("gan.generator_step", "generator_step", "run with train=False",
     "    with chainer.using_config(\"train\", True):\n        loss = generator_loss(discriminator(generator("
     "z)))",
     "    with chainer.using_config(\"train\", False):\n        loss = generator_loss(discriminator(generator"
     "(z)))", 4),
    ("gan.generator_step", "generator_step", "gradients of the wrong network cleared "
     "(discriminator.cleargrads()): G's accumulate",
     "    generator.cleargrads()\n    loss.backward()",
     "    discriminator.cleargrads()\n    loss.backward()", 4),
    ("gan.generator_step", "generator_step", "samples its own noise instead of the z given",
     "loss = generator_loss(discriminator(generator(z)))",
     "loss = generator_loss(discriminator(generator(\n"
     "            generator.xp.random.standard_normal(z.shape).astype(np.float32))))", 4),
    ("gan.generator_step", "generator_step", "forward in no_backprop_mode to keep D fixed",
     "    with chainer.using_config(\"train\", True):\n        loss = generator_loss(discriminator(generator("
     "z)))",
     "    with chainer.using_config(\"train\", True), chainer.no_backprop_mode():\n"
     "        loss = generator_loss(discriminator(generator(z)))", 4),
    ("gan.generator_step", "generator_step", "two updates on the same gradients",
     "    g_optimizer.update()  # only G's parameters move\n",
     "    g_optimizer.update()\n    g_optimizer.update()\n", 4),
    ("gan.generator_step", "generator_step", "latent size hard-coded: fresh noise of 100 dimensions",
     "loss = generator_loss(discriminator(generator(z)))",
     "loss = generator_loss(discriminator(generator(\n"
     "            generator.xp.random.standard_normal((len(z), 100)).astype(np.float32))))", 2),
    ("gan.generator_step", "generator_step", "returns the Variable with its graph",
     "    g_optimizer.update()  # only G's parameters move\n    return float(loss.array)\n",
     "    g_optimizer.update()\n    return loss\n", 6),
]

CHAINER_VARIANTS = [
    # gan.generator
    ("gan.generator", "Generator", "F.leaky_relu's default slope (0.2 in Chainer)",
     CH_G_FORWARD, CH_G_FORWARD.replace(", slope=0.2", "")),
    ("gan.generator", "Generator", "positional slope and reshape with len(z)",
     CH_G_FORWARD,
     "h = F.leaky_relu(self.fc1(z), 0.2)\n        h = F.leaky_relu(self.fc2(h), 0.2)\n"
     "        h = F.leaky_relu(self.fc3(h), 0.2)\n"
     "        return F.tanh(self.fc4(h)).reshape((len(z),) + self.image_shape)"),
    ("gan.generator", "Generator", "first layer sized from self.latent_dim",
     "self.fc1 = L.Linear(latent_dim, 128)", "self.fc1 = L.Linear(self.latent_dim, 128)"),
    ("gan.generator", "Generator", "chainer.Sequential of links and functions",
     "            self.fc1 = L.Linear(latent_dim, 128)\n            self.fc2 = L.Linear(128, 256)\n"
     "            self.fc3 = L.Linear(256, 512)\n            self.fc4 = L.Linear(512, pixels)\n"
     "        ### END SOLUTION\n        glorot_init(self)\n\n    def forward(self, z):\n"
     "        ### BEGIN SOLUTION\n        " + CH_G_FORWARD,
     "            self.net = chainer.Sequential(\n"
     "                L.Linear(latent_dim, 128), lambda h: F.leaky_relu(h, 0.2),\n"
     "                L.Linear(128, 256), lambda h: F.leaky_relu(h, 0.2),\n"
     "                L.Linear(256, 512), lambda h: F.leaky_relu(h, 0.2),\n"
     "                L.Linear(512, pixels), F.tanh)\n"
     "        ### END SOLUTION\n        glorot_init(self)\n\n    def forward(self, z):\n"
     "        ### BEGIN SOLUTION\n        return F.reshape(self.net(z), (-1, *self.image_shape))"),
    # gan.discriminator
    ("gan.discriminator", "Discriminator", "F.leaky_relu's default slope (0.2 in Chainer)",
     CH_D_FORWARD, CH_D_FORWARD.replace(", slope=0.2", "")),
    ("gan.discriminator", "Discriminator", "explicit flatten with F.reshape",
     "h = F.leaky_relu(self.fc1(x), slope=0.2)",
     "h = F.leaky_relu(self.fc1(F.reshape(x, (len(x), -1))), slope=0.2)"),
    ("gan.discriminator", "Discriminator", "Variable.reshape flatten and positional slope",
     CH_D_FORWARD,
     "x = chainer.as_variable(x).reshape(len(x), -1)\n        h = F.leaky_relu(self.fc1(x), 0.2)\n"
     "        h = F.leaky_relu(self.fc2(h), 0.2)\n        return self.fc3(h)"),
    ("gan.discriminator", "Discriminator", "L.Linear(n_in, n_out) with pixels from math.prod",
     CH_D_PIXELS,
     "import math\n        pixels = math.prod(self.image_shape)\n        with self.init_scope():\n"
     "            self.fc1 = L.Linear(pixels, 512)"),
    # gan.discriminator_loss
    ("gan.discriminator_loss", "discriminator_loss", "F.sigmoid_cross_entropy with int32 targets",
     CH_DLOSS,
     "xp = chainer.backend.get_array_module(real_logits)\n"
     "    return (F.sigmoid_cross_entropy(real_logits, xp.ones(real_logits.shape, np.int32))\n"
     "            + F.sigmoid_cross_entropy(fake_logits, xp.zeros(fake_logits.shape, np.int32)))"),
    ("gan.discriminator_loss", "discriminator_loss", "F.average",
     CH_DLOSS, "return F.average(F.softplus(-real_logits)) + F.average(F.softplus(fake_logits))"),
    ("gan.discriminator_loss", "discriminator_loss", "sum divided by the batch size",
     CH_DLOSS,
     "return F.sum(F.softplus(-real_logits)) / len(real_logits) + F.sum(F.softplus(fake_logits)) / len(fake_l"
     "ogits)"),
    ("gan.discriminator_loss", "discriminator_loss", "BCE as softplus(x) - t*x",
     CH_DLOSS, "return F.mean(F.softplus(real_logits) - real_logits) + F.mean(F.softplus(fake_logits))"),
    # gan.generator_loss
    ("gan.generator_loss", "generator_loss", "F.sigmoid_cross_entropy with int32 targets",
     CH_GLOSS,
     "xp = chainer.backend.get_array_module(fake_logits)\n"
     "    return F.sigmoid_cross_entropy(fake_logits, xp.ones(fake_logits.shape, np.int32))"),
    ("gan.generator_loss", "generator_loss", "F.average", CH_GLOSS, "return F.average(F.softplus(-fake_logits"
                                                                    "))"),
    ("gan.generator_loss", "generator_loss", "BCE as softplus(x) - x",
     CH_GLOSS, "return F.mean(F.softplus(fake_logits) - fake_logits)"),
    ("gan.generator_loss", "generator_loss", "sum divided by the batch size",
     CH_GLOSS, "return F.sum(F.softplus(-fake_logits)) / len(fake_logits)"),
    # gan.discriminator_step
    ("gan.discriminator_step", "discriminator_step", "fakes made in no_backprop_mode",
     "        fake = generator(z).array  # (B, C, H, W), a plain array: D's loss cannot reach G\n",
     "        with chainer.no_backprop_mode():\n            fake = generator(z)\n"),
    ("gan.discriminator_step", "discriminator_step", "fake.unchain_backward() to cut the graph",
     "        fake = generator(z).array  # (B, C, H, W), a plain array: D's loss cannot reach G\n",
     "        fake = generator(z)\n        fake.unchain_backward()\n"),
    ("gan.discriminator_step", "discriminator_step", "optimizer.update(lossfun) (clears grads itself)",
     "    discriminator.cleargrads()\n    loss.backward()\n    d_optimizer.update()\n",
     "    d_optimizer.update(lambda: loss)\n"),
    ("gan.discriminator_step", "discriminator_step", "d_optimizer.target.cleargrads(), float(loss.data)",
     "    discriminator.cleargrads()\n    loss.backward()\n    d_optimizer.update()\n"
     "    return float(loss.array)\n",
     "    d_optimizer.target.cleargrads()\n    loss.backward()\n    d_optimizer.update()\n"
     "    return float(loss.data)\n"),
    ("gan.discriminator_step", "discriminator_step", "G's updates disabled during the step and "
     "re-enabled after",
     CH_DSTEP,
     "    generator.disable_update()\n" + CH_DSTEP.replace("    return float(loss.array)\n",
                                                          "    generator.enable_update()\n"
                                                          "    return float(loss.array)\n")),
    # gan.generator_step
    ("gan.generator_step", "generator_step", "g_optimizer.target.cleargrads()",
     "    generator.cleargrads()\n    loss.backward()", "    g_optimizer.target.cleargrads()\n    loss.backwa"
                                                        "rd()"),
    ("gan.generator_step", "generator_step", "optimizer.update(lossfun)",
     "    generator.cleargrads()\n"
     "    loss.backward()  # also fills D's gradients; the next discriminator_step clears them first\n"
     "    g_optimizer.update()  # only G's parameters move\n",
     "    g_optimizer.update(lambda: loss)\n"),
    ("gan.generator_step", "generator_step", "D's updates disabled and re-enabled around the step",
     CH_GSTEP,
     "    discriminator.disable_update()\n" + CH_GSTEP.replace(
         "    return float(loss.array)\n",
         "    discriminator.enable_update()\n    return float(loss.array)\n")),
    ("gan.generator_step", "generator_step", "intermediate names, cleargrads on both networks",
     CH_GSTEP,
     "    with chainer.using_config(\"train\", True):\n        fake = generator(z)\n"
     "        fake_logits = discriminator(fake)\n        loss = generator_loss(fake_logits)\n"
     "    generator.cleargrads()\n    discriminator.cleargrads()\n    loss.backward()\n"
     "    g_optimizer.update()\n    return float(loss.array)\n"),
]

MUTANTS = {"pytorch": PYTORCH_MUTANTS, "keras": KERAS_MUTANTS, "chainer": CHAINER_MUTANTS}
VARIANTS = {"pytorch": PYTORCH_VARIANTS, "keras": KERAS_VARIANTS, "chainer": CHAINER_VARIANTS}
