"""spikes.bin and voltages.bin in both forms (docs/formats.md): 32-bit neuron ids in networks
of at most 2^32 neurons, 64-bit ids beyond, read without a copy. The files are written here
byte by byte from the documented layout, independently of the engine; a run of a 5e9-neuron
sheet writes the 64-bit form (tests/cli/dry_run_test.sh) and, through the CLI, is read back."""
import struct

import numpy as np
import pytest

import brainemu

G = 1 << 32


def spikes_bin(path, version, records):
    fmt = "<IQ" if version == 2 else "<II"
    body = b"".join(struct.pack(fmt, step, neuron) for step, neuron in records)
    head = b"BESPIKE1" + struct.pack("<IIdQ", version, struct.calcsize(fmt), 0.1, len(records))
    path.write_bytes(head + body)


def voltages_bin(path, version, ids, frames):
    id_fmt = "Q" if version == 2 else "I"
    head = b"BEVOLTS1" + struct.pack("<IIdQ", version, len(ids), 0.1, len(frames))
    head += struct.pack(f"<{len(ids)}{id_fmt}", *ids)
    body = b"".join(struct.pack(f"<I{len(ids)}f", step, *v) for step, v in frames)
    path.write_bytes(head + body)


@pytest.mark.parametrize("version, top", [(1, G - 1), (2, 20 * G + 5)])
def test_spikes_keep_their_ids(tmp_path, version, top):
    records = [(0, 3), (2, top), (4, top // 2)]
    spikes_bin(tmp_path / "spikes.bin", version, records)
    s = brainemu.Spikes(str(tmp_path / "spikes.bin"))
    assert s.neurons.dtype == np.dtype("<u8" if version == 2 else "<u4")
    assert [int(n) for n in s.neurons] == [n for _, n in records]
    assert list(s.times_ms) == pytest.approx([0.0, 0.2, 0.4])


def test_a_wrong_record_size_is_refused(tmp_path):
    spikes_bin(tmp_path / "spikes.bin", 2, [(0, G + 1)])
    raw = bytearray((tmp_path / "spikes.bin").read_bytes())
    raw[12:16] = struct.pack("<I", 8)  # version 2 with version 1's record size
    (tmp_path / "spikes.bin").write_bytes(bytes(raw))
    with pytest.raises(ValueError, match="8 bytes per record, expected 12"):
        brainemu.Spikes(str(tmp_path / "spikes.bin"))


@pytest.mark.parametrize("version, ids", [(1, [3, 9]), (2, [3, G + 9])])
def test_voltages_name_their_columns(tmp_path, version, ids):
    voltages_bin(tmp_path / "voltages.bin", version, ids, [(0, [-65.0, -50.5]), (10, [-64.0, -49.0])])
    v = brainemu.Voltages(str(tmp_path / "voltages.bin"))
    assert [int(n) for n in v.neurons] == ids
    assert list(v.of(ids[1])) == [-50.5, -49.0]
    assert list(v.steps) == [0, 10]
