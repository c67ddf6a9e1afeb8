"""More test cases for topic 03_vae: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``).

Written as a learner would write them, to harden the graders; merged into ``MUTANTS`` by
``cases/__init__.py``.
"""
R, M, L, T = "vae.reparameterize", "vae.model", "vae.loss", "vae.train_step"
RN, MN, LN, TN = "reparameterize", "VAE", "vae_loss", "train_step"

_PT_HEAD_SPAN = (
    "self.fc_mu = nn.Linear(hidden, latent_dim)\n        self.fc_logvar = nn.Linear(hidden, latent_dim)\n"
    "        self.decoder_fc = nn.Linear(latent_dim, hidden)\n        self.decoder_out = nn.Linear(hidden, pi"
    "xels)\n"
    "        ### END SOLUTION\n        self.apply(glorot_init)\n\n    def encode(self, x):\n"
    '        """Images (B, C, H, W) -> mu and logvar of q(z|x), each (B, latent_dim)."""\n'
    "        ### BEGIN SOLUTION\n        h = F.relu(self.encoder_fc(x.flatten(1)))  # (B, hidden)\n"
    "        return self.fc_mu(h), self.fc_logvar(h)")
_K_HEAD_SPAN = (
    "self.fc_mu = layers.Dense(latent_dim)\n        self.fc_logvar = layers.Dense(latent_dim)\n"
    '        self.decoder_fc = layers.Dense(hidden, activation="relu")\n'
    '        self.decoder_out = layers.Dense(pixels, activation="sigmoid")\n'
    "        self.unflatten = layers.Reshape(self.image_shape)\n        ### END SOLUTION\n"
    "        self(keras.Input(self.image_shape))  # a symbolic call creates the weights right away\n\n"
    "    def encode(self, x):\n"
    '        """Images (B, H, W, C) -> mu and logvar of q(z|x), each (B, latent_dim)."""\n'
    "        ### BEGIN SOLUTION\n        h = self.encoder_fc(self.flatten(x))  # (B, hidden)\n"
    "        return self.fc_mu(h), self.fc_logvar(h)")
_PT_BODY_SPAN = (
    "        pixels = int(np.prod(image_shape))\n"
    "        self.encoder_fc = nn.Linear(pixels, hidden)\n"
    "        self.fc_mu = nn.Linear(hidden, latent_dim)\n"
    "        self.fc_logvar = nn.Linear(hidden, latent_dim)\n"
    "        self.decoder_fc = nn.Linear(latent_dim, hidden)\n"
    "        self.decoder_out = nn.Linear(hidden, pixels)\n"
    "        ### END SOLUTION\n"
    "        self.apply(glorot_init)\n\n"
    "    def encode(self, x):\n"
    '        """Images (B, C, H, W) -> mu and logvar of q(z|x), each (B, latent_dim)."""\n'
    "        ### BEGIN SOLUTION\n"
    "        h = F.relu(self.encoder_fc(x.flatten(1)))  # (B, hidden)\n"
    "        return self.fc_mu(h), self.fc_logvar(h)  # no activation: both can take any value\n"
    "        ### END SOLUTION\n\n"
    "    def decode(self, z):\n"
    '        """Codes (B, latent_dim) -> Bernoulli means (B, C, H, W) in (0, 1)."""\n'
    "        ### BEGIN SOLUTION\n"
    "        h = F.relu(self.decoder_fc(z))  # (B, hidden)\n"
    "        return torch.sigmoid(self.decoder_out(h)).view(-1, *self.image_shape)  # (B, C, H, W)\n")
_K_BODY_SPAN = (
    "        self.flatten = layers.Flatten()\n"
    '        self.encoder_fc = layers.Dense(hidden, activation="relu")\n'
    "        self.fc_mu = layers.Dense(latent_dim)\n"
    "        self.fc_logvar = layers.Dense(latent_dim)\n"
    '        self.decoder_fc = layers.Dense(hidden, activation="relu")\n'
    '        self.decoder_out = layers.Dense(pixels, activation="sigmoid")\n'
    "        self.unflatten = layers.Reshape(self.image_shape)\n"
    "        ### END SOLUTION\n"
    "        self(keras.Input(self.image_shape))  # a symbolic call creates the weights right away\n\n"
    "    def encode(self, x):\n"
    '        """Images (B, H, W, C) -> mu and logvar of q(z|x), each (B, latent_dim)."""\n'
    "        ### BEGIN SOLUTION\n"
    "        h = self.encoder_fc(self.flatten(x))  # (B, hidden)\n"
    "        return self.fc_mu(h), self.fc_logvar(h)  # no activation: both can take any value\n"
    "        ### END SOLUTION\n\n"
    "    def decode(self, z):\n"
    '        """Codes (B, latent_dim) -> Bernoulli means (B, H, W, C) in (0, 1)."""\n'
    "        ### BEGIN SOLUTION\n"
    "        return self.unflatten(self.decoder_out(self.decoder_fc(z)))  # (B, H, W, C)\n")
_C_HEAD_SPAN = (
    "self.fc_mu = L.Linear(hidden, latent_dim)\n            self.fc_logvar = L.Linear(hidden, latent_dim)\n"
    "            self.decoder_fc = L.Linear(latent_dim, hidden)\n            self.decoder_out = L.Linear(hidd"
    "en, pixels)\n"
    "        ### END SOLUTION\n        glorot_init(self)\n\n    def encode(self, x):\n"
    '        """Images (B, C, H, W) -> mu and logvar of q(z|x), each (B, latent_dim)."""\n'
    "        ### BEGIN SOLUTION\n"
    "        h = F.relu(self.encoder_fc(x))  # (B, hidden); L.Linear flattens (B, C, H, W) itself\n"
    "        return self.fc_mu(h), self.fc_logvar(h)")

# --------------------------------------------------------------------------- PyTorch
_PT_EPS = "eps = torch.randn_like(std)"
_PT_RET = "return mu + std * eps"
_PT_STD = "std = torch.exp(0.5 * logvar)"
_PT_PIX = "pixels = int(np.prod(image_shape))"
_PT_ENC = "h = F.relu(self.encoder_fc(x.flatten(1)))"
_PT_HEADS = "return self.fc_mu(h), self.fc_logvar(h)"
_PT_DEC_H = "h = F.relu(self.decoder_fc(z))"
_PT_OUT = "torch.sigmoid(self.decoder_out(h))"
_PT_Z = "z = reparameterize(mu, logvar)  # (B, latent_dim)"
_PT_INIT = "def __init__(self, image_shape, latent_dim=20, hidden=400):"
_PT_BCE = 'reconstruction_nll = F.binary_cross_entropy(reconstruction, images, reduction="sum")'
_PT_KL = "kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())  # KL(q(z|x) || N(0, I))"
_PT_LRET = "return (reconstruction_nll + kl) / images.shape[0]"
_PT_STEP = """    model.train()
    optimizer.zero_grad()
    reconstruction, mu, logvar = model(images)
    loss = vae_loss(reconstruction, images, mu, logvar)
    loss.backward()
    optimizer.step()
    return loss.item()
"""


