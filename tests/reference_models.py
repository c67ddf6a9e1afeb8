"""Shared helpers of the image-to-image tests: the course's reference networks built at full
size, and PyTorch weights copied into the Keras or Chainer twin of a network."""

import numpy as np

from course_utils import get_adapter
from course_utils.sources import load_reference


def count_and_shape(topic, framework, name, arguments, hwc):
    """(parameters, output shape (C, H, W)) of ``name(*args, **kwargs)`` on one image."""
    adapter = get_adapter(framework)
    reference = load_reference(topic, framework)
    model = reference.place(getattr(reference, name)(*arguments[0], **arguments[1]))
    output = adapter.call(model, adapter.to_layout(np.zeros((1, *hwc), np.float32)))
    height, width, channels = adapter.from_layout(output).shape[1:]
    return adapter.count_parameters(model), (channels, height, width)


def _to_framework(framework, array):
    """A PyTorch weight (out, in, kh, kw), transposed-convolution weight (in, out, kh, kw) or
    linear weight (out, in) in the framework's layout: Keras puts the kernel's spatial axes
    first, (kh, kw, in, out) and (kh, kw, out, in), one transposition for both, and its dense
    kernels are (in, out)."""
    if framework != "keras" or array.ndim not in (2, 4):
        return array
    return array.transpose(2, 3, 1, 0) if array.ndim == 4 else array.T


def copy_from_torch(source, target, framework):
    """Copy every parameter of a PyTorch model into ``target``, matched by role and shape,
    in creation order among parameters of one shape (a residual block's two kernels)."""
    torch_adapter, adapter = get_adapter("pytorch"), get_adapter(framework)
    arrays = {}
    for array, role in zip(torch_adapter.parameters(source), torch_adapter.parameter_roles(source),
                           strict=True):
        converted = _to_framework(framework, array)
        arrays.setdefault((role, converted.shape), []).append(converted)
    adapter.set_parameters(target, [arrays[(role, a.shape)].pop(0) for a, role in zip(
        adapter.parameters(target), adapter.parameter_roles(target), strict=True)])
