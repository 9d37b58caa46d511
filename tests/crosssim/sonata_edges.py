"""A SONATA edges.h5 of dendritic synapses, as the cable cross-simulator tests write them.

rows: (source, target, edge_type_id, sec_id, sec_x, syn_weight[, delay_ms]); delays are written
only when every row has one (else the edge types' delay holds).
"""


def write_dendritic_edges(path, population, source_population, target_population, rows):
    import h5py
    import numpy as np

    with h5py.File(path, "w") as f:
        g = f.create_group(f"edges/{population}")
        g["source_node_id"] = np.array([r[0] for r in rows], dtype=np.uint64)
        g["source_node_id"].attrs["node_population"] = source_population
        g["target_node_id"] = np.array([r[1] for r in rows], dtype=np.uint64)
        g["target_node_id"].attrs["node_population"] = target_population
        g["edge_type_id"] = np.array([r[2] for r in rows], dtype=np.int64)
        g["edge_group_id"] = np.zeros(len(rows), dtype=np.uint32)
        g["edge_group_index"] = np.arange(len(rows), dtype=np.uint64)
        g0 = g.create_group("0")
        g0["sec_id"] = np.array([r[3] for r in rows], dtype=np.int64)
        g0["sec_x"] = np.array([r[4] for r in rows])
        g0["syn_weight"] = np.array([r[5] for r in rows])
        if rows and all(len(r) > 6 for r in rows):
            g0["delay"] = np.array([r[6] for r in rows])
