#include "partition/metis_partition.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <metis.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

// METIS's CSR graph (its own integer type, idx_t).
struct metis_graph {
    std::vector<idx_t> xadj, adjncy, adjwgt, vwgt;
};

idx_t to_idx(std::uint64_t v, const char* what) {
    if (v > static_cast<std::uint64_t>(std::numeric_limits<idx_t>::max())) {
        throw resource_error(fmt::format(
            "{} = {} does not fit METIS's {}-bit integers (libmetis built with IDXTYPEWIDTH {})",
            what, v, IDXTYPEWIDTH, IDXTYPEWIDTH));
    }
    return static_cast<idx_t>(v);
}

// Symmetrises the presynaptic CSR: every pair u->v (u != v) is listed under both u and v, then
// each vertex's list is sorted and repeated neighbours (u->v and v->u) merged by adding counts.
metis_graph build_graph(const connectome& c) {
    const std::uint32_t n = c.size();
    std::vector<std::uint64_t> degree(n + 1, 0), in_pairs(n, 0);
    for (std::uint32_t u = 0; u < n; ++u) {
        for (std::uint64_t e = c.row_offsets[u]; e < c.row_offsets[u + 1]; ++e) {
            const std::uint32_t v = c.post[e];
            ++in_pairs[v];
            if (v != u) {
                ++degree[u];
                ++degree[v];
            }
        }
    }
    std::vector<std::uint64_t> start(n + 1, 0);
    for (std::uint32_t u = 0; u < n; ++u) {
        start[u + 1] = start[u] + degree[u];
    }
    struct neighbour {
        std::uint32_t v;
        std::uint64_t w;
    };
    std::vector<neighbour> lists(start[n]);
    std::vector<std::uint64_t> fill(start.begin(), start.end() - 1);
    for (std::uint32_t u = 0; u < n; ++u) {
        for (std::uint64_t e = c.row_offsets[u]; e < c.row_offsets[u + 1]; ++e) {
            const std::uint32_t v = c.post[e];
            if (v != u) {
                lists[fill[u]++] = {v, c.count[e]};
                lists[fill[v]++] = {u, c.count[e]};
            }
        }
    }

    metis_graph g;
    g.xadj.reserve(n + 1);
    g.xadj.push_back(0);
    g.vwgt.reserve(2 * static_cast<std::size_t>(n));
    for (std::uint32_t u = 0; u < n; ++u) {
        auto first = lists.begin() + static_cast<std::ptrdiff_t>(start[u]);
        auto last = lists.begin() + static_cast<std::ptrdiff_t>(start[u + 1]);
        std::sort(first, last, [](const neighbour& a, const neighbour& b) { return a.v < b.v; });
        for (auto it = first; it != last;) {
            const std::uint32_t v = it->v;
            std::uint64_t w = 0;
            for (; it != last && it->v == v; ++it) {
                w += it->w;
            }
            g.adjncy.push_back(static_cast<idx_t>(v));
            g.adjwgt.push_back(to_idx(w, "a symmetrised edge weight"));
        }
        g.xadj.push_back(to_idx(g.adjncy.size(), "twice the number of connected pairs"));
        g.vwgt.push_back(to_idx(in_pairs[u], "a neuron's incoming connections"));
        g.vwgt.push_back(1);
    }
    return g;
}

}  // namespace

metis_result metis_partition(const connectome& c, std::uint32_t parts,
                             const metis_options& options) {
    const std::uint32_t n = c.size();
    check_part_count(parts, n, "parts");
    metis_result r;
    r.result.parts = parts;
    r.result.part_of.assign(n, 0);
    if (parts == 1) {
        return r;  // METIS would only copy this; some versions reject nparts = 1
    }
    metis_graph g = build_graph(c);
    idx_t nvtxs = static_cast<idx_t>(n), ncon = 2, nparts = static_cast<idx_t>(parts);
    // A constraint whose total weight is 0 (no synapses at all) cannot be balanced: METIS
    // divides by it. Weighting every neuron equally then gives the same partition problem.
    if (c.pairs() == 0) {
        for (std::uint32_t u = 0; u < n; ++u) {
            g.vwgt[2 * static_cast<std::size_t>(u)] = 1;
        }
    }
    std::vector<real_t> ubvec(2, options.imbalance_tolerance);
    std::vector<idx_t> opts(METIS_NOPTIONS);
    METIS_SetDefaultOptions(opts.data());
    opts[METIS_OPTION_SEED] = options.seed;
    opts[METIS_OPTION_NUMBERING] = 0;
    std::vector<idx_t> part(n, 0);
    idx_t objval = 0;
    const int status = METIS_PartGraphKway(
        &nvtxs, &ncon, g.xadj.data(), g.adjncy.data(), g.vwgt.data(), nullptr, g.adjwgt.data(),
        &nparts, nullptr, ubvec.data(), opts.data(), &objval, part.data());
    if (status == METIS_ERROR_MEMORY) {
        throw resource_error(fmt::format("METIS ran out of memory partitioning {} neurons", n));
    }
    if (status != METIS_OK) {
        throw std::runtime_error(fmt::format(
            "METIS_PartGraphKway failed (status {}) on {} neurons, {} parts", status, n, parts));
    }
    for (std::uint32_t u = 0; u < n; ++u) {
        r.result.part_of[u] = static_cast<std::uint32_t>(part[u]);
    }
    r.edge_cut = objval;
    return r;
}

}  // namespace brainemu