def _pt_step(body):
    return (_PT_STEP, body)


PT_MUTANTS = [
    # ---- reparameterize
    (R, RN, "noise drawn with NumPy: z comes back float64 (the float32 decoder then fails) and on "
     "the CPU (fails on a GPU)",
     _PT_EPS, "eps = torch.from_numpy(np.random.standard_normal(tuple(std.shape)))", 5),
    (R, RN, "torch.normal(mu, std): right distribution, but its gradient w.r.t. mu and std is 0",
     _PT_RET, "return torch.normal(mu, std)", 1),
    (R, RN, "Normal(mu, std).sample(): drawn without gradient (rsample needed)",
     _PT_RET, "return torch.distributions.Normal(mu, std).sample()", 1),
    (R, RN, "mu.data: the gradient never reaches mu",
     _PT_RET, "return mu.data + std * eps", 1),
    (R, RN, "randn typed as rand: uniform [0, 1) noise, mean 0.5",
     _PT_EPS, "eps = torch.rand_like(std)", 5),
    (R, RN, "torch.manual_seed(0) inside: the same noise on every call",
     _PT_EPS, "torch.manual_seed(0)\n    eps = torch.randn_like(std)", 5),
    (R, RN, "antithetic noise: the second half of the batch gets -eps of the first half, "
     "rows not independent",
     _PT_EPS, "half = torch.randn_like(std[: len(std) // 2])\n"
     "    eps = torch.cat([half, -half])", 5),
    (R, RN, "latent_dim hard-coded to 20 in the noise shape",
     _PT_EPS, "eps = torch.randn(std.shape[0], 20, device=std.device)", 2),
    (R, RN, "returns (z, eps) instead of z",
     _PT_RET, "return mu + std * eps, eps", 6),
    (R, RN, "sigma = softplus(logvar): another parametrisation than the spec's exp(logvar / 2)",
     _PT_STD, "std = F.softplus(logvar)", 5),
    # ---- model
    (M, MN, "pixels = H * W: channels ignored (breaks on C = 3 images)",
     _PT_PIX, "pixels = image_shape[1] * image_shape[2]", 2),
    (M, MN, "sigmoid instead of ReLU in the encoder's hidden layer",
     _PT_ENC, "h = torch.sigmoid(self.encoder_fc(x.flatten(1)))", 3),
    (M, MN, "tanh (the paper's) instead of ReLU in the decoder's hidden layer",
     _PT_DEC_H, "h = torch.tanh(self.decoder_fc(z))", 3),
    (M, MN, "ReLU before the output sigmoid: every pixel >= 0.5",
     _PT_OUT, "torch.sigmoid(F.relu(self.decoder_out(h)))", 3),
    (M, MN, "clamp to [0, 1] instead of a sigmoid on the output",
     _PT_OUT, "torch.clamp(self.decoder_out(h), 0, 1)", 3),
    (M, MN, "softmax over the pixels instead of a sigmoid per pixel",
     _PT_OUT, "F.softmax(self.decoder_out(h), dim=1)", 3),
    (M, MN, "tanh on the mu head: mu bounded to (-1, 1)",
     _PT_HEADS, "return torch.tanh(self.fc_mu(h)), self.fc_logvar(h)", 3),
    (M, MN, "reparameterize(logvar, mu): arguments swapped",
     _PT_Z, "z = reparameterize(logvar, mu)", 5),
    (M, MN, "z written inline with sigma = exp(logvar), the 0.5 forgotten",
     _PT_Z, "z = mu + torch.exp(logvar) * torch.randn_like(mu)", 5),
    (M, MN, "latent_dim hard-coded to 20 in the mu head",
     "self.fc_mu = nn.Linear(hidden, latent_dim)", "self.fc_mu = nn.Linear(hidden, 20)", 2),
    (M, MN, "signature (image_shape, hidden, latent_dim): arguments in the wrong order",
     _PT_INIT, "def __init__(self, image_shape, hidden=400, latent_dim=20):", 6),
    (M, MN, "forward returns a dict instead of the tuple",
     "return self.decode(z), mu, logvar",
     'return {"reconstruction": self.decode(z), "mu": mu, "logvar": logvar}', 6),
    # ---- loss
    (L, LN, "loss returned as a Python float (.item()): no gradient",
     _PT_LRET, "return ((reconstruction_nll + kl) / images.shape[0]).item()", 1),
    (L, LN, "loss detached from the graph",
     _PT_LRET, "return ((reconstruction_nll + kl) / images.shape[0]).detach()", 1),
    (L, LN, "loss re-wrapped in torch.tensor(..., requires_grad=True): a new leaf, no gradient "
     "reaches the model",
     _PT_LRET, "return torch.tensor(((reconstruction_nll + kl) / images.shape[0]).item(), "
     "requires_grad=True)", 1),
    (L, LN, "BCE computed in NumPy: only the KL part has a gradient",
     _PT_BCE, "p = np.clip(reconstruction.detach().cpu().numpy(), 1e-7, 1 - 1e-7)\n"
     "    x = images.detach().cpu().numpy()\n"
     "    reconstruction_nll = float(-np.sum(x * np.log(p) + (1 - x) * np.log(1 - p)))", 1),
    (L, LN, "KL averaged over the latent coordinates instead of summed",
     _PT_KL, "kl = -0.5 * torch.sum(torch.mean(1 + logvar - mu.pow(2) - logvar.exp(), dim=1))", 1),
    (L, LN, "KL averaged over the batch, then divided by the batch size again",
     _PT_KL, "kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1).mean()", 1),
    (L, LN, "KL summed over dim=1 only: the loss is a (batch,) vector",
     _PT_KL, "kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)", 5),
    (L, LN, "BCE with logits applied to probabilities",
     _PT_BCE, 'reconstruction_nll = F.binary_cross_entropy_with_logits(reconstruction, images, '
     'reduction="sum")', 5),
    (L, LN, "784 pixels hard-coded (the PyTorch example's view(-1, 784))",
     _PT_BCE, 'reconstruction_nll = F.binary_cross_entropy(reconstruction.view(-1, 784), '
     'images.view(-1, 784), reduction="sum")', 2),
    (L, LN, "batch size hard-coded to 128",
     _PT_LRET, "return (reconstruction_nll + kl) / 128", 2),
    (L, LN, "returns a dict of the loss and its parts",
     _PT_LRET, 'return {"loss": (reconstruction_nll + kl) / images.shape[0], '
     '"reconstruction": reconstruction_nll, "kl": kl}', 6),
    (L, LN, "returns (loss, reconstruction_nll, kl)",
     _PT_LRET, "return (reconstruction_nll + kl) / images.shape[0], reconstruction_nll, kl", 6),
    # ---- train_step
    (T, TN, "returns the loss tensor itself (graph attached), not a number",
     "    return loss.item()\n", "    return loss\n", 1),
    (T, TN, "two optimizer steps: one for the reconstruction, one for the KL", *_pt_step(
        """    model.train()
    reconstruction, mu, logvar = model(images)
    recon = F.binary_cross_entropy(reconstruction, images, reduction="sum") / len(images)
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / len(images)
    optimizer.zero_grad()
    recon.backward(retain_graph=True)
    optimizer.step()
    optimizer.zero_grad()
    kl.backward()
    optimizer.step()
    return (recon + kl).item()
"""), 4),
    (T, TN, "zero_grad between backward and step: the step sees no gradient", *_pt_step(
        """    model.train()
    reconstruction, mu, logvar = model(images)
    loss = vae_loss(reconstruction, images, mu, logvar)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()
"""), 4),
    (T, TN, "optimizer.step() before loss.backward()", *_pt_step(
        """    model.train()
    optimizer.zero_grad()
    reconstruction, mu, logvar = model(images)
    loss = vae_loss(reconstruction, images, mu, logvar)
    optimizer.step()
    loss.backward()
    return loss.item()
"""), 4),
    (T, TN, "a fresh Adam created inside the step: its moments restart every batch",
     "    optimizer.zero_grad()\n",
     "    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\n    optimizer.zero_grad()\n", 4),
    (T, TN, "forward under torch.no_grad()", *_pt_step(
        """    model.train()
    optimizer.zero_grad()
    with torch.no_grad():
        reconstruction, mu, logvar = model(images)
    loss = vae_loss(reconstruction, images, mu, logvar)
    loss.backward()
    optimizer.step()
    return loss.item()
"""), 4),
    (T, TN, "mu and logvar detached for the KL: the encoder gets no KL gradient",
     "loss = vae_loss(reconstruction, images, mu, logvar)",
     "loss = vae_loss(reconstruction, images, mu.detach(), logvar.detach())", 4),
    (T, TN, "model frozen after the step (requires_grad_(False)) and never unfrozen",
     "    return loss.item()\n", "    model.requires_grad_(False)\n    return loss.item()\n", 4),
    (T, TN, "encode/decode called by hand, decoding mu: no sampling", *_pt_step(
        """    model.train()
    optimizer.zero_grad()
    mu, logvar = model.encode(images)
    reconstruction = model.decode(mu)
    loss = vae_loss(reconstruction, images, mu, logvar)
    loss.backward()
    optimizer.step()
    return loss.item()
"""), 5),
    (T, TN, "returns the loss recomputed after the step",
     "    return loss.item()\n",
     "    with torch.no_grad():\n        reconstruction, mu, logvar = model(images)\n"
     "        return vae_loss(reconstruction, images, mu, logvar).item()\n", 5),
    (T, TN, "returns (loss, reconstruction)",
     "    return loss.item()\n", "    return loss.item(), reconstruction\n", 6),
]

