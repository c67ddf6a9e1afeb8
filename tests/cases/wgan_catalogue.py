"""More test cases for topic 07_wgan: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``).

Written as a learner would write them, to harden the graders; merged into ``MUTANTS`` by
``cases/__init__.py``.
"""
# ----------------------------------------------------------------------------- PyTorch
PT_CL = "return fake_scores.mean() - real_scores.mean()"
PT_GL = "return -fake_scores.mean()"
PT_CLIP = "parameter.clamp_(-clip_value, clip_value)"
PT_CLIP_LOOP = ("    for parameter in critic.parameters():\n"
                "        parameter.clamp_(-clip_value, clip_value)")
PT_XHAT = "x_hat = (epsilon * real + (1 - epsilon) * fake).requires_grad_(True)"
PT_GRAD = "gradients, = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)"
PT_NORM = "norms = gradients.flatten(1).norm(2, dim=1)"
PT_GP_RET = "return ((norms - 1) ** 2).mean()"
PT_EPS = "epsilon = torch.rand(len(real), 1, 1, 1, device=real.device)"
PT_STEP = "    c_optimizer.zero_grad()\n    loss.backward()\n    c_optimizer.step()\n"
PT_MODES = "    generator.train()\n    critic.train()\n    with torch.no_grad():"
PT_FAKE = ("    with torch.no_grad():\n        fake = generator(z)  # (B, C, H, W); no graph back to G\n"
           "    loss = critic_loss(critic(real), critic(fake))\n")
PT_GP_BLOCK = ("    if gp_weight:\n"
               "        epsilon = torch.rand(len(real), 1, 1, 1, device=real.device)  # one mix per image\n"
               "        penalty = gradient_penalty(critic, real, fake, epsilon)\n"
               "        loss = loss + gp_weight * penalty\n"
               "        stats[\"penalty\"] = penalty.item()\n"
               "    c_optimizer.zero_grad()\n"
               "    loss.backward()\n"
               "    c_optimizer.step()\n")

# ------------------------------------------------------------------------------- Keras
K_CL = "return keras.ops.mean(fake_scores) - keras.ops.mean(real_scores)"
K_GL = "return -keras.ops.mean(fake_scores)"
K_CLIP = "        variable.assign(keras.ops.clip(variable, -clip_value, clip_value))"
K_CLIP_LOOP = ("    for variable in critic.trainable_variables:\n"
               "        variable.assign(keras.ops.clip(variable, -clip_value, clip_value))")
K_XHAT = "x_hat = epsilon * real + (1.0 - epsilon) * fake"
K_GRAD = "gradients = tape.gradient(scores, x_hat)"
K_NORM = "norms = keras.ops.sqrt(keras.ops.sum(keras.ops.square(gradients), axis=(1, 2, 3)))"
K_GP_RET = "return keras.ops.mean(keras.ops.square(norms - 1.0))"
K_EPS = "epsilon = tf.random.uniform((tf.shape(real)[0], 1, 1, 1))"
K_APPLY = ("    gradients = tape.gradient(loss, critic.trainable_variables)\n"
           "    c_optimizer.apply_gradients(zip(gradients, critic.trainable_variables, strict=True))\n")
K_FAKE = "    fake = generator(z, training=True)  # (B, H, W, C); outside the tape: no gradient to G\n"
K_TAPE_BLOCK = (
    "    with tf.GradientTape() as tape:\n"
    "        loss = critic_loss(critic(real, training=True), critic(fake, training=True))\n"
    "        stats[\"wasserstein\"] = -loss\n"
    "        if gp_weight:\n"
    "            epsilon = tf.random.uniform((tf.shape(real)[0], 1, 1, 1))  # one mix per image\n"
    "            penalty = gradient_penalty(critic, real, fake, epsilon)\n"
    "            loss = loss + gp_weight * penalty\n"
    "            stats[\"penalty\"] = penalty\n"
    "    gradients = tape.gradient(loss, critic.trainable_variables)\n"
    "    c_optimizer.apply_gradients(zip(gradients, critic.trainable_variables, strict=True))\n")

# ----------------------------------------------------------------------------- Chainer
C_CL = "return F.mean(fake_scores) - F.mean(real_scores)"
C_GL = "return -F.mean(fake_scores)"
C_CLIP = "        param.array[...] = critic.xp.clip(param.array, -clip_value, clip_value)"
C_CLIP_LOOP = ("    for param in critic.params():\n"
               "        param.array[...] = critic.xp.clip(param.array, -clip_value, clip_value)")
C_XHAT = "x_hat = chainer.Variable(epsilon * real + (1 - epsilon) * fake)"
C_GRAD = ("    gradients, = chainer.grad([F.sum(scores)], [x_hat],\n"
          "                              enable_double_backprop=True)")
C_NORM = "norms = F.sqrt(F.sum(gradients ** 2, axis=(1, 2, 3)))"
C_GP_RET = "return F.mean((norms - 1) ** 2)"
C_EPS = "epsilon = critic.xp.random.uniform(size=(len(real), 1, 1, 1)).astype(real.dtype)"
C_STEP = "    critic.cleargrads()\n    loss.backward()\n    c_optimizer.update()\n"
C_FAKE = ("        with chainer.no_backprop_mode():\n"
          "            fake = generator(z).array  # (B, C, H, W); a plain array, no graph back to G\n")
C_GP_BLOCK = (
    "        if gp_weight:\n"
    "            epsilon = critic.xp.random.uniform(size=(len(real), 1, 1, 1)).astype(real.dtype)\n"
    "            penalty = gradient_penalty(critic, real, fake, epsilon)\n"
    "            loss = loss + gp_weight * penalty\n"
    "            stats[\"penalty\"] = float(penalty.array)\n"
    "    critic.cleargrads()\n"
    "    loss.backward()\n"
    "    c_optimizer.update()\n")

CL, GL, CW, GP, CS = ("wgan.critic_loss", "wgan.generator_loss", "wgan.clip_weights",
                      "wgan.gradient_penalty", "wgan.critic_step")
cl, gl, cw, gp, cs = ("critic_loss", "wgan_generator_loss", "clip_weights", "gradient_penalty",
                      "critic_step")

