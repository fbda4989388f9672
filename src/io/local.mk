# src/io: sequences in (FASTA, simdata, BED + genome), files out (writers, npz, temporaries, tracks, merge).
libmotiflift_la_SOURCES += \
	src/io/genome_index.c \
	src/io/labels.c \
	src/io/merge.c \
	src/io/nameset.c \
	src/io/npz.c \
	src/io/npz_read.c \
	src/io/onehot.c \
	src/io/seq_export.c \
	src/io/seqio.c \
	src/io/seqio_bed.c \
	src/io/slurp.c \
	src/io/seqio_fasta.c \
	src/io/seqio_shard.c \
	src/io/seqio_simdata.c \
	src/io/seqrec.c \
	src/io/spool.c \
	src/io/tasks.c \
	src/io/textlines.c \
	src/io/tmpfile.c \
	src/io/track.c \
	src/io/writer.c \
	src/io/bgzf_line.h \
	src/io/genome_index.h \
	src/io/labels.h \
	src/io/merge.h \
	src/io/nameset.h \
	src/io/npz_read.h \
	src/io/seq_export.h \
	src/io/seqio.h \
	src/io/slurp.h \
	src/io/seqkind.h \
	src/io/tasks.h \
	src/io/textlines.h \
	src/io/tmpfile.h \
	src/io/track.h \
	src/io/writer.h
# trust (issue 18): duplicate sequence names
libmotiflift_la_SOURCES += src/io/dupnames.c src/io/dupnames.h