PT_VARIANTS = [
    (R, RN, "old PyTorch example: std = logvar.mul(0.5).exp_(), eps = randn_like",
     _PT_STD, "std = logvar.mul(0.5).exp_()"),
    (R, RN, "Normal(mu, std).rsample()",
     _PT_RET, "return torch.distributions.Normal(mu, std).rsample()"),
    (R, RN, "eps drawn under torch.no_grad() with randn(shape, device, dtype)",
     _PT_EPS, "with torch.no_grad():\n"
     "        eps = torch.randn(mu.shape, device=mu.device, dtype=mu.dtype)"),
    (R, RN, "torch.addcmul(mu, sqrt(exp(logvar)), eps)",
     f"{_PT_STD}  # sigma = exp(log(sigma^2) / 2)\n    {_PT_EPS}  # (B, latent_dim): new noise "
     "for every element and every call\n    return mu + std * eps",
     "std = torch.sqrt(torch.exp(logvar))\n    return torch.addcmul(mu, std, torch.randn_like(mu))"),
    (M, MN, "one Linear(hidden, 2 * latent_dim) split with chunk",
     _PT_HEAD_SPAN, _PT_HEAD_SPAN.replace(
         "self.fc_mu = nn.Linear(hidden, latent_dim)\n        self.fc_logvar = nn.Linear(hidden, latent_dim)",
         "self.fc_stats = nn.Linear(hidden, 2 * latent_dim)").replace(
         "return self.fc_mu(h), self.fc_logvar(h)", "return self.fc_stats(h).chunk(2, dim=1)")),
    (M, MN, "nn.Sequential encoder/decoder with Flatten/Unflatten", _PT_BODY_SPAN,
    """        pixels = int(np.prod(image_shape))
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(pixels, hidden), nn.ReLU())
        self.fc_mu = nn.Linear(hidden, latent_dim)
        self.fc_logvar = nn.Linear(hidden, latent_dim)
        self.decoder = nn.Sequential(nn.Linear(latent_dim, hidden), nn.ReLU(),
                                     nn.Linear(hidden, pixels), nn.Sigmoid(),
                                     nn.Unflatten(1, tuple(image_shape)))
        ### END SOLUTION
        self.apply(glorot_init)

    def encode(self, x):
        ### BEGIN SOLUTION
        h = self.encoder(x)
        return self.fc_mu(h), self.fc_logvar(h)
        ### END SOLUTION

    def decode(self, z):
        ### BEGIN SOLUTION
        return self.decoder(z)
"""),
    (M, MN, "x.view(len(x), -1), torch.relu, reshape(len(z), ...)", *(
        """        h = F.relu(self.encoder_fc(x.flatten(1)))  # (B, hidden)
        return self.fc_mu(h), self.fc_logvar(h)  # no activation: both can take any value
""", """        h = torch.relu(self.encoder_fc(x.view(len(x), -1)))
        return self.fc_mu(h), self.fc_logvar(h)
""")),
    (M, MN, "forward samples z inline with exp(0.5 * logvar)",
     _PT_Z, "z = mu + torch.exp(0.5 * logvar) * torch.randn_like(logvar)"),
    (L, LN, "nn.BCELoss(reduction='sum') and KL with std**2",
     f"{_PT_BCE}\n    {_PT_KL}",
     'reconstruction_nll = nn.BCELoss(reduction="sum")(reconstruction, images)\n'
     "    std = torch.exp(0.5 * logvar)\n"
     "    kl = -0.5 * torch.sum(1 + logvar - mu**2 - std**2)"),
    (L, LN, "per-image sums, then the mean over the batch",
     f"{_PT_BCE}\n    {_PT_KL}\n    {_PT_LRET}",
     'nll = F.binary_cross_entropy(reconstruction, images, reduction="none").sum(dim=(1, 2, 3))\n'
     "    kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)\n"
     "    return (nll + kl).mean()"),
    (L, LN, "hand-written BCE with a 1e-8 inside the logs",
     _PT_BCE, "reconstruction_nll = -torch.sum(images * torch.log(reconstruction + 1e-8)\n"
     "                                     + (1 - images) * torch.log(1 - reconstruction + 1e-8))"),
    (L, LN, "KL from torch.distributions.kl_divergence, clamped hand-written BCE",
     f"{_PT_BCE}\n    {_PT_KL}",
     "p = reconstruction.clamp(1e-7, 1 - 1e-7)\n"
     "    reconstruction_nll = -(images * p.log() + (1 - images) * torch.log1p(-p)).sum()\n"
     "    q = torch.distributions.Normal(mu, torch.exp(0.5 * logvar))\n"
     "    prior = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(mu))\n"
     "    kl = torch.distributions.kl_divergence(q, prior).sum()"),
    (T, TN, "model.zero_grad() and float(loss)", *_pt_step(
        """    model.train()
    model.zero_grad()
    reconstruction, mu, logvar = model(images)
    loss = vae_loss(reconstruction, images, mu, logvar)
    loss.backward()
    optimizer.step()
    return float(loss)
"""), ),
    (T, TN, "gradients reset at the end of the step (set_to_none=False)", *_pt_step(
        """    model.train()
    reconstruction, mu, logvar = model(images)
    loss = vae_loss(reconstruction, images, mu, logvar)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad(set_to_none=False)
    return loss.detach().item()
"""), ),
    (T, TN, "outputs indexed, under torch.enable_grad()", *_pt_step(
        """    model.train()
    optimizer.zero_grad()
    with torch.enable_grad():
        outputs = model(images)
        loss = vae_loss(outputs[0], images, outputs[1], outputs[2])
    loss.backward()
    optimizer.step()
    return loss.item()
"""), ),
]

