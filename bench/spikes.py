"""Reading brainemu's spikes.bin (layout: docs/formats.md) with numpy."""
import numpy as np

HEADER = 32


def read_spikes(path):
    """Returns (dt_ms, steps, neurons) as numpy arrays, records in file order."""
    with open(path, "rb") as f:
        head = f.read(HEADER)
        if head[:8] != b"BESPIKE1":
            raise ValueError(f"{path}: not a brainemu spikes.bin")
        dt_ms = np.frombuffer(head, dtype="<f8", count=1, offset=16)[0]
        count = np.frombuffer(head, dtype="<u8", count=1, offset=24)[0]
        rec = np.fromfile(f, dtype=[("step", "<u4"), ("neuron", "<u4")], count=int(count))
    return float(dt_ms), rec["step"], rec["neuron"]
