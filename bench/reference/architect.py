"""DARTS's α steps with the reference's semantics (quark0/darts architect.py)."""
import torch


def _flat(tensors):
    return torch.cat([t.reshape(-1) for t in tensors])


class Architect:
    def __init__(self, model, momentum, weight_decay, arch_lr=3e-4, arch_weight_decay=1e-3):
        self.model = model
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.optimizer = torch.optim.Adam(model.arch_parameters(), lr=arch_lr, betas=(0.5, 0.999),
                                          weight_decay=arch_weight_decay)

    def step(self, train, valid, eta, network_optimizer, unrolled):
        self.optimizer.zero_grad()
        if unrolled:
            self._backward_step_unrolled(train, valid, eta, network_optimizer)
        else:
            # The reference backpropagates through the weights as well (their grads are
            # computed and later zeroed by the weight step), so this does too.
            self.model.loss(*valid).backward()
        self.optimizer.step()

    def _unrolled_model(self, train, eta, network_optimizer):
        """A copy of the network one virtual SGD step ahead: w' = w − η(momentum·buf + ∇L_train + wd·w)."""
        params = list(self.model.parameters())
        theta = _flat(params).detach()
        try:
            moment = _flat([network_optimizer.state[p]['momentum_buffer'] for p in params]) * self.momentum
        except KeyError:
            moment = torch.zeros_like(theta)
        dtheta = _flat(torch.autograd.grad(self.model.loss(*train), params)) + self.weight_decay * theta
        stepped = theta - eta * (moment + dtheta)
        unrolled = self.model.new()
        state = self.model.state_dict()
        offset = 0
        for name, p in self.model.named_parameters():
            state[name] = stepped[offset:offset + p.numel()].view_as(p)
            offset += p.numel()
        unrolled.load_state_dict(state)
        return unrolled

    def _backward_step_unrolled(self, train, valid, eta, network_optimizer):
        unrolled = self._unrolled_model(train, eta, network_optimizer)
        unrolled.loss(*valid).backward()
        dalpha = [a.grad for a in unrolled.arch_parameters()]
        vector = [p.grad for p in unrolled.parameters()]
        implicit = self._hessian_vector_product(vector, train)
        for a, g, ig in zip(self.model.arch_parameters(), dalpha, implicit):
            a.grad = g - eta * ig

    def _hessian_vector_product(self, vector, train, r=1e-2):
        """(∇α L_train(w + εv) − ∇α L_train(w − εv)) / 2ε with ε = r / ‖v‖, as the reference."""
        eps = r / _flat(vector).norm()
        params, alphas = list(self.model.parameters()), self.model.arch_parameters()

        def shift(scale):
            with torch.no_grad():
                for p, v in zip(params, vector):
                    p.add_(v, alpha=scale)

        shift(eps)
        grads_p = torch.autograd.grad(self.model.loss(*train), alphas)
        shift(-2 * eps)
        grads_n = torch.autograd.grad(self.model.loss(*train), alphas)
        shift(eps)
        return [(x - y) / (2 * eps) for x, y in zip(grads_p, grads_n)]