# ---------------------------------------------------------------------------- Keras
_K_EPS = "eps = keras.random.normal(keras.ops.shape(std))"
_K_RET = "return mu + std * eps"
_K_STD = "std = keras.ops.exp(0.5 * logvar)"
_K_PIX = "pixels = int(np.prod(image_shape))"
_K_ENC = 'self.encoder_fc = layers.Dense(hidden, activation="relu")'
_K_DEC = 'self.decoder_fc = layers.Dense(hidden, activation="relu")'
_K_OUT = 'self.decoder_out = layers.Dense(pixels, activation="sigmoid")'
_K_Z = "z = reparameterize(mu, logvar)  # (B, latent_dim)"
_K_INIT = "def __init__(self, image_shape, latent_dim=20, hidden=400):"
_K_BCE = "reconstruction_nll = keras.ops.sum(keras.ops.binary_crossentropy(images, reconstruction))"
_K_KL = "kl = -0.5 * keras.ops.sum(1 + logvar - keras.ops.square(mu) - keras.ops.exp(logvar))"
_K_BATCH = "batch = keras.ops.cast(keras.ops.shape(images)[0], reconstruction_nll.dtype)"
_K_LRET = "return (reconstruction_nll + kl) / batch"
_K_STEP = """    with tf.GradientTape() as tape:
        reconstruction, mu, logvar = model(images, training=True)
        loss = vae_loss(reconstruction, images, mu, logvar)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return loss
"""
_K_APPLY = "    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))\n"

