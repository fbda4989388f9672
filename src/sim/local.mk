# src/sim: the simulated TAL1/GATA1 benchmark (and any motif set).
libmotiflift_la_SOURCES += \
	src/sim/sim.c \
	src/sim/sim_run.c \
	src/sim/sim.h
