"""Test cases for topic 04_gan: typical wrong answers and parity models."""

MUTANTS = {
    "pytorch": [
        ("gan.generator", "Generator", "no tanh on the output",
         "            nn.Tanh(),  # pixels in [-1, 1], like the training images\n", ""),
        ("gan.generator", "Generator", "sigmoid instead of tanh",
         "            nn.Tanh(),  # pixels", "            nn.Sigmoid(),  # pixels"),
        ("gan.generator", "Generator", "ReLU instead of LeakyReLU",
         "nn.Linear(256, 512),  # (B, 512)\n            nn.LeakyReLU(0.2),",
         "nn.Linear(256, 512),  # (B, 512)\n            nn.ReLU(),"),
        ("gan.generator", "Generator", "latent size hard-coded to 100",
         "nn.Linear(latent_dim, 128)", "nn.Linear(100, 128)"),
        ("gan.generator", "Generator", "no hidden activations",
         "            nn.LeakyReLU(0.2),\n            nn.Linear(128, 256),  # (B, 256)\n"
         "            nn.LeakyReLU(0.2),\n            nn.Linear(256, 512),  # (B, 512)\n"
         "            nn.LeakyReLU(0.2),\n",
         "            nn.Linear(128, 256),  # (B, 256)\n            nn.Linear(256, 512),  # (B, 512)\n"),
        ("gan.generator", "Generator", "512 layer missing",
         "            nn.Linear(256, 512),  # (B, 512)\n            nn.LeakyReLU(0.2),\n"
         "            nn.Linear(512, pixels),",
         "            nn.Linear(256, pixels),"),
        ("gan.discriminator", "Discriminator", "sigmoid on the output (applied twice with the loss)",
         "nn.Linear(256, 1),  # (B, 1): a logit", "nn.Linear(256, 1), nn.Sigmoid(),  # (B, 1): a logit"),
        ("gan.discriminator", "Discriminator", "ReLU instead of LeakyReLU",
         "nn.Linear(pixels, 512),  # (B, 512)\n            nn.LeakyReLU(0.2),",
         "nn.Linear(pixels, 512),  # (B, 512)\n            nn.ReLU(),"),
        ("gan.discriminator", "Discriminator", "no hidden activations",
         "            nn.LeakyReLU(0.2),\n            nn.Linear(512, 256),  # (B, 256)\n"
         "            nn.LeakyReLU(0.2),\n",
         "            nn.Linear(512, 256),  # (B, 256)\n"),
        ("gan.discriminator", "Discriminator", "one output per pixel",
         "nn.Linear(256, 1),  # (B, 1)", "nn.Linear(256, pixels),  # (B, 1)"),
        ("gan.discriminator_loss", "discriminator_loss", "labels swapped",
         "real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))\n"
         "    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))",
         "real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.zeros_like(real_logits))\n"
         "    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))"),
        ("gan.discriminator_loss", "discriminator_loss", "sigmoid applied twice",
         "real_loss = F.binary_cross_entropy_with_logits(real_logits,",
         "real_loss = F.binary_cross_entropy_with_logits(torch.sigmoid(real_logits),"),
        ("gan.discriminator_loss", "discriminator_loss", "summed over the batch",
         "fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))",
         "fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits),"
         " reduction='sum')"),
        ("gan.discriminator_loss", "discriminator_loss", "BCE on sigmoid probabilities (unstable)",
         "real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))\n"
         "    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))",
         "real_loss = F.binary_cross_entropy(torch.sigmoid(real_logits), torch.ones_like(real_logits))\n"
         "    fake_loss = F.binary_cross_entropy(torch.sigmoid(fake_logits), torch.zeros_like(fake_logits))"),
        ("gan.discriminator_loss", "discriminator_loss", "fake term missing",
         "return real_loss + fake_loss", "return real_loss"),
        ("gan.generator_loss", "generator_loss", "saturating loss log(1 - D(G(z)))",
         "return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))",
         "return -F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))"),
        ("gan.generator_loss", "generator_loss", "discriminator's target for fakes",
         "return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))",
         "return F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))"),
        ("gan.generator_loss", "generator_loss", "sigmoid applied twice",
         "return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))",
         "return F.binary_cross_entropy_with_logits(torch.sigmoid(fake_logits), "
         "torch.ones_like(fake_logits))"),
        ("gan.generator_loss", "generator_loss", "naive -log(sigmoid) (overflows)",
         "return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))",
         "return -torch.log(torch.sigmoid(fake_logits)).mean()"),
        ("gan.discriminator_step", "discriminator_step", "fakes not detached",
         "fake = generator(z).detach()", "fake = generator(z)"),
        ("gan.discriminator_step", "discriminator_step", "gradients never reset",
         "    d_optimizer.zero_grad()\n", ""),
        ("gan.discriminator_step", "discriminator_step", "labels swapped in the step",
         "loss = discriminator_loss(discriminator(real), discriminator(fake))",
         "loss = discriminator_loss(discriminator(fake), discriminator(real))"),
        ("gan.discriminator_step", "discriminator_step", "gradient ascent",
         "    loss.backward()\n    d_optimizer.step()", "    (-loss).backward()\n    d_optimizer.step()"),
        ("gan.discriminator_step", "discriminator_step", "no optimizer step",
         "    d_optimizer.step()\n", ""),
        ("gan.generator_step", "generator_step", "fakes detached in the G step",
         "loss = generator_loss(discriminator(generator(z)))",
         "loss = generator_loss(discriminator(generator(z).detach()))"),
        ("gan.generator_step", "generator_step", "gradients never reset",
         "    g_optimizer.zero_grad()\n", ""),
        ("gan.generator_step", "generator_step", "G trained on the discriminator's target",
         "loss = generator_loss(discriminator(generator(z)))",
         "fake_logits = discriminator(generator(z))\n"
         "    loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))"),
        ("gan.generator_step", "generator_step", "saturating loss in the step",
         "loss = generator_loss(discriminator(generator(z)))",
         "loss = torch.log(1 - torch.sigmoid(discriminator(generator(z)))).mean()"),
    ],
    "keras": [
        ("gan.generator", "Generator", "no tanh on the output",
         'layers.Dense(pixels, activation="tanh")', "layers.Dense(pixels)"),
        ("gan.generator", "Generator", "sigmoid instead of tanh",
         'layers.Dense(pixels, activation="tanh")', 'layers.Dense(pixels, activation="sigmoid")'),
        ("gan.generator", "Generator", "ReLU instead of LeakyReLU",
         "layers.LeakyReLU(negative_slope=0.2),  # Keras's default slope is 0.3",
         "layers.ReLU(),"),
        ("gan.generator", "Generator", "512 layer missing",
         "            layers.Dense(512),  # (B, 512)\n            layers.LeakyReLU(negative_slope=0.2),\n"
         '            layers.Dense(pixels, activation="tanh")',
         '            layers.Dense(pixels, activation="tanh")'),
        ("gan.generator", "Generator", "no hidden activations",
         "            layers.LeakyReLU(negative_slope=0.2),  # Keras's default slope is 0.3\n"
         "            layers.Dense(256),  # (B, 256)\n            layers.LeakyReLU(negative_slope=0.2),\n"
         "            layers.Dense(512),  # (B, 512)\n            layers.LeakyReLU(negative_slope=0.2),\n",
         "            layers.Dense(256),  # (B, 256)\n            layers.Dense(512),  # (B, 512)\n"),
        ("gan.discriminator", "Discriminator", "sigmoid on the output (applied twice with the loss)",
         "layers.Dense(1),  # (B, 1): a logit", 'layers.Dense(1, activation="sigmoid"),  # (B, 1): a logit'),
        ("gan.discriminator", "Discriminator", "ReLU instead of LeakyReLU",
         "layers.Dense(512),  # (B, 512)\n            layers.LeakyReLU(negative_slope=0.2),\n"
         "            layers.Dense(256),",
         "layers.Dense(512),  # (B, 512)\n            layers.ReLU(),\n            layers.Dense(256),"),
        ("gan.discriminator", "Discriminator", "no hidden activations",
         "            layers.LeakyReLU(negative_slope=0.2),\n            layers.Dense(256),  # (B, 256)\n"
         "            layers.LeakyReLU(negative_slope=0.2),\n            layers.Dense(1),",
         "            layers.Dense(256),  # (B, 256)\n            layers.Dense(1),"),
        ("gan.discriminator", "Discriminator", "256 layer missing",
         "            layers.Dense(256),  # (B, 256)\n            layers.LeakyReLU(negative_slope=0.2),\n"
         "            layers.Dense(1),",
         "            layers.Dense(1),"),
        ("gan.discriminator_loss", "discriminator_loss", "labels swapped",
         "keras.losses.binary_crossentropy(keras.ops.ones_like(real_logits), real_logits,",
         "keras.losses.binary_crossentropy(keras.ops.zeros_like(real_logits), real_logits,"),
        ("gan.discriminator_loss", "discriminator_loss", "fake term missing",
         "return keras.ops.mean(real_loss) + keras.ops.mean(fake_loss)",
         "return keras.ops.mean(real_loss)"),
        ("gan.discriminator_loss", "discriminator_loss", "naive log(sigmoid) (overflows)",
         "return keras.ops.mean(real_loss) + keras.ops.mean(fake_loss)",
         "return -keras.ops.mean(keras.ops.log(keras.ops.sigmoid(real_logits))\n"
         "                           + keras.ops.log(1 - keras.ops.sigmoid(fake_logits)))"),
        ("gan.discriminator_loss", "discriminator_loss", "summed over the batch",
         "return keras.ops.mean(real_loss) + keras.ops.mean(fake_loss)",
         "return keras.ops.sum(real_loss) + keras.ops.sum(fake_loss)"),
        ("gan.generator_loss", "generator_loss", "saturating loss log(1 - D(G(z)))",
         "return keras.ops.mean(keras.losses.binary_crossentropy(\n"
         "        keras.ops.ones_like(fake_logits), fake_logits, from_logits=True))",
         "return -keras.ops.mean(keras.losses.binary_crossentropy(\n"
         "        keras.ops.zeros_like(fake_logits), fake_logits, from_logits=True))"),
        ("gan.generator_loss", "generator_loss", "discriminator's target for fakes",
         "keras.ops.ones_like(fake_logits), fake_logits, from_logits=True))",
         "keras.ops.zeros_like(fake_logits), fake_logits, from_logits=True))"),
        ("gan.generator_loss", "generator_loss", "summed over the batch",
         "return keras.ops.mean(keras.losses.binary_crossentropy(",
         "return keras.ops.sum(keras.losses.binary_crossentropy("),
        ("gan.generator_loss", "generator_loss", "naive -log(sigmoid) (overflows)",
         "return keras.ops.mean(keras.losses.binary_crossentropy(\n"
         "        keras.ops.ones_like(fake_logits), fake_logits, from_logits=True))",
         "return -keras.ops.mean(keras.ops.log(keras.ops.sigmoid(fake_logits)))"),
        ("gan.discriminator_step", "discriminator_step", "fakes made in D's tape, G's variables updated",
         "    fake = generator(z, training=True)  # (B, H, W, C), made outside the tape: G is not trained\n"
         "    with tf.GradientTape() as tape:\n"
         "        loss = discriminator_loss(discriminator(real, training=True),\n"
         "                                  discriminator(fake, training=True))\n"
         "    gradients = tape.gradient(loss, discriminator.trainable_variables)\n"
         "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))",
         "    with tf.GradientTape() as tape:\n"
         "        fake = generator(z, training=True)\n"
         "        loss = discriminator_loss(discriminator(real, training=True),\n"
         "                                  discriminator(fake, training=True))\n"
         "    variables = discriminator.trainable_variables + generator.trainable_variables\n"
         "    gradients = tape.gradient(loss, variables)\n"
         "    d_optimizer.apply_gradients(zip(gradients, variables, strict=True))"),
        ("gan.discriminator_step", "discriminator_step", "labels swapped in the step",
         "loss = discriminator_loss(discriminator(real, training=True),\n"
         "                                  discriminator(fake, training=True))",
         "loss = discriminator_loss(discriminator(fake, training=True),\n"
         "                                  discriminator(real, training=True))"),
        ("gan.discriminator_step", "discriminator_step", "gradient ascent",
         "d_optimizer.apply_gradients(zip(gradients,",
         "d_optimizer.apply_gradients(zip([-g for g in gradients],"),
        ("gan.discriminator_step", "discriminator_step", "fakes from other noise than z",
         "fake = generator(z, training=True)  # (B, H, W, C), made",
         "fake = generator(keras.random.normal(keras.ops.shape(z)), training=True)  # made"),
        ("gan.discriminator_step", "discriminator_step", "gradients never applied",
         "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n",
         ""),
        ("gan.generator_step", "generator_step", "fakes made outside the tape",
         "    with tf.GradientTape() as tape:\n"
         "        loss = generator_loss(discriminator(generator(z, training=True), training=True))",
         "    fake = generator(z, training=True)\n    with tf.GradientTape() as tape:\n"
         "        loss = generator_loss(discriminator(fake, training=True))"),
        ("gan.generator_step", "generator_step", "G trained on the discriminator's target",
         "loss = generator_loss(discriminator(generator(z, training=True), training=True))",
         "fake_logits = discriminator(generator(z, training=True), training=True)\n"
         "        loss = keras.ops.mean(keras.losses.binary_crossentropy(\n"
         "            keras.ops.zeros_like(fake_logits), fake_logits, from_logits=True))"),
        ("gan.generator_step", "generator_step", "saturating loss in the step",
         "loss = generator_loss(discriminator(generator(z, training=True), training=True))",
         "loss = keras.ops.mean(keras.ops.log(1 - keras.ops.sigmoid(\n"
         "            discriminator(generator(z, training=True), training=True))))"),
        ("gan.generator_step", "generator_step", "gradient ascent",
         "g_optimizer.apply_gradients(zip(gradients,",
         "g_optimizer.apply_gradients(zip([-g for g in gradients],"),
    ],
    "chainer": [
        ("gan.generator", "Generator", "no tanh on the output",
         "h = F.tanh(self.fc4(h))", "h = self.fc4(h)"),
        ("gan.generator", "Generator", "sigmoid instead of tanh",
         "h = F.tanh(self.fc4(h))", "h = F.sigmoid(self.fc4(h))"),
        ("gan.generator", "Generator", "ReLU instead of LeakyReLU",
         "h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)\n        h = F.leaky_relu(self.fc3(h), "
         "slope=0.2)  # (B, 512)",
         "h = F.relu(self.fc2(h))  # (B, 256)\n        h = F.relu(self.fc3(h))  # (B, 512)"),
        ("gan.generator", "Generator", "latent size hard-coded to 100",
         "self.fc1 = L.Linear(latent_dim, 128)", "self.fc1 = L.Linear(100, 128)"),
        ("gan.generator", "Generator", "no hidden activations",
         "h = F.leaky_relu(self.fc1(z), slope=0.2)  # (B, 128)\n"
         "        h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)\n"
         "        h = F.leaky_relu(self.fc3(h), slope=0.2)  # (B, 512)",
         "h = self.fc3(self.fc2(self.fc1(z)))  # (B, 512)"),
        ("gan.discriminator", "Discriminator", "sigmoid on the output (applied twice with the loss)",
         "return self.fc3(h)  # (B, 1)", "return F.sigmoid(self.fc3(h))  # (B, 1)"),
        ("gan.discriminator", "Discriminator", "ReLU instead of LeakyReLU",
         "h = F.leaky_relu(self.fc1(x), slope=0.2)", "h = F.relu(self.fc1(x))"),
        ("gan.discriminator", "Discriminator", "no hidden activations",
         "h = F.leaky_relu(self.fc1(x), slope=0.2)  # (B, 512); L.Linear flattens (B, C, H, W)\n"
         "        h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)",
         "h = self.fc2(self.fc1(x))  # (B, 256)"),
        ("gan.discriminator", "Discriminator", "hidden sizes 256 -> 128",
         "            self.fc1 = L.Linear(pixels, 512)\n            self.fc2 = L.Linear(512, 256)\n"
         "            self.fc3 = L.Linear(256, 1)",
         "            self.fc1 = L.Linear(pixels, 256)\n            self.fc2 = L.Linear(256, 128)\n"
         "            self.fc3 = L.Linear(128, 1)"),
        ("gan.discriminator_loss", "discriminator_loss", "labels swapped",
         "return F.mean(F.softplus(-real_logits)) + F.mean(F.softplus(fake_logits))",
         "return F.mean(F.softplus(real_logits)) + F.mean(F.softplus(-fake_logits))"),
        ("gan.discriminator_loss", "discriminator_loss", "sigmoid applied twice",
         "return F.mean(F.softplus(-real_logits)) + F.mean(F.softplus(fake_logits))",
         "return F.mean(F.softplus(-F.sigmoid(real_logits))) + F.mean(F.softplus(F.sigmoid(fake_logits)))"),
        ("gan.discriminator_loss", "discriminator_loss", "naive log(sigmoid) (overflows)",
         "return F.mean(F.softplus(-real_logits)) + F.mean(F.softplus(fake_logits))",
         "return -F.mean(F.log(F.sigmoid(real_logits))) - F.mean(F.log(1 - F.sigmoid(fake_logits)))"),
        ("gan.discriminator_loss", "discriminator_loss", "summed over the batch",
         "return F.mean(F.softplus(-real_logits)) + F.mean(F.softplus(fake_logits))",
         "return F.sum(F.softplus(-real_logits)) + F.sum(F.softplus(fake_logits))"),
        ("gan.generator_loss", "generator_loss", "saturating loss log(1 - D(G(z)))",
         "return F.mean(F.softplus(-fake_logits))", "return -F.mean(F.softplus(fake_logits))"),
        ("gan.generator_loss", "generator_loss", "discriminator's target for fakes",
         "return F.mean(F.softplus(-fake_logits))", "return F.mean(F.softplus(fake_logits))"),
        ("gan.generator_loss", "generator_loss", "sigmoid applied twice",
         "return F.mean(F.softplus(-fake_logits))", "return F.mean(F.softplus(-F.sigmoid(fake_logits)))"),
        ("gan.generator_loss", "generator_loss", "naive -log(sigmoid) (overflows)",
         "return F.mean(F.softplus(-fake_logits))", "return -F.mean(F.log(F.sigmoid(fake_logits)))"),
        ("gan.discriminator_step", "discriminator_step", "fakes not cut from G's graph",
         "fake = generator(z).array", "fake = generator(z)"),
        ("gan.discriminator_step", "discriminator_step", "gradients never cleared",
         "    discriminator.cleargrads()\n", ""),
        ("gan.discriminator_step", "discriminator_step", "labels swapped in the step",
         "loss = discriminator_loss(discriminator(real), discriminator(fake))",
         "loss = discriminator_loss(discriminator(fake), discriminator(real))"),
        ("gan.discriminator_step", "discriminator_step", "gradient ascent",
         "    discriminator.cleargrads()\n    loss.backward()",
         "    discriminator.cleargrads()\n    (-loss).backward()"),
        ("gan.discriminator_step", "discriminator_step", "no optimizer update",
         "    d_optimizer.update()\n", ""),
        ("gan.generator_step", "generator_step", "fakes cut from G's graph",
         "loss = generator_loss(discriminator(generator(z)))",
         "loss = generator_loss(discriminator(generator(z).array))"),
        ("gan.generator_step", "generator_step", "gradients never cleared",
         "    generator.cleargrads()\n", ""),
        ("gan.generator_step", "generator_step", "G trained on the discriminator's target",
         "loss = generator_loss(discriminator(generator(z)))",
         "loss = F.mean(F.softplus(discriminator(generator(z))))"),
        ("gan.generator_step", "generator_step", "saturating loss in the step",
         "loss = generator_loss(discriminator(generator(z)))",
         "loss = F.mean(F.log(1 - F.sigmoid(discriminator(generator(z)))))"),
    ],
}

PARITY = [
    ("Generator", lambda a: (a.image_shape(28, 28, 1), 100), [(100,)]),
    ("Generator", lambda a: (a.image_shape(16, 16, 3), 32), [(32,)]),
    ("Discriminator", lambda a: (a.image_shape(28, 28, 1),), [(28, 28, 1)]),
    ("Discriminator", lambda a: (a.image_shape(16, 16, 3),), [(16, 16, 3)]),
]