K_MUTANTS = [
    # ---- reparameterize
    (R, RN, "NumPy noise: new each eager call, but a constant once traced by tf.function, and it breaks "
     "the VAE's symbolic build (batch None)",
     _K_EPS, 'eps = np.random.standard_normal(tuple(std.shape)).astype("float32")', 5),
    (R, RN, "a SeedGenerator(1337) created inside the function: the same noise every call",
     _K_EPS, "eps = keras.random.normal(keras.ops.shape(std), "
     "seed=keras.random.SeedGenerator(1337))", 5),
    (R, RN, "truncated_normal instead of normal: no tails, std 0.88",
     _K_EPS, "eps = keras.random.truncated_normal(keras.ops.shape(std))", 5),
    (R, RN, "sigma computed in NumPy: no gradient reaches logvar",
     _K_STD, "std = np.exp(0.5 * keras.ops.convert_to_numpy(logvar))", 1),
    (R, RN, "tf.stop_gradient on sigma",
     _K_STD, "std = tf.stop_gradient(keras.ops.exp(0.5 * logvar))", 1),
    (R, RN, "antithetic noise: second half of the batch gets -eps of the first half",
     _K_EPS, "half = keras.random.normal((keras.ops.shape(std)[0] // 2, keras.ops.shape(std)[1]))\n"
     "    eps = keras.ops.concatenate([half, -half], axis=0)", 5),
    (R, RN, "latent_dim hard-coded to 20 in the noise shape",
     _K_EPS, "eps = keras.random.normal((keras.ops.shape(std)[0], 20))", 2),
    (R, RN, "returns (z, eps)",
     _K_RET, "return mu + std * eps, eps", 6),
    # ---- model
    (M, MN, "pixels = H * W: channels ignored (breaks on C = 3 images)",
     _K_PIX, "pixels = image_shape[0] * image_shape[1]", 2),
    (M, MN, "Reshape to (H, W, 1): one channel hard-coded",
     "self.unflatten = layers.Reshape(self.image_shape)",
     "self.unflatten = layers.Reshape((*self.image_shape[:2], 1))", 2),
    (M, MN, "sigmoid instead of ReLU in the encoder's hidden layer",
     _K_ENC, 'self.encoder_fc = layers.Dense(hidden, activation="sigmoid")', 3),
    (M, MN, "tanh instead of ReLU in the decoder's hidden layer",
     _K_DEC, 'self.decoder_fc = layers.Dense(hidden, activation="tanh")', 3),
    (M, MN, "leaky_relu (slope 0.2) instead of ReLU in the encoder",
     _K_ENC, 'self.encoder_fc = layers.Dense(hidden, activation="leaky_relu")', 3),
    (M, MN, "softmax over the pixels instead of a sigmoid",
     _K_OUT, 'self.decoder_out = layers.Dense(pixels, activation="softmax")', 3),
    (M, MN, "hard_sigmoid on the output: piecewise linear, exactly 0 or 1 outside [-3, 3]",
     _K_OUT, 'self.decoder_out = layers.Dense(pixels, activation="hard_sigmoid")', 3),
    (M, MN, "tanh on the logvar head: sigma limited to [0.61, 1.65]",
     "self.fc_logvar = layers.Dense(latent_dim)",
     'self.fc_logvar = layers.Dense(latent_dim, activation="tanh")', 3),
    (M, MN, "reparameterize(logvar, mu): arguments swapped",
     _K_Z, "z = reparameterize(logvar, mu)", 5),
    (M, MN, "z inline with sigma = exp(logvar), the 0.5 forgotten",
     _K_Z, "z = mu + keras.ops.exp(logvar) * keras.random.normal(keras.ops.shape(mu))", 5),
    (M, MN, "signature (image_shape, hidden, latent_dim)",
     _K_INIT, "def __init__(self, image_shape, hidden=400, latent_dim=20):", 6),
    (M, MN, "hidden hard-coded to 400 in the decoder",
     _K_DEC, 'self.decoder_fc = layers.Dense(400, activation="relu")', 2),
    # ---- loss
    (L, LN, "loss returned as a Python float",
     _K_LRET, "return float((reconstruction_nll + kl) / batch)", 1),
    (L, LN, "tf.stop_gradient on the loss",
     _K_LRET, "return tf.stop_gradient((reconstruction_nll + kl) / batch)", 1),
    (L, LN, "KL computed with NumPy functions: no gradient through the KL",
     _K_KL, "kl = -0.5 * np.sum(1 + np.asarray(logvar) - np.square(mu) - np.exp(logvar))", 1),
    (L, LN, "keras.losses.binary_crossentropy: averages over the channel axis (wrong for C = 3)",
     _K_BCE, "reconstruction_nll = keras.ops.sum(keras.losses.binary_crossentropy(images, "
     "reconstruction))", 5),
    (L, LN, "binary_crossentropy(reconstruction, images): arguments swapped (Keras is y_true first)",
     _K_BCE, "reconstruction_nll = keras.ops.sum(keras.ops.binary_crossentropy(reconstruction, "
     "images))", 5),
    (L, LN, "from_logits=True on probabilities",
     _K_BCE, "reconstruction_nll = keras.ops.sum(keras.ops.binary_crossentropy(images, "
     "reconstruction, from_logits=True))", 5),
    (L, LN, "KL: mean instead of sum",
     "kl = -0.5 * keras.ops.sum(", "kl = -0.5 * keras.ops.mean(", 1),
    (L, LN, "batch size hard-coded to 128",
     _K_BATCH, "batch = 128.0", 2),
    (L, LN, "keras.losses.BinaryCrossentropy() with its default mean reduction",
     _K_BCE, "reconstruction_nll = keras.losses.BinaryCrossentropy()(images, reconstruction)", 1),
    (L, LN, "returns a dict of the loss and its parts",
     _K_LRET, 'return {"loss": (reconstruction_nll + kl) / batch, "kl": kl}', 6),
    # ---- train_step
    (T, TN, "forward pass outside the tape: no gradients", *(_K_STEP,
     """    reconstruction, mu, logvar = model(images, training=True)
    with tf.GradientTape() as tape:
        loss = vae_loss(reconstruction, images, mu, logvar)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return loss
"""), 4),
    (T, TN, "two optimizer steps: one for the reconstruction, one for the KL", _K_STEP,
     """    with tf.GradientTape(persistent=True) as tape:
        reconstruction, mu, logvar = model(images, training=True)
        batch = keras.ops.cast(keras.ops.shape(images)[0], "float32")
        recon = keras.ops.sum(keras.ops.binary_crossentropy(images, reconstruction)) / batch
        kl = -0.5 * keras.ops.sum(1 + logvar - keras.ops.square(mu) - keras.ops.exp(logvar)) / batch
    for part in (recon, kl):
        gradients = tape.gradient(part, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return recon + kl
""", 4),
    (T, TN, "KL computed on stop_gradient(mu), stop_gradient(logvar)",
     "loss = vae_loss(reconstruction, images, mu, logvar)",
     "loss = vae_loss(reconstruction, images, tf.stop_gradient(mu), tf.stop_gradient(logvar))", 4),
    (T, TN, "reconstruction through tf.stop_gradient: the decoder gets no gradient",
     "loss = vae_loss(reconstruction, images, mu, logvar)",
     "loss = vae_loss(tf.stop_gradient(reconstruction), images, mu, logvar)", 1),
    (T, TN, "tape with watch_accessed_variables=False: nothing watched",
     "with tf.GradientTape() as tape:",
     "with tf.GradientTape(watch_accessed_variables=False) as tape:", 4),
    (T, TN, "a fresh Adam created inside the step",
     _K_APPLY, "    optimizer = keras.optimizers.Adam(1e-3)\n" + _K_APPLY, 4),
    (T, TN, "model.trainable = False after the step, never reset",
     "    return loss\n    ### END SOLUTION\n\n\n# %% evaluate",
     "    model.trainable = False\n    return loss\n    ### END SOLUTION\n\n\n# %% evaluate", 4),
    (T, TN, "encode/decode called by hand, decoding mu",
     "        reconstruction, mu, logvar = model(images, training=True)\n",
     "        mu, logvar = model.encode(images)\n        reconstruction = model.decode(mu)\n", 5),
    (T, TN, "returns float(loss) inside tf.function",
     "    return loss\n    ### END SOLUTION\n\n\n# %% evaluate",
     "    return float(loss)\n    ### END SOLUTION\n\n\n# %% evaluate", 6),
    (T, TN, "returns (loss, reconstruction)",
     "    return loss\n    ### END SOLUTION\n\n\n# %% evaluate",
     "    return loss, reconstruction\n    ### END SOLUTION\n\n\n# %% evaluate", 6),
]