MUTANTS = {
    "pytorch": [
        # ---- critic_loss
        (CL, cl, "returns a Python float (.item()): no gradient reaches the critic",
         PT_CL, "return (fake_scores.mean() - real_scores.mean()).item()", 1),
        (CL, cl, "loss detached from the graph: backward() fails / nothing trains",
         PT_CL, "return (fake_scores.mean() - real_scores.mean()).detach()", 1),
        (CL, cl, "computed in NumPy: a float, not a differentiable tensor",
         PT_CL, "return float(np.mean(fake_scores.detach().cpu().numpy()) - "
                "np.mean(real_scores.detach().cpu().numpy()))", 1),
        (CL, cl, "sums instead of means (scale depends on the batch size)",
         PT_CL, "return fake_scores.sum() - real_scores.sum()", 1),
        (CL, cl,
        "one mean over the concatenated scores (weights the batches by their sizes, halves the loss)",
         PT_CL, "return torch.cat([fake_scores, -real_scores]).mean()", 1),
        (CL, cl, "hinge loss of SNGAN instead of the Wasserstein loss",
         PT_CL, "return torch.relu(1 - real_scores).mean() + torch.relu(1 + fake_scores).mean()", 5),
        (CL, cl, "least-squares GAN loss",
         PT_CL, "return ((real_scores - 1) ** 2).mean() + (fake_scores ** 2).mean()", 5),
        (CL, cl, "returns (loss, wasserstein estimate) as a tuple",
         PT_CL, "return fake_scores.mean() - real_scores.mean(), real_scores.mean() - fake_scores.mean()", 6),
        # ---- generator_loss
        (GL, gl, "returns a Python float (.item()): the generator gets no gradient",
         PT_GL, "return -fake_scores.mean().item()", 1),
        (GL, gl, "loss detached: no gradient reaches G",
         PT_GL, "return -fake_scores.mean().detach()", 1),
        (GL, gl, "computed in NumPy",
         PT_GL, "return -float(np.mean(fake_scores.detach().cpu().numpy()))", 1),
        (GL, gl, "sum instead of mean",
         PT_GL, "return -fake_scores.sum()", 1),
        (GL, gl, "least-squares GAN generator loss",
         PT_GL, "return ((fake_scores - 1) ** 2).mean()", 5),
        (GL, gl, "ReLU on the scores before the mean (negative scores give no gradient)",
         PT_GL, "return -torch.relu(fake_scores).mean()", 3),
        (GL, gl, "returns the per-sample losses, not their mean",
         PT_GL, "return -fake_scores", 6),
        # ---- clip_weights
        (CW, cw, "clip value hard-coded to the paper's 0.01",
         PT_CLIP, "parameter.clamp_(-0.01, 0.01)", 2),
        (CW, cw, "one-sided clip (only the upper bound)",
         PT_CLIP, "parameter.clamp_(max=clip_value)", 5),
        (CW, cw, "clips to [0, c] instead of [-c, c]",
         PT_CLIP, "parameter.clamp_(0, clip_value)", 5),
        (CW, cw, "bounds swapped: clamp(min=c, max=-c) sets everything to -c",
         PT_CLIP, "parameter.clamp_(clip_value, -clip_value)", 5),
        (CW, cw, "gradient clipping (clip_grad_value_) instead of weight clipping",
         PT_CLIP_LOOP, "    torch.nn.utils.clip_grad_value_(critic.parameters(), clip_value)", 5),
        (CW, cw, "only parameters that currently hold a gradient are clipped",
         PT_CLIP_LOOP, "    for parameter in critic.parameters():\n"
                       "        if parameter.grad is not None:\n"
                       "            parameter.clamp_(-clip_value, clip_value)", 4),
        # ---- gradient_penalty
        (GP, gp, "one-sided penalty max(0, ||g|| - 1)^2 instead of the two-sided one",
         PT_GP_RET, "return (torch.relu(norms - 1) ** 2).mean()", 1),
        (GP, gp, "retain_graph=True instead of create_graph=True: the gradient is not differentiable",
         PT_GRAD, "gradients, = torch.autograd.grad(scores.sum(), x_hat, retain_graph=True)", 1),
        (GP, gp, "value re-wrapped as a new tensor (.item()): no gradient to the critic",
         PT_GP_RET, "return torch.tensor(((norms - 1) ** 2).mean().item())", 1),
        (GP, gp, "sum over the batch instead of the mean",
         PT_GP_RET, "return ((norms - 1) ** 2).sum()", 1),
        (GP, gp, "gradient of scores.mean(): every input gradient divided by the batch size",
         PT_GRAD, "gradients, = torch.autograd.grad(scores.mean(), x_hat, create_graph=True)", 5),
        (GP, gp, "norm over dim=1 (channels) of the NCHW gradient: a per-pixel norm",
         PT_NORM, "norms = gradients.norm(2, dim=1)", 5),
        (GP, gp, "RMS of the gradient (mean of squares) instead of its L2 norm",
         PT_NORM, "norms = gradients.flatten(1).pow(2).mean(dim=1).sqrt()", 5),
        (GP, gp, "L1 norm instead of L2",
         PT_NORM, "norms = gradients.flatten(1).norm(1, dim=1)", 5),
        (GP, gp, "|norm - 1| instead of its square",
         PT_GP_RET, "return (norms - 1).abs().mean()", 5),
        (GP, gp, "returns the per-image terms, not their batch mean",
         PT_GP_RET, "return (norms - 1) ** 2", 6),
        (GP, gp, "epsilon argument ignored: draws its own",
         PT_XHAT, "epsilon = torch.rand(len(real), 1, 1, 1, device=real.device)\n"
                  "    x_hat = (epsilon * real + (1 - epsilon) * fake).requires_grad_(True)", 2),
        # ---- critic_step
        (CS, cs, "epsilon drawn per pixel in critic_step (torch.rand_like(real))",
         PT_EPS, "epsilon = torch.rand_like(real)", 5),
        (CS, cs, "one epsilon for the whole batch",
         PT_EPS, "epsilon = torch.rand(1, device=real.device)", 5),
        (CS, cs, "epsilon fixed to 0.5 (midpoints only)",
         PT_EPS, "epsilon = torch.full((len(real), 1, 1, 1), 0.5, device=real.device)", 5),
        (CS, cs, "epsilon fixed to 1 (penalty at the real images only)",
         PT_EPS, "epsilon = torch.ones(len(real), 1, 1, 1, device=real.device)", 5),
        (CS, cs, "epsilon ~ N(0, 1) instead of U[0, 1] (extrapolates outside the segment)",
         PT_EPS, "epsilon = torch.randn(len(real), 1, 1, 1, device=real.device)", 5),
        (CS, cs, "lambda hard-coded to 10 instead of gp_weight",
         "loss = loss + gp_weight * penalty", "loss = loss + 10 * penalty", 2),
        (CS, cs, "clip_value not passed: clip_weights clips to its default 0.01",
         "clip_weights(critic, clip_value)  # after", "clip_weights(critic)  # after", 2),
        (CS, cs, "z ignored: fakes from fresh noise",
         "fake = generator(z)  #", "fake = generator(sample_latent(len(real), z.shape[1]))  #", 2),
        (CS, cs, "two optimizer steps: critic loss first, then the penalty separately",
         PT_GP_BLOCK,
         "    c_optimizer.zero_grad()\n"
         "    loss.backward()\n"
         "    c_optimizer.step()\n"
         "    if gp_weight:\n"
         "        epsilon = torch.rand(len(real), 1, 1, 1, device=real.device)\n"
         "        penalty = gradient_penalty(critic, real, fake, epsilon)\n"
         "        stats[\"penalty\"] = penalty.item()\n"
         "        c_optimizer.zero_grad()\n"
         "        (gp_weight * penalty).backward()\n"
         "        c_optimizer.step()\n"
         "        loss = loss.detach() + gp_weight * penalty\n", 4),
        (CS, cs, "zero_grad between backward and step: the step uses no gradient",
         PT_STEP, "    loss.backward()\n    c_optimizer.zero_grad()\n    c_optimizer.step()\n", 4),
        (CS, cs, "zero_grad after the step: the G step's leftover critic gradients are added",
         PT_STEP, "    loss.backward()\n    c_optimizer.step()\n    c_optimizer.zero_grad()\n", 4),
        (CS, cs, "generator.zero_grad() instead of the critic's: stale critic gradients",
         PT_STEP, "    generator.zero_grad()\n    loss.backward()\n    c_optimizer.step()\n", 4),
        (CS, cs, "generator in eval mode: fakes use BN running stats, not the batch statistics G trains with",
         PT_MODES, "    generator.eval()\n    critic.train()\n    with torch.no_grad():", 4),
        (CS, cs, "generator frozen with requires_grad_(False) and never unfrozen: G never trains again",
         PT_MODES, "    generator.train()\n    critic.train()\n    generator.requires_grad_(False)\n"
                   "    with torch.no_grad():", 4),
        (CS, cs, "only the critic-loss fakes detached; the penalty gets G's graph and leaves G gradients",
         PT_FAKE, "    fake = generator(z)\n    loss = critic_loss(critic(real), critic(fake.detach()))\n",
         4),
        (CS, cs, "loss_critic returned as a graph-holding tensor: make_wgan_step's np.mean fails",
         'stats["loss_critic"] = loss.item()', 'stats["loss_critic"] = loss', 1),
        (CS, cs, "penalty returned as a graph-holding tensor: make_wgan_step's np.mean fails",
         'stats["penalty"] = penalty.item()', 'stats["penalty"] = penalty', 1),
        (CS, cs, "returns a tuple instead of the dict",
         "    return stats\n    ### END SOLUTION", "    return stats[\"loss_critic\"], stats[\"wasserstein\"]"
                                                   "\n"
                                                    "    ### END SOLUTION", 6),
        (CS, cs, "topic 04's key name loss_D instead of loss_critic",
         'stats["loss_critic"] = loss.item()', 'stats["loss_D"] = loss.item()', 6),
    ],
    "keras": [
        (CW, cw, "set_weights of clipped get_weights: get_weights() calls .numpy(), which fails "
         "inside the tf.function critic step", K_CLIP_LOOP,
         "    critic.set_weights([np.clip(w, -clip_value, clip_value) for w in critic.get_weights()])",
         5),
        (CW, cw, "per layer set_weights of NumPy clips: fails inside the tf.function critic step",
         K_CLIP_LOOP,
         "    for layer in critic.layers:\n"
         "        layer.set_weights([np.clip(w, -clip_value, clip_value) for w in layer.get_weights()])",
         5),
        # ---- critic_loss
        (CL, cl, "returns a Python float: no gradient (and fails inside tf.function)",
         K_CL, "return float(keras.ops.mean(fake_scores) - keras.ops.mean(real_scores))", 1),
        (CL, cl, "tf.stop_gradient on the loss: nothing trains",
         K_CL, "return tf.stop_gradient(keras.ops.mean(fake_scores) - keras.ops.mean(real_scores))", 1),
        (CL, cl, "computed in NumPy",
         K_CL, "return np.mean(keras.ops.convert_to_numpy(fake_scores)) - "
               "np.mean(keras.ops.convert_to_numpy(real_scores))", 1),
        (CL, cl, "sums instead of means",
         K_CL, "return keras.ops.sum(fake_scores) - keras.ops.sum(real_scores)", 1),
        (CL, cl, "hinge loss instead of the Wasserstein loss",
         K_CL, "return keras.ops.mean(keras.ops.relu(1.0 - real_scores)) + "
               "keras.ops.mean(keras.ops.relu(1.0 + fake_scores))", 5),
        (CL, cl, "least-squares GAN loss (keras.losses.MeanSquaredError)",
         K_CL, "return keras.losses.MeanSquaredError()(keras.ops.ones_like(real_scores), real_scores) + "
               "keras.losses.MeanSquaredError()(keras.ops.zeros_like(fake_scores), fake_scores)", 5),
        (CL, cl, "returns (loss, wasserstein estimate) as a tuple",
         K_CL, "return (keras.ops.mean(fake_scores) - keras.ops.mean(real_scores), "
               "keras.ops.mean(real_scores) - keras.ops.mean(fake_scores))", 6),
        # ---- generator_loss
        (GL, gl, "returns a Python float",
         K_GL, "return float(-keras.ops.mean(fake_scores))", 1),
        (GL, gl, "tf.stop_gradient on the loss",
         K_GL, "return tf.stop_gradient(-keras.ops.mean(fake_scores))", 1),
        (GL, gl, "computed in NumPy (.numpy())",
         K_GL, "return -np.mean(fake_scores.numpy())", 1),
        (GL, gl, "sum instead of mean",
         K_GL, "return -keras.ops.sum(fake_scores)", 1),
        (GL, gl, "least-squares GAN generator loss",
         K_GL, "return keras.ops.mean(keras.ops.square(fake_scores - 1.0))", 5),
        (GL, gl, "ReLU on the scores before the mean",
         K_GL, "return -keras.ops.mean(keras.ops.relu(fake_scores))", 3),
        (GL, gl, "returns the per-sample losses, not their mean",
         K_GL, "return -fake_scores", 6),
        # ---- clip_weights
        (CW, cw, "clip value hard-coded to the paper's 0.01",
         K_CLIP, "        variable.assign(keras.ops.clip(variable, -0.01, 0.01))", 2),
        (CW, cw, "one-sided clip (keras.ops.minimum only)",
         K_CLIP, "        variable.assign(keras.ops.minimum(variable, clip_value))", 5),
        (CW, cw, "clips to [0, c]",
         K_CLIP, "        variable.assign(keras.ops.clip(variable, 0.0, clip_value))", 5),
        (CW, cw, "tf.clip_by_norm (rescales by the norm) instead of clipping each value",
         K_CLIP, "        variable.assign(tf.clip_by_norm(variable, clip_value))", 5),
        (CW, cw, "sets a kernel_constraint on the layers (applies only at later optimizer steps, and not to b"
                 "iases)",
         K_CLIP_LOOP, "    for layer in critic.layers:\n"
                      "        if hasattr(layer, 'kernel_constraint'):\n"
                      "            layer.kernel_constraint = lambda w: keras.ops.clip(w, -clip_value, clip_va"
                      "lue)", 5),
        # ---- gradient_penalty
        (GP, gp, "one-sided penalty max(0, ||g|| - 1)^2",
         K_GP_RET, "return keras.ops.mean(keras.ops.square(keras.ops.relu(norms - 1.0)))", 1),
        (GP, gp, "computed in NumPy from gradients.numpy(): no gradient to the critic",
         K_GP_RET, "return float(np.mean((keras.ops.convert_to_numpy(norms) - 1.0) ** 2))", 1),
        (GP, gp, "sum over the batch instead of the mean",
         K_GP_RET, "return keras.ops.sum(keras.ops.square(norms - 1.0))", 1),
        (GP, gp, "gradient of mean(scores): input gradients divided by the batch size",
         "        scores = critic(x_hat, training=True)  #",
         "        scores = keras.ops.mean(critic(x_hat, training=True))  #", 5),
        (GP, gp, "RMS (mean of squares) instead of the L2 norm",
         K_NORM, "norms = keras.ops.sqrt(keras.ops.mean(keras.ops.square(gradients), axis=(1, 2, 3)))", 5),
        (GP, gp, "|norm - 1| instead of its square",
         K_GP_RET, "return keras.ops.mean(keras.ops.abs(norms - 1.0))", 5),
        (GP, gp, "returns the per-image terms, not their batch mean",
         K_GP_RET, "return keras.ops.square(norms - 1.0)", 6),
        (GP, gp, "one norm over the whole batch (tf.norm of the whole tensor)",
         K_NORM, "norms = tf.norm(gradients)", 5),
        (GP, gp, "epsilon argument ignored: draws its own",
         K_XHAT, "epsilon = tf.random.uniform((tf.shape(real)[0], 1, 1, 1))\n"
                 "    x_hat = epsilon * real + (1.0 - epsilon) * fake", 2),
        # ---- critic_step
        (CS, cs, "epsilon drawn per pixel in critic_step",
         K_EPS, "epsilon = tf.random.uniform(tf.shape(real))", 5),
        (CS, cs, "one epsilon for the whole batch",
         K_EPS, "epsilon = tf.random.uniform(())", 5),
        (CS, cs, "epsilon fixed to 0.5",
         K_EPS, "epsilon = 0.5 * tf.ones((tf.shape(real)[0], 1, 1, 1))", 5),
        (CS, cs, "epsilon fixed to 1 (penalty at the real images only)",
         K_EPS, "epsilon = tf.ones((tf.shape(real)[0], 1, 1, 1))", 5),
        (CS, cs, "epsilon ~ N(0, 1) instead of U[0, 1]",
         K_EPS, "epsilon = tf.random.normal((tf.shape(real)[0], 1, 1, 1))", 5),
        (CS, cs, "lambda hard-coded to 10 instead of gp_weight",
         "loss = loss + gp_weight * penalty", "loss = loss + 10.0 * penalty", 2),
        (CS, cs, "tf.stop_gradient on the penalty term: it does not shape the critic",
         "loss = loss + gp_weight * penalty", "loss = loss + gp_weight * tf.stop_gradient(penalty)", 1),
        (CS, cs, "clip_value not passed: clip_weights clips to its default 0.01",
         "clip_weights(critic, clip_value)  # after", "clip_weights(critic)  # after", 2),
        (CS, cs, "z ignored: fakes from fresh noise",
         K_FAKE, "    fake = generator(tf.random.normal(tf.shape(z)), training=True)\n", 2),
        (CS, cs, "generator called with training=False: BN running stats instead of batch stats",
         K_FAKE, "    fake = generator(z, training=False)\n", 4),
        (CS, cs, "generator.trainable = False and never reset: G never trains again",
         K_FAKE, "    generator.trainable = False  # only the critic learns here\n"
                 "    fake = generator(z, training=True)\n", 4),
        (CS, cs, "penalty added after the tape closed: it is not differentiated",
         K_TAPE_BLOCK,
         "    with tf.GradientTape() as tape:\n"
         "        loss = critic_loss(critic(real, training=True), critic(fake, training=True))\n"
         "    stats[\"wasserstein\"] = -loss\n"
         "    gradients = tape.gradient(loss, critic.trainable_variables)\n"
         "    if gp_weight:\n"
         "        epsilon = tf.random.uniform((tf.shape(real)[0], 1, 1, 1))\n"
         "        penalty = gradient_penalty(critic, real, fake, epsilon)\n"
         "        loss = loss + gp_weight * penalty\n"
         "        stats[\"penalty\"] = penalty\n"
         "    c_optimizer.apply_gradients(zip(gradients, critic.trainable_variables, strict=True))\n", 4),
        (CS, cs, "two optimizer steps: critic loss first, then the penalty in a second tape",
         K_TAPE_BLOCK,
         "    with tf.GradientTape() as tape:\n"
         "        loss = critic_loss(critic(real, training=True), critic(fake, training=True))\n"
         "    stats[\"wasserstein\"] = -loss\n"
         "    gradients = tape.gradient(loss, critic.trainable_variables)\n"
         "    c_optimizer.apply_gradients(zip(gradients, critic.trainable_variables, strict=True))\n"
         "    if gp_weight:\n"
         "        with tf.GradientTape() as gp_tape:\n"
         "            epsilon = tf.random.uniform((tf.shape(real)[0], 1, 1, 1))\n"
         "            penalty = gradient_penalty(critic, real, fake, epsilon)\n"
         "            gp_loss = gp_weight * penalty\n"
         "        gp_gradients = gp_tape.gradient(gp_loss, critic.trainable_variables)\n"
         "        c_optimizer.apply_gradients(zip(gp_gradients, critic.trainable_variables, strict=True))\n"
         "        loss = loss + gp_loss\n"
         "        stats[\"penalty\"] = penalty\n", 4),
        (CS, cs, "wasserstein recorded after the penalty was added (includes the penalty)",
         "        stats[\"wasserstein\"] = -loss\n        if gp_weight:",
         "        if gp_weight:", 5),
        (CS, cs, "returns a tuple instead of the dict",
         "    return stats\n    ### END SOLUTION", "    return stats[\"loss_critic\"], stats[\"wasserstein\"]"
                                                   "\n"
                                                    "    ### END SOLUTION", 6),
        (CS, cs, "topic 04's key name loss_D instead of loss_critic",
         'stats["loss_critic"] = loss', 'stats["loss_D"] = loss', 6),
    ],
    "chainer": [
        # ---- critic_loss
        (CL, cl, "returns the raw array (.array): no graph, backward() impossible",
         C_CL, "return (F.mean(fake_scores) - F.mean(real_scores)).array", 1),
        (CL, cl, "returns a Python float",
         C_CL, "return float((F.mean(fake_scores) - F.mean(real_scores)).array)", 1),
        (CL, cl, "computed with NumPy on the arrays",
         C_CL, "xp = chainer.backend.get_array_module(fake_scores)\n    return xp.mean(chainer.as_array(fake_"
               "scores)) - xp.mean(chainer.as_array(real_scores))", 1),
        (CL, cl, "sums instead of means",
         C_CL, "return F.sum(fake_scores) - F.sum(real_scores)", 1),
        (CL, cl, "hinge loss instead of the Wasserstein loss",
         C_CL, "return F.mean(F.relu(1 - real_scores)) + F.mean(F.relu(1 + fake_scores))", 5),
        (CL, cl, "least-squares GAN loss",
         C_CL, "return F.mean((real_scores - 1) ** 2) + F.mean(fake_scores ** 2)", 5),
        (CL, cl, "returns (loss, wasserstein estimate) as a tuple",
         C_CL, "return F.mean(fake_scores) - F.mean(real_scores), F.mean(real_scores) - F.mean(fake_scores)",
         6),
        # ---- generator_loss
        (GL, gl, "returns the raw array (.array)",
         C_GL, "return (-F.mean(fake_scores)).array", 1),
        (GL, gl, "returns a Python float",
         C_GL, "return -float(F.mean(fake_scores).array)", 1),
        (GL, gl, "computed with NumPy on the array",
         C_GL, "xp = chainer.backend.get_array_module(fake_scores)\n    return -xp.mean(chainer.as_array(fake"
               "_scores))", 1),
        (GL, gl, "sum instead of mean",
         C_GL, "return -F.sum(fake_scores)", 1),
        (GL, gl, "least-squares GAN generator loss",
         C_GL, "return F.mean((fake_scores - 1) ** 2)", 5),
        (GL, gl, "ReLU on the scores before the mean",
         C_GL, "return -F.mean(F.relu(fake_scores))", 3),
        (GL, gl, "returns the per-sample losses, not their mean",
         C_GL, "return -fake_scores", 6),
        # ---- clip_weights
        (CW, cw, "clip value hard-coded to the paper's 0.01",
         C_CLIP, "        param.array[...] = critic.xp.clip(param.array, -0.01, 0.01)", 2),
        (CW, cw, "one-sided clip (minimum only)",
         C_CLIP, "        param.array[...] = critic.xp.minimum(param.array, clip_value)", 5),
        (CW, cw, "clips to [0, c]",
         C_CLIP, "        param.array[...] = critic.xp.clip(param.array, 0, clip_value)", 5),
        (CW, cw, "the gradients clipped instead of the parameters",
         C_CLIP, "        if param.grad is not None:\n"
                 "            param.grad[...] = critic.xp.clip(param.grad, -clip_value, clip_value)", 5),
        (CW, cw, "F.clip result bound to a local name, nothing assigned",
         C_CLIP, "        param = F.clip(param, -clip_value, clip_value)", 5),
        # ---- gradient_penalty
        (GP, gp, "one-sided penalty max(0, ||g|| - 1)^2",
         C_GP_RET, "return F.mean(F.relu(norms - 1) ** 2)", 1),
        (GP, gp, "norms computed from gradients.array: the penalty is cut from the critic",
         C_NORM, "norms = F.sqrt(F.sum(gradients.array ** 2, axis=(1, 2, 3)))", 1),
        (GP, gp, "sum over the batch instead of the mean",
         C_GP_RET, "return F.sum((norms - 1) ** 2)", 1),
        (GP, gp, "gradient of F.mean(scores): input gradients divided by the batch size",
         C_GRAD, "    gradients, = chainer.grad([F.mean(scores)], [x_hat],\n"
                 "                              enable_double_backprop=True)", 5),
        (GP, gp, "RMS (mean of squares) instead of the L2 norm",
         C_NORM, "norms = F.sqrt(F.mean(gradients ** 2, axis=(1, 2, 3)))", 5),
        (GP, gp, "|norm - 1| instead of its square",
         C_GP_RET, "return F.mean(F.absolute(norms - 1))", 5),
        (GP, gp, "returns the per-image terms, not their batch mean",
         C_GP_RET, "return (norms - 1) ** 2", 6),
        (GP, gp, "norm over the channel axis only (a per-pixel norm)",
         C_NORM, "norms = F.sqrt(F.sum(gradients ** 2, axis=1))", 5),
        (GP, gp, "epsilon argument ignored: draws its own",
         C_XHAT, "epsilon = critic.xp.random.uniform(size=(len(real), 1, 1, 1)).astype(real.dtype)\n"
                 "    x_hat = chainer.Variable(epsilon * real + (1 - epsilon) * fake)", 2),
        # ---- critic_step
        (CS, cs, "epsilon drawn per pixel in critic_step",
         C_EPS, "epsilon = critic.xp.random.uniform(size=real.shape).astype(real.dtype)", 5),
        (CS, cs, "one epsilon for the whole batch",
         C_EPS, "epsilon = critic.xp.random.uniform(size=(1, 1, 1, 1)).astype(real.dtype)", 5),
        (CS, cs, "epsilon fixed to 0.5",
         C_EPS, "epsilon = critic.xp.full((len(real), 1, 1, 1), 0.5, dtype=real.dtype)", 5),
        (CS, cs, "epsilon fixed to 1 (penalty at the real images only)",
         C_EPS, "epsilon = critic.xp.ones((len(real), 1, 1, 1), dtype=real.dtype)", 5),
        (CS, cs, "epsilon ~ N(0, 1) instead of U[0, 1]",
         C_EPS, "epsilon = critic.xp.random.normal(size=(len(real), 1, 1, 1)).astype(real.dtype)", 5),
        (CS, cs, "epsilon left in float64: the float32 critic rejects the interpolates",
         C_EPS, "epsilon = critic.xp.random.uniform(size=(len(real), 1, 1, 1))", 5),
        (CS, cs, "lambda hard-coded to 10 instead of gp_weight",
         "loss = loss + gp_weight * penalty", "loss = loss + 10 * penalty", 2),
        (CS, cs, "clip_value not passed: clip_weights clips to its default 0.01",
         "clip_weights(critic, clip_value)  # after", "clip_weights(critic)  # after", 2),
        (CS, cs, "z ignored: fakes from fresh noise",
         "fake = generator(z).array  #", "fake = generator(sample_latent(len(real), z.shape[1])).array  #",
         2),
        (CS, cs, "generator run with train=False: BN running stats instead of batch stats",
         C_FAKE, "        with chainer.no_backprop_mode(), chainer.using_config(\"train\", False):\n"
                 "            fake = generator(z).array\n", 4),
        (CS, cs, "generator.disable_update() and never enable_update(): G never trains again",
         C_FAKE, "        generator.disable_update()  # only the critic learns here\n"
                 "        with chainer.no_backprop_mode():\n"
                 "            fake = generator(z).array\n", 4),
        (CS, cs, "two optimizer updates: critic loss first, then the penalty separately",
         C_GP_BLOCK,
         "    critic.cleargrads()\n"
         "    loss.backward()\n"
         "    c_optimizer.update()\n"
         "    if gp_weight:\n"
         "        with chainer.using_config(\"train\", True):\n"
         "            epsilon = critic.xp.random.uniform(size=(len(real), 1, 1, 1)).astype(real.dtype)\n"
         "            penalty = gradient_penalty(critic, real, fake, epsilon)\n"
         "        stats[\"penalty\"] = float(penalty.array)\n"
         "        critic.cleargrads()\n"
         "        (gp_weight * penalty).backward()\n"
         "        c_optimizer.update()\n"
         "        loss = loss + gp_weight * penalty\n", 4),
        (CS, cs, "cleargrads between backward and update: the update has no gradient",
         C_STEP, "    loss.backward()\n    critic.cleargrads()\n    c_optimizer.update()\n", 4),
        (CS, cs, "generator.cleargrads() instead of the critic's: stale critic gradients",
         C_STEP, "    generator.cleargrads()\n    loss.backward()\n    c_optimizer.update()\n", 4),
        (CS, cs, "loss_critic returned as a Variable: make_wgan_step's np.mean fails",
         'stats["loss_critic"] = float(loss.array)', 'stats["loss_critic"] = loss', 1),
        (CS, cs, "wasserstein returned as a Variable: make_wgan_step's np.mean fails",
         'stats = {"wasserstein": -float(loss.array)}', 'stats = {"wasserstein": -loss}', 1),
        (CS, cs, "returns a tuple instead of the dict",
         "    return stats\n    ### END SOLUTION", "    return stats[\"loss_critic\"], stats[\"wasserstein\"]"
                                                   "\n"
                                                    "    ### END SOLUTION", 6),
        (CS, cs, "topic 04's key name loss_D instead of loss_critic",
         'stats["loss_critic"] = float(loss.array)', 'stats["loss_D"] = float(loss.array)', 6),
    ],
}

