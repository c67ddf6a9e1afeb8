"""More test cases for topic 01_mlp_autoencoder: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``).

Written as a learner would write them, to harden the graders; merged into ``MUTANTS`` by
``cases/__init__.py``.
"""
M, L, T = "mlp_autoencoder.model", "mlp_autoencoder.loss", "mlp_autoencoder.train_step"
MA, LA, TA = "MLPAutoencoder", "reconstruction_loss", "train_step"

# ---------------------------------------------------------------- PyTorch reference texts
PT_ENC = "self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(pixels, latent_dim), nn.ReLU())"
PT_DEC = "self.decoder = nn.Linear(latent_dim, pixels)"
PT_PIX = "pixels = int(np.prod(image_shape))"
PT_CODE = "code = self.encoder(x)  # (B, latent_dim)"
PT_OUT = "return self.decoder(code).view(-1, *self.image_shape)  # (B, C, H, W)"
PT_MID = (PT_ENC + "\n        " + PT_DEC + "\n        ### END SOLUTION\n"
          "        self.apply(glorot_init)\n\n    def forward(self, x):\n"
          "        ### BEGIN SOLUTION\n        " + PT_CODE)
PT_LOSS = "return ((reconstructions - images) ** 2).mean()"
PT_FWD = "loss = reconstruction_loss(model(images), images)"
PT_RET = "return loss.item()"
PT_STEP = f"    optimizer.zero_grad()\n    {PT_FWD}\n    loss.backward()\n    optimizer.step()\n"

# ---------------------------------------------------------------- Keras reference texts
K_PIX = "pixels = int(np.prod(image_shape))"
K_ENC = 'layers.Dense(latent_dim, activation="relu"),  # (B, latent_dim)'
K_DEC = "layers.Dense(pixels),  # (B, H*W*C)"
K_RESHAPE = "layers.Reshape(self.image_shape),  # (B, H, W, C)"
K_CALL = "return self.decoder(self.encoder(x))"
K_TAIL = ("\n        ])\n        ### END SOLUTION\n"
          "        self(keras.Input(self.image_shape))  # a symbolic call creates the weights right away\n"
          "\n    def call(self, x):\n        ### BEGIN SOLUTION\n        " + K_CALL)
K_LOSS = "return keras.ops.mean(keras.ops.square(reconstructions - images))"
K_TAPE = ("    with tf.GradientTape() as tape:\n"
          "        loss = reconstruction_loss(model(images, training=True), images)\n")
K_GRADS = "gradients = tape.gradient(loss, model.trainable_variables)"
K_APPLY = "optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))"
K_RET = "    return loss\n    ### END SOLUTION\n\n\n# %% fit save"

# ---------------------------------------------------------------- Chainer reference texts
C_PIX = "pixels = int(np.prod(image_shape))"
C_LINKS = ("self.encoder = L.Linear(pixels, latent_dim)\n"
           "            self.decoder = L.Linear(latent_dim, pixels)")
C_H1 = "h = F.relu(self.encoder(x))"
C_H2 = "h = self.decoder(h)  # (B, C*H*W)"
C_OUT = "return F.reshape(h, (-1, *self.image_shape))  # (B, C, H, W)"
C_LOSS = "return F.mean_squared_error(reconstructions, images)"
C_WITH = 'with chainer.using_config("train", True):'
C_UPD = "optimizer.update(lambda: loss)  # cleargrads(), loss.backward(), then the Adam step"
C_RET = "return float(loss.array)"

