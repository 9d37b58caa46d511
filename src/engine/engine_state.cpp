#include "engine/engine_state.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "core/assert.hpp"

namespace brainemu {
namespace {

template <class T>
void permute(std::vector<T>& v, const std::vector<std::size_t>& order) {
    std::vector<T> out;
    out.reserve(v.size());
    for (std::size_t i : order) {
        out.push_back(v[i]);
    }
    v = std::move(out);
}

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

void engine_state::merge(engine_state&& other) {
    BE_ASSERT(other.step == step && other.fx_per_unit == fx_per_unit,
              "processes of one run disagree on the step or the fixed-point scale");
    for (model_state_table& t : other.models) {
        auto it = std::find_if(models.begin(), models.end(),
                               [&](const model_state_table& m) { return m.model == t.model; });
        if (it == models.end()) {
            models.push_back(std::move(t));
            continue;
        }
        BE_ASSERT(it->real_names == t.real_names && it->integer_names == t.integer_names,
                  "one model with two column sets");
        append(it->ids, t.ids);
        for (std::size_t c = 0; c < t.real.size(); ++c) {
            append(it->real[c], t.real[c]);
        }
        for (std::size_t c = 0; c < t.integer.size(); ++c) {
            append(it->integer[c], t.integer[c]);
        }
    }
    append(pending, other.pending);
}

void engine_state::canonicalise() {
    std::sort(models.begin(), models.end(),
              [](const auto& a, const auto& b) { return a.model < b.model; });
    for (model_state_table& t : models) {
        std::vector<std::size_t> order(t.ids.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return t.ids[a] < t.ids[b]; });
        permute(t.ids, order);
        for (auto& c : t.real) {
            permute(c, order);
        }
        for (auto& c : t.integer) {
            permute(c, order);
        }
    }
    std::sort(pending.begin(), pending.end(),
              [](const pending_input& a, const pending_input& b) { return a.key() < b.key(); });
    // Integer sums: exact in any order.
    std::vector<pending_input> summed;
    for (const pending_input& p : pending) {
        if (!summed.empty() && summed.back().key() == p.key()) {
            summed.back().fx += p.fx;
        } else {
            summed.push_back(p);
        }
    }
    std::erase_if(summed, [](const pending_input& p) { return p.fx == 0; });
    pending = std::move(summed);
}

std::uint64_t engine_state::neurons() const {
    std::uint64_t n = 0;
    for (const auto& t : models) {
        n += t.ids.size();
    }
    return n;
}

}  // namespace brainemu
