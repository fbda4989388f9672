# src/motif: motif files, PWM scanning with p-values, importance scored over matches.
libmotiflift_la_SOURCES += \
	src/motif/motif.c \
	src/motif/motif_lines.c \
	src/motif/motif_parse.c \
	src/motif/motif_set.c \
	src/motif/scan.c \
	src/motif/scan_ahead.c \
	src/motif/scan_codes.c \
	src/motif/scan_exact.c \
	src/motif/scan_file.c \
	src/motif/scan_pick.c \
	src/motif/scan_write.c \
	src/motif/score.c \
	src/motif/score_annot.c \
	src/motif/score_out.c \
	src/motif/motif.h \
	src/motif/motif_internal.h \
	src/motif/scan.h \
	src/motif/scan_pick.h \
	src/motif/scan_chunk.h \
	src/motif/scan_internal.h \
	src/motif/score.h
# compare (issue 17): Tomtom-like motif-versus-database matching
libmotiflift_la_SOURCES += \
	src/motif/compare.c \
	src/motif/compare_cols.c \
	src/motif/compare_null.c \
	src/motif/compare_out.c \
	src/motif/compare_prep.c \
	src/motif/compare.h \
	src/motif/compare_internal.h
