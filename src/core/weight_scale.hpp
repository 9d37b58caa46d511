#pragma once
// A change of a synaptic weight's unit, linear on each side of zero: a conductance model maps
// a current's excitatory and inhibitory weights through different driving forces.

namespace brainemu {

struct weight_scale {
    double excitatory = 1.0;  // factor for w >= 0
    double inhibitory = 1.0;  // factor for w < 0

    [[nodiscard]] bool identity() const { return excitatory == 1.0 && inhibitory == 1.0; }
    [[nodiscard]] double apply(double w) const { return w * (w >= 0.0 ? excitatory : inhibitory); }
};

}  // namespace brainemu
