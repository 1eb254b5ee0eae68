"""The DARTS search supernet in PyTorch, written from the reference semantics (quark0/darts
model_search.py, operations.py): the same primitives, cell wiring, channel schedule and
parameter set as NAS Studio's `Supernet` on the `darts` space, so the two can be timed side by side.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

PRIMITIVES = ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect',
              'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5']


class _Op(nn.Module):
    """Layers in `self.op`, so that parameter names match the reference's `state_dict`."""

    def __init__(self, *layers):
        super().__init__()
        self.op = nn.Sequential(*layers)

    def forward(self, x):
        return self.op(x)


def _relu_dw_pw_bn(c_in, c_out, kernel, stride, padding, dilation, affine):
    """ReLU, depthwise conv (optionally dilated), pointwise 1x1, BN."""
    return [nn.ReLU(inplace=False),
            nn.Conv2d(c_in, c_in, kernel, stride=stride, padding=padding, dilation=dilation, groups=c_in, bias=False),
            nn.Conv2d(c_in, c_out, 1, bias=False),
            nn.BatchNorm2d(c_out, affine=affine)]


class ReLUConvBN(_Op):
    def __init__(self, c_in, c_out, kernel, stride, padding, affine):
        super().__init__(nn.ReLU(inplace=False),
                         nn.Conv2d(c_in, c_out, kernel, stride=stride, padding=padding, bias=False),
                         nn.BatchNorm2d(c_out, affine=affine))


class DilConv(_Op):
    def __init__(self, c_in, c_out, kernel, stride, padding, dilation, affine):
        super().__init__(*_relu_dw_pw_bn(c_in, c_out, kernel, stride, padding, dilation, affine))


class SepConv(_Op):
    """Two ReLU-depthwise-pointwise-BN blocks at dilation 1 in one sequence; only the first strides."""

    def __init__(self, c_in, c_out, kernel, stride, padding, affine):
        super().__init__(*_relu_dw_pw_bn(c_in, c_in, kernel, stride, padding, 1, affine),
                         *_relu_dw_pw_bn(c_in, c_out, kernel, 1, padding, 1, affine))


class FactorizedReduce(nn.Module):
    """Halves the map with two 1x1 stride-2 convs, the second shifted by one pixel."""

    def __init__(self, c_in, c_out, affine):
        super().__init__()
        self.relu = nn.ReLU(inplace=False)
        self.conv_1 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.conv_2 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, affine=affine)

    def forward(self, x):
        x = self.relu(x)
        return self.bn(torch.cat([self.conv_1(x), self.conv_2(x[:, :, 1:, 1:])], dim=1))


class Zero(nn.Module):
    def __init__(self, stride):
        super().__init__()
        self.stride = stride

    def forward(self, x):
        return x[:, :, ::self.stride, ::self.stride].mul(0.)


OPS = {
    'none': lambda c, stride: Zero(stride),
    'max_pool_3x3': lambda c, stride: nn.MaxPool2d(3, stride=stride, padding=1),
    'avg_pool_3x3': lambda c, stride: nn.AvgPool2d(3, stride=stride, padding=1, count_include_pad=False),
    'skip_connect': lambda c, stride: nn.Identity() if stride == 1 else FactorizedReduce(c, c, affine=False),
    'sep_conv_3x3': lambda c, stride: SepConv(c, c, 3, stride, 1, affine=False),
    'sep_conv_5x5': lambda c, stride: SepConv(c, c, 5, stride, 2, affine=False),
    'dil_conv_3x3': lambda c, stride: DilConv(c, c, 3, stride, 2, 2, affine=False),
    'dil_conv_5x5': lambda c, stride: DilConv(c, c, 5, stride, 4, 2, affine=False),
}


class MixedOp(nn.Module):
    def __init__(self, c, stride):
        super().__init__()
        ops = []
        for primitive in PRIMITIVES:
            op = OPS[primitive](c, stride)
            # Pools get a non-affine BN, as in the reference's search cell.
            ops.append(nn.Sequential(op, nn.BatchNorm2d(c, affine=False)) if 'pool' in primitive else op)
        self._ops = nn.ModuleList(ops)

    def forward(self, x, weights):
        return sum(w * op(x) for w, op in zip(weights, self._ops))


class Cell(nn.Module):
    def __init__(self, steps, multiplier, c_prev_prev, c_prev, c, reduction, reduction_prev):
        super().__init__()
        self.reduction = reduction
        self.preprocess0 = (FactorizedReduce(c_prev_prev, c, affine=False) if reduction_prev
                            else ReLUConvBN(c_prev_prev, c, 1, 1, 0, affine=False))
        self.preprocess1 = ReLUConvBN(c_prev, c, 1, 1, 0, affine=False)
        self._steps = steps
        self._multiplier = multiplier
        self._ops = nn.ModuleList(MixedOp(c, 2 if reduction and j < 2 else 1)
                                  for i in range(steps) for j in range(2 + i))

    def forward(self, s0, s1, weights):
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        offset = 0
        for _ in range(self._steps):
            s = sum(self._ops[offset + j](h, weights[offset + j]) for j, h in enumerate(states))
            offset += len(states)
            states.append(s)
        return torch.cat(states[-self._multiplier:], dim=1)


class Network(nn.Module):
    """Stem conv3x3 (3C) + affine BN; reduction cells at L//3 and 2L//3 with doubled channels;
    global average pooling; linear classifier. α (normal, reduce) are plain leaf tensors, not
    module parameters, so `parameters()` holds the trainable weights only, as in the reference."""

    def __init__(self, c, num_classes, layers, in_channels=3, steps=4, multiplier=4, stem_multiplier=3):
        super().__init__()
        self._config = (c, num_classes, layers, in_channels, steps, multiplier, stem_multiplier)
        c_curr = stem_multiplier * c
        self.stem = nn.Sequential(nn.Conv2d(in_channels, c_curr, 3, padding=1, bias=False), nn.BatchNorm2d(c_curr))
        c_prev_prev, c_prev, c_curr = c_curr, c_curr, c
        cells, reduction_prev = [], False
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            if reduction:
                c_curr *= 2
            cells.append(Cell(steps, multiplier, c_prev_prev, c_prev, c_curr, reduction, reduction_prev))
            reduction_prev = reduction
            c_prev_prev, c_prev = c_prev, multiplier * c_curr
        self.cells = nn.ModuleList(cells)
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(c_prev, num_classes)
        edges = sum(2 + i for i in range(steps))
        self.alphas_normal = (1e-3 * torch.randn(edges, len(PRIMITIVES))).requires_grad_()
        self.alphas_reduce = (1e-3 * torch.randn(edges, len(PRIMITIVES))).requires_grad_()

    def arch_parameters(self):
        return [self.alphas_normal, self.alphas_reduce]

    def new(self):
        """A fresh network with copies of this one's α (the reference's `Network.new`)."""
        model = Network(*self._config)
        for mine, theirs in zip(model.arch_parameters(), self.arch_parameters()):
            mine.data.copy_(theirs.data)
        return model

    def forward(self, x):
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            alphas = self.alphas_reduce if cell.reduction else self.alphas_normal
            s0, s1 = s1, cell(s0, s1, F.softmax(alphas, dim=-1))
        return self.classifier(self.global_pooling(s1).flatten(1))

    def loss(self, x, y):
        return F.cross_entropy(self(x), y)


def count_parameters(model):
    """Trainable weights, α excluded: the reference's `utils.count_parameters_in_MB` times 1e6."""
    return sum(p.numel() for p in model.parameters())
