// One header, named by the probe's target (BRAINEMU_PROBE_HEADER), compiled with only what one
// library lets its users see. tests/architecture/README.md says why.
#include BRAINEMU_PROBE_HEADER

namespace brainemu_probe {
int compiled = 0;  // a definition, so the translation unit is not empty
}  // namespace brainemu_probe
