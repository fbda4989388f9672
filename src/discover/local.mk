# src/discover: de novo motifs from contribution scores: seqlets, similarity, Leiden
# clusters (igraph), patterns and their outputs (doc/discover.md).
libmotiflift_la_SOURCES += \
	src/discover/affinity.c \
	src/discover/collapse.c \
	src/discover/discover.c \
	src/discover/dsort.c \
	src/discover/dtrack.c \
	src/discover/gkmer.c \
	src/discover/jaccard.c \
	src/discover/knn.c \
	src/discover/leiden.c \
	src/discover/match.c \
	src/discover/pattern.c \
	src/discover/rep_h5.c \
	src/discover/rep_html.c \
	src/discover/rep_model.c \
	src/discover/rep_npz.c \
	src/discover/rep_text.c \
	src/discover/report.c \
	src/discover/seqlet_call.c \
	src/discover/seqlet_null.c \
	src/discover/affinity.h \
	src/discover/collapse.h \
	src/discover/discover.h \
	src/discover/dsort.h \
	src/discover/dtrack.h \
	src/discover/gkmer.h \
	src/discover/jaccard.h \
	src/discover/knn.h \
	src/discover/leiden.h \
	src/discover/match.h \
	src/discover/pattern.h \
	src/discover/rep_model.h \
	src/discover/rep_write.h \
	src/discover/report.h \
	src/discover/seqlet.h