K_VARIANTS = [
    (R, RN, "tf.random.normal(tf.shape(std))",
     _K_EPS, "eps = tf.random.normal(tf.shape(std))"),
    (R, RN, "keras.random.normal with mean=mu, stddev=sigma",
     f"{_K_EPS}  # (B, latent_dim), new noise on every call\n    {_K_RET}",
     "return keras.random.normal(keras.ops.shape(mu), mean=mu, stddev=std)"),
    (R, RN, "a module-level SeedGenerator passed as seed",
     'def reparameterize(mu, logvar):\n    """Draw z ~ N(mu, diag(exp(logvar))) as mu + sigma * '
     'eps, eps ~ N(0, I) drawn here."""\n'
     "    ### BEGIN SOLUTION\n    std = keras.ops.exp(0.5 * logvar)  # sigma = exp(log(sigma^2) / 2)\n    " +
     _K_EPS,
     "NOISE_SEEDS = keras.random.SeedGenerator(7)\n\n\ndef reparameterize(mu, logvar):\n"
     "    std = keras.ops.exp(0.5 * logvar)\n"
     "    eps = keras.random.normal(keras.ops.shape(std), seed=NOISE_SEEDS)"),
    (R, RN, "sqrt(exp(logvar)) and eps with the shape of mu",
     f"{_K_STD}  # sigma = exp(log(sigma^2) / 2)\n    {_K_EPS}",
     "std = keras.ops.sqrt(keras.ops.exp(logvar))\n"
     "    eps = keras.random.normal(keras.ops.shape(mu), dtype=mu.dtype)"),
    (M, MN, "one Dense(2 * latent_dim) split in two with keras.ops.split",
     _K_HEAD_SPAN, _K_HEAD_SPAN.replace(
         "self.fc_mu = layers.Dense(latent_dim)\n        self.fc_logvar = layers.Dense(latent_dim)",
         "self.fc_stats = layers.Dense(2 * latent_dim)").replace(
         "return self.fc_mu(h), self.fc_logvar(h)",
         "mu, logvar = keras.ops.split(self.fc_stats(h), 2, axis=-1)\n        return mu, logvar")),
    (M, MN, "activations as keras.ops.relu/sigmoid, ops.reshape instead of Flatten/Reshape",
     _K_BODY_SPAN, """        self.encoder_fc = layers.Dense(hidden)
        self.fc_mu = layers.Dense(latent_dim)
        self.fc_logvar = layers.Dense(latent_dim)
        self.decoder_fc = layers.Dense(hidden)
        self.decoder_out = layers.Dense(pixels)
        self.pixels = pixels
        ### END SOLUTION
        self(keras.Input(self.image_shape))

    def encode(self, x):
        ### BEGIN SOLUTION
        h = keras.ops.relu(self.encoder_fc(keras.ops.reshape(x, (-1, self.pixels))))
        return self.fc_mu(h), self.fc_logvar(h)
        ### END SOLUTION

    def decode(self, z):
        ### BEGIN SOLUTION
        p = keras.ops.sigmoid(self.decoder_out(keras.ops.relu(self.decoder_fc(z))))
        return keras.ops.reshape(p, (-1, *self.image_shape))
"""),
    (M, MN, "keras.Sequential encoder and decoder, ReLU and sigmoid as layers",
     _K_BODY_SPAN,
     """        self.encoder = keras.Sequential([layers.Flatten(), layers.Dense(hidden), layers.ReLU()])
        self.fc_mu = layers.Dense(latent_dim)
        self.fc_logvar = layers.Dense(latent_dim)
        self.decoder = keras.Sequential([layers.Dense(hidden, activation="relu"),
                                         layers.Dense(pixels), layers.Activation("sigmoid"),
                                         layers.Reshape(self.image_shape)])
        ### END SOLUTION
        self(keras.Input(self.image_shape))

    def encode(self, x):
        ### BEGIN SOLUTION
        h = self.encoder(x)
        return self.fc_mu(h), self.fc_logvar(h)
        ### END SOLUTION

    def decode(self, z):
        ### BEGIN SOLUTION
        return self.decoder(z)
"""),
    (M, MN, "forward samples z inline with exp(0.5 * logvar)",
     _K_Z, "z = mu + keras.ops.exp(0.5 * logvar) * keras.random.normal(keras.ops.shape(mu))"),
    (L, LN, "per-image sums and the mean over the batch",
     f"{_K_BCE}\n    {_K_KL}\n    {_K_BATCH}\n    {_K_LRET}",
     "nll = keras.ops.sum(keras.ops.binary_crossentropy(images, reconstruction), axis=(1, 2, 3))\n"
     "    kl = -0.5 * keras.ops.sum(1 + logvar - mu**2 - keras.ops.exp(logvar), axis=1)\n"
     "    return keras.ops.mean(nll + kl)"),
    (L, LN, "old Keras example: mean BCE over the flattened pixels times D",
     _K_BCE, "pixels = int(np.prod(images.shape[1:]))\n"
     "    flat_x = keras.ops.reshape(images, (-1, pixels))\n"
     "    flat_p = keras.ops.reshape(reconstruction, (-1, pixels))\n"
     "    reconstruction_nll = keras.ops.sum(keras.losses.binary_crossentropy(flat_x, flat_p)) * pixels"),
    (L, LN, "hand-written BCE on clipped probabilities, tf.reduce_sum",
     _K_BCE, "p = keras.ops.clip(reconstruction, 1e-7, 1 - 1e-7)\n"
     "    reconstruction_nll = -tf.reduce_sum(images * tf.math.log(p) + (1 - images) * tf.math.log(1 - p))"),
    (L, LN, "batch size from mu, KL with sigma**2",
     f"{_K_KL}\n    {_K_BATCH}",
     "std = keras.ops.exp(0.5 * logvar)\n"
     "    kl = -0.5 * keras.ops.sum(1 + logvar - mu * mu - std**2)\n"
     '    batch = keras.ops.cast(keras.ops.shape(mu)[0], "float32")'),
    (T, TN, "eager step without @tf.function",
     "@tf.function\ndef train_step(", "def train_step("),
    (T, TN, "optimizer.apply(gradients, model.trainable_weights)", _K_STEP,
     """    with tf.GradientTape() as tape:
        reconstruction, mu, logvar = model(images)
        loss = vae_loss(reconstruction, images, mu, logvar)
    gradients = tape.gradient(loss, model.trainable_weights)
    optimizer.apply(gradients, model.trainable_weights)
    return loss
"""),
    (T, TN, "gradient computed inside the with block, zip without strict", _K_STEP,
     """    with tf.GradientTape() as tape:
        outputs = model(images, training=True)
        loss = vae_loss(outputs[0], images, outputs[1], outputs[2])
        gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss
"""),
]

# -------------------------------------------------------------------------- Chainer
_C_EPS = "eps = xp.random.standard_normal(std.shape).astype(std.dtype)"
_C_XP = "xp = chainer.backend.get_array_module(std)"
_C_RET = "return mu + std * eps"
_C_STD = "std = F.exp(0.5 * logvar)"
_C_REPARAM = (
    "    std = F.exp(0.5 * logvar)  # sigma = exp(log(sigma^2) / 2)\n"
    "    xp = chainer.backend.get_array_module(std)  # NumPy on the CPU, CuPy on a GPU\n"
    "    eps = xp.random.standard_normal(std.shape).astype(std.dtype)  # new noise on every call\n"
    "    return mu + std * eps\n")
