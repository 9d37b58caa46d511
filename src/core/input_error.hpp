#pragma once
// Errors the user can fix (bad files, fields, values), kept apart from our own bugs (BE_ASSERT).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace brainemu {

// Where in the user's input a problem sits. Empty parts are left out of the message.
struct input_location {
    std::string path;
    std::int64_t line = 0;  // 1-based; 0 = unknown
    std::string field;      // dotted path such as "network.scale"
};

// "path:line: field: problem". Thrown for anything the user can correct.
class input_error : public std::runtime_error {
public:
    input_error(input_location where, std::string_view problem);
    [[nodiscard]] const input_location& where() const { return where_; }
    [[nodiscard]] const std::string& problem() const { return problem_; }

private:
    input_location where_;
    std::string problem_;
};

// An input error that every rank of an MPI job raised together (after agreeing on it): rank 0
// reports it and every rank exits 3, with no need to abort the job.
class agreed_input_error : public input_error {
public:
    using input_error::input_error;
};

// Thrown when the machine cannot do what was asked (out of memory, disk full, I/O failure).
class resource_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace brainemu