VARIANTS = {
    "pytorch": [
        # critic_loss
        (CL, cl, "mean of (fake - mean(real))", PT_CL, "return torch.mean(fake_scores - real_scores.mean())"),
        (CL, cl, "negated Wasserstein estimate", PT_CL, "return -(real_scores.mean() - fake_scores.mean())"),
        (CL, cl, "torch.mean functions", PT_CL, "return torch.mean(fake_scores) - torch.mean(real_scores)"),
        (CL, cl, "sum / numel", PT_CL,
         "return fake_scores.sum() / fake_scores.numel() - real_scores.sum() / real_scores.numel()"),
        # generator_loss
        (GL, gl, "mean of the negated scores", PT_GL, "return torch.mean(-fake_scores)"),
        (GL, gl, "neg()", PT_GL, "return fake_scores.mean().neg()"),
        (GL, gl, "-sum / numel", PT_GL, "return -fake_scores.sum() / fake_scores.numel()"),
        (GL, gl, "squeezed scores", PT_GL, "return -fake_scores.squeeze(1).mean()"),
        # clip_weights
        (CW, cw, "clamp_ on .data", PT_CLIP, "parameter.data.clamp_(-clip_value, clip_value)"),
        (CW, cw, "copy_ of a clamped copy", PT_CLIP, "parameter.copy_(parameter.clamp(-clip_value, clip_value"
                                                     "))"),
        (CW, cw, ".data reassigned", PT_CLIP, "parameter.data = torch.clamp(parameter.data, -clip_value, clip"
                                              "_value)"),
        (CW, cw, "state_dict tensors (share storage) clamped in place", PT_CLIP_LOOP,
         "    for tensor in critic.state_dict().values():\n        tensor.clamp_(-clip_value, clip_value)"),
        (CW, cw, "min/max keyword form", PT_CLIP, "parameter.clamp_(min=-clip_value, max=clip_value)"),
        # gradient_penalty
        (GP, gp, "grad_outputs=ones instead of scores.sum()", PT_GRAD,
         "gradients, = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), "
         "create_graph=True)"),
        (GP, gp, "torch.lerp interpolation", PT_XHAT, "x_hat = torch.lerp(fake, real, epsilon).requires_grad_"
                                                      "(True)"),
        (GP, gp, "detached leaf x_hat", PT_XHAT,
         "x_hat = (epsilon * real + (1 - epsilon) * fake).detach()\n    x_hat.requires_grad = True"),
        (GP, gp, "torch.linalg.vector_norm over (1, 2, 3)", PT_NORM,
         "norms = torch.linalg.vector_norm(gradients, dim=(1, 2, 3))"),
        (GP, gp, "sqrt of sum of squares with a small epsilon", PT_NORM,
         "norms = torch.sqrt(gradients.pow(2).reshape(len(gradients), -1).sum(dim=1) + 1e-12)"),
        (GP, gp, "mse_loss against ones", PT_GP_RET,
         "return torch.nn.functional.mse_loss(norms, torch.ones_like(norms))"),
        # critic_step
        (CS, cs, "detach() instead of no_grad", PT_FAKE,
         "    fake = generator(z).detach()\n    loss = critic_loss(critic(real), critic(fake))\n"),
        (CS, cs, "critic.zero_grad(set_to_none=True)", PT_STEP,
         "    critic.zero_grad(set_to_none=True)\n    loss.backward()\n    c_optimizer.step()\n"),
        (CS, cs, "one critic call on the concatenated batch (no BN in the critic)",
         "loss = critic_loss(critic(real), critic(fake))",
         "scores = critic(torch.cat([real, fake]))\n    loss = critic_loss(scores[:len(real)], scores[len(rea"
         "l):])"),
        (CS, cs, "epsilon via rand_like on a (B, 1, 1, 1) slice", PT_EPS,
         "epsilon = torch.rand_like(real[:, :1, :1, :1])"),
        (CS, cs, "epsilon via empty().uniform_()", PT_EPS,
         "epsilon = torch.empty(real.size(0), 1, 1, 1, device=real.device).uniform_(0, 1)"),
        (CS, cs, "two backward calls (gradients accumulate), one step", PT_GP_BLOCK,
         "    c_optimizer.zero_grad()\n"
         "    loss.backward()\n"
         "    if gp_weight:\n"
         "        epsilon = torch.rand(len(real), 1, 1, 1, device=real.device)\n"
         "        penalty = gradient_penalty(critic, real, fake, epsilon)\n"
         "        (gp_weight * penalty).backward()\n"
         "        loss = loss.detach() + gp_weight * penalty.detach()\n"
         "        stats[\"penalty\"] = penalty.item()\n"
         "    c_optimizer.step()\n"),
        (CS, cs, "clip inline with torch.no_grad", "        clip_weights(critic, clip_value)  # after",
         "        with torch.no_grad():\n            for p in critic.parameters():\n"
         "                p.clamp_(-clip_value, clip_value)  # after"),
        (CS, cs, "gp_weight > 0 test", "    if gp_weight:\n        epsilon", "    if gp_weight > 0:\n        "
                                                                             "epsilon"),
    ],
    "keras": [
        # critic_loss
        (CL, cl, "tf.reduce_mean", K_CL, "return tf.reduce_mean(fake_scores) - tf.reduce_mean(real_scores)"),
        (CL, cl, "mean of (fake - mean(real))", K_CL,
         "return keras.ops.mean(fake_scores - keras.ops.mean(real_scores))"),
        (CL, cl, "negated Wasserstein estimate", K_CL,
         "return -(keras.ops.mean(real_scores) - keras.ops.mean(fake_scores))"),
        # generator_loss
        (GL, gl, "tf.reduce_mean of the negated scores", K_GL, "return tf.reduce_mean(-fake_scores)"),
        (GL, gl, "keras.ops.negative", K_GL, "return keras.ops.negative(keras.ops.mean(fake_scores))"),
        (GL, gl, "-tf.reduce_mean", K_GL, "return -tf.reduce_mean(fake_scores)"),
        # clip_weights
        (CW, cw, "tf.clip_by_value", K_CLIP,
         "        variable.assign(tf.clip_by_value(variable, -clip_value, clip_value))"),
        (CW, cw, "minimum/maximum on trainable_weights", K_CLIP_LOOP,
         "    for variable in critic.trainable_weights:\n"
         "        variable.assign(keras.ops.minimum(keras.ops.maximum(variable, -clip_value), clip_value))"),
        # gradient_penalty
        (GP, gp, "gradient of the summed scores (summed inside the tape)",
         "        scores = critic(x_hat, training=True)  #",
         "        scores = keras.ops.sum(critic(x_hat, training=True))  #"),
        (GP, gp, "x_hat = fake + eps (real - fake)", K_XHAT, "x_hat = fake + epsilon * (real - fake)"),
        (GP, gp, "tf.norm of the flattened gradients", K_NORM,
         "norms = tf.norm(tf.reshape(gradients, [tf.shape(gradients)[0], -1]), axis=1)"),
        (GP, gp, "keras.ops.norm of the flattened gradients", K_NORM,
         "norms = keras.ops.norm(keras.ops.reshape(gradients, (keras.ops.shape(gradients)[0], -1)), axis=1)"),
        (GP, gp, "sqrt with a small epsilon", K_NORM,
         "norms = keras.ops.sqrt(keras.ops.sum(keras.ops.square(gradients), axis=(1, 2, 3)) + 1e-12)"),
        (GP, gp, "inner tape with watch_accessed_variables=False", "    with tf.GradientTape() as tape:\n    "
                                                                   "    tape.watch(x_hat)",
         "    with tf.GradientTape(watch_accessed_variables=False) as tape:\n        tape.watch(x_hat)"),
        (GP, gp, "tf.reduce_mean of (norm - 1) ** 2", K_GP_RET, "return tf.reduce_mean((norms - 1.0) ** 2)"),
        # critic_step
        (CS, cs, "optimizer.apply(gradients, variables)",
         "    c_optimizer.apply_gradients(zip(gradients, critic.trainable_variables, strict=True))\n",
         "    c_optimizer.apply(gradients, critic.trainable_variables)\n"),
        (CS, cs, "static batch size for epsilon", K_EPS, "epsilon = tf.random.uniform([real.shape[0], 1, 1, 1"
                                                         "])"),
        (CS, cs, "epsilon with explicit bounds", K_EPS,
         "epsilon = tf.random.uniform((tf.shape(real)[0], 1, 1, 1), minval=0.0, maxval=1.0)"),
        (CS, cs, "fakes made inside the tape but stop_gradient'ed",
         K_FAKE + "    stats = {}\n    with tf.GradientTape() as tape:\n",
         "    stats = {}\n    with tf.GradientTape() as tape:\n"
         "        fake = tf.stop_gradient(generator(z, training=True))\n"),
        (CS, cs, "gradients inline, over critic.trainable_weights", K_APPLY,
         "    c_optimizer.apply_gradients(zip(tape.gradient(loss, critic.trainable_weights), "
         "critic.trainable_weights, strict=True))\n"),
        (CS, cs, "if clip_value: (truthy test)", "    if clip_value is not None:\n        clip_weights(critic"
                                                 ", clip_value)",
         "    if clip_value:\n        clip_weights(critic, clip_value)"),
    ],
    "chainer": [
        # critic_loss
        (CL, cl, "F.average", C_CL, "return F.average(fake_scores) - F.average(real_scores)"),
        (CL, cl, "negated Wasserstein estimate", C_CL, "return -(F.mean(real_scores) - F.mean(fake_scores))"),
        (CL, cl, "F.sum / size", C_CL, "return F.sum(fake_scores) / fake_scores.size - F.sum(real_scores) / r"
                                       "eal_scores.size"),
        # generator_loss
        (GL, gl, "mean of the negated scores", C_GL, "return F.mean(-fake_scores)"),
        (GL, gl, "-F.average", C_GL, "return -F.average(fake_scores)"),
        (GL, gl, "-F.sum / size", C_GL, "return -F.sum(fake_scores) / fake_scores.size"),
        # clip_weights
        (CW, cw, "param.array reassigned", C_CLIP,
         "        param.array = critic.xp.clip(param.array, -clip_value, clip_value)"),
        (CW, cw, "xp.clip with out=", C_CLIP,
         "        critic.xp.clip(param.array, -clip_value, clip_value, out=param.array)"),
        (CW, cw, "param.data[...]", C_CLIP,
         "        param.data[...] = critic.xp.clip(param.data, -clip_value, clip_value)"),
        (CW, cw, "namedparams with F.clip", C_CLIP_LOOP,
         "    for _, param in critic.namedparams():\n"
         "        param.array[...] = F.clip(param, -float(clip_value), float(clip_value)).array"),
        # gradient_penalty
        (GP, gp, "F.batch_l2_norm_squared then sqrt", C_NORM, "norms = F.sqrt(F.batch_l2_norm_squared(gradien"
                                                              "ts))"),
        (GP, gp, "x_hat = fake + eps (real - fake)", C_XHAT, "x_hat = chainer.Variable(fake + epsilon * (real"
                                                             " - fake))"),
        (GP, gp, "grad_outputs of ones", C_GRAD,
         "    gradients, = chainer.grad([scores], [x_hat], grad_outputs=[critic.xp.ones_like(scores.array)],"
         "\n"
         "                              enable_double_backprop=True)"),
        (GP, gp, "F.mean(F.square(...))", C_GP_RET, "return F.mean(F.square(norms - 1))"),
        (GP, gp, "flattened before the norm", C_NORM,
         "norms = F.sqrt(F.sum(F.reshape(gradients, (len(gradients), -1)) ** 2, axis=1))"),
        # critic_step
        (CS, cs, "optimizer.update(lossfun) clears and backprops itself", C_STEP,
         "    c_optimizer.update(lambda: loss)\n"),
        (CS, cs, "c_optimizer.target.cleargrads()", C_STEP,
         "    c_optimizer.target.cleargrads()\n    loss.backward()\n    c_optimizer.update()\n"),
        (CS, cs, "epsilon via xp.random.rand", C_EPS,
         "epsilon = critic.xp.random.rand(len(real), 1, 1, 1).astype(real.dtype)"),
        (CS, cs, "using_config('enable_backprop', False)", "        with chainer.no_backprop_mode():\n",
         "        with chainer.using_config(\"enable_backprop\", False):\n"),
        (CS, cs, "two backward calls (gradients accumulate), one update", C_GP_BLOCK,
         "        if gp_weight:\n"
         "            epsilon = critic.xp.random.uniform(size=(len(real), 1, 1, 1)).astype(real.dtype)\n"
         "            penalty = gradient_penalty(critic, real, fake, epsilon)\n"
         "            stats[\"penalty\"] = float(penalty.array)\n"
         "    critic.cleargrads()\n"
         "    loss.backward()\n"
         "    if gp_weight:\n"
         "        (gp_weight * penalty).backward()\n"
         "        loss = loss + gp_weight * penalty\n"
         "    c_optimizer.update()\n"),
    ],
}

# Found by the second independent catalogue (holdout): an accepted mistake, then a grader fix.
MUTANTS["keras"].append(
    ("wgan.gradient_penalty", "gradient_penalty",
     "x_hat made a tf.Variable: runs eagerly, fails inside the compiled critic step",
     "    x_hat = epsilon * real + (1.0 - epsilon) * fake  # (B, H, W, C)\n",
     "    x_hat = tf.Variable(epsilon * real + (1.0 - epsilon) * fake)\n", 5))