_C_PIX = "pixels = int(np.prod(image_shape))"
_C_ENC = "h = F.relu(self.encoder_fc(x))"
_C_DEC_H = "h = F.relu(self.decoder_fc(z))"
_C_OUT = "F.sigmoid(self.decoder_out(h))"
_C_Z = "z = reparameterize(mu, logvar)  # (B, latent_dim)"
_C_INIT = "def __init__(self, image_shape, latent_dim=20, hidden=400):"
_C_HEADS = "return self.fc_mu(h), self.fc_logvar(h)"
_C_P = "p = F.clip(reconstruction, 1e-7, 1 - 1e-7)"
_C_NLL = "reconstruction_nll = -F.sum(images * F.log(p) + (1 - images) * F.log(1 - p))"
_C_KL = "kl = -0.5 * F.sum(1 + logvar - mu**2 - F.exp(logvar))  # KL(q(z|x) || N(0, I))"
_C_LRET = "return (reconstruction_nll + kl) / len(images)"
_C_STEP = """    with chainer.using_config("train", True):
        reconstruction, mu, logvar = model(images)
        loss = vae_loss(reconstruction, images, mu, logvar)
    model.cleargrads()
    loss.backward()
    optimizer.update()
    return float(loss.array)
"""

C_MUTANTS = [
    # ---- reparameterize
    (R, RN, "sigma taken as .array: no gradient reaches logvar",
     _C_STD, "std = F.exp(0.5 * logvar).array", 1),
    (R, RN, "xp.random.seed(0) inside: the same noise every call",
     _C_EPS, "xp.random.seed(0)\n    " + _C_EPS, 5),
    (R, RN, "F.gaussian(mu, std): the second argument is ln(sigma^2), not sigma",
     _C_RET, "return F.gaussian(mu, std)", 5),
    (R, RN, "xp.random.rand: uniform [0, 1) noise",
     _C_EPS, "eps = xp.random.rand(*std.shape).astype(std.dtype)", 5),
    (R, RN, "antithetic noise: second half of the batch gets -eps of the first half",
     _C_EPS, "half = xp.random.standard_normal((len(std) // 2, std.shape[1])).astype(std.dtype)\n"
     "    eps = xp.concatenate([half, -half])", 5),
    (R, RN, "latent_dim hard-coded to 20 in the noise shape",
     _C_EPS, "eps = xp.random.standard_normal((std.shape[0], 20)).astype(std.dtype)", 2),
    (R, RN, "returns (z, eps)",
     _C_RET, "return mu + std * eps, eps", 6),
    # ---- model
    (M, MN, "pixels = H * W: channels ignored (breaks on C = 3 images)",
     _C_PIX, "pixels = image_shape[1] * image_shape[2]", 2),
    (M, MN, "sigmoid instead of ReLU in the encoder's hidden layer",
     _C_ENC, "h = F.sigmoid(self.encoder_fc(x))", 3),
    (M, MN, "tanh instead of ReLU in the decoder's hidden layer",
     _C_DEC_H, "h = F.tanh(self.decoder_fc(z))", 3),
    (M, MN, "F.leaky_relu (default slope 0.2) instead of ReLU in the encoder",
     _C_ENC, "h = F.leaky_relu(self.encoder_fc(x))", 3),
    (M, MN, "ReLU before the output sigmoid: every pixel >= 0.5",
     _C_OUT, "F.sigmoid(F.relu(self.decoder_out(h)))", 3),
    (M, MN, "F.clip to [0, 1] instead of a sigmoid",
     _C_OUT, "F.clip(self.decoder_out(h), 0.0, 1.0)", 3),
    (M, MN, "tanh on the mu head",
     _C_HEADS, "return F.tanh(self.fc_mu(h)), self.fc_logvar(h)", 3),
    (M, MN, "reparameterize(logvar, mu): arguments swapped",
     _C_Z, "z = reparameterize(logvar, mu)", 5),
    (M, MN, "F.gaussian(mu, 0.5 * logvar): ln sigma passed where ln sigma^2 is expected",
     _C_Z, "z = F.gaussian(mu, 0.5 * logvar)", 5),
    (M, MN, "signature (image_shape, hidden, latent_dim)",
     _C_INIT, "def __init__(self, image_shape, hidden=400, latent_dim=20):", 6),
    (M, MN, "hidden hard-coded to 400 in the encoder",
     "self.encoder_fc = L.Linear(pixels, hidden)", "self.encoder_fc = L.Linear(pixels, 400)", 2),
    # ---- loss
    (L, LN, "loss returned as a Python float",
     _C_LRET, "return float(((reconstruction_nll + kl) / len(images)).array)", 1),
    (L, LN, "loss returned as .array: an ndarray, no graph",
     _C_LRET, "return ((reconstruction_nll + kl) / len(images)).array", 1),
    (L, LN, "loss re-wrapped in a new chainer.Variable: cut from the graph",
     _C_LRET, "return chainer.Variable(((reconstruction_nll + kl) / len(images)).array)", 1),
    (L, LN, "F.bernoulli_nll on probabilities (it expects logits)",
     f"{_C_P}  # as Keras does: a saturated pixel stays finite\n    {_C_NLL}",
     "reconstruction_nll = F.bernoulli_nll(images, reconstruction)", 5),
    (L, LN, "F.gaussian_kl_divergence(..., reduce='mean'): KL averaged, not summed",
     _C_KL, 'kl = F.gaussian_kl_divergence(mu, logvar, reduce="mean")', 1),
    (L, LN, "clipped only from below: 0 * log(0) on saturated pixels",
     _C_P, "p = F.clip(reconstruction, 1e-7, 1.0)", 5),
    (L, LN, "batch size hard-coded to 128",
     _C_LRET, "return (reconstruction_nll + kl) / 128", 2),
    (L, LN, "returns a dict of the loss and its parts",
     _C_LRET, 'return {"loss": (reconstruction_nll + kl) / len(images), "kl": kl}', 6),
    # ---- train_step
    (T, TN, "returns the loss Variable, not a number",
     "    return float(loss.array)\n", "    return loss\n", 1),
    (T, TN, "returns loss.array: a 0-d float32 array (CuPy on a GPU), not a Python number",
     "    return float(loss.array)\n", "    return loss.array\n", 1),
    (T, TN, "two updates: one for the reconstruction, one for the KL", _C_STEP,
     """    reconstruction, mu, logvar = model(images)
    p = F.clip(reconstruction, 1e-7, 1 - 1e-7)
    recon = -F.sum(images * F.log(p) + (1 - images) * F.log(1 - p)) / len(images)
    kl = -0.5 * F.sum(1 + logvar - mu**2 - F.exp(logvar)) / len(images)
    for part in (recon, kl):
        model.cleargrads()
        part.backward()
        optimizer.update()
    return float((recon + kl).array)
""", 4),
    (T, TN, "forward under chainer.no_backprop_mode()",
     'with chainer.using_config("train", True):\n        reconstruction, mu, logvar = model(images)',
     "with chainer.no_backprop_mode():\n        reconstruction, mu, logvar = model(images)", 4),
    (T, TN, "cleargrads between backward and update", _C_STEP,
     """    reconstruction, mu, logvar = model(images)
    loss = vae_loss(reconstruction, images, mu, logvar)
    loss.backward()
    model.cleargrads()
    optimizer.update()
    return float(loss.array)
""", 4),
    (T, TN, "mu and logvar passed as .array to the loss: no KL gradient",
     "loss = vae_loss(reconstruction, images, mu, logvar)",
     "loss = vae_loss(reconstruction, images, mu.array, logvar.array)", 4),
    (T, TN, "a fresh Adam set up inside the step",
     "    optimizer.update()\n",
     "    optimizer = chainer.optimizers.Adam(alpha=1e-3)\n    optimizer.setup(model)\n"
     "    optimizer.update()\n", 4),
    (T, TN, "model.disable_update() after the step, never re-enabled",
     "    return float(loss.array)\n", "    model.disable_update()\n    return float(loss.array)\n", 4),
    (T, TN, "encode/decode called by hand, decoding mu",
     "        reconstruction, mu, logvar = model(images)\n        loss",
     "        mu, logvar = model.encode(images)\n        reconstruction = model.decode(mu)\n        loss", 5),
    (T, TN, "returns (loss, reconstruction)",
     "    return float(loss.array)\n", "    return float(loss.array), reconstruction\n", 6),
]

