#include "io/sonata/sonata_report.hpp"

#include <array>

#include "io/sonata/hdf5_file.hpp"

namespace brainemu {

void write_sonata_report(const std::filesystem::path& path, const sonata_report& r) {
    hdf5::write_sonata_file(path, [&](hdf5::file& f) {
        f.create_group("/report");
        const std::string base = "/report/" + r.population;
        f.create_group(base);
        const std::size_t cols = r.node_ids.size();
        const std::size_t rows = cols == 0 ? 0 : r.data.size() / cols;
        f.write_f64_matrix(base + "/data", rows, cols, r.data);
        f.write_string_attribute(base + "/data", "units", r.units);
        f.create_group(base + "/mapping");
        f.write_u64(base + "/mapping/node_ids", r.node_ids);
        std::vector<std::uint64_t> index_pointer(cols + 1), element_ids(cols, 0);
        for (std::size_t i = 0; i <= cols; ++i) {
            index_pointer[i] = i;
        }
        f.write_u64(base + "/mapping/index_pointer", index_pointer);
        f.write_u64(base + "/mapping/element_ids", element_ids);
        const std::vector<double> element_pos(cols, 0.5);
        f.write_f64(base + "/mapping/element_pos", element_pos);
        const std::array<double, 3> time{r.start_ms, r.stop_ms, r.step_ms};
        f.write_f64(base + "/mapping/time", time);
        f.write_string_attribute(base + "/mapping/time", "units", "ms");
    });
}

}  // namespace brainemu
