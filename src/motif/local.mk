# src/motif: motif files, PWM scanning with p-values, importance scored over matches.
libmotiflift_la_SOURCES += \
	src/motif/motif.c \
	src/motif/motif_parse.c \
	src/motif/scan.c \
	src/motif/scan_exact.c \
	src/motif/scan_file.c \
	src/motif/score.c \
	src/motif/score_annot.c \
	src/motif/score_out.c \
	src/motif/motif.h \
	src/motif/motif_internal.h \
	src/motif/scan.h \
	src/motif/scan_internal.h \
	src/motif/score.h
