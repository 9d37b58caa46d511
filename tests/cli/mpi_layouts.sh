# Sourced by the CLI tests that run MPI layouts: lets mpirun run as root and oversubscribe the
# cores, and sets mpi=1 where this build has the MPI backend and mpirun exists, else mpi=0 with
# a note (the caller then runs its one-process layouts only). $1: what is checked instead.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mpi=0
if command -v mpirun >/dev/null && "$BRAINEMU" --version | grep -q "mpi: yes"; then
    mpi=1
else
    echo "note: no MPI backend or mpirun: $1"
fi