MUTANTS = {
    "pytorch": [
        # ---- model
        (M, MA, "latent size hard-coded to the default 64 (latent_dim ignored)",
         PT_ENC + "\n        " + PT_DEC,
         "self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(pixels, 64), nn.ReLU())\n"
         "        self.decoder = nn.Linear(64, pixels)", 2),
        (M, MA, "pixels counted as H*W: the channel dimension is ignored (breaks RGB images)",
         PT_PIX, "pixels = image_shape[1] * image_shape[2]  # H * W", 2),
        (M, MA, "sigmoid in the bottleneck instead of ReLU",
         "nn.Linear(pixels, latent_dim), nn.ReLU())", "nn.Linear(pixels, latent_dim), nn.Sigmoid())", 3),
        (M, MA, "LeakyReLU(0.2) in the bottleneck instead of ReLU",
         "nn.Linear(pixels, latent_dim), nn.ReLU())",
         "nn.Linear(pixels, latent_dim), nn.LeakyReLU(0.2))", 3),
        (M, MA, "ReLU on the output: the decoder can never produce the -1 background",
         PT_DEC, "self.decoder = nn.Sequential(nn.Linear(latent_dim, pixels), nn.ReLU())", 3),
        (M, MA, "ReLU moved from the bottleneck to the output layer",
         PT_ENC + "\n        " + PT_DEC,
         "self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(pixels, latent_dim))\n"
         "        self.decoder = nn.Sequential(nn.Linear(latent_dim, pixels), nn.ReLU())", 3),
        (M, MA, "ReLU on the input pixels (before the encoder's Linear) instead of on the code",
         PT_ENC, "self.encoder = nn.Sequential(nn.Flatten(), nn.ReLU(), nn.Linear(pixels, latent_dim))", 3),
        (M, MA, "encoder Linear without bias",
         "nn.Linear(pixels, latent_dim), nn.ReLU())",
         "nn.Linear(pixels, latent_dim, bias=False), nn.ReLU())", 5),
        (M, MA, "output reshaped channels-last (B, H, W, C) in an NCHW framework",
         PT_OUT, "return self.decoder(code).view(-1, self.image_shape[1], self.image_shape[2], "
                 "self.image_shape[0])", 5),
        (M, MA, "forward returns (reconstruction, code) instead of the reconstruction",
         PT_OUT, "return self.decoder(code).view(-1, *self.image_shape), code", 6),
        # ---- loss
        (L, LA, "loss returned as a Python float with .item() (no gradient)",
         PT_LOSS, "return ((reconstructions - images) ** 2).mean().item()", 1),
        (L, LA, "loss wrapped in float() (no gradient)",
         PT_LOSS, "return float(torch.nn.functional.mse_loss(reconstructions, images))", 1),
        (L, LA, "loss detached from the graph",
         PT_LOSS, "return ((reconstructions - images) ** 2).mean().detach()", 1),
        (L, LA, "loss computed in NumPy",
         PT_LOSS, "return np.mean((reconstructions.detach().cpu().numpy()\n"
                  "                    - images.detach().cpu().numpy()) ** 2)", 1),
        (L, LA, "loss re-wrapped in a new leaf tensor with requires_grad=True (graph cut)",
         PT_LOSS, "return torch.tensor(((reconstructions - images) ** 2).mean().item(), "
                  "requires_grad=True)", 1),
        (L, LA, "one loss per image (mean over C, H, W only): not a scalar",
         PT_LOSS, "return ((reconstructions - images) ** 2).mean(dim=(1, 2, 3))", 1),
        (L, LA, "mean over the batch only: a per-pixel map",
         PT_LOSS, "return ((reconstructions - images) ** 2).mean(dim=0)", 1),
        (L, LA, "square of the mean error instead of the mean of the squares",
         PT_LOSS, "return (reconstructions - images).mean() ** 2", 5),
        # ---- train_step
        (T, TA, "returns the loss tensor, not a number (fit then fails: "
                "'Can't call numpy() on Tensor that requires grad')", PT_RET, "return loss", 1),
        (T, TA, "returns the detached loss tensor, not a number (fit's checkpoint fails: "
                "Tensor is not JSON serializable)",
         PT_RET, "return loss.detach()", 1),
        (T, TA, "optimizer.step() before loss.backward()",
         "    loss.backward()\n    optimizer.step()\n", "    optimizer.step()\n    loss.backward()\n", 4),
        (T, TA, "zero_grad() between backward() and step(): the step sees no gradient",
         "    loss.backward()\n    optimizer.step()\n",
         "    loss.backward()\n    optimizer.zero_grad()\n    optimizer.step()\n", 4),
        (T, TA, "two optimizer steps per batch",
         "    optimizer.step()\n", "    optimizer.step()\n    optimizer.step()\n", 4),
        (T, TA, "a fresh Adam optimizer built inside the step (moments reset every batch)",
         "    optimizer.zero_grad()\n",
         "    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\n    optimizer.zero_grad()\n", 4),
        (T, TA, "forward pass under torch.no_grad()",
         "    " + PT_FWD + "\n",
         "    with torch.no_grad():\n        " + PT_FWD + "\n", 4),
        (T, TA, "returns the loss recomputed after the step",
         PT_RET, "return reconstruction_loss(model(images), images).item()", 5),
        (T, TA, "returns a dict of metrics instead of the loss",
         PT_RET, 'return {"loss": loss.item()}', 6),
    ],
    "keras": [
        # ---- model
        (M, MA, "latent size hard-coded to the default 64 (latent_dim ignored)",
         K_ENC, 'layers.Dense(64, activation="relu"),', 2),
        (M, MA, "pixels counted as H*W: the channel dimension is ignored (breaks RGB images)",
         K_PIX, "pixels = image_shape[0] * image_shape[1]  # H * W", 2),
        (M, MA, "sigmoid in the bottleneck instead of ReLU",
         K_ENC, 'layers.Dense(latent_dim, activation="sigmoid"),', 3),
        (M, MA, "Keras's leaky_relu (slope 0.2) in the bottleneck instead of ReLU",
         K_ENC, 'layers.Dense(latent_dim, activation="leaky_relu"),', 3),
        (M, MA, "ReLU on the output: the decoder can never produce the -1 background",
         K_DEC, 'layers.Dense(pixels, activation="relu"),', 3),
        (M, MA, "ReLU moved from the bottleneck to the output layer",
         K_ENC + "\n        ])\n        self.decoder = keras.Sequential([\n            " + K_DEC,
         "layers.Dense(latent_dim),\n        ])\n        self.decoder = keras.Sequential([\n"
         '            layers.Dense(pixels, activation="relu"),', 3),
        (M, MA, "ReLU on the input pixels (before the encoder's Dense) instead of on the code",
         K_ENC, "layers.ReLU(),\n            layers.Dense(latent_dim),", 3),
        (M, MA, "Dense layers without bias",
         K_ENC + "\n        ])\n        self.decoder = keras.Sequential([\n            " + K_DEC,
         'layers.Dense(latent_dim, activation="relu", use_bias=False),\n        ])\n'
         "        self.decoder = keras.Sequential([\n            layers.Dense(pixels, use_bias=False),",
         5),
        (M, MA, "output reshaped channels-first (C, H, W) in a channels-last framework",
         K_RESHAPE, "layers.Reshape((image_shape[2], image_shape[0], image_shape[1])),", 5),
        (M, MA, "call returns (reconstruction, code) instead of the reconstruction",
         K_CALL, "code = self.encoder(x)\n        return self.decoder(code), code", 6),
        # ---- loss
        (L, LA, "loss turned into a Python float",
         K_LOSS, "return float(keras.ops.mean(keras.ops.square(reconstructions - images)))", 1),
        (L, LA, "loss converted to NumPy with .numpy()",
         K_LOSS, "return keras.ops.mean(keras.ops.square(reconstructions - images)).numpy()", 1),
        (L, LA, "loss wrapped in tf.stop_gradient",
         K_LOSS, "return tf.stop_gradient(tf.reduce_mean(tf.square(reconstructions - images)))", 1),
        (L, LA, "loss computed in NumPy",
         K_LOSS, "return np.mean(np.square(np.asarray(reconstructions) - np.asarray(images)))", 1),
        (L, LA, "keras.losses.mean_squared_error: one value per pixel (mean over the last axis only)",
         K_LOSS, "return keras.losses.mean_squared_error(images, reconstructions)", 1),
        (L, LA, "mean over the batch axis only: a per-pixel map",
         K_LOSS, "return keras.ops.mean(keras.ops.square(reconstructions - images), axis=0)", 1),
        (L, LA, "square of the mean error instead of the mean of the squares",
         K_LOSS, "return keras.ops.square(keras.ops.mean(reconstructions - images))", 5),
        # ---- train_step
        (T, TA, "forward pass outside the tape: no gradients are recorded",
         K_TAPE,
         "    reconstructions = model(images, training=True)\n"
         "    with tf.GradientTape() as tape:\n"
         "        loss = reconstruction_loss(reconstructions, images)\n", 4),
        (T, TA, "returns float(loss) inside @tf.function",
         K_RET, "    return float(loss)\n    ### END SOLUTION\n\n\n# %% fit save", 1),
        (T, TA, "returns loss.numpy() inside @tf.function",
         K_RET, "    return loss.numpy()\n    ### END SOLUTION\n\n\n# %% fit save", 1),
        (T, TA, "per-pixel keras.losses.mean_squared_error in the step: not a scalar loss",
         K_TAPE,
         "    with tf.GradientTape() as tape:\n"
         "        loss = keras.losses.mean_squared_error(images, model(images, training=True))\n", 1),
        (T, TA, "returns the loss recomputed after the update",
         K_RET, "    return reconstruction_loss(model(images, training=False), images)\n"
                "    ### END SOLUTION\n\n\n# %% fit save", 5),
        (T, TA, "returns a dict of metrics (Model.train_step habit) instead of the loss",
         K_RET, '    return {"loss": loss}\n    ### END SOLUTION\n\n\n# %% fit save', 6),
        (T, TA, "gradients taken with respect to the encoder's variables only",
         K_GRADS + "\n    " + K_APPLY,
         "gradients = tape.gradient(loss, model.trainable_variables[:2])\n"
         "    optimizer.apply_gradients(zip(gradients, model.trainable_variables[:2]))", 4),
    ],
    "chainer": [
        # ---- model
        (M, MA, "latent size hard-coded to the default 64 (latent_dim ignored)",
         C_LINKS, "self.encoder = L.Linear(pixels, 64)\n            self.decoder = L.Linear(64, pixels)", 2),
        (M, MA, "pixels counted as H*W: the channel dimension is ignored (breaks RGB images)",
         C_PIX, "pixels = image_shape[1] * image_shape[2]  # H * W", 2),
        (M, MA, "sigmoid in the bottleneck instead of ReLU",
         C_H1, "h = F.sigmoid(self.encoder(x))", 3),
        (M, MA, "F.leaky_relu (default slope 0.2) in the bottleneck instead of ReLU",
         C_H1, "h = F.leaky_relu(self.encoder(x))", 3),
        (M, MA, "ReLU on the output: the decoder can never produce the -1 background",
         C_H2, "h = F.relu(self.decoder(h))", 3),
        (M, MA, "ReLU moved from the bottleneck to the output layer",
         C_H1 + "  # (B, latent_dim); L.Linear flattens (B, C, H, W) itself\n        " + C_H2,
         "h = self.encoder(x)\n        h = F.relu(self.decoder(h))", 3),
        (M, MA, "ReLU on the input pixels instead of on the code",
         C_H1, "h = self.encoder(F.relu(x))", 3),
        (M, MA, "encoder Linear without bias",
         "self.encoder = L.Linear(pixels, latent_dim)",
         "self.encoder = L.Linear(pixels, latent_dim, nobias=True)", 5),
        (M, MA, "output reshaped channels-last (B, H, W, C) in an NCHW framework",
         C_OUT, "return F.reshape(h, (-1, self.image_shape[1], self.image_shape[2], "
                "self.image_shape[0]))", 5),
        (M, MA, "code taken as .array: the encoder gets no gradient",
         C_H1, "h = F.relu(self.encoder(x)).array", 1),
        (M, MA, "forward returns (reconstruction, code) instead of the reconstruction",
         C_H2 + "\n        " + C_OUT,
         "code = h\n        h = self.decoder(h)\n"
         "        return F.reshape(h, (-1, *self.image_shape)), code", 6),
        # ---- loss
        (L, LA, "loss returned as its .array (no gradient)",
         C_LOSS, "return F.mean_squared_error(reconstructions, images).array", 1),
        (L, LA, "loss turned into a Python float",
         C_LOSS, "return float(F.mean_squared_error(reconstructions, images).array)", 1),
        (L, LA, "loss turned into a Python number with .item()",
         C_LOSS, "return F.mean_squared_error(reconstructions, images).array.item()", 1),
        (L, LA, "loss computed in NumPy",
         C_LOSS, "return np.mean(np.square(reconstructions - images))", 1),
        (L, LA, "F.squared_error: one value per pixel, never reduced",
         C_LOSS, "return F.squared_error(reconstructions, images)", 1),
        (L, LA, "mean over the batch axis only: a per-pixel map",
         C_LOSS, "return F.mean(F.squared_error(reconstructions, images), axis=0)", 1),
        (L, LA, "MSE divided by the batch size once more",
         C_LOSS, "return F.mean_squared_error(reconstructions, images) / len(images)", 1),
        (L, LA, "square of the mean error instead of the mean of the squares",
         C_LOSS, "return F.square(F.mean(reconstructions - images))", 5),
        # ---- train_step
        (T, TA, "returns the loss Variable, not a number (fit fails: "
                "unsupported format string passed to Variable.__format__)", C_RET, "return loss", 1),
        (T, TA, "returns loss.array, a 0-d array, not a Python number (fit's checkpoint "
                "fails: float32 is not JSON serializable)",
         C_RET, "return loss.array", 1),
        (T, TA, "two optimizer updates per batch",
         C_UPD, "optimizer.update(lambda: loss)\n    optimizer.update(lambda: loss)", 4),
        (T, TA, "gradients cleared after backward: the update sees zeros",
         C_UPD, "loss.backward()\n    model.cleargrads()\n    optimizer.update()", 4),
        (T, TA, "forward pass under no_backprop_mode: backward reaches no parameter",
         C_WITH, 'with chainer.using_config("train", True), chainer.no_backprop_mode():', 4),
        (T, TA, "optimizer.update(model, images): the model's output is used as the loss",
         C_UPD, "optimizer.update(model, images)", 4),
        (T, TA, "returns the loss recomputed after the update",
         C_RET, "return float(reconstruction_loss(model(images), images).array)", 5),
        (T, TA, "loss taken from optimizer.update's return value (None)",
         "        loss = reconstruction_loss(model(images), images)\n    " + C_UPD,
         "        loss = optimizer.update(reconstruction_loss, model(images), images)", 6),
        (T, TA, "returns a dict of metrics instead of the loss",
         C_RET, 'return {"loss": float(loss.array)}', 6),
    ],
}

