#pragma once
// A model chosen by an experiment: its name, parameters and initial voltages. Its own header so
// that built-in networks can supply their reference model without the whole experiment.

#include <string>

#include "core/input_error.hpp"
#include "core/weight_scale.hpp"
#include "engine/model_group.hpp"
#include "models/model_list.hpp"

namespace brainemu {

struct model_spec {
    std::string name;
    model_params params;
    voltage_init v_init;   // mean NaN on a built-in network: the network's own (per population)
    input_location where;  // the [model] table or [[model.override]] entry that chose it
    // How the network's weights become this model's unit (experiment::weight_unit).
    weight_scale from_network;
};

}  // namespace brainemu
