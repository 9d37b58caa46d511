#include "plan/catalog.hpp"

#include "core/closest_name.hpp"
#include "core/input_error.hpp"

namespace brainemu::plan {
namespace {

template <class T>
const T& find_named(const std::vector<T>& items, std::string_view what, std::string_view name,
                    std::string_view field) {
    std::vector<std::string> names;
    for (const T& item : items) {
        if (item.name == name) {
            return item;
        }
        names.push_back(item.name);
    }
    throw input_error({"", 0, std::string(field)}, unknown_name_message(what, name, names));
}

template <class T>
void put_named(std::vector<T>& items, T item) {
    for (T& existing : items) {
        if (existing.name == item.name) {
            existing = std::move(item);
            return;
        }
    }
    items.push_back(std::move(item));
}

}  // namespace

catalog catalog::builtin() {
    return {builtin_organisms(), builtin_neuron_models(), builtin_synapse_models(),
            builtin_devices(), builtin_clusters()};
}

const organism& catalog::find_organism(std::string_view name, std::string_view field) const {
    return find_named(organisms, "organism", name, field);
}
const neuron_model& catalog::find_neuron_model(std::string_view name,
                                               std::string_view field) const {
    return find_named(neuron_models, "neuron model", name, field);
}
const synapse_model& catalog::find_synapse_model(std::string_view name,
                                                 std::string_view field) const {
    return find_named(synapse_models, "synapse model", name, field);
}
const device& catalog::find_device(std::string_view name, std::string_view field) const {
    return find_named(devices, "device", name, field);
}
const cluster& catalog::find_cluster(std::string_view name, std::string_view field) const {
    return find_named(clusters, "cluster", name, field);
}

void catalog::put(organism o) {
    put_named(organisms, std::move(o));
}
void catalog::put(neuron_model m) {
    put_named(neuron_models, std::move(m));
}
void catalog::put(synapse_model m) {
    put_named(synapse_models, std::move(m));
}
void catalog::put(device d) {
    put_named(devices, std::move(d));
}
void catalog::put(cluster c) {
    put_named(clusters, std::move(c));
}

}  // namespace brainemu::plan