VARIANTS = {
    "pytorch": [
        # ---- model
        (M, MA, "torch.relu applied in forward",
         PT_MID, PT_MID.replace(", nn.ReLU())", ")").replace(
             "code = self.encoder(x)", "code = torch.relu(self.encoder(x))")),
        (M, MA, "nn.Unflatten inside the decoder",
         PT_DEC + "\n", "self.decoder = nn.Sequential(nn.Linear(latent_dim, pixels), "
                        "nn.Unflatten(1, self.image_shape))\n"),
        (M, MA, "reshape to x.shape",
         PT_OUT, "return self.decoder(code).reshape(x.shape)"),
        (M, MA, "flatten in forward with x.flatten(1), encoder without nn.Flatten",
         PT_MID, PT_MID.replace("nn.Flatten(), ", "").replace(
             "code = self.encoder(x)", "code = self.encoder(x.flatten(1))")),
        (M, MA, "pixels as an explicit product of the three dimensions",
         PT_PIX, "pixels = image_shape[0] * image_shape[1] * image_shape[2]"),
        (M, MA, "in-place ReLU",
         "nn.Linear(pixels, latent_dim), nn.ReLU())",
         "nn.Linear(pixels, latent_dim), nn.ReLU(inplace=True))"),
        (M, MA, "view with the batch size spelt out",
         PT_OUT, "return self.decoder(code).view(x.size(0), *self.image_shape)"),
        # ---- loss
        (L, LA, "nn.functional.mse_loss", PT_LOSS,
         "return nn.functional.mse_loss(reconstructions, images)"),
        (L, LA, "nn.MSELoss module", PT_LOSS, "return nn.MSELoss()(reconstructions, images)"),
        (L, LA, "torch.mean of the square", PT_LOSS,
         "return torch.mean(torch.square(reconstructions - images))"),
        (L, LA, "sum divided by numel", PT_LOSS,
         "return ((reconstructions - images) ** 2).sum() / reconstructions.numel()"),
        (L, LA, "arguments swapped (symmetric)", PT_LOSS,
         "return nn.functional.mse_loss(images, reconstructions)"),
        (L, LA, "per-image mean, then batch mean", PT_LOSS,
         "return (reconstructions - images).pow(2).flatten(1).mean(1).mean()"),
        # ---- train_step
        (T, TA, "zero_grad at the end of the step instead of the start",
         PT_STEP, "    " + PT_FWD + "\n    loss.backward()\n    optimizer.step()\n"
                  "    optimizer.zero_grad()\n"),
        (T, TA, "model.zero_grad()", "    optimizer.zero_grad()\n", "    model.zero_grad()\n"),
        (T, TA, "zero_grad(set_to_none=False)", "    optimizer.zero_grad()\n",
         "    optimizer.zero_grad(set_to_none=False)\n"),
        (T, TA, "nn.functional.mse_loss in the step", PT_FWD,
         "loss = nn.functional.mse_loss(model(images), images)"),
        (T, TA, "float(loss)", PT_RET, "return float(loss)"),
        (T, TA, "loss.detach().item()", PT_RET, "return loss.detach().item()"),
        (T, TA, "gradients set to None by hand", "    optimizer.zero_grad()\n",
         "    for parameter in model.parameters():\n        parameter.grad = None\n"),
    ],
    "keras": [
        # ---- model
        (M, MA, "separate layers.ReLU()", K_ENC, "layers.Dense(latent_dim),\n            layers.ReLU(),"),
        (M, MA, "layers.Activation('relu')", K_ENC,
         'layers.Dense(latent_dim),\n            layers.Activation("relu"),'),
        (M, MA, "reshape with keras.ops in call, no Reshape layer",
         "            " + K_RESHAPE + K_TAIL,
         K_TAIL.replace(K_CALL, "flat = self.decoder(self.encoder(x))\n"
                        "        return keras.ops.reshape(flat, (-1, *self.image_shape))")),
        (M, MA, "pixels as an explicit product of the three dimensions",
         K_PIX, "pixels = image_shape[0] * image_shape[1] * image_shape[2]"),
        (M, MA, "explicit linear activation on the output", K_DEC,
         'layers.Dense(pixels, activation="linear"),'),
        (M, MA, "Reshape((pixels,)) instead of Flatten",
         "layers.Flatten(),  # (B, H*W*C)", "layers.Reshape((pixels,)),"),
        (M, MA, "activation given as the function keras.activations.relu", K_ENC,
         "layers.Dense(latent_dim, activation=keras.activations.relu),"),
        # ---- loss
        (L, LA, "keras.losses.MeanSquaredError()", K_LOSS,
         "return keras.losses.MeanSquaredError()(images, reconstructions)"),
        (L, LA, "tf.reduce_mean(tf.square(...))", K_LOSS,
         "return tf.reduce_mean(tf.square(reconstructions - images))"),
        (L, LA, "tf.math.squared_difference", K_LOSS,
         "return tf.reduce_mean(tf.math.squared_difference(reconstructions, images))"),
        (L, LA, "mean of keras.losses.mean_squared_error", K_LOSS,
         "return keras.ops.mean(keras.losses.mean_squared_error(images, reconstructions))"),
        (L, LA, "** 2 operator", K_LOSS, "return keras.ops.mean((reconstructions - images) ** 2)"),
        # ---- train_step
        (T, TA, "no @tf.function: an eager step",
         "@tf.function\ndef train_step", "def train_step"),
        (T, TA, "optimizer.apply(gradients, variables)", K_APPLY,
         "optimizer.apply(gradients, model.trainable_variables)"),
        (T, TA, "model.trainable_weights and zip without strict",
         K_GRADS + "\n    " + K_APPLY,
         "gradients = tape.gradient(loss, model.trainable_weights)\n"
         "    optimizer.apply_gradients(zip(gradients, model.trainable_weights))"),
        (T, TA, "keras.losses.MeanSquaredError in the step", K_TAPE,
         "    mse = keras.losses.MeanSquaredError()\n    with tf.GradientTape() as tape:\n"
         "        loss = mse(images, model(images, training=True))\n"),
        (T, TA, "gradient taken inside the with block", K_TAPE + "    " + K_GRADS,
         K_TAPE.replace("        loss = ", "        loss = ") + "        " + K_GRADS),
        (T, TA, "persistent tape", "with tf.GradientTape() as tape:",
         "with tf.GradientTape(persistent=True) as tape:"),
    ],
    "chainer": [
        # ---- model
        (M, MA, "reshape to x.shape", C_OUT, "return F.reshape(h, x.shape)"),
        (M, MA, "Variable.reshape", C_OUT, "return h.reshape(-1, *self.image_shape)"),
        (M, MA, "explicit flatten before the encoder", C_H1,
         "h = F.relu(self.encoder(F.reshape(x, (len(x), -1))))"),
        (M, MA, "pixels as an explicit product of the three dimensions",
         C_PIX, "pixels = image_shape[0] * image_shape[1] * image_shape[2]"),
        (M, MA, "encoder as chainer.Sequential(Linear, F.relu)",
         "self.encoder = L.Linear(pixels, latent_dim)",
         "self.encoder = chainer.Sequential(L.Linear(pixels, latent_dim), F.relu)"),
        (M, MA, "F.reshape with len(x)", C_OUT, "return F.reshape(h, (len(x),) + self.image_shape)"),
        # ---- loss
        (L, LA, "F.mean(F.squared_difference)", C_LOSS,
         "return F.mean(F.squared_difference(reconstructions, images))"),
        (L, LA, "F.mean of ** 2", C_LOSS, "return F.mean((reconstructions - images) ** 2)"),
        (L, LA, "F.mean(F.square(...))", C_LOSS, "return F.mean(F.square(reconstructions - images))"),
        (L, LA, "sum of squared_error divided by size", C_LOSS,
         "return F.sum(F.squared_error(reconstructions, images)) / reconstructions.size"),
        (L, LA, "arguments swapped (symmetric)", C_LOSS,
         "return F.mean_squared_error(images, reconstructions)"),
        (L, LA, "F.mean(F.squared_error)", C_LOSS,
         "return F.mean(F.squared_error(reconstructions, images))"),
        # ---- train_step
        (T, TA, "cleargrads, backward and update spelt out", C_UPD,
         "model.cleargrads()\n    loss.backward()\n    optimizer.update()"),
        (T, TA, "optimizer.target.cleargrads()", C_UPD,
         "optimizer.target.cleargrads()\n    loss.backward()\n    optimizer.update()"),
        (T, TA, "no using_config (train is True by default)",
         "    " + C_WITH + "\n        loss =", "    loss ="),
        (T, TA, "F.mean_squared_error in the step",
         "loss = reconstruction_loss(model(images), images)",
         "loss = F.mean_squared_error(model(images), images)"),
        (T, TA, "float(loss.data)", C_RET, "return float(loss.data)"),
        (T, TA, "to_cpu then float", C_RET,
         "return float(chainer.backends.cuda.to_cpu(loss.array))"),
        (T, TA, "optimizer.update(lossfun, *args) after computing the returned loss", C_UPD,
         "optimizer.update(lambda x: reconstruction_loss(model(x), x), images)"),
    ],
}