C_VARIANTS = [
    (R, RN, "F.gaussian(mu, logvar), Chainer's built-in trick", _C_REPARAM,
     "    return F.gaussian(mu, logvar)\n"),
    (R, RN, "std.xp and xp.random.randn (float64 noise, cast by the multiplication)",
     f"{_C_XP}  # NumPy on the CPU, CuPy on a GPU\n    {_C_EPS}",
     "xp = std.xp\n    eps = xp.random.randn(*std.shape)"),
    (R, RN, "sigma = F.sqrt(F.exp(logvar))",
     f"{_C_STD}  # sigma = exp(log(sigma^2) / 2)", "std = F.sqrt(F.exp(logvar))"),
    (R, RN, "eps via xp.random.normal(0, 1, shape) cast to mu.dtype",
     _C_EPS, "eps = xp.random.normal(0.0, 1.0, std.shape).astype(mu.dtype)"),
    (M, MN, "one Linear(hidden, 2 * latent_dim) split with F.split_axis",
     _C_HEAD_SPAN, _C_HEAD_SPAN.replace(
         "self.fc_mu = L.Linear(hidden, latent_dim)\n            self.fc_logvar = L.Linear(hidden, latent_dim"
         ")",
         "self.fc_stats = L.Linear(hidden, 2 * latent_dim)").replace(
         "return self.fc_mu(h), self.fc_logvar(h)",
         "mu, logvar = F.split_axis(self.fc_stats(h), 2, axis=1)\n        return mu, logvar")),
    (M, MN, "explicit F.reshape flatten, reshape with len(z)", *(
        """        h = F.relu(self.encoder_fc(x))  # (B, hidden); L.Linear flattens (B, C, H, W) itself
        return self.fc_mu(h), self.fc_logvar(h)  # no activation: both can take any value
""", """        h = F.relu(self.encoder_fc(F.reshape(x, (len(x), -1))))
        return self.fc_mu(h), self.fc_logvar(h)
""")),
    (M, MN, "forward uses F.gaussian(mu, logvar)", _C_Z, "z = F.gaussian(mu, logvar)"),
    (M, MN, "decode reshapes to (len(z),) + image_shape",
     "F.reshape(F.sigmoid(self.decoder_out(h)), (-1, *self.image_shape))",
     "F.reshape(F.sigmoid(self.decoder_out(h)), (len(z),) + self.image_shape)"),
    (L, LN, "F.gaussian_kl_divergence(mu, logvar) and F.log1p",
     f"{_C_NLL}\n    {_C_KL}",
     "reconstruction_nll = -F.sum(images * F.log(p) + (1 - images) * F.log1p(-p))\n"
     "    kl = F.gaussian_kl_divergence(mu, logvar)"),
    (L, LN, "per-image sums, then F.mean over the batch",
     f"{_C_NLL}\n    {_C_KL}\n    {_C_LRET}",
     "nll = -F.sum(images * F.log(p) + (1 - images) * F.log(1 - p), axis=(1, 2, 3))\n"
     "    kl = -0.5 * F.sum(1 + logvar - F.square(mu) - F.exp(logvar), axis=1)\n"
     "    return F.mean(nll + kl)"),
    (L, LN, "divided by mu.shape[0], KL with F.square",
     f"{_C_KL}\n    {_C_LRET}",
     "kl = -0.5 * F.sum(1 + logvar - F.square(mu) - F.exp(logvar))\n"
     "    return (reconstruction_nll + kl) / mu.shape[0]"),
    (L, LN, "KL written with std * std, mu * mu",
     _C_KL, "std = F.exp(0.5 * logvar)\n    kl = -0.5 * F.sum(1 + logvar - mu * mu - std * std)"),
    (T, TN, "optimizer.update(lossfun): Chainer clears and backpropagates itself", _C_STEP,
     """    losses = []

    def lossfun():
        reconstruction, mu, logvar = model(images)
        losses.append(vae_loss(reconstruction, images, mu, logvar))
        return losses[-1]

    optimizer.update(lossfun)
    return float(losses[0].array)
"""),
    (T, TN, "optimizer.target.cleargrads(), no using_config, float(loss.data)", _C_STEP,
     """    reconstruction, mu, logvar = model(images)
    loss = vae_loss(reconstruction, images, mu, logvar)
    optimizer.target.cleargrads()
    loss.backward()
    optimizer.update()
    return float(loss.data)
"""),
    (T, TN, "cleargrads before the forward pass, loss.array.item()", _C_STEP,
     """    model.cleargrads()
    with chainer.using_config("train", True):
        outputs = model(images)
        loss = vae_loss(outputs[0], images, outputs[1], outputs[2])
    loss.backward()
    optimizer.update()
    return loss.array.item()
"""),
]

MUTANTS = {"pytorch": PT_MUTANTS, "keras": K_MUTANTS, "chainer": C_MUTANTS}
VARIANTS = {"pytorch": PT_VARIANTS, "keras": K_VARIANTS, "chainer": C_VARIANTS}
