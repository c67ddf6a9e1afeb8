"""Training graders judge the result: generated samples measured with the course's quality measure.

A green training grader must mean the model learned. Losses alone cannot say it (a GAN's
losses look fine while its generator collapses to one grey blob), so outside the smoke
profile the training graders of the generative topics also measure samples with
:mod:`course_utils.quality`: the features of the course's classifier, compared with those
of real images the classifier never saw and of uniform noise, at the same sample count.
In the smoke profile (a few steps of training) only the mechanics are checked, and the
grader says so.

Failures, in the order they are checked, each with its own message:
- collapse: the samples' features vary far less than real images' (one image repeated);
- noise: the samples are no closer (Fréchet distance) to real images than to uniform noise;
- one class: one class of the classifier takes most of the samples;
- far from real: the Fréchet distance is past halfway from real images' score to noise's;
- labels (conditional models): samples are not recognised as the class asked for.
"""

from __future__ import annotations

import numpy as np

from .. import quality

SPREAD_FLOOR = 0.2  # sample feature spread below this fraction of real images' = collapse
NOISE_POSITION = 0.5  # Fréchet distance past this point of the way from real to noise = noise
TOP_CLASS_SHARE = 0.5  # one class taking more of the samples than this = collapse onto it
LABEL_ACCURACY = 0.5  # conditional samples recognised as their class less often = labels ignored
MIN_SAMPLES = 100


def judge_samples(probe, samples, dataset: str, labels=None) -> dict:
    """Measure ``samples`` (NHWC, in [-1, 1] or [0, 1]) against ``dataset``'s real images.

    Fails with a hint on collapse, noise-like samples, one dominant class, or (with
    ``labels``, the classes asked for) ignored labels. Returns the measurements.
    """
    images = np.asarray(samples, np.float32)
    if images.size and images.min() < -0.05:  # tanh outputs
        images = (images + 1.0) / 2.0
    try:
        model = quality.feature_model(dataset, images.shape[1] if images.ndim == 4 else None)
        images = quality.checked_images(images, model, dataset)
    except ValueError as error:
        probe.fail(f"the samples cannot be measured: {error}",
                   "pass samples=generate(G, ...) as NHWC images from the trained generator.")
    count = min(len(images), len(model.real_features))
    probe.expect(count >= MIN_SAMPLES, f"got {len(images)} samples; judging them needs at "
                 f"least {MIN_SAMPLES}.", "generate more samples for the grader.")
    images = images[:count]
    features = model.features(images)
    references = quality.reference_scores(dataset, model.image_shape[0], count)
    real_spread = model.real_features[:count].std(axis=0).mean()
    result = {
        "frechet": quality.frechet_distance(images, dataset, model.image_shape[0]),
        "frechet_real": references["real"], "frechet_noise": references["noise"],
        "spread": float(features.std(axis=0).mean() / (real_spread + 1e-12)),
    }
    noise_mean, noise_cov = np.mean(model.noise_features, 0), np.cov(model.noise_features, rowvar=False)
    sample_mean, sample_cov = features.mean(0), np.cov(features, rowvar=False)
    result["to_noise"] = quality.frechet_from_statistics(sample_mean, sample_cov, noise_mean, noise_cov)
    position = ((result["frechet"] - result["frechet_real"])
                / max(result["frechet_noise"] - result["frechet_real"], 1e-12))
    predicted = model.predict(images)
    shares = np.bincount(predicted, minlength=len(model.classes)) / count
    top = int(np.argmax(shares))
    result["top_class"], result["top_share"] = model.classes[top], float(shares[top])

    probe.expect(result["spread"] >= SPREAD_FLOOR,
                 f"mode collapse: the samples vary {result['spread']:.2f} times as much as real "
                 f"images do (in the classifier's features): they are (nearly) one image.",
                 "G ignores its noise. Common causes: D far stronger than G (learning rates, "
                 "steps per batch), a G loss that saturates, batch norm or the noise missing in "
                 "G, or too few training steps for this dataset.")
    probe.expect(result["frechet"] < result["to_noise"],
                 f"the samples are no closer to real images than to uniform noise (Fréchet "
                 f"distance {result['frechet']:.1f} to real images, {result['to_noise']:.1f} to "
                 "noise).", "the generator has not learned the data: look at the samples, check "
                 "the losses' signs and the learning rates, and that both steps update their "
                 "network.")
    if len(model.classes) > 2:
        probe.expect(result["top_share"] <= TOP_CLASS_SHARE,
                     f"mode collapse: {result['top_share']:.0%} of the samples are recognised as "
                     f"'{result['top_class']}'.",
                     "G covers only part of the data. Train longer or with a lower learning rate, "
                     "and check that D's step and G's step alternate once per batch.")
    probe.expect(position <= NOISE_POSITION,
                 f"the samples score a Fréchet distance of {result['frechet']:.1f}, past halfway "
                 f"from real images ({result['frechet_real']:.1f}) to uniform noise "
                 f"({result['frechet_noise']:.1f}): they are still far from the data.",
                 "train longer, or check the learning rates and the losses: the samples improve "
                 "but have not reached the data yet.")
    if labels is not None:
        labels = np.asarray(labels).reshape(-1)[:count]
        result["accuracy"] = float(np.mean(predicted == labels))
        probe.expect(result["accuracy"] >= LABEL_ACCURACY,
                     f"only {result['accuracy']:.0%} of the samples are recognised as the class "
                     "they were generated for.",
                     "G ignores its labels: feed the one-hot label to G and to D (topic 06), "
                     "and pass the labels used to generate the samples.")
    print(f"samples: Fréchet distance {result['frechet']:.1f} (real images "
          f"{result['frechet_real']:.1f}, noise {result['frechet_noise']:.1f}); spread "
          f"{result['spread']:.2f} of real images'; most frequent class "
          f"'{result['top_class']}' with {result['top_share']:.0%}"
          + (f"; label accuracy {result['accuracy']:.0%}" if "accuracy" in result else ""))
    return result


def trained_enough(probe) -> bool:
    """False after the smoke profile's few steps or a dry run's capped ones, saying that only
    the training mechanics were checked; True after real training, whose result is judged."""
    if probe.profile == "smoke" or probe.dry_run:
        print(f"{'dry run' if probe.dry_run else 'smoke profile'}: checked the training "
              "mechanics only; the quick and full profiles also judge the result.")
        return False
    return True


def judge_if_trained(probe, samples, dataset, labels=None) -> None:
    """Judge the samples after real training (:func:`trained_enough`)."""
    if not trained_enough(probe):
        return
    probe.expect(samples is not None and dataset is not None,
                 "the grader needs samples of the trained generator to judge the training.",
                 "pass samples=... (generated images) and dataset=config.dataset to grade().")
    judge_samples(probe, samples, dataset, labels)
