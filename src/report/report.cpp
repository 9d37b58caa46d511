#include "report/report.hpp"

#include "core/atomic_file.hpp"
#include "report/sections.hpp"
#include "report/svg.hpp"

namespace brainemu::report {
namespace {

// No child combinators or other '<'/'&' in the style sheet: the whole page stays well-formed
// XML, which the tests check.
constexpr const char* style = R"(
body { font-family: sans-serif; color: #222; max-width: 960px; margin: 24px auto; padding: 0 12px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 17px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 14px; margin: 18px 0 4px; }
.sub { color: #666; font-size: 13px; }
.stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; margin: 16px 0; }
.stat { background: #f4f6f8; border-radius: 4px; padding: 6px 10px; }
.stat b { display: block; font-size: 16px; }
.stat span { color: #666; font-size: 12px; }
figure { margin: 8px 0 20px; }
figcaption { color: #555; font-size: 12px; margin-top: 2px; }
.multiples figure { margin: 0; }
.multiples h3 { font-size: 12px; margin: 4px 0 0; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
.done td { text-align: left; }
.kmatrix td { min-width: 44px; }
.caption { color: #555; font-size: 12px; }
th { background: #f4f6f8; }
pre { background: #f8f8f8; padding: 8px; font-size: 12px; overflow-x: auto; }
svg { display: block; max-width: 100%; height: auto; }
)";

}  // namespace

std::string render_report(const run_data& run, const report_options& opt) {
    const std::string title = run.profile && !run.profile->network.empty()
                                  ? run.profile->network
                                  : run.dir.filename().string();
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>"
        "brainemu report: " +
        escape_xml(title) + "</title>\n<style>" + style + "</style>\n</head>\n<body>\n";
    html += header_section(run);
    html += done_section(run);
    html += connectivity_section(run);
    html += activity_section(run, opt);
    html += voltage_section(run, opt);
    html += trials_section(run, opt);
    html += workload_section(run);
    html += plan_section(run);
    html += config_section(run);
    html += "<p class=\"sub\">Written by <code>brainemu report</code> from " +
            escape_xml(run.dir.string()) + ".</p>\n</body>\n</html>\n";
    return html;
}

std::filesystem::path write_report(const std::filesystem::path& dir,
                                   const std::filesystem::path& out, const report_options& opt) {
    const run_data run = load_run(dir);
    const std::filesystem::path path = out.empty() ? dir / "report.html" : out;
    write_file_atomic(path, render_report(run, opt));
    return path;
}

}  // namespace brainemu::report
