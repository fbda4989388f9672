# src/explain: DeepLIFT and the baselines, references (shuffles), the explain pipeline and its outputs.
libmotiflift_la_SOURCES += \
	src/explain/deeplift.c \
	src/explain/deeplift_fwd.c \
	src/explain/deeplift_prep.c \
	src/explain/explain.c \
	src/explain/explain_out.c \
	src/explain/shuffle.c \
	src/explain/shuffle_fasta.c \
	src/explain/target.c \
	src/explain/deeplift.h \
	src/explain/dl_internal.h \
	src/explain/explain.h \
	src/explain/explain_out.h \
	src/explain/shuffle.h \
	src/explain/target.h
